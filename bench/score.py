"""Benchmark: ``workbench score`` on 10,000 segment pairs against a sacrebleu TER loop.

Both run in this process on the same generated data (MT-like sentences and post-edits made
of substitutions, insertions, deletions and block moves, so the shift search has work).
Our figure includes reading the files and writing the TSV; the baseline is the bare loop
``TER(case_sensitive=True).sentence_score(mt, [pe])``. Prints both and checks that the
edit counts agree.

    .venv/bin/python bench/score.py [--pairs N] [--seed S]
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

VOCAB = [
    "the",
    "aluminum",
    "plant",
    "company",
    "output",
    "rose",
    "fell",
    "market",
    "price",
    "demand",
    "supply",
    "chain",
    "rail",
    "transit",
    "shipbuilding",
    "furniture",
    "pillar",
    "nation",
    "industrial",
    "cluster",
    "Chongqing",
    "Southwest",
    "high-end",
    "processing",
    "capacity",
    "tons",
    "year",
    "growth",
    "export",
    "orders",
    "aviation",
    "plate",
    "profiles",
    "investment",
    "development",
    "manufacturing",
    "quality",
    "strong",
    "support",
    "government",
    "district",
]


def make_pairs(n: int, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    mts, pes = [], []
    for _ in range(n):
        words = [rng.choice(VOCAB) for _ in range(rng.randint(8, 40))]
        pe = list(words)
        for _ in range(rng.randint(0, 6)):
            op = rng.random()
            i = rng.randrange(len(pe)) if pe else 0
            if op < 0.4 and pe:
                pe[i] = rng.choice(VOCAB)
            elif op < 0.6:
                pe.insert(i, rng.choice(VOCAB))
            elif op < 0.75 and len(pe) > 1:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    mts, pes = make_pairs(args.pairs, args.seed)

    from click.testing import CliRunner
    from sacrebleu.metrics import TER

    from workbench.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        mt_file = Path(tmp) / "mt.txt"
        pe_file = Path(tmp) / "pe.txt"
        mt_file.write_text("\n".join(mts) + "\n")
        pe_file.write_text("\n".join(pes) + "\n")

        t0 = time.perf_counter()
        metric = TER(case_sensitive=True)
        base_edits = [
            metric.sentence_score(m, [p]).num_edits for m, p in zip(mts, pes, strict=False)
        ]
        baseline = time.perf_counter() - t0

        t0 = time.perf_counter()
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            result = CliRunner().invoke(cli, ["score", "--mt", str(mt_file), "--pe", str(pe_file)])
        ours = time.perf_counter() - t0
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:-1]]
    our_edits = [float(r[2]) for r in rows]
    mismatches = sum(1 for a, b in zip(our_edits, base_edits, strict=False) if a != b)
    print(f"pairs: {len(mts)}")
    print(f"baseline  sacrebleu TER loop:      {baseline:7.2f} s")
    print(f"workbench score (read+TER+TSV):    {ours:7.2f} s  ({baseline / ours:.2f}x faster)")
    print(f"edit counts differing from sacrebleu: {mismatches}")
    print(f"target: no slower than the baseline -> {'met' if ours <= baseline else 'NOT met'}")


if __name__ == "__main__":
    main()
