"""Benchmark: ``workbench memory import`` of a large TMX, as a user runs it (issue 27).

A TMX of ``--units`` MT -> post-edit units (the ``bench/memory.py`` sentence generator:
the MT side tagged ``en-x-mt``, the final text ``en``) is imported into a fresh memory by
the CLI (a subprocess per run, through ``bench/harness.py``: wall and CPU time, peak RSS),
``--runs`` times; beside it, in the same run on the same file, the same command of the code
before issue 27 (``--baseline REF``, a ``git archive`` of it on PYTHONPATH), the two
alternating. Prints the median units/s (and units per CPU second) and peak RSS of both.

Goals: at least 20,000 units/s and under 500 MB, and memory that does not grow with the
file (run it at two sizes: ``--units 100000`` and ``--units 400000``).

    .venv/bin/python bench/memory_import.py [--units 200000] [--runs 3] [--baseline 47ea398]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path
from xml.sax.saxutils import escape

from harness import (
    Result,
    baseline_checkout,
    bench_env,
    describe,
    old_cli,
    run,
    workbench_cmd,
    workdir,
)
from memory import Generator

BEFORE = "47ea398"  # main when issue 27 was taken up


def write_tmx(path: Path, units: int) -> int:
    """A TMX 1.4 of ``units`` MT -> post-edit units; its size in bytes."""
    gen = Generator(1)
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        f.write(
            '  <header creationtool="bench" creationtoolversion="1" segtype="sentence" '
            'o-tmf="bench" adminlang="en" srclang="en-x-mt" datatype="plaintext"/>\n  <body>\n'
        )
        for n in range(units):
            mt = gen.sentence()
            final = gen.post_edit(mt)
            f.write(
                f'    <tu tuid="{n + 1}">\n'
                f'      <tuv xml:lang="en-x-mt"><seg>{escape(mt)}</seg></tuv>\n'
                f'      <tuv xml:lang="en"><seg>{escape(final)}</seg></tuv>\n'
                "    </tu>\n"
            )
        f.write("  </body>\n</tmx>\n")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", default=BEFORE, help="git ref of the code to compare")
    parser.add_argument("--timeout", type=float, default=1800.0)
    args = parser.parse_args()
    print(describe())
    with workdir(None) as folder:
        tmx = folder / "big.tmx"
        size = write_tmx(tmx, args.units)
        print(f"TMX: {args.units:,} units, {size / 1e6:.0f} MB")
        memory = folder / "m.wbmem"
        fresh = [memory, memory.with_name("m.wbmem-wal"), memory.with_name("m.wbmem-shm")]
        argv = ["memory", "import", str(tmx), "--memory", str(memory)]
        results: list[Result] = []
        with baseline_checkout(args.baseline) as checkout:
            old_cmd, old_env = old_cli(checkout)
            codes = (
                ("this code", workbench_cmd(), bench_env()),
                (f"before ({args.baseline})", old_cmd, old_env),
            )
            for n in range(args.runs):  # alternating: a busy minute weighs on both
                for i, (label, cmd, env) in enumerate(codes):
                    result = run(
                        [*cmd, *argv],
                        label=f"memory import, {label}",
                        runs=1,
                        env=env,
                        timeout=args.timeout,
                        fresh=fresh,
                        quiet=True,
                    )
                    assert result.ok, result.stderr_tail()
                    if n == 0:
                        results.append(result)
                    else:
                        results[i].times += result.times
                        results[i].cpu += result.cpu
                        results[i].rss += result.rss
        for result in results:
            median = statistics.median(result.times)
            cpu = statistics.median(result.cpu)
            print(
                f"{result.label}: median {median:.1f} s over {len(result.times)} runs "
                f"({args.units / median:,.0f} units/s; CPU {cpu:.1f} s: "
                f"{args.units / cpu:,.0f} units per CPU second), "
                f"peak RSS {max(result.rss) / 2**20:,.0f} MiB"
            )
        ours, before = (statistics.median(r.times) for r in results)
        ours_cpu, before_cpu = (statistics.median(r.cpu) for r in results)
        print(
            f"this code is {before / ours:.2f}x the speed of before ({before_cpu / ours_cpu:.2f}x"
            f" in CPU seconds); goal >= 20,000 units/s: "
            f"{'yes' if args.units / ours >= 20_000 else 'NO'} (in CPU seconds: "
            f"{'yes' if args.units / ours_cpu >= 20_000 else 'NO'}); goal < 500 MB: "
            f"{'yes' if max(results[0].rss) < 500 * 2**20 else 'NO'}"
        )


if __name__ == "__main__":
    main()
