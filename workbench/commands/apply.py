"""``workbench apply FILE|DIR --glossary PATH... -o OUT``: batch glossary pre-editing.

Everything is read and checked before anything is written: a bad article or glossary
anywhere means exit 2 and no output at all. Outputs are written atomically and never over
an input. A folder's articles (``*.txt``, ``*.md``), or a long article's segments, are
spread over every core (``commands/pool.py``) with one progress bar; the output is the
same as a serial run's.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from workbench.commands.articles import article_files
from workbench.commands.options import glossary_option, output_option
from workbench.commands.pool import STATE, run_tasks
from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.engine import GlossaryEngine, Hit, apply_found, engine_of
from workbench.core.glossary.load import load_glossaries
from workbench.core.glossary.model import Entry
from workbench.core.textio import atomic_write, check_output_path
from workbench.formats.registry import read_document


@dataclass(frozen=True)
class FileResult:
    source: Path
    output: Path
    data: bytes
    applied: Counter[str]
    offered: Counter[str]


Counts = tuple[list[str], Counter[str], Counter[str]]
CHUNK = 2000  # segments of one article per task


def pre_edit(texts: Sequence[str], engine: GlossaryEngine, *, near: bool = False) -> Counts:
    """Targets after automatic fixes, with counts of applied and offered entries (by key):
    exact suggestions left in the targets, plus fuzzy near misses when ``near``."""
    applied: Counter[str] = Counter()
    offered: Counter[str] = Counter()
    targets: list[str] = []
    exact: list[tuple[Hit, ...]] = []
    for text in texts:
        hits = engine.find(text)
        result = apply_found(text, hits)
        applied.update(h.entry.key for h in result.applied)
        after = engine.find(result.text) if result.applied else hits
        offered.update(h.entry.key for h in after if h.kind == "suggest")
        targets.append(result.text)
        exact.append(after)
    if near:
        for found in engine.near_misses_many(targets, exact=exact):
            offered.update(h.entry.key for h in found)
    return targets, applied, offered


def _setup(glossaries: tuple[Path, ...], near: bool) -> None:
    gset = load_glossaries(list(glossaries))
    STATE.update(engine=engine_of(gset.entries), entries=gset.entries, near=near)


def _chunk_task(texts: list[str]) -> Counts:
    return pre_edit(texts, STATE["engine"], near=STATE["near"])


def _file_task(paths: tuple[Path, Path]) -> FileResult:
    src, dst = paths
    document = read_document(src)
    targets, applied, offered = pre_edit(
        [s.text for s in document.segments], STATE["engine"], near=STATE["near"]
    )
    return FileResult(src, dst, document.encode(targets), applied, offered)


def _one_file(src: Path, dst: Path) -> FileResult:
    """One article, its segments in chunks over the cores (one progress bar when large)."""
    document = read_document(src)
    texts = [s.text for s in document.segments]
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)] or [[]]
    targets: list[str] = []
    applied: Counter[str] = Counter()
    offered: Counter[str] = Counter()
    for part, part_applied, part_offered in run_tasks(_chunk_task, chunks, label="Pre-editing"):
        targets.extend(part)
        applied.update(part_applied)
        offered.update(part_offered)
    return FileResult(src, dst, document.encode(targets), applied, offered)


def _outputs(inputs: list[Path], source: Path, out: Path) -> list[Path]:
    if not source.is_dir():
        if out.is_dir():
            return [out / source.name]
        return [out]
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file; the output of a folder must be a folder")
    src = source.resolve()
    dst = out.resolve()
    if dst == src:
        raise OutputError(f"{out}: is the input folder; choose another output folder")
    return [out / p.relative_to(source) for p in inputs]


@click.command("apply")
@click.argument("path", type=click.Path(path_type=Path))
@glossary_option
@output_option("Output file (for a FILE) or folder (for a DIR).")
@click.option(
    "--near",
    is_flag=True,
    help="Also count fuzzy near misses of the glossary's patterns as offers (slower).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="How to print the hit summary.",
)
def command(path: Path, glossaries: tuple[Path, ...], out: Path, near: bool, fmt: str) -> None:
    """Pre-edit PATH (an article or a folder of articles) with the glossary's automatic
    fixes and report which entries fired and which suggestions were left to offer
    (``--near``: fuzzy near misses too)."""
    if not glossaries:
        default = Path("glossaries")
        if not default.is_dir():
            raise InputError("no glossary given (use --glossary PATH)")
        glossaries = (default,)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    STATE.clear()
    _setup(glossaries, near)
    inputs = article_files(path)
    outputs = _outputs(inputs, path, out)
    for o in outputs:
        if o.parent.exists() or not path.is_dir():
            check_output_path(o, protect=inputs)
    if path.is_dir():
        results = run_tasks(
            _file_task,
            list(zip(inputs, outputs, strict=True)),
            setup=_setup,
            setup_args=(glossaries, near),
            label="Pre-editing",
        )
    else:
        results = [_one_file(inputs[0], outputs[0])]
    for r in results:
        r.output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(r.output, r.data, protect=inputs)
    _report(results, STATE["entries"], fmt)


def _report(results: list[FileResult], entries: tuple[Entry, ...], fmt: str) -> None:
    applied: Counter[str] = Counter()
    offered: Counter[str] = Counter()
    for r in results:
        applied.update(r.applied)
        offered.update(r.offered)
    by_key = {e.key: e for e in entries}
    rows = []
    for key in sorted(set(applied) | set(offered), key=lambda k: (-applied[k], -offered[k], k)):
        entry = by_key[key]
        rows.append(
            {
                "entry": key,
                "mt": entry.patterns[0] if entry.patterns else "",
                "correct": entry.correction,
                "applied": applied[key],
                "offered": offered[key],
            }
        )
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "files": [
                        {
                            "input": str(r.source),
                            "output": str(r.output),
                            "applied": sum(r.applied.values()),
                        }
                        for r in results
                    ],
                    "entries": rows,
                    "applied": sum(applied.values()),
                    "offered": sum(offered.values()),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"{'applied':>7}  {'offered':>7}  entry")
    for row in rows:
        click.echo(f"{row['applied']:>7}  {row['offered']:>7}  {row['mt']} -> {row['correct']}")
    click.echo(
        f"{sum(applied.values())} fixes applied, {sum(offered.values())} offers, "
        f"{len(results)} file(s) written"
    )
    for r in results:
        click.echo(f"wrote {r.output}")
