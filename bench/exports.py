"""Benchmark: every ``workbench export --to X`` of the largest project that may be opened.

The project is made through the command line, as a user makes one: an article just under
the 8 MB limit of an article made into a project (``MAX_PROJECT_BYTES``), of MT-like news
sentences of the shorter kind (so that it holds about 81,000 segments: the size of issue
27's largest project), and a post-edit of it with about one word in 20 changed
(``bounds.edited``), recorded with ``workbench record ARTICLE --pe EDITED`` (every edited
segment gets an edit, the others none). Then each format ``workbench export --to`` lists
is written ``--runs`` times, each run a subprocess: wall and CPU seconds (medians), the
peak RSS (the largest of the runs) and the output's size, beside the targets of issue 27:
under 10 s and under 300 MB.

    .venv/bin/python bench/exports.py [--runs 3] [--formats csv,report] [--keep DIR]
                                      [--project P.wbproj] [--baseline REF]

``--project`` reuses a project made by an earlier run (``--keep``) instead of making one.
``--baseline REF`` also runs the code of git ``REF`` (e.g. ``main``), each of its runs just
before each of ours, so both are measured in the same minutes.

Exports remember QA findings and the TER work of the figures in the data folder's cache
(``WORKBENCH_HOME``, emptied before each format): the first run of a format that shows them
is the one that checks every segment; the runs after it find them remembered. The table
shows the first run's CPU beside the medians.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from bounds import edited
from harness import (
    MB,
    Result,
    baseline_checkout,
    bench_env,
    describe,
    glossary,
    old_cli,
    print_columns,
    run,
    sentences,
    workbench_cmd,
    workdir,
)

TARGET_SECONDS = 10.0
TARGET_BYTES = 300 * MB
SHORT = 110  # the longest sentence kept: ~99 bytes a segment, ~81,000 in 8 MB


def short_article(path: Path, size: int, seed: int, gloss_entries: int) -> int:
    """An article of at most ``size`` bytes of paragraphs of 3-6 MT-like sentences of at most
    :data:`SHORT` characters (glossary errors planted as in every bench text); its sentence
    count."""
    gloss = glossary(gloss_entries, seed)
    rng = random.Random(seed)
    gen = (s for s in sentences(rng, gloss, 0.5, 0.05) if len(s) <= SHORT)
    paragraphs: list[str] = []
    written = count = 0
    while True:
        para = " ".join(next(gen) for _ in range(rng.randint(3, 6)))
        if written + len(para) + 2 > size:
            break
        paragraphs.append(para)
        written += len(para) + 2
        count += para.count(". ") + 1
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return count


def _extend(into: Result, r: Result) -> None:
    """Add one run's measures to a series (the series fails with its first failing run)."""
    into.times += r.times
    into.cpu += r.cpu
    into.rss += r.rss
    if into.ok:
        into.returncode, into.returncode_ok, into.timed_out = (
            r.returncode,
            r.returncode_ok,
            r.timed_out,
        )
        into.stderr = r.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="", help="only these (comma-separated)")
    parser.add_argument("--bytes", type=int, default=8 * MB - 1000, help="article size")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    parser.add_argument("--project", type=Path, help="export this project (made earlier)")
    parser.add_argument("--baseline", help="also run the code of this git ref, same minutes")
    args = parser.parse_args()
    if args.baseline:
        with baseline_checkout(args.baseline) as checkout:
            bench(args, old_cli(checkout))
    else:
        bench(args, None)


def bench(args: argparse.Namespace, baseline: tuple[list[str], dict[str, str]] | None) -> None:
    from workbench.formats.registry import export_names

    names = args.formats.split(",") if args.formats else export_names()
    print(describe())
    wb = workbench_cmd()
    with workdir(args.keep) as folder:
        env = bench_env(folder / "home")
        project = args.project
        if project is None:
            article = folder / "largest.txt"
            t0 = time.perf_counter()
            sentence_count = short_article(article, args.bytes, args.seed, 10_000)
            edited(article, folder / "largest.pe.txt", args.seed)
            print(
                f"article: {article.stat().st_size:,} bytes, about {sentence_count:,} "
                f"sentences; generated in {time.perf_counter() - t0:.1f} s"
            )
            project = folder / "largest.wbproj"
            made = run(
                [
                    *wb,
                    "record",
                    str(article),
                    "--pe",
                    str(folder / "largest.pe.txt"),
                    "--project",
                    str(project),
                    "--no-glossary",
                ],
                label="record (makes the project)",
                runs=1,
                env=env,
                timeout=args.timeout,
            )
            if not made.ok:
                raise SystemExit(made.stderr.decode(errors="replace"))
        stats = run([*wb, "stats", str(project)], label="stats", runs=1, env=env, quiet=True)
        print(stats.stdout.decode(errors="replace").strip())
        rows = []
        for name in names:
            out = folder / f"largest.export.{name}"
            argv = ["export", str(project), "--to", name, "-o", str(out), "--force"]
            for memo in (folder / "home" / "cache").glob("memo.sqlite*"):
                memo.unlink()  # each format's first run starts with nothing remembered
            ours = Result(f"export --to {name}", [*wb, *argv])
            theirs = Result(f"export --to {name} ({args.baseline})", argv)
            for _ in range(args.runs):  # one of theirs, one of ours: the same minutes
                if baseline is not None:
                    r = run(
                        [*baseline[0], *argv],
                        runs=1,
                        env=baseline[1],
                        quiet=True,
                        timeout=args.timeout,
                        fresh=[out],
                    )
                    _extend(theirs, r)
                r = run(
                    [*wb, *argv], runs=1, env=env, timeout=args.timeout, fresh=[out], quiet=True
                )
                _extend(ours, r)
                if not r.ok:
                    break
            if baseline is not None:
                theirs.report()
            ours.report()
            size = out.stat().st_size if out.exists() else 0
            if not ours.ok:
                rows.append([name, ours.status(), "-", "-", "-", "-", "-", "NO"])
                continue
            wall = statistics.median(ours.times)
            cpu = statistics.median(ours.cpu)
            rss = max(ours.rss)
            met = wall < TARGET_SECONDS and rss < TARGET_BYTES
            rows.append(
                [
                    name,
                    f"{wall:.2f} s",
                    f"{cpu:.2f} s",
                    f"{ours.cpu[0]:.2f} s",
                    f"{statistics.median(theirs.cpu):.2f} s" if theirs.cpu else "-",
                    f"{rss / 2**20:,.0f} MiB",
                    f"{size / MB:,.1f} MB",
                    "yes" if met else ("NO (wall)" if rss < TARGET_BYTES else "NO"),
                ]
            )
            if out.exists() and args.keep is None:
                out.unlink()
    print_columns(
        [
            "--to",
            "wall (median)",
            "CPU (median)",
            "CPU (1st run)",
            f"CPU {args.baseline or 'baseline'} (median)",
            "peak RSS (max)",
            "output",
            "< 10 s, < 300 MB",
        ],
        rows,
        title=f"workbench export of the largest project, {args.runs} runs each",
    )


if __name__ == "__main__":
    main()
