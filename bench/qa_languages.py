"""Benchmark: ``workbench qa`` on text other than English news (issue 27).

For each text (``--words`` words each, default 1,000,000): Zipf-sampled text in each of
``--langs`` (words drawn by their frequency in the ``wordfreq`` package, a bench-only
dependency: ``pip install -e '.[bench]'``), the same English words as one-line segments of
3-6 words, and words of random letters. Each is timed, as a subprocess, as

* ours: ``workbench qa TEXT -g GLOSSARY --format json`` (the article's language detected, as
  a user runs it);
* baseline: ``bench/baselines/bare_apply.py GLOSSARY TEXT OUT`` (the bare pyahocorasick
  pipeline of ``bench/apply.py``) on the same file, in the same run;

the MEDIAN of ``--runs`` runs each, and the ratio of the medians. Target: <= 30x for every
text. The findings (counts by check) are printed beside.

    .venv/bin/python bench/qa_languages.py [--words 1000000] [--runs 3]
                                           [--langs en,de,cs,pl,sv,tr,fi,hu] [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections import Counter

from harness import (
    BASELINES,
    Result,
    baseline_checkout,
    bench_env,
    common_args,
    describe,
    glossary,
    old_cli,
    print_columns,
    run,
    workbench_cmd,
    workdir,
)
from texts import LANGUAGES, random_letters, short_segments, zipf_article

TARGET = 30.0


def median_cell(result: Result) -> str:
    if not result.ok:
        return result.status()
    return f"{result.median:.2f} s"


def findings_line(result: Result) -> str:
    if not result.ok:
        return "-"
    try:
        data = json.loads(result.stdout)
    except ValueError:
        return "?"
    counts = Counter(f["check"] for f in data.get("findings", []))
    return ", ".join(f"{c} {n}" for c, n in sorted(counts.items())) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--langs", default=",".join(LANGUAGES[:8]))
    parser.add_argument("--texts", default="", help="only these texts (e.g. cs,short,random)")
    parser.add_argument("--ref", help="time the CLI of this git commit instead (a 'before')")
    common_args(parser)
    args = parser.parse_args()
    if args.quick:
        args.words = min(args.words, 50_000)
        args.entries = min(args.entries, 1_000)

    print(describe())
    with contextlib.ExitStack() as stack:
        env = bench_env()
        wb = workbench_cmd()
        if args.ref:
            checkout = stack.enter_context(baseline_checkout(args.ref))
            wb, env = old_cli(checkout)
            print(f"the CLI timed is that of {args.ref}")
        bench(args, wb, env)


def bench(args: argparse.Namespace, wb: list[str], env: dict[str, str]) -> None:
    texts = {lang: (lambda lang=lang: zipf_article(lang, args.words, args.seed)) for lang in
             args.langs.split(",")}  # fmt: skip
    texts["short"] = lambda: short_segments("en", args.words, args.seed)
    texts["random"] = lambda: random_letters(args.words, args.seed)
    if args.texts:
        texts = {k: v for k, v in texts.items() if k in args.texts.split(",")}
    rows = []
    with workdir(args.keep) as folder:
        gloss = folder / "bench-glossary.yaml"
        gloss.write_text(glossary(args.entries, args.seed).text, encoding="utf-8")
        for name, make in texts.items():
            t0 = time.perf_counter()
            path = folder / f"{name}.txt"
            path.write_text(make(), encoding="utf-8")
            print(
                f"{name}: {args.words:,} words, {path.stat().st_size / 1e6:.1f} MB, "
                f"generated in {time.perf_counter() - t0:.1f} s"
            )
            out = folder / "bare.txt"
            bare = run(
                [sys.executable, str(BASELINES / "bare_apply.py"), str(gloss), str(path), str(out)],
                label=f"  baseline bare_apply.py, {name}",
                runs=args.runs,
                env=env,
                timeout=args.timeout,
                fresh=[out],
            )
            ours = run(
                [*wb, "qa", str(path), "-g", str(gloss), "--format", "json"],
                label=f"  workbench qa, {name}",
                runs=args.runs,
                env=env,
                timeout=args.timeout,
                ok_codes=(0, 1),
            )
            ratio = ours.median / bare.median if ours.ok and bare.ok else float("nan")
            met = "yes" if ratio <= TARGET else "NO"
            rows.append(
                [name, median_cell(ours), median_cell(bare), f"{ratio:.1f}x", f"<= {TARGET:g}x",
                 met, findings_line(ours)]
            )  # fmt: skip
            path.unlink()
    print_columns(
        ["text", "qa (median)", "bare (median)", "ratio", "target", "met", "findings"],
        rows,
        f"workbench qa --format json, {args.words:,} words a text, {args.entries:,}-entry "
        f"glossary (median of {args.runs} runs each)",
    )


if __name__ == "__main__":
    main()
