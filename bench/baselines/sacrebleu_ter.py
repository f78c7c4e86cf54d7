"""Baseline for ``bench/score.py``: sacrebleu's TER, one sentence at a time.

``TER(case_sensitive=True).sentence_score(mt, [pe])`` for every line pair (TERCOM's default
configuration: case-sensitive, no normalisation, no punctuation removal), printing the edit
count of each line (``%g``), then a ``#`` summary line.

    python bench/baselines/sacrebleu_ter.py MT PE
"""

from __future__ import annotations

import sys

from sacrebleu.metrics import TER


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as fh:
        mts = fh.read().splitlines()
    with open(sys.argv[2], encoding="utf-8") as fh:
        pes = fh.read().splitlines()
    if len(mts) != len(pes):
        sys.exit("the files must pair line by line")
    metric = TER(case_sensitive=True)
    out = []
    total = 0.0
    for mt, pe in zip(mts, pes, strict=True):
        edits = metric.sentence_score(mt, [pe]).num_edits
        total += edits
        out.append(f"{edits:g}")
    out.append(f"# lines={len(out)} edits={total:g}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
