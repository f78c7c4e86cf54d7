"""``workbench apply FILE|DIR --glossary PATH... -o OUT``: batch glossary pre-editing.

Everything is read and checked before anything is written: a bad article or glossary
anywhere means exit 2 and no output at all. Outputs are written atomically and never over
an input. A folder is processed file by file (``*.txt``, ``*.md``) with a progress bar.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click

from workbench.commands.options import glossary_option, output_option
from workbench.core.document import Document
from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.load import load_glossaries
from workbench.core.glossary.model import Entry
from workbench.core.inline_codes import display
from workbench.core.textio import atomic_write, check_output_path
from workbench.formats.registry import read_document

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


@dataclass(frozen=True)
class FileResult:
    source: Path
    output: Path
    data: bytes
    applied: Counter[str]
    offered: Counter[str]


def pre_edit(
    document: Document, engine: GlossaryEngine
) -> tuple[list[str], Counter[str], Counter[str]]:
    """Targets after automatic fixes, with counts of applied and offered entries (by key)."""
    applied: Counter[str] = Counter()
    offered: Counter[str] = Counter()
    targets = []
    for seg in document.segments:
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
def command(path: Path, glossaries: tuple[Path, ...], out: Path, force: bool, fmt: str) -> None:
    """Pre-edit PATH (an article or a folder of articles) with the glossary's automatic
    fixes and report which entries fired and which were offered."""
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
    results: list[FileResult] = []
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
            targets, applied, offered = pre_edit(document, engine)
            results.append(FileResult(src, dst, document.encode(targets), applied, offered))
    for r in results:
        r.output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(r.output, r.data, protect=inputs, overwrite=force)
    _report(results, gset.entries, fmt)


class _plain:
    """A stand-in for the progress bar when there is a single file."""

    def __init__(self, items: list[tuple[Path, Path]]) -> None:
        self.items = items

    def __enter__(self) -> list[tuple[Path, Path]]:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


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
