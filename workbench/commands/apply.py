"""``workbench apply FILE|DIR --glossary PATH... -o OUT``: batch glossary pre-editing.

Everything is read and checked before anything is written: a bad article or glossary
anywhere means exit 2 and no output at all. Outputs are written atomically and never over
an input. A folder's articles (``*.txt``, ``*.md``), or a long article's segments, are
spread over every core with one progress bar (the pipeline: ``app/pre_editing.py``); the
output is the same as a serial run's.

With ``--fill-from-memory``, a segment whose MT (or source) has an exact match in the
post-edit memory (in context first, then the newest) takes that match's final text, and the
glossary pre-edits only the others (files are then done one after the other, in this
process, which holds the memory open).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.app.pool import run_tasks
from workbench.app.pre_editing import FileResult, PreEditing, file_task, filled_file, one_file
from workbench.commands.articles import article_files
from workbench.commands.options import glossary_option, memory_option, output_option
from workbench.commands.progress import bar
from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.model import Entry
from workbench.core.textio import atomic_write, check_output_path

if TYPE_CHECKING:
    pass


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
    near: bool,
    fmt: str,
    fill: bool,
    memory_path: Path | None,
) -> None:
    """Pre-edit PATH (an article or a folder of articles) with the glossary's automatic
    fixes and report which entries fired and which suggestions were left to offer
    (``--near``: fuzzy near misses too); with --fill-from-memory, segments with an exact
    memory match take its final text first."""
    if not glossaries:
        default = Path("glossaries")
        if not default.is_dir():
            raise InputError("no glossary given (use --glossary PATH)")
        glossaries = (default,)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    ctx = PreEditing.load(glossaries, near=near)
    inputs = article_files(path)
    outputs = _outputs(inputs, path, out)
    for o in outputs:
        if o.parent.exists() or not path.is_dir():
            check_output_path(o, protect=inputs, overwrite=force)
    protect: list[Path] = list(inputs)
    if fill:
        from workbench.core.memory import open_memory

        with open_memory(memory_path, read_only=True) as memory:
            protect.append(memory.path)
            results = [
                filled_file(ctx, src, dst, memory) for src, dst in zip(inputs, outputs, strict=True)
            ]
    elif path.is_dir():
        tasks = list(zip(inputs, outputs, strict=True))
        results = run_tasks(file_task, ctx, tasks, label="Pre-editing", progress=bar)
    else:
        results = [one_file(ctx, inputs[0], outputs[0], progress=bar)]
    for r in results:
        r.output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(r.output, r.data, protect=protect, overwrite=force)
    _report(results, ctx.entries, fmt, fill)


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
    lines = [f"{'applied':>7}  {'offered':>7}  entry"]
    lines += [
        f"{row['applied']:>7}  {row['offered']:>7}  {row['mt']} -> {row['correct']}" for row in rows
    ]
    if fill:
        filled = sum(r.filled for r in results)
        lines.append(f"{filled} segment(s) filled from the memory (exact matches)")
    lines.append(
        f"{sum(applied.values())} fixes applied, {sum(offered.values())} offers, "
        f"{len(results)} file(s) written"
    )
    lines += [f"wrote {r.output}" for r in results]
    click.echo("\n".join(lines))  # one write: thousands of entries can fire
