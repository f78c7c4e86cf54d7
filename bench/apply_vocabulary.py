"""Benchmark: ``workbench apply --near`` on the news text and on a random vocabulary (issue 27).

Two texts of ``--words`` words with a glossary of ``--entries`` entries each:

* news: the generated MT-like English news article and glossary of ``bench/apply.py``;
* vocabulary: 30,000 words of 3-9 random letters; the glossary's entries are 2-3 of those
  words (``mt``) with a correction of 2-3 others, and the text is drawn from the vocabulary
  with a pattern in about one sentence of three and a near variant in one of 20
  (``bench/texts.py``).

For each, as subprocesses on the same files: ``workbench apply TEXT -g GLOSSARY -o OUT
--near`` against ``bench/baselines/bare_apply.py`` (the bare pyahocorasick pipeline); the
MEDIAN of ``--runs`` runs each and the ratio of the medians (target <= 4x). Then, in this
process, the near misses of ``--check`` segments of each text are compared with the brute
force of ``tests/core/test_near_index.py`` (every n-gram against every pattern of its word
count): they must be equal.

    .venv/bin/python bench/apply_vocabulary.py [--words 1000000] [--runs 3] [--check 300]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from harness import (
    BASELINES,
    REPO,
    Result,
    article,
    bench_env,
    common_args,
    describe,
    glossary,
    print_columns,
    run,
    workbench_cmd,
    workdir,
)
from texts import random_glossary, random_vocabulary, random_vocabulary_article

TARGET = 4.0


def median_cell(result: Result) -> str:
    return f"{result.median:.2f} s (cpu {min(result.cpu):.1f})" if result.ok else result.status()


def offers(result: Result) -> str:
    found = re.search(r"(\d+) offers", result.stdout.decode("utf-8", "replace"))
    return found.group(1) if found else "?"


def equal_to_brute_force(glossary_path: Path, text_path: Path, segments: int) -> str:
    """Near misses of the first ``segments`` segments, ours against the brute force."""
    sys.path.insert(0, str(REPO / "tests" / "core"))
    from test_near_index import reference_near_misses

    from workbench.core.glossary.load import engine_for
    from workbench.formats.registry import read_document

    engine = engine_for([glossary_path])
    texts = [s.text for s in read_document(text_path).segments][:segments]
    ours = [tuple(h for h in engine.offers(t) if h.kind == "near") for t in texts]
    brute = [reference_near_misses(engine, t) for t in texts]
    same = sum(a == b for a, b in zip(ours, brute, strict=True))
    found = sum(map(len, brute))
    verdict = "yes" if same == len(texts) else "NO"
    return f"{verdict} ({same} of {len(texts)} segments, {found} near misses)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--check", type=int, default=300, help="segments against brute force")
    parser.add_argument("--texts", default="news,vocabulary")
    common_args(parser)
    args = parser.parse_args()
    if args.quick:
        args.words = min(args.words, 50_000)
        args.entries = min(args.entries, 1_000)
        args.check = min(args.check, 50)

    print(describe())
    env = bench_env()
    rows = []
    with workdir(args.keep) as folder:
        for name in args.texts.split(","):
            t0 = time.perf_counter()
            gpath = folder / f"glossary-{name}.yaml"
            tpath = folder / f"{name}.txt"
            if name == "news":
                gloss = glossary(args.entries, args.seed)
                gpath.write_text(gloss.text, encoding="utf-8")
                tpath.write_text(article(args.words, args.seed, gloss), encoding="utf-8")
            else:
                vocabulary = random_vocabulary(30_000, args.seed)
                text, patterns = random_glossary(vocabulary, args.entries, args.seed)
                gpath.write_text(text, encoding="utf-8")
                body = random_vocabulary_article(vocabulary, patterns, args.words, args.seed)
                tpath.write_text(body, encoding="utf-8")
            print(
                f"{name}: {args.words:,} words ({tpath.stat().st_size / 1e6:.1f} MB), "
                f"{args.entries:,} entries, generated in {time.perf_counter() - t0:.1f} s"
            )
            out = folder / "out.txt"
            bare_script = str(BASELINES / "bare_apply.py")
            bare = run(
                [sys.executable, bare_script, str(gpath), str(tpath), str(out)],
                label=f"  baseline bare_apply.py, {name}",
                runs=args.runs,
                env=env,
                timeout=args.timeout,
                fresh=[out],
            )
            near = run(
                [*workbench_cmd(), "apply", str(tpath), "-g", str(gpath), "-o", str(out), "--near"],
                label=f"  workbench apply --near, {name}",
                runs=args.runs,
                env=env,
                timeout=args.timeout,
                fresh=[out],
            )
            ratio = near.median / bare.median if near.ok and bare.ok else float("nan")
            same = equal_to_brute_force(gpath, tpath, args.check) if args.check else "-"
            rows.append(
                [name, median_cell(near), median_cell(bare), f"{ratio:.2f}x", f"<= {TARGET:g}x",
                 "yes" if ratio <= TARGET else "NO", offers(near), same]
            )  # fmt: skip
    print_columns(
        ["text", "apply --near (median)", "bare (median)", "ratio", "target", "met", "offers",
         "near misses = brute force"],
        rows,
        f"workbench apply --near, {args.words:,} words, {args.entries:,} entries "
        f"(median of {args.runs} runs each)",
    )  # fmt: skip


if __name__ == "__main__":
    main()
