"""Benchmark: ``workbench apply`` as a user runs it, against a bare pyahocorasick program.

Measures, each command as a subprocess on the same generated files (a glossary of
``--entries`` entries in the project's YAML format, an MT-like news article of ``--words``
words with planted MT errors and near misses), wall time from spawn to exit (interpreter
start, imports, loading, segmenting, matching, report, atomic write):

* ours: ``workbench apply ARTICLE -g GLOSSARY -o OUT``;
* ours with near misses: ``workbench apply --near ...`` when the CLI has ``--near``;
* baseline: ``bench/baselines/bare_apply.py`` (read, case-fold, one automaton, iterate,
  replace, write: no word boundaries, no case, no validation);
* the old CLI: the same command from a ``git archive`` of c21c012 (``--skip-old`` skips it);
  its output file is compared with ours byte for byte.

Targets: ``apply`` <= 1.5x the bare program; ``apply --near`` <= 4x.
An engine-level line (in this process: load + ``apply_auto`` on the whole text) follows for
reference; it is not a target.

    .venv/bin/python bench/apply.py [--entries 10000] [--words 1000000] [--runs 3]
                                    [--skip-old] [--old-runs 1] [--quick]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from harness import (
    BASELINES,
    OLD_REF,
    article,
    baseline_checkout,
    bench_env,
    common_args,
    describe,
    glossary,
    has_option,
    old_cli,
    print_table,
    ratio_row,
    run,
    workbench_cmd,
    workdir,
)


def count(pattern: str, output: bytes) -> str:
    m = re.search(pattern, output.decode("utf-8", "replace"))
    return m.group(1) if m else "?"


def engine_line(glossary_path: Path, article_path: Path) -> str:
    """In-process figures of the engine alone (may break while the package is restructured:
    then it says so)."""
    try:
        from workbench.core.glossary.engine import GlossaryEngine
        from workbench.core.glossary.load import load_glossaries

        t0 = time.perf_counter()
        entries = load_glossaries([glossary_path]).entries
        t1 = time.perf_counter()
        engine = GlossaryEngine(entries)
        t2 = time.perf_counter()
        text = article_path.read_text(encoding="utf-8")
        t3 = time.perf_counter()
        result = engine.apply_auto(text)
        t4 = time.perf_counter()
    except Exception as exc:  # the internal API is not what is benchmarked
        return f"engine-level figures unavailable ({type(exc).__name__}: {exc})"
    return (
        f"engine only, in process: load+validate {t1 - t0:.2f} s, automaton {t2 - t1:.2f} s, "
        f"read {t3 - t2:.2f} s, apply_auto on the whole text {t4 - t3:.2f} s "
        f"({len(result.applied):,} fixes)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--skip-old", action="store_true", help="do not run the old CLI")
    parser.add_argument("--old-runs", type=int, default=1, help="runs of the old CLI")
    common_args(parser)
    args = parser.parse_args()
    if args.quick:
        args.entries = min(args.entries, 1_000)
        args.words = min(args.words, 50_000)

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
        size = article_path.stat().st_size
        print(
            f"data: {args.entries:,} entries, {args.words:,} words ({size / 1e6:.1f} MB), "
            f"generated in {time.perf_counter() - t0:.1f} s under {folder}"
        )
        lint = run(
            [*wb, "glossary", "lint", str(glossary_path)],
            label="check: workbench glossary lint accepts the glossary",
            runs=1,
            env=env,
            timeout=args.timeout,
        )
        if not lint.ok:
            sys.exit("the generated glossary does not load; fix bench/harness.py")

        print("timing (wall seconds, each command a subprocess):")
        bare_out = folder / "bare.txt"
        bare_script = str(BASELINES / "bare_apply.py")
        bare = run(
            [sys.executable, bare_script, str(glossary_path), str(article_path), str(bare_out)],
            label="baseline bare_apply.py",
            runs=args.runs,
            env=env,
            timeout=args.timeout,
            fresh=[bare_out],
        )
        ours_out = folder / "ours.txt"
        apply_args = ["apply", str(article_path), "-g", str(glossary_path), "-o", str(ours_out)]
        ours = run(
            [*wb, *apply_args],
            label="workbench apply",
            runs=args.runs,
            env=env,
            timeout=args.timeout,
            fresh=[ours_out],
        )
        near = None
        if has_option("apply", "--near"):
            near_out = folder / "near.txt"
            near_args = [*apply_args[:-1], str(near_out), "--near"]
            near = run(
                [*wb, *near_args],
                label="workbench apply --near",
                runs=args.runs,
                env=env,
                timeout=args.timeout,
                fresh=[near_out],
            )
        else:
            print("  workbench apply --near: not in this CLI (apply --help has no --near)")
        old = None
        identical = ""
        if not args.skip_old:
            with baseline_checkout(OLD_REF) as checkout:
                old_cmd, old_env = old_cli(checkout)
                old_out = folder / "old.txt"
                old = run(
                    [*old_cmd, *apply_args[:-1], str(old_out)],
                    label=f"old CLI ({OLD_REF}) apply",
                    runs=args.old_runs,
                    env=old_env,
                    timeout=args.timeout,
                    fresh=[old_out],
                )
                if old.ok and ours.ok:
                    same = old_out.read_bytes() == ours_out.read_bytes()
                    identical = "yes" if same else "NO"
        print(engine_line(glossary_path, article_path))

    fixes = r"(\d+) fixes applied"
    replacements = r"(\d+) replacements"
    offers = r"(\d+) offers"
    line = (
        f"replacements: bare {count(replacements, bare.stdout)} (also inside longer "
        f"words); workbench apply {count(fixes, ours.stdout)} fixes, "
        f"{count(offers, ours.stdout)} offers"
    )
    if near is not None and near.ok:
        line += f"; --near {count(fixes, near.stdout)} fixes, {count(offers, near.stdout)} offers"
    if old is not None and old.ok:
        line += f"; old CLI {count(fixes, old.stdout)} fixes, {count(offers, old.stdout)} offers"
    print()
    print(line)
    if identical:
        print(f"output file of workbench apply identical to the old CLI's: {identical}")
    rows = [ratio_row("apply vs bare pyahocorasick", ours, bare, 1.5)]
    if near is not None:
        rows.append(ratio_row("apply --near vs bare pyahocorasick", near, bare, 4.0))
    if old is not None:
        rows.append(ratio_row(f"apply vs old CLI {OLD_REF}", ours, old, None, faster=True))
        if near is not None:  # the old CLI always looked for near misses
            figure = f"apply --near vs old CLI {OLD_REF}"
            rows.append(ratio_row(figure, near, old, None, faster=True))
    print_table(
        rows,
        f"workbench apply, {args.entries:,} entries x {args.words:,} words "
        f"(best of {args.runs}; old CLI best of {args.old_runs})",
    )


if __name__ == "__main__":
    main()
