"""Shared helpers for the command-line benchmarks under ``bench/``.

Every figure the benchmarks print comes from running a command as a subprocess, the way a
user runs it: ``workbench ...`` (the console script of this interpreter's environment) beside
a baseline that is itself a subprocess, timed in the same run. This module holds:

* :func:`run`: run one command line N times; wall seconds (min / median / max), CPU seconds,
  the peak resident set size of *that* child (``os.wait4`` rusage of the child, so runs do not
  accumulate as ``RUSAGE_CHILDREN`` would), exit code, the stderr tail on failure, a
  timeout that kills the child's process group and reports TIMEOUT instead of hanging;
* deterministic (seeded) generators: an MT-like English news article, a glossary YAML in the
  project's format, a one-line article of N MB, MT / post-edit line pairs for ``score``;
* :func:`baseline_checkout`: an older version of the package exported with ``git archive``,
  runnable as ``PYTHONPATH=<dir> python -c 'from workbench.cli import main; main()'``;
* :func:`print_table`: figure, ours, baseline, ratio, target, met.

``python bench/harness.py`` checks itself: the generators are deterministic, the generated
glossary passes ``workbench glossary lint``, and :func:`run` measures a known allocation.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINES = Path(__file__).resolve().parent / "baselines"
OLD_REF = "c21c012"  # main before the restructuring: the "old CLI" baseline
MB = 1_000_000


# --- running commands ----------------------------------------------------------------------
@dataclass
class Result:
    """What :func:`run` measured for one command line over its runs."""

    label: str
    argv: list[str]
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + sys of the child (and its children)
    rss: list[int] = field(default_factory=list)  # peak RSS per run, bytes (ru_maxrss)
    tree_rss: list[int] = field(default_factory=list)  # sampled peak RSS summed over the tree
    returncode: int = 0
    returncode_ok: bool = True  # the exit code is one the caller accepts
    timed_out: bool = False
    stdout: bytes = b""
    stderr: bytes = b""

    @property
    def ok(self) -> bool:
        return not self.timed_out and self.returncode_ok

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def worst(self) -> float:
        return max(self.times)

    @property
    def peak_rss(self) -> int:
        return max(self.rss, default=0)

    @property
    def peak_tree_rss(self) -> int:
        return max(self.tree_rss, default=0)

    def stderr_tail(self, lines: int = 5) -> str:
        text = self.stderr.decode("utf-8", "replace").rstrip("\n")
        return "\n".join(text.splitlines()[-lines:])

    def stderr_line(self) -> str:
        """The last non-empty stderr line (a refusal is one line)."""
        for line in reversed(self.stderr.decode("utf-8", "replace").splitlines()):
            if line.strip():
                return line.strip()
        return ""

    def status(self) -> str:
        if self.timed_out:
            return "TIMEOUT"
        return f"exit {self.returncode}"

    def summary(self) -> str:
        """``min 1.23 s  median 1.25 s  max 1.30 s  (3 runs)  cpu 2.40 s  peak RSS 80 MB``."""
        if not self.times:
            return "not run"
        if self.timed_out:
            return f"TIMEOUT after {self.worst:.0f} s"
        runs = len(self.times)
        text = (
            f"min {self.best:7.2f} s  median {self.median:7.2f} s  max {self.worst:7.2f} s  "
            f"({runs} run{'s' if runs != 1 else ''})  cpu {min(self.cpu):6.2f} s  "
            f"peak RSS {mib(self.peak_rss)}"
        )
        if self.tree_rss and self.peak_tree_rss > self.peak_rss:
            text += f" (tree {mib(self.peak_tree_rss)})"
        if not self.ok:
            text += f"  FAILED: {self.status()}"
        return text

    def report(self, out: Callable[[str], None] = print) -> None:
        out(f"  {self.label}: {self.summary()}")
        if not self.ok:
            out(f"    command: {' '.join(self.argv)}")
            for line in self.stderr_tail().splitlines():
                out(f"    stderr: {line}")


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def _tree_rss(pid0: int, *, root: bool = True) -> int:
    """Resident bytes of ``pid0`` (unless not ``root``) and all its descendants, from /proc
    (0 if gone)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    todo = [pid0]
    seen: set[int] = set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            if root or pid != pid0:
                with open(f"/proc/{pid}/statm") as fh:
                    total += int(fh.read().split()[1]) * page
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


