"""Benchmark: ``workbench qa`` as a user runs it, on a 1,000,000-word article.

Measures, each command as a subprocess, wall time from spawn to exit of
``workbench qa ARTICLE -g GLOSSARY --format json`` on a generated MT-like news article of
``--words`` words (planted glossary MT errors, forbidden terms, near misses) with a generated
glossary of ``--entries`` entries.

Baseline: the old implementation, the same command from a ``git archive`` of c21c012, on
the same file. Should the old one be too slow at full size, ``--old-words N`` runs it on
articles of the same kind of N and N/2 words (and a one-word article for the fixed cost:
start-up, glossary) and *extrapolates* its time at ``--words`` linearly from N words; the
table labels that figure EXTRAPOLATED and a second row compares both at N words, measured.

Correctness: both implementations check a small article with planted problems (glossary MT
errors, forbidden terms, source-script letters, wrong language, unbalanced brackets and
quotes, double spaces, repeated words, full-width punctuation) and the ``--old-words``
article; their JSON findings are compared and the differences printed.

Target: under 30 s end to end for 1,000,000 words.

    .venv/bin/python bench/qa.py [--words 1000000] [--entries 10000] [--old-words N]
                                 [--old-runs 1] [--skip-old] [--runs 3] [--quick]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from harness import (
    OLD_REF,
    Result,
    Row,
    article,
    baseline_checkout,
    bench_env,
    cell,
    common_args,
    describe,
    glossary,
    old_cli,
    print_table,
    ratio_row,
    run,
    workbench_cmd,
    workdir,
)

TARGET_SECONDS = 30.0

PLANTED = """\
Southwest Aluminum held a meeting in Chongqing on July 21 and discussed the the new orders \
for {p0}.

