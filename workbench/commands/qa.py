"""``workbench qa ARTICLE|PROJECT|DIR``: quality checks, a report, exit 1 on open errors.

A folder's articles, or a long article's segments, are checked over every core
(the pipeline: ``app/checking.py``) with one progress bar on stderr; the findings are the same as a
serial run's.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workbench.commands.articles import article_files
from workbench.commands.options import (
    glossaries_or_default,
    glossary_option,
    no_glossary_option,
    source_option,
)
from workbench.commands.progress import bar
from workbench.core.errors import InputError

if TYPE_CHECKING:
    from workbench.core.findings import Finding


def _echo(chunks: Iterator[str]) -> None:
    batch: list[str] = []
    for chunk in chunks:
        batch.append(chunk)
        if len(batch) >= 1000:  # written in pieces: a long report is never built whole
            click.echo("".join(batch), nl=False)
            batch.clear()
    click.echo("".join(batch), nl=False)


def _folder_report(results: Sequence[tuple[Path, tuple[Finding, ...], int]], fmt: str) -> None:
    from workbench.qa.report import finding_dict, summary, summary_line, text_chunks

    everything = [f for _, found, _ in results for f in found]
    total = sum(n for _, _, n in results)
    if fmt == "json":
        files: list[dict[str, Any]] = [
            {
                "path": str(path),
                "findings": [finding_dict(f) for f in found],
                "summary": summary(found, segments=segments),
            }
            for path, found, segments in results
        ]
        payload = {"files": files, "summary": summary(everything, segments=total)}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for path, found, segments in results:
        click.echo(f"== {path}")
        _echo(text_chunks(found, segments=segments))
    click.echo(f"{len(results)} files: {summary_line(everything, segments=total)}")


@click.command("qa")
@click.argument("path", metavar="ARTICLE|PROJECT|DIR", type=click.Path(path_type=Path))
@glossary_option
@no_glossary_option
@source_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.pass_context
def command(
    ctx: click.Context,
    path: Path,
    glossaries: tuple[Path, ...],
    no_glossary: bool,
    source: Path | None,
    fmt: str,
) -> None:
    """Run quality checks on ARTICLE (its text as a finished target, as it stands), on
    PROJECT (current targets against their MT and source) or on every article in DIR.

    Glossary: --glossary, else ./glossaries if it exists (a project: the glossaries it was
    made with); --no-glossary: none. Spelling uses the personal word list (words.txt
    beside the config file). Exit 1 when any error-level finding is open (not ignored), 0
    otherwise, 2 on bad input."""
    from workbench.app.checking import Checking, article_findings, file_task
    from workbench.app.pool import run_tasks
    from workbench.core.storage.sqlite import is_project_file
    from workbench.qa.report import has_open_errors, json_chunks, text_chunks
    from workbench.qa.runner import check_project

    if not is_project_file(path) or glossaries:  # a project keeps its own glossaries
        glossaries = glossaries_or_default(glossaries, no_glossary=no_glossary)
    checking = Checking.load(glossaries)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        if source is not None:
            raise InputError(f"{path}: --source applies to one article, not to a folder")
        files = article_files(path)
        found = run_tasks(file_task, checking, files, label="Checking", progress=bar)
        results = [(p, f, n) for p, (f, n) in zip(files, found, strict=True)]
        _folder_report(results, fmt)
        ctx.exit(1 if any(has_open_errors(f) for _, f, _ in results) else 0)
    if is_project_file(path):
        if source is not None:
            raise InputError(f"{path}: --source applies to an article; a project keeps its own")
        from workbench.app.exporting import memo
        from workbench.app.pool import spread_batches
        from workbench.app.projects import open_existing

        with open_existing(path) as session:
            # the findings remembered as an export remembers them, for the export after it
            remembered = memo("findings")
            if no_glossary:
                from workbench.core.glossary.engine import GlossaryEngine

                engine: GlossaryEngine | None = GlossaryEngine(())
            else:
                engine = checking.engine
            findings = check_project(session, engine, memo=remembered, spread=spread_batches)
            segments = len(session.segments)
    else:  # an article: the report made as its findings come (they are never all held)
        counted = [0]
        checked = article_findings(checking, path, source, bar, counted)
        errors = [False]
        report = (json_chunks if fmt == "json" else text_chunks)(
            _noting_errors(checked, errors), segments=lambda: counted[0]
        )
        _echo_spooled(report)
        ctx.exit(1 if errors[0] else 0)
    _echo((json_chunks if fmt == "json" else text_chunks)(findings, segments=segments))
    ctx.exit(1 if has_open_errors(findings) else 0)


def _noting_errors(findings: Iterable[Finding], errors: list[bool]) -> Iterator[Finding]:
    """The findings; ``errors[0]`` set once an open error goes by."""
    for f in findings:
        if f.severity == "error" and not f.ignored:
            errors[0] = True
        yield f


_SPOOL_IN_MEMORY = 4_000_000  # characters of a report kept in memory, the rest on disk


def _echo_spooled(chunks: Iterator[str]) -> None:
    """The report written once all of it is made (the progress bar is done by then), kept
    meanwhile in a temporary file past its first few megabytes, not in memory."""
    with tempfile.SpooledTemporaryFile(
        max_size=_SPOOL_IN_MEMORY, mode="w+", encoding="utf-8", newline=""
    ) as spool:
        for chunk in chunks:
            spool.write(chunk)
        spool.seek(0)
        while piece := spool.read(1 << 20):
            click.echo(piece, nl=False)
