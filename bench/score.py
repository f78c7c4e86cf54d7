"""Benchmark: ``workbench score`` as a user runs it, against a sacrebleu TER loop.

Measures, each command as a subprocess on the same generated files (``--pairs`` MT-like
sentences of 8-60 words and post-edits made of substitutions, insertions, deletions and
block moves, so the shift search has work), wall time from spawn to exit:

* ours: ``workbench score --mt MT --pe PE`` (reads both files, TER + character distance,
  prints the TSV; it may use every core: CPU seconds are printed too);
* baseline: ``bench/baselines/sacrebleu_ter.py``, the loop
  ``TER(case_sensitive=True).sentence_score(mt, [pe])`` printing each line's edits.

Checks that the edit counts (the TSV's ``edits`` column) equal sacrebleu's line by line.

Target: at least 2.3x faster than the baseline now, 5x aimed.

    .venv/bin/python bench/score.py [--pairs 10000] [--runs 3] [--quick]
"""

from __future__ import annotations

import argparse
import sys
import time

from harness import (
    BASELINES,
    Result,
    bench_env,
    common_args,
    describe,
    pairs,
    print_table,
    ratio_row,
    run,
    workbench_cmd,
    workdir,
)


def our_edits(result: Result) -> list[float]:
    lines = result.stdout.decode("utf-8").splitlines()
    column = lines[0].split("\t").index("edits")
    return [float(line.split("\t")[column]) for line in lines[1:] if not line.startswith("#")]


def base_edits(result: Result) -> list[float]:
    lines = result.stdout.decode("utf-8").splitlines()
    return [float(line) for line in lines if not line.startswith("#")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    common_args(parser)
    args = parser.parse_args()
    if args.quick:
        args.pairs = min(args.pairs, 1_000)

    print(describe())
    env = bench_env()
    with workdir(args.keep) as folder:
        t0 = time.perf_counter()
        mts, pes = pairs(args.pairs, args.seed)
        mt_path = folder / "mt.txt"
        pe_path = folder / "pe.txt"
        mt_path.write_text("\n".join(mts) + "\n", encoding="utf-8")
        pe_path.write_text("\n".join(pes) + "\n", encoding="utf-8")
        words = sum(len(m.split()) for m in mts)
        print(
            f"data: {args.pairs:,} pairs, {words:,} MT words, generated in "
            f"{time.perf_counter() - t0:.1f} s under {folder}"
        )
        print("timing (wall seconds, each command a subprocess):")
        base = run(
            [sys.executable, str(BASELINES / "sacrebleu_ter.py"), str(mt_path), str(pe_path)],
            label="baseline sacrebleu_ter.py",
            runs=args.runs,
            env=env,
            timeout=args.timeout,
        )
        ours = run(
            [*workbench_cmd(), "score", "--mt", str(mt_path), "--pe", str(pe_path)],
            label="workbench score",
            runs=args.runs,
            env=env,
            timeout=args.timeout,
            sample_tree=True,
        )

    identical = False
    if ours.ok and base.ok:
        a, b = our_edits(ours), base_edits(base)
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
        identical = not diff and len(a) == len(b)
        print()
        print(
            f"edit counts: {len(a):,} lines from workbench score, {len(b):,} from sacrebleu; "
            f"{len(diff)} lines differ{' (identical)' if identical else ''}"
        )
        for i in diff[:10]:
            print(f"  line {i + 1}: ours {a[i]:g}, sacrebleu {b[i]:g}")
        print(
            f"CPU seconds: workbench score {min(ours.cpu):.2f} (all its processes), "
            f"sacrebleu loop {min(base.cpu):.2f}"
        )
    row = ratio_row("score vs sacrebleu TER loop", ours, base, 2.3, faster=True, aimed="5x")
    if not identical:
        row.met = "NO (edit counts differ)"
    print_table([row], f"workbench score, {args.pairs:,} pairs (best of {args.runs})")


if __name__ == "__main__":
    main()