The company said that the {p1} will be completed  before the end of the year, and the \
output rose by 18.5% (year on year.

{f0} signed a contract with "three customers from the aviation field.

The plant produced 35,000 tons of heavy plate，and the export of profiles reached 2 billion \
yuan in 2020.

The general manager said that 轨道交通 and shipbuilding remain the main markets of the \
company.

Die Produktion von Aluminium ist im ersten Halbjahr deutlich gestiegen und die Nachfrage \
bleibt hoch.

Analysts said that the demand for {n0} is growing rapidly and the prices remain firm.

The company will continue to strengthen the {p2} and the {p3} of the region.
"""


def planted_article(gloss: Any, seed: int) -> str:
    """A small article with one of each problem, then generated paragraphs."""
    text = PLANTED.format(
        p0=gloss.patterns[0],
        p1=gloss.patterns[1],
        p2=gloss.patterns[2].upper(),
        p3=gloss.patterns[3].capitalize(),
        f0=gloss.forbidden[0] if gloss.forbidden else gloss.patterns[4],
        n0=gloss.patterns[5] + "s",
    )
    return text + "\n" + article(2_000, seed, gloss)


def findings(result: Result) -> list[dict[str, Any]] | None:
    if not result.ok:
        return None
    try:
        data = json.loads(result.stdout)
    except ValueError:
        return None
    out: list[dict[str, Any]] = data.get("findings", [])
    return out


def key(f: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(f.get(k)) for k in ("segment", "check", "severity", "start", "end", "matched"))


def compare(name: str, ours: Result, old: Result) -> bool:
    """Print how the findings of the two runs compare; True when identical."""
    a, b = findings(ours), findings(old)
    if a is None or b is None:
        print(f"  {name}: cannot compare (ours {ours.status()}, old {old.status()})")
        return False
    ca, cb = Counter(map(key, a)), Counter(map(key, b))
    by_check = Counter(f["check"] for f in a)
    checks = ", ".join(f"{c} {n}" for c, n in sorted(by_check.items()))
    if ca == cb:
        messages = sorted(f.get("message", "") for f in a) == sorted(
            f.get("message", "") for f in b
        )
        same_msgs = "" if messages else " (messages differ in wording)"
        print(f"  {name}: identical, {len(a)} findings{same_msgs}: {checks}")
        return True
    only_ours = ca - cb
    only_old = cb - ca
    print(
        f"  {name}: DIFFERENT: ours {len(a)} findings, old {len(b)}; "
        f"{sum(only_ours.values())} only in ours, {sum(only_old.values())} only in old"
    )
    for label, diff in (("only ours", only_ours), ("only old", only_old)):
        for k in list(diff)[:8]:
            print(f"    {label}: {' '.join(k)}")
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument(
        "--old-words",
        type=int,
        help="run the old CLI on a smaller article and extrapolate (default: --words)",
    )
    parser.add_argument("--old-runs", type=int, default=1, help="runs of the old CLI per size")
    parser.add_argument("--skip-old", action="store_true", help="do not run the old CLI")
    common_args(parser)
    args = parser.parse_args()
    if args.quick:
        args.words = min(args.words, 50_000)
        args.entries = min(args.entries, 1_000)
    args.old_words = min(args.old_words or args.words, args.words)

    print(describe())
    env = bench_env()
    wb = workbench_cmd()
    with workdir(args.keep) as folder:
        t0 = time.perf_counter()
        gloss = glossary(args.entries, args.seed)
        glossary_path = folder / "bench-glossary.yaml"
        glossary_path.write_text(gloss.text, encoding="utf-8")
        article_path = folder / "article.txt"
        article_path.write_text(article(args.words, args.seed, gloss), encoding="utf-8")
        planted_path = folder / "planted.txt"
        planted_path.write_text(planted_article(gloss, args.seed), encoding="utf-8")
        size = article_path.stat().st_size
        print(
            f"data: {args.entries:,} entries, {args.words:,} words ({size / 1e6:.1f} MB), "
            f"generated in {time.perf_counter() - t0:.1f} s under {folder}"
        )

        def qa(cmd: list[str], path: Path, label: str, runs: int, e: dict[str, str]) -> Result:
            return run(
                [*cmd, "qa", str(path), "-g", str(glossary_path), "--format", "json"],
                label=label,
                runs=runs,
                env=e,
                timeout=args.timeout,
                ok_codes=(0, 1),  # 1: error-level findings (expected here)
            )

        print("timing (wall seconds, each command a subprocess):")
        ours = qa(wb, article_path, f"workbench qa, {args.words:,} words", args.runs, env)
        if ours.ok:
            summary = json.loads(ours.stdout).get("summary", {})
            print(f"    summary: {summary}")

        old_points: list[tuple[int, Result]] = []
        ours_small: Result | None = None
        if not args.skip_old:
            print("correctness and the old CLI:")
            with baseline_checkout(OLD_REF) as checkout:
                old_cmd, old_env = old_cli(checkout)
                ours_p = qa(wb, planted_path, "workbench qa, planted article", 1, env)
                old_p = qa(old_cmd, planted_path, "old CLI qa, planted article", 1, old_env)
                compare("findings on the planted article", ours_p, old_p)
                if args.old_words == args.words:
                    sizes = [args.words]
                else:  # a tiny article gives the fixed cost (start-up, glossary)
                    sizes = [1, args.old_words // 2, args.old_words]
                for words in sizes:
                    path = article_path
                    if words != args.words:
                        path = folder / f"article-{words}.txt"
                        path.write_text(article(words, args.seed, gloss), encoding="utf-8")
                    label = f"old CLI ({OLD_REF}) qa, {words:,} word{'s' if words != 1 else ''}"
                    old = qa(old_cmd, path, label, args.old_runs, old_env)
                    old_points.append((words, old))
                if args.old_words != args.words:
                    path = folder / f"article-{args.old_words}.txt"
                    ours_small = qa(wb, path, f"workbench qa, {args.old_words:,} words", 1, env)
                else:
                    ours_small = ours
                compare(
                    f"findings on the {args.old_words:,}-word article",
                    ours_small,
                    old_points[-1][1],
                )

    rows: list[Row] = []
    target = f"< {TARGET_SECONDS:g} s"
    met = "yes" if ours.ok and ours.best < TARGET_SECONDS else "NO"
    figure = f"qa {args.words:,} words"
    if not old_points:
        rows.append(Row(figure, cell(ours), "-", "-", target, met))
    elif len(old_points) == 1:
        row = ratio_row(figure, ours, old_points[0][1], None, faster=True)
        row.target, row.met = target, met
        rows.append(row)
    else:
        (_, r0), (w1, r1), (w2, r2) = old_points
        if r0.ok and r1.ok and r2.ok:
            fixed = r0.best
            estimate = fixed + (r2.best - fixed) * args.words / w2
            print(
                f"old CLI: fixed cost (1-word article) {fixed:.2f} s; per 1,000 words beyond "
                f"it {1000 * (r1.best - fixed) / w1:.3f} s at {w1:,} words, "
                f"{1000 * (r2.best - fixed) / w2:.3f} s at {w2:,} words"
            )
            base = f"{estimate:.1f} s EXTRAPOLATED linearly from {w2:,} words"
            ratio = f"{estimate / ours.best:.1f}x faster" if ours.ok else "-"
        else:
            base, ratio = f"{r2.status()} at {w2:,} words", "-"
        rows.append(Row(figure, cell(ours), base, ratio, target, met))
        if ours_small is not None:
            figure = f"qa {w2:,} words (both measured)"
            rows.append(ratio_row(figure, ours_small, r2, None, faster=True))
    if ours.ok:
        print(f"workbench qa peak RSS: {ours.peak_rss / 2**20:.0f} MiB for {size / 1e6:.1f} MB")
    print_table(
        rows,
        f"workbench qa --format json, {args.words:,} words, {args.entries:,} glossary entries "
        f"(best of {args.runs}; old CLI best of {args.old_runs})",
    )
    if not ours.ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
