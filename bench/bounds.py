"""Benchmark: memory and time bounds of the batch commands on large inputs.

Runs, each as a subprocess with a timeout (``--timeout``, default 300 s: TIMEOUT is reported
instead of hanging) and an address-space cap (``--memory-cap-gb``, so a runaway command fails
instead of exhausting the machine), on a one-line article of ``--one-line-mb`` MB (no newline
at all; default 10) and an article with paragraphs of ``--article-mb`` MB (default 100):

* ``workbench apply ARTICLE -g GLOSSARY -o OUT``
* ``workbench qa ARTICLE -g GLOSSARY --format json``
* ``workbench score --mt ARTICLE --pe EDITED`` (EDITED: the article with word edits, same
  lines)
* ``workbench import ARTICLE --project P`` when the CLI has ``import`` (else
  ``workbench record ARTICLE --pe ARTICLE --project P``, the way to make a project without
  the editor), then ``workbench stats P`` and ``workbench export P --to txt -o OUT`` on it.

For each: wall time, peak RSS (the child's ``ru_maxrss``, or the sampled sum over its process
tree when that is larger), RSS / input size, RSS above the same command's floor on a tiny
input / input size, the exit code and the last stderr line.

The rule checked: every command processes the input with peak memory under 10x its size, or
refuses it at once (exit 2, one stderr line, within ``--refuse-seconds``) naming a limit that
README.md documents. No baseline: the figures are absolute.

    .venv/bin/python bench/bounds.py [--one-line-mb 10] [--article-mb 100] [--timeout 300]
                                     [--quick]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import (
    MB,
    REPO,
    Result,
    bench_env,
    describe,
    glossary,
    has_command,
    one_line_article,
    print_columns,
    run,
    workbench_cmd,
    workdir,
    write_article,
)

MAX_RATIO = 10.0
_LIMIT = re.compile(
    r"\d[\d,.]*\s*(?:[KMG]i?B|bytes|words|characters|chars|lines|segments|paragraphs)", re.I
)


@dataclass
class Command:
    name: str
    args: list[str]  # after "workbench"
    size: int  # bytes of input it reads
    fresh: list[Path] = field(default_factory=list)  # outputs removed before the run
    codes: tuple[int, ...] = (0,)
    needs_project: bool = False


@dataclass
class Measured:
    command: str
    input_name: str
    input_bytes: int
    result: Result | None
    floor: int = 0
    note: str = ""


def edited(src: Path, dst: Path, seed: int) -> None:
    """``dst``: ``src`` line by line with about one word in 20 substituted, deleted or
    duplicated and an occasional swap of neighbours (the post-edit for ``score``)."""
    rng = random.Random(seed)
    with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
        for line in fin:
            end = "\n" if line.endswith("\n") else ""
            words = line.rstrip("\n").split(" ")
            for i in range(0, len(words) - 1, 20):
                j = i + rng.randrange(min(20, len(words) - i))
                op = rng.random()
                if op < 0.5:
                    words[j] = "edited"
                elif op < 0.7:
                    words[j] = ""
                elif op < 0.85:
                    words[j] = words[j] + " " + words[j]
                elif j + 1 < len(words):
                    words[j], words[j + 1] = words[j + 1], words[j]
            fout.write(" ".join(w for w in words if w) + end)


def other_text(kind: str, size: int, seed: int, entries: int) -> tuple[str, str]:
    """A one-line article of ``size`` characters of another kind of text (``bench/texts.py``)
    and, for the random vocabulary, a glossary of it (else "")."""
    from texts import (
        random_glossary,
        random_letters,
        random_vocabulary,
        random_vocabulary_article,
        zipf_article,
    )

    words = size // 5
    own = ""
    if kind == "random":
        text = random_letters(words, seed)
    elif kind == "vocabulary":
        vocabulary = random_vocabulary(30_000, seed)
        own, patterns = random_glossary(vocabulary, entries, seed)
        text = random_vocabulary_article(vocabulary, patterns, words, seed)
    else:
        text = zipf_article(kind, words, seed)
    line = " ".join(text.split("\n\n"))
    while len(line) < size:
        line += " " + line
    line = line[:size]
    return (line[:-1] + "." if line.endswith(" ") else line), own


def peak(result: Result) -> int:
    return max(result.peak_rss, result.peak_tree_rss)


def verdict(m: Measured, refuse_seconds: float, readme: str, cap: int) -> str:
    r = m.result
    if r is None:
        return m.note or "skipped"
    if r.timed_out:
        return "TIMEOUT"
    lines = [x for x in r.stderr.decode("utf-8", "replace").splitlines() if x.strip()]
    if r.returncode == 2:
        if len(lines) != 1:
            return f"REFUSED with {len(lines)} stderr lines"
        if r.best > refuse_seconds:
            return f"refused LATE ({r.best:.1f} s)"
        message = lines[0]
        for arg in r.argv:  # file names ("one-line-10mb.txt") are not limits
            message = message.replace(arg, "")
        limits = _LIMIT.findall(message)
        documented = limits and all(
            " ".join(lim.split()).lower() in " ".join(readme.split()).lower() for lim in limits
        )
        return "refused at once" + ("" if documented else " (limit NOT in README)")
    if not r.returncode_ok:
        if cap and peak(r) >= 0.9 * cap:
            return f"FAILED exit {r.returncode} at the {cap / 2**30:g} GiB cap"
        return f"FAILED exit {r.returncode}"
    ratio = peak(r) / m.input_bytes
    return "ok" if ratio <= MAX_RATIO else f"OVER {MAX_RATIO:g}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--one-line-mb", type=float, default=10)
    parser.add_argument("--article-mb", type=float, default=100)
    parser.add_argument("--entries", type=int, default=10_000, help="glossary entries")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per command")
    parser.add_argument("--memory-cap-gb", type=float, default=4.0, help="RLIMIT_AS per command")
    parser.add_argument(
        "--refuse-seconds", type=float, default=3.0, help="what 'refused at once' allows"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--one-line-texts",
        default="news",
        help="one-line articles of these texts: news (the generated English news), random "
        "(random letters), vocabulary (a 30,000-word random vocabulary, and a glossary of "
        "it for that article), or a language code (Zipf-sampled, needs wordfreq)",
    )
    parser.add_argument("--skip-article", action="store_true", help="no --article-mb article")
    parser.add_argument("--commands", default="", help="only these (e.g. 'qa,apply --near')")
    parser.add_argument("--quick", action="store_true", help="0.2 MB and 1 MB, 30 s timeout")
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    args = parser.parse_args()
    if args.quick:
        args.one_line_mb = min(args.one_line_mb, 0.2)
        args.article_mb = min(args.article_mb, 1)
        args.timeout = min(args.timeout, 30)

    print(describe())
    wb = workbench_cmd()
    cap = int(args.memory_cap_gb * 2**30)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    creator = "import" if has_command("import") else "record"
    measured: list[Measured] = []
    with workdir(args.keep) as folder:
        env = bench_env(folder / "home")
        gloss = glossary(args.entries, args.seed)
        glossary_path = folder / "bench-glossary.yaml"
        glossary_path.write_text(gloss.text, encoding="utf-8")
        inputs: list[tuple[str, Path]] = []
        glossaries: dict[Path, Path] = {}  # an input with its own glossary
        t0 = time.perf_counter()
        size = int(args.one_line_mb * MB)
        for kind in args.one_line_texts.split(","):
            one = folder / f"one-line-{kind}-{args.one_line_mb:g}mb.txt"
            if kind == "news":
                text = one_line_article(size, args.seed, gloss)
            else:
                text, own = other_text(kind, size, args.seed, args.entries)
                if own:
                    glossaries[one] = folder / f"glossary-{kind}.yaml"
                    glossaries[one].write_text(own, encoding="utf-8")
            one.write_text(text, "utf-8")
            inputs.append((f"{args.one_line_mb:g} MB one line ({kind})", one))
        if not args.skip_article:
            big = write_article(
                folder / f"article-{args.article_mb:g}mb.txt",
                int(args.article_mb * MB),
                args.seed,
                gloss,
            )
            inputs.append((f"{args.article_mb:g} MB article", big))
        tiny = folder / "tiny.txt"
        tiny.write_text(
            "Southwest Aluminum signs new orders.\n\nThe plant expands its capacity.\n", "utf-8"
        )
        for _, path in [*inputs, ("tiny", tiny)]:
            edited(path, path.with_suffix(".pe.txt"), args.seed)
        print(
            f"data: {', '.join(f'{n} ({p.stat().st_size:,} bytes)' for n, p in inputs)}, "
            f"{args.entries:,}-entry glossary; generated in {time.perf_counter() - t0:.1f} s; "
            f"projects made with '{creator}'"
        )

        def commands(path: Path, tag: str) -> list[Command]:
            pe = path.with_suffix(".pe.txt")
            project = folder / f"{tag}.wbproj"
            out = folder / f"{tag}.apply.txt"
            exported = folder / f"{tag}.export.txt"
            size = path.stat().st_size
            g = ["-g", str(glossaries.get(path, glossary_path))]
            if creator == "import":
                make = ["import", str(path), "--project", str(project)]
            else:
                make = ["record", str(path), "--pe", str(path), "--project", str(project)]
            return [
                Command("apply", ["apply", str(path), *g, "-o", str(out)], size, [out]),
                Command(
                    "apply --near",
                    ["apply", str(path), *g, "-o", str(out), "--near"],
                    size,
                    [out],
                ),
                Command("qa", ["qa", str(path), *g, "--format", "json"], size, codes=(0, 1)),
                Command(
                    "score",
                    ["score", "--mt", str(path), "--pe", str(pe)],
                    size + pe.stat().st_size,
                ),
                Command(creator, make, size, [project, project.with_name(project.name + ".lock")]),
                Command("stats", ["stats", str(project)], size, needs_project=True),
                Command(
                    "export txt",
                    ["export", str(project), "--to", "txt", "-o", str(exported)],
                    size,
                    [exported],
                    needs_project=True,
                ),
            ]

        def measure(c: Command, label: str) -> Result:
            result = run(
                [*wb, *c.args],
                label=label,
                runs=1,
                env=env,
                timeout=args.timeout,
                ok_codes=c.codes,
                fresh=c.fresh,
                sample_tree=True,
                memory_cap=cap,
            )
            for path in c.fresh:  # outputs are not kept (100 MB each)
                if path.suffix == ".txt" and path.exists():
                    path.unlink()
            return result

        floors: dict[str, int] = {}
        print("floor: each command on a tiny article (interpreter, imports, glossary)")
        wanted = set(args.commands.split(",")) if args.commands else None

        def chosen(cs: list[Command]) -> list[Command]:
            return [c for c in cs if wanted is None or c.name in wanted]

        for c in chosen(commands(tiny, "tiny")):
            r = measure(c, f"{c.name} (tiny)")
            floors[c.name] = peak(r) if r.ok else 0
        for input_name, path in inputs:
            print(f"{input_name}:")
            project_ok = True
            for c in chosen(commands(path, path.stem)):
                if c.needs_project and not project_ok:
                    note = f"skipped: no project ({creator} failed)"
                    measured.append(Measured(c.name, input_name, c.size, None, note=note))
                    continue
                r = measure(c, c.name)
                if c.name == creator:
                    project_ok = r.ok
                measured.append(Measured(c.name, input_name, c.size, r, floors.get(c.name, 0)))

    rows = []
    for m in measured:
        r = m.result
        v = verdict(m, args.refuse_seconds, readme, cap)
        read = f"{m.input_bytes / MB:,.1f} MB"
        if r is None:
            rows.append([m.command, m.input_name, read, "-", "-", "-", "-", "-", v, ""])
            continue
        rss = peak(r)
        above = max(0, rss - m.floor) / m.input_bytes
        rows.append(
            [
                m.command,
                m.input_name,
                read,
                f"{r.worst:.1f} s",
                f"{rss / 2**20:,.0f} MiB" + (" at kill" if r.timed_out else ""),
                f"{rss / m.input_bytes:.1f}x",
                f"{above:.1f}x",
                r.status(),
                v,
                r.stderr_line()[:100],
            ]
        )
    print_columns(
        [
            "command",
            "input",
            "read",
            "wall",
            "peak RSS",
            "RSS/input",
            "above floor",
            "exit",
            "verdict",
            "stderr",
        ],
        rows,
        f"bounds: peak memory under {MAX_RATIO:g}x the input, or refused at once (exit 2, one "
        f"line, documented limit); timeout {args.timeout:g} s, cap {args.memory_cap_gb:g} GiB",
    )
    print(
        f"floors (tiny input): {', '.join(f'{k} {v / 2**20:.0f} MiB' for k, v in floors.items())}"
    )


if __name__ == "__main__":
    main()
