"""``workbench apply FILE|DIR --glossary PATH... -o OUT``: batch glossary pre-editing.

With ``--fill-from-memory``, a segment whose MT (or source) has an exact match in the
post-edit memory (in context first, then the newest) takes that match's final text, and the
glossary pre-edits only the others.

Everything is read and checked before anything is written: a bad article or glossary
anywhere means exit 2 and no output at all. Outputs are written atomically and never over
an input. A folder is processed file by file (``*.txt``, ``*.md``) with a progress bar.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.commands.options import glossary_option, memory_option, output_option
from workbench.core.document import Document
from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.load import load_glossaries
from workbench.core.glossary.model import Entry
from workbench.core.inline_codes import display
from workbench.core.textio import atomic_write, check_output_path

if TYPE_CHECKING:
    from workbench.core.memory import Memory
from workbench.formats.registry import read_document

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


@dataclass(frozen=True)
class FileResult:
    source: Path
    output: Path
    data: bytes
    applied: Counter[str]
    offered: Counter[str]
    filled: int = 0


def pre_edit(
    document: Document, engine: GlossaryEngine, filled: Sequence[str | None] = ()
) -> tuple[list[str], Counter[str], Counter[str]]:
    """Targets after automatic fixes, with counts of applied and offered entries (by key).
    ``filled`` gives, per segment, a target from the memory (``None``: pre-edit it)."""
    applied: Counter[str] = Counter()
    offered: Counter[str] = Counter()
    targets = []
    for n, seg in enumerate(document.segments):
        if n < len(filled) and (from_memory := filled[n]) is not None:
            targets.append(from_memory)
            continue
        result = engine.apply_auto(seg.text)
        # a bilingual file's inline codes are written as their tag tokens, never raw
        targets.append(display(result.text, seg.codes).text if seg.codes else result.text)
        applied.update(h.entry.key for h in result.applied)
        offered.update(h.entry.key for h in engine.offers(result.text) if h.kind != "auto")
    return targets, applied, offered


def _inputs(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
        )
        if not files:
            raise InputError(f"{path}: no .txt or .md articles in this folder")
        return files
    return [path]


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
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="How to print the hit summary.",
)
@click.option(
    "--fill-from-memory",
    "fill",
    is_flag=True,
    help="First give segments with an exact memory match that match's final text.",
)
@memory_option
def command(
    path: Path,
    glossaries: tuple[Path, ...],
    out: Path,
    force: bool,
    fmt: str,
    fill: bool,
    memory_path: Path | None,
) -> None:
    """Pre-edit PATH (an article or a folder of articles) with the glossary's automatic
    fixes and report which entries fired and which were offered; with --fill-from-memory,
    segments with an exact memory match take its final text first."""
    if not glossaries:
        default = Path("glossaries")
        if not default.is_dir():
            raise InputError("no glossary given (use --glossary PATH)")
        glossaries = (default,)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    gset = load_glossaries(list(glossaries))
    engine = GlossaryEngine(gset.entries)
    inputs = _inputs(path)
    outputs = _outputs(inputs, path, out)
    for o in outputs:
        if o.parent.exists() or not path.is_dir():
            check_output_path(o, protect=inputs, overwrite=force)
    memory = _open_memory(memory_path) if fill else None
    results: list[FileResult] = []
    try:
        _run(inputs, outputs, engine, memory, results)
    finally:
        if memory is not None:
            memory.close()
    protect = [*inputs, *([memory.path] if memory is not None else [])]
    for r in results:
        r.output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(r.output, r.data, protect=protect, overwrite=force)
    _report(results, gset.entries, fmt, fill)


def _open_memory(memory_path: Path | None) -> Memory:
    from workbench.core.memory import open_memory

    return open_memory(memory_path, read_only=True)


def _run(
    inputs: list[Path],
    outputs: list[Path],
    engine: GlossaryEngine,
    memory: Memory | None,
    results: list[FileResult],
) -> None:
    """Read and pre-edit every input (nothing is written here)."""
    from workbench.core.memory import document_exact_matches

    with (
        click.progressbar(
            list(zip(inputs, outputs, strict=True)),
            label="Pre-editing",
            file=sys.stderr,
            show_pos=True,
        )
        if len(inputs) > 1
        else _plain(list(zip(inputs, outputs, strict=True))) as items
    ):
        for src, dst in items:
            document = read_document(src)
            filled: list[str | None] = []
            if memory is not None:
                filled = [m.target if m else None for m in document_exact_matches(document, memory)]
            targets, applied, offered = pre_edit(document, engine, filled)
            count = sum(1 for f in filled if f is not None)
            results.append(FileResult(src, dst, document.encode(targets), applied, offered, count))


class _plain:
    """A stand-in for the progress bar when there is a single file."""

    def __init__(self, items: list[tuple[Path, Path]]) -> None:
        self.items = items

    def __enter__(self) -> list[tuple[Path, Path]]:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


def _report(
    results: list[FileResult], entries: tuple[Entry, ...], fmt: str, fill: bool = False
) -> None:
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
                            **({"filled_from_memory": r.filled} if fill else {}),
                        }
                        for r in results
                    ],
                    "entries": rows,
                    "applied": sum(applied.values()),
                    "offered": sum(offered.values()),
                    **({"filled_from_memory": sum(r.filled for r in results)} if fill else {}),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"{'applied':>7}  {'offered':>7}  entry")
    for row in rows:
        click.echo(f"{row['applied']:>7}  {row['offered']:>7}  {row['mt']} -> {row['correct']}")
    if fill:
        total = sum(r.filled for r in results)
        click.echo(f"{total} segment(s) filled from the memory (exact matches)")
    click.echo(
        f"{sum(applied.values())} fixes applied, {sum(offered.values())} offers, "
        f"{len(results)} file(s) written"
    )
    for r in results:
        click.echo(f"wrote {r.output}")