def run(
    argv: Sequence[str],
    *,
    label: str = "",
    runs: int = 3,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300.0,
    ok_codes: Sequence[int] = (0,),
    fresh: Sequence[Path] = (),
    sample_tree: bool = False,
    memory_cap: int | None = None,
    quiet: bool = False,
) -> Result:
    """Run ``argv`` as a subprocess ``runs`` times and measure each run.

    ``fresh`` paths (outputs) are removed before every run, so each run writes a new file.
    A small launcher (:data:`_LAUNCHER`) spawns the command and measures it: wall time around
    spawn + ``os.wait4`` (no polling granularity), and the peak RSS, the child's own
    ``ru_maxrss`` from ``wait4`` (on Linux that is the largest of the child
    and the descendants it waited for, not their sum: ``sample_tree`` also samples the sum
    over the process tree from /proc every 20 ms). On timeout the child's process group is
    killed and the result says TIMEOUT. ``memory_cap`` sets RLIMIT_AS for the child so a
    runaway command fails instead of exhausting the machine. A failing run stops the series.
    """
    result = Result(label or " ".join(argv), list(argv))
    for _ in range(runs):
        for path in fresh:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
        _run_once(result, argv, env, cwd, timeout, sample_tree, memory_cap)
        result.returncode_ok = result.returncode in ok_codes
        if not result.ok:
            break
    if not quiet:
        result.report()
    return result


# Spawns the command and reports its own figures: a child's ``ru_maxrss`` on Linux starts
# from the memory of the process that spawned it (the spawner's mm is what the child runs in
# until it execs), so a benchmark process holding generated articles or a large captured
# stdout would show its own size as the peak of a command that refused its input in 30 MB.
# This small interpreter is that spawner instead (about 9 MB, below every command's floor).
_LAUNCHER = """
import json, os, resource, sys, time
cap, report, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
if cap:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
t0 = time.perf_counter()
try:
    pid = os.posix_spawnp(argv[0], argv, os.environ)
except OSError as exc:
    print(f"cannot run {argv[0]}: {exc}", file=sys.stderr)
    sys.exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(report, "w") as fh:
    json.dump({"wall": wall, "code": os.waitstatus_to_exitcode(status),
               "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss * 1024}, fh)
"""


def _run_once(
    result: Result,
    argv: Sequence[str],
    env: dict[str, str] | None,
    cwd: Path | None,
    timeout: float,
    sample_tree: bool,
    memory_cap: int | None,
) -> None:
    fired = threading.Event()
    done = threading.Event()
    peak_tree = [0]
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        report = Path(tmp) / "report.json"
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER, str(memory_cap or 0), str(report), *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            cwd=cwd,
            start_new_session=True,  # its own process group: a timeout kills workers too
        )

        def kill() -> None:
            fired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        sampler = None
        if sample_tree:

            def sample() -> None:
                while not done.wait(0.02):
                    peak_tree[0] = max(peak_tree[0], _tree_rss(proc.pid, root=False))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        done.set()
        timer.cancel()
        if sampler is not None:
            sampler.join()
        figures = json.loads(report.read_text()) if report.exists() else None
        out.seek(0)
        err.seek(0)
        result.stdout = out.read()
        result.stderr = err.read()
    if figures is not None:  # the command's own figures, measured by the launcher
        result.times.append(figures["wall"])
        result.cpu.append(figures["cpu"])
        result.rss.append(figures["maxrss"])
        result.returncode = figures["code"]
    else:  # killed (timeout) or the command could not be started
        result.times.append(wall)
        result.cpu.append(usage.ru_utime + usage.ru_stime)
        result.rss.append(usage.ru_maxrss * 1024)
        result.returncode = os.waitstatus_to_exitcode(status)
    if sample_tree:
        result.tree_rss.append(peak_tree[0])
    result.timed_out = fired.is_set()


# --- the commands under test ---------------------------------------------------------------
def workbench_cmd() -> list[str]:
    """``workbench`` as users run it: the console script beside this interpreter (the
    project's ``.venv/bin/workbench``), else ``python -m workbench``."""
    script = Path(sys.executable).parent / "workbench"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "workbench"]


def old_cli(checkout: Path) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run the CLI of a :func:`baseline_checkout`.
    ``-P`` keeps the current folder off ``sys.path``, so the checkout is what is imported."""
    env = bench_env()
    env["PYTHONPATH"] = str(checkout)
    return [sys.executable, "-P", "-c", "from workbench.cli import main; main()"], env


_HOME: list[Path] = []


def bench_env(home: Path | None = None) -> dict[str, str]:
    """The environment for the commands: projects go to a throwaway WORKBENCH_HOME (one
    per benchmark process, removed at exit), never to the user's data folder; and Python
    keeps its compiled modules, as on a user's machine (this sandbox sets
    ``PYTHONDONTWRITEBYTECODE``, under which every run compiled every module it imported
    again: about 0.25 s of CPU for ``workbench qa`` on a small article, 0.67 against 0.44 s)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if home is None:
        if not _HOME:
            _HOME.append(Path(tempfile.mkdtemp(prefix="wb-bench-home-")))
            atexit.register(shutil.rmtree, _HOME[0], True)
        home = _HOME[0]
    env["WORKBENCH_HOME"] = str(home)
    return env


def imported_from(
    argv_prefix: Sequence[str] | None = None, env: dict[str, str] | None = None
) -> str:
    """Where ``workbench`` is imported from by this interpreter (or by ``env``)."""
    code = "import workbench, os; print(os.path.dirname(workbench.__file__))"
    out = subprocess.run(
        [sys.executable, "-P", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    return out.stdout.strip() or out.stderr.strip().splitlines()[-1]


def help_text(
    *args: str, cmd: Sequence[str] | None = None, env: dict[str, str] | None = None
) -> str:
    """``workbench ARGS --help`` (for feature detection: new flags and commands)."""
    out = subprocess.run(
        [*(cmd or workbench_cmd()), *args, "--help"],
        capture_output=True,
        text=True,
        env=env or bench_env(),
        check=False,
    )
    return out.stdout


def has_option(command: str, option: str) -> bool:
    """Whether ``workbench COMMAND --help`` lists ``option`` (e.g. ``apply`` ``--near``)."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", help_text(command)) is not None


def has_command(command: str) -> bool:
    """Whether ``workbench --help`` lists the sub-command ``command``."""
    return re.search(rf"^\s+{re.escape(command)}\s", help_text(), re.M) is not None


@contextlib.contextmanager
def baseline_checkout(ref: str = OLD_REF) -> Iterator[Path]:
    """An older version of the package in a temporary folder:
    ``git archive REF workbench pyproject.toml | tar -x``. Yields the folder to put on
    PYTHONPATH (see :func:`old_cli`)."""
    folder = Path(tempfile.mkdtemp(prefix=f"wb-baseline-{ref[:12]}-"))
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", ref, "workbench", "pyproject.toml"],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
        _, env = old_cli(folder)
        where = imported_from(env=env)
        if Path(where).resolve() != (folder / "workbench").resolve():
            raise RuntimeError(f"baseline checkout of {ref} not importable: got {where}")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def describe() -> str:
    """One line about the machine and the code under test."""
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "workbench"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (
        f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"workbench at {head}{' (modified)' if dirty else ''} from {imported_from()}; "
        f"command: {' '.join(workbench_cmd())}"
    )


# --- tables --------------------------------------------------------------------------------
@dataclass
class Row:
    figure: str
    ours: str
    baseline: str
    ratio: str
    target: str
    met: str


def ratio_row(
    figure: str,
    ours: Result,
    base: Result | None,
    target: float | None,
    *,
    faster: bool = False,
    aimed: str = "",
    note: str = "",
) -> Row:
    """A table row from two results. ``faster=False``: ratio = ours / baseline, met when
    <= target; ``faster=True``: ratio = baseline / ours ("x faster"), met when >= target."""
    ours_s = cell(ours)
    if base is None:
        return Row(figure, ours_s, note or "-", "-", _target(target, faster, aimed), "-")
    base_s = cell(base)
    if not (ours.ok and base.ok):
        return Row(figure, ours_s, base_s, "-", _target(target, faster, aimed), "no")
    if faster:
        ratio = base.best / ours.best
        ratio_s = f"{ratio:.2f}x faster"
        met = target is None or ratio >= target
    else:
        ratio = ours.best / base.best
        ratio_s = f"{ratio:.2f}x"
        met = target is None or ratio <= target
    if note:
        base_s += f" {note}"
    return Row(figure, ours_s, base_s, ratio_s, _target(target, faster, aimed), _yes(met, target))


def cell(result: Result) -> str:
    """``12.34 s (cpu 20.1)``: the best wall time and its CPU seconds (CPU above wall: more
    than one core; wall well above CPU: waiting, or other work on the machine)."""
    if not result.ok:
        return result.status()
    i = result.times.index(result.best)
    return f"{result.best:.2f} s (cpu {result.cpu[i]:.1f})"


def _target(target: float | None, faster: bool, aimed: str) -> str:
    if target is None:
        return "-"
    text = f">= {target:g}x faster" if faster else f"<= {target:g}x"
    return f"{text} ({aimed} aimed)" if aimed else text


def _yes(met: bool, target: float | None) -> str:
    if target is None:
        return "-"
    return "yes" if met else "NO"


def print_table(rows: Sequence[Row], title: str = "") -> None:
    """Figure, ours, baseline, ratio, target, met: aligned columns."""
    names = list(Row.__dataclass_fields__)
    print_columns(names, [[getattr(r, f) for f in names] for r in rows], title)


def print_columns(header: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> None:
    """Any table: a header, a rule, left-aligned columns."""
    cells = [list(header), *[list(r) for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    if title:
        print()
        print(title)
    for i, r in enumerate(cells):
        print("  " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
        if i == 0:
            print("  " + "  ".join("-" * w for w in widths))


def common_args(parser: argparse.ArgumentParser, *, runs: int = 3) -> None:
    parser.add_argument("--runs", type=int, default=runs, help=f"runs per command (default {runs})")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument(
        "--timeout", type=float, default=1800.0, help="seconds per run before TIMEOUT"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")


@contextlib.contextmanager
def workdir(keep: Path | None) -> Iterator[Path]:
    """A temporary folder for generated data and outputs (or ``keep``, left in place)."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="wb-bench-") as tmp:
        yield Path(tmp)


# --- vocabulary ----------------------------------------------------------------------------
def _words(text: str) -> list[str]:
    return text.split()


def _names(text: str) -> list[str]:
    return text.replace("\n", "").split("|")


# Glossary patterns always contain at least one word of the MT-side lists and corrections use
# only the other lists, so no correction can contain a pattern (no chain, no cycle).
MT_ADJ = _words("""orbital eternal evergreen important metropolitan ecological fashionable arduous
remarkable vigorous refined wholehearted historical sincere thorough backbone fresh-type
one-stop high-grade first-class key-point pillar-type leap-style double-cycle dual-carbon
strong-chain supply-side chain-type new-type heavy-type all-round deep-level big-scale
famous-brand old-brand model-type demonstration comprehensive overall fundamental
leading-type flagship-type full-chain deepening integrated-type upgraded-type cross-border
low-end mid-range top-level grand solemn warm cordial glorious hard-won unremitting
unswerving pioneering innovative-type landmark milestone holistic systemic
people-oriented green-type circular-type clean-type intelligent-type digital-type
smart-type precise-type practical-type pragmatic solid-type down-to-earth tight-type
bright-type broad-type vast-type rich-type abundant-type deep-type wide-type""")
MT_NOUN = _words("""weapon ships home homes force level mechanism spirit cluster base hall field
ecology chain-link platform carrier engine position pattern system highland lowland hub
landmark card banner flag bridge window business-card golden-key trump-card bottleneck
hard-bone short-board long-board nose bull cow horse tiger dragon pearl jewel crown
treasure vessel arrow spear shield sword wing wheel gear battery engine-room stage
arena battlefield frontline vanguard soldier army team family kitchen garden harvest
seed soil root trunk branch leaf fruit flower blossom rain wind thunder mountain river
ocean sea lake wave tide stream spring summer autumn winter dawn""")
OK_ADJ = _words("""rail industrial nonferrous urban sound lasting heavy national municipal regional
central annual quarterly domestic foreign primary secondary downstream upstream
extruded rolled forged cast recycled lightweight aerospace automotive electrical
structural commercial residential financial technical strategic efficient competitive
reliable durable modern advanced sustainable export import large small medium total net
gross average initial final official local provincial global stable steady rapid""")
OK_NOUN = _words("""transit shipbuilding furniture pillar nation area mainstay inspection talks
ecosystem plate profiles foil sheet rod wire tube ingot alloy billet coil strip casting
forging extrusion smelter refinery mill plant facility capacity output demand supply
price prices inventory stocks margin revenue profit investment project contract order
orders customer customers supplier market markets sector industry economy growth
development production consumption shipment shipments tonnage value volume share
component components vehicle vehicles aircraft equipment technology quality standard
standards policy policies reform agreement partnership cooperation""")
FUNCTION = ["of the", "for the", "in the", "and"]
COMPANIES = _names("""Southwest Aluminum|Chinalco|Yunnan Aluminum|Henan Zhongfu|Shandong Weiqiao|
Nanshan Aluminum|Mingtai Aluminum|Shenhuo Group|Guangxi Hualei|Xinfa Group|Jiangxi Copper|
Tongling Nonferrous|Zijin Mining|China Minmetals|Jinchuan Group|Baowu Steel""")
PEOPLE = _names("""Tang Liangzhi|Li Wei|Zhang Min|Wang Jun|Liu Yang|Chen Jie|Yang Fan|Zhao Lei|
Huang Ying|Zhou Qiang|Wu Hao|Xu Lin|Sun Tao|Ma Li|Zhu Hong|Hu Bin""")
PLACES = _names("""Chongqing|Jiulongpo District|Guangxi|Henan|Yunnan|Shandong|Inner Mongolia|
Xinjiang|Guizhou|Shanxi|Qinghai|Gansu|Hubei|Sichuan|Jiangsu|Zhejiang""")
TITLES = ["general manager", "chairman", "deputy director", "chief engineer", "party secretary"]
MONTHS = _words("""January February March April May June July August September October November
December""")
VERBS = _words("""strengthen expand accelerate optimize upgrade extend support promote improve
deepen consolidate enhance build develop cultivate""")
SAID = ["said", "stressed", "pointed out", "noted", "added", "emphasized", "reported"]
GROWTH = ["increased", "rose", "grew", "fell", "decreased", "climbed"]

# {e}: a planted MT error (a glossary pattern) or, when none is planted, an ordinary phrase.
TEMPLATES = [
    "SMM: {month} {day}, {company} held a signing ceremony in {place} with {small} customers "
    "from the {on}, {on} and {on} fields.",
    "The {title} of {company} said that the company is an {e} in the field of {oa} {on}.",
    "In the first half of the year, the output of {oa} {on} {grew} by {pct}% year on year, "
    "and the export of {on} reached {tons} tons.",
    "{person} said that the company will continue to serve the {e} and {verb} the supply of "
    "{oa} {on}.",
    "According to the plan, {company} will build a {amount} {oa} {on} in {place} before the "
    "end of {year}.",
    'The relevant departments of {place} said that they will provide "{ma}" services for the '
    "project and accelerate the construction of the {e}.",
    "Analysts said that the demand for {on} in {oa} {on} and {e} is growing rapidly, and the "
    "prices of {oa} {on} remain firm.",
    "{person}, {title} of {company}, {said} that it is necessary to {verb} the {ma} {on}, "
    "{verb} the {oa} {mn} and {verb} the development of the {e}.",
    "{E} of {company} attracted the attention of the guests at the {ma} exhibition in {place}.",
    "The company plans to build a production line with an annual capacity of {tons} tonnes "
    "of {oa} {on} by {month} {year}.",
    "{company} reported revenue of {amount} in {year}, up {pct}% from a year earlier, while "
    "net profit {grew} to {money} yuan.",
    "On {month} {day}, {person} visited {company} and inspected the {oa} {on} and the {e}.",
    "The price of {oa} {on} in {place} was {price} yuan per ton on {month} {day}, {grew} "
    "{small} yuan from the previous trading day.",
    "{person} {said} that the {e} should play the role of the {oa} {on} and {verb} the "
    "{oa} {on} of {place}.",
    "Inventories of {on} at the {small} major warehouses stood at {tons} tons, and "
    "{company} expects the {oa} {on} to {verb} the {e} in {year}.",
]


def _pattern(rng: random.Random) -> str:
    """An MT-side phrase of 2-4 words with at least one MT-side word."""
    form = rng.random()
    if form < 0.15:
        return f"{rng.choice(MT_ADJ)} {rng.choice(MT_NOUN)}"
    if form < 0.30:
        return f"{rng.choice(MT_NOUN)} {rng.choice(FUNCTION)} {rng.choice(MT_NOUN)}"
    if form < 0.55:
        return f"{rng.choice(MT_ADJ)} {rng.choice(OK_NOUN)} {rng.choice(MT_NOUN)}"
    if form < 0.80:
        return f"{rng.choice(OK_ADJ)} {rng.choice(MT_ADJ)} {rng.choice(MT_NOUN)}"
    return f"{rng.choice(MT_ADJ)} {rng.choice(MT_ADJ)} {rng.choice(OK_NOUN)}"


def _correction(rng: random.Random) -> str:
    """An OK-side phrase (never contains an MT-side word)."""
    if rng.random() < 0.5:
        return f"{rng.choice(OK_ADJ)} {rng.choice(OK_NOUN)}"
    return f"{rng.choice(OK_ADJ)} {rng.choice(OK_NOUN)} and {rng.choice(OK_NOUN)}"


@dataclass(frozen=True)
class Glossary:
    """A generated glossary: its YAML text and what the article generator plants."""

    text: str
    patterns: tuple[str, ...]  # every MT pattern (fix entries), lower case
    forbidden: tuple[str, ...]  # forbidden variants of term entries
    auto: frozenset[str]  # patterns of apply: auto entries


def glossary(entries: int, seed: int = 7, *, suggest_share: float = 0.1) -> Glossary:
    """A glossary of ``entries`` entries in the project's YAML format: about 99% fixes
    (``mt``/``correct``/``apply``, a note on some) and 1% terms (``term``/``forbidden``).
    Patterns are unique (also case-folded), and no correction contains any pattern."""
    rng = random.Random(seed)
    seen: set[str] = set()
    lines = [
        "glossary: bench",
        "title: Generated benchmark glossary",
        "languages: {source: zh, target: en}",
        "domain: nonferrous metals",
        "entries:",
    ]
    patterns: list[str] = []
    forbidden: list[str] = []
    auto: set[str] = set()
    while len(patterns) + len(forbidden) < entries:
        apply = "suggest" if rng.random() < suggest_share else "auto"
        if rng.random() < 0.01:
            company = f"{rng.choice(OK_ADJ).title()} {rng.choice(OK_NOUN).title()} Company"
            variant = f"{rng.choice(MT_ADJ).title()} {company.split(' ', 1)[1]}"
            if variant.casefold() in seen:
                continue
            seen.add(variant.casefold())
            forbidden.append(variant)
            lines += [f"  - term: {company}", f"    forbidden: [{variant}]", f"    apply: {apply}"]
            if apply == "auto":
                auto.add(variant.casefold())
            continue
        variants = [_pattern(rng)]
        if rng.random() < 0.1:
            variants.append(_pattern(rng))
        if any(v in seen for v in variants) or len(set(variants)) != len(variants):
            continue
        seen.update(variants)
        patterns.extend(variants)
        if apply == "auto":
            auto.update(variants)
        mt = variants[0] if len(variants) == 1 else f"[{', '.join(variants)}]"
        lines += [f"  - mt: {mt}", f"    correct: {_correction(rng)}", f"    apply: {apply}"]
        if rng.random() < 0.3:
            lines.append(f"    note: MT rendering {len(patterns)} of a set phrase.")
    return Glossary("\n".join(lines) + "\n", tuple(patterns), tuple(forbidden), frozenset(auto))


def _near(rng: random.Random, pattern: str) -> str:
    """A near miss of ``pattern``: one letter dropped or doubled, or a plural ``s``."""
    words = pattern.split()
    i = rng.randrange(len(words))
    w = words[i]
    op = rng.random()
    if op < 0.4 and len(w) > 4:
        j = rng.randrange(1, len(w) - 1)
        w = w[:j] + w[j + 1 :]
    elif op < 0.7:
        j = rng.randrange(len(w))
        w = w[:j] + w[j] + w[j:]
    else:
        w += "s"
    words[i] = w
    return " ".join(words)


_FILLERS: dict[str, Callable[[random.Random], str]] = {
    "month": lambda rng: rng.choice(MONTHS),
    "day": lambda rng: str(rng.randint(1, 28)),
    "year": lambda rng: str(rng.randint(2018, 2026)),
    "company": lambda rng: rng.choice(COMPANIES),
    "person": lambda rng: rng.choice(PEOPLE),
    "place": lambda rng: rng.choice(PLACES),
    "title": lambda rng: rng.choice(TITLES),
    "small": lambda rng: str(rng.randint(2, 9)),
    "pct": lambda rng: f"{rng.randint(1, 60)}.{rng.randint(0, 9)}",
    "tons": lambda rng: f"{rng.randint(1, 900):,}" + rng.choice([",000", ",500", "00", ""]),
    "amount": lambda rng: f"{rng.randint(1, 900)} {rng.choice(['million', 'billion'])} yuan",
    "money": lambda rng: f"{rng.randint(1, 99)}.{rng.randint(0, 9)} billion",
    "price": lambda rng: f"{rng.randint(12, 24)},{rng.randint(0, 999):03d}",
    "oa": lambda rng: rng.choice(OK_ADJ),
    "on": lambda rng: rng.choice(OK_NOUN),
    "ma": lambda rng: rng.choice(MT_ADJ),
    "mn": lambda rng: rng.choice(MT_NOUN),
    "verb": lambda rng: rng.choice(VERBS),
    "said": lambda rng: rng.choice(SAID),
    "grew": lambda rng: rng.choice(GROWTH),
}


def _fill(field_name: str, rng: random.Random) -> str:
    return _FILLERS[field_name](rng)


_FIELD = re.compile(r"\{(\w+)\}")
_PARSED = [_FIELD.split(t) for t in TEMPLATES]  # literal, field, literal, field, ...


def sentences(
    rng: random.Random, gloss: Glossary | None, error_rate: float, near_rate: float
) -> Iterator[str]:
    """MT-like news sentences forever; ``{e}`` slots get a glossary pattern (a planted MT
    error, sometimes a forbidden term or a near miss) with the given probabilities."""
    pool = [*gloss.patterns, *gloss.forbidden] if gloss else []
    while True:
        parts = rng.choice(_PARSED)
        out: list[str] = []
        for i, piece in enumerate(parts):
            if i % 2 == 0:
                out.append(piece)
                continue
            if piece in ("e", "E"):
                r = rng.random()
                if pool and r < error_rate:
                    text = rng.choice(pool)
                elif pool and r < error_rate + near_rate:
                    text = _near(rng, rng.choice(gloss.patterns if gloss else pool))
                else:
                    text = f"{rng.choice(OK_ADJ)} {rng.choice(OK_NOUN)}"
                if piece == "E":
                    text = "The " + text
                out.append(text)
            else:
                out.append(_fill(piece, rng))
        yield "".join(out)


def article(
    words: int,
    seed: int = 7,
    gloss: Glossary | None = None,
    *,
    error_rate: float = 0.5,
    near_rate: float = 0.05,
    one_line: bool = False,
) -> str:
    """An English MT-like news article of about ``words`` words (at least that many): a
    headline, then paragraphs of 3-6 sentences separated by blank lines (or, ``one_line``,
    all on one line). ``error_rate`` of the ``{e}`` slots carry a pattern of ``gloss``."""
    rng = random.Random(seed)
    gen = sentences(rng, gloss, error_rate, near_rate)
    paragraphs = [f"{rng.choice(COMPANIES)} signs new orders and expands its business"]
    count = len(paragraphs[0].split())
    while count < words:
        para = []
        for _ in range(rng.randint(3, 6)):
            s = next(gen)
            para.append(s)
            count += s.count(" ") + 1
        paragraphs.append(" ".join(para))
    return (" " if one_line else "\n\n").join(paragraphs) + ("" if one_line else "\n")


def one_line_article(size: int, seed: int = 7, gloss: Glossary | None = None) -> str:
    """A one-line article (no newline at all) of exactly ``size`` bytes (ASCII)."""
    text = article(size // 6 + 1000, seed, gloss, one_line=True)
    while len(text) < size:
        text += " " + article(size // 6 + 1000, seed + len(text), gloss, one_line=True)
    text = text[:size]
    return text[:-1] + "." if text.endswith(" ") else text


def write_article(path: Path, size: int, seed: int, gloss: Glossary | None) -> Path:
    """An article of about ``size`` bytes with paragraphs, written in chunks."""
    rng_seed = seed
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < size:
            chunk = article(min(size - written, 8 * MB) // 6 + 50, rng_seed, gloss)
            fh.write(chunk if written == 0 else "\n" + chunk)
            written += len(chunk) + (written > 0)
            rng_seed += 1
    return path


def pairs(n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """``n`` MT / post-edit line pairs for ``score``: MT-like sentences (8-60 words) and
    post-edits made of substitutions, insertions, deletions and block moves (1-3 words)."""
    rng = random.Random(seed)
    gen = sentences(rng, None, 0.0, 0.0)
    vocab = [*OK_ADJ, *OK_NOUN, *VERBS, "the", "of", "and", "a"]
    mts: list[str] = []
    pes: list[str] = []
    for _ in range(n):
        words = next(gen).split()
        while len(words) < 8:
            words += next(gen).split()
        pe = list(words)
        for _ in range(rng.randint(0, 6)):
            op = rng.random()
            i = rng.randrange(len(pe)) if pe else 0
            if op < 0.35 and pe:
                pe[i] = rng.choice(vocab)
            elif op < 0.55:
                pe.insert(i, rng.choice(vocab))
            elif op < 0.7 and len(pe) > 1:
                del pe[i]
            elif len(pe) > 4:
                size = rng.randint(1, 3)
                block = pe[i : i + size]
                del pe[i : i + size]
                j = rng.randrange(len(pe) + 1)
                pe[j:j] = block
        mts.append(" ".join(words))
        pes.append(" ".join(pe))
    return mts, pes


# --- self-check ----------------------------------------------------------------------------
def _selftest(entries: int) -> None:
    g1 = glossary(entries, 3)
    assert g1 == glossary(entries, 3), "glossary generator is not deterministic"
    assert article(5000, 3, g1) == article(5000, 3, g1), "article generator not deterministic"
    assert pairs(50, 3) == pairs(50, 3), "pair generator is not deterministic"
    text = article(20_000, 3, g1)
    print(f"article: {len(text.split()):,} words, {text.count(chr(10) * 2)} paragraph breaks")
    print("  " + text.split("\n\n")[1][:300] + " ...")
    line = one_line_article(MB // 10, 3, g1)
    assert len(line) == MB // 10 and "\n" not in line
    keys = [p.casefold() for p in (*g1.patterns, *g1.forbidden)]
    assert len(keys) == len(set(keys)), "duplicate patterns"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.yaml"
        path.write_text(g1.text)
        result = run(
            [*workbench_cmd(), "glossary", "lint", str(path)],
            label=f"workbench glossary lint ({entries:,} entries)",
            runs=1,
            env=bench_env(),
            ok_codes=(0,),
        )
        assert result.ok, result.stderr_tail()
        warnings = result.stdout.decode().splitlines()
        print(f"  lint: exit 0, last line: {warnings[-1] if warnings else ''}")
        alloc = run(
            [sys.executable, "-c", "b = bytearray(300 * 2**20); b[::4096] = b'x' * len(b[::4096])"],
            label="allocate 300 MiB",
            runs=2,
        )
        assert 300 * 2**20 <= alloc.peak_rss < 400 * 2**20, alloc.peak_rss
        slow = run(
            [sys.executable, "-c", "import time; time.sleep(30)"],
            label="sleep",
            runs=1,
            timeout=1.0,
        )
        assert slow.timed_out and slow.worst < 5
    print("harness self-check: ok")


def main() -> None:
    parser = argparse.ArgumentParser(description="Self-check of the benchmark harness.")
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    print(describe())
    _selftest(args.entries)


if __name__ == "__main__":
    main()
