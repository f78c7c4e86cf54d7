"""``workbench qa ARTICLE|PROJECT|DIR``: quality checks, a report, exit 1 on open errors.

A folder's articles, or a long article's segments, are checked over every core
(the pipeline: ``app/checking.py``) with one progress bar on stderr; the findings are the same as a
serial run's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workbench.commands.articles import article_files
from workbench.commands.options import glossary_option, source_option
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
    ctx: click.Context, path: Path, glossaries: tuple[Path, ...], source: Path | None, fmt: str
) -> None:
    """Run quality checks on ARTICLE (its text as a finished target, as it stands), on
    PROJECT (current targets against their MT and source) or on every article in DIR.
    Exit 1 when any error-level finding is open (not ignored), 0 otherwise, 2 on bad
    input."""
    from workbench.app.checking import Checking, check_article, file_task
    from workbench.app.pool import run_tasks
    from workbench.core.storage.sqlite import is_project_file
    from workbench.qa.report import has_open_errors, json_chunks, text_chunks
    from workbench.qa.runner import check_project

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
        from workbench.app.projects import open_existing

        with open_existing(path) as session:
            findings = check_project(session, checking.engine)
            segments = len(session.segments)
    else:
        findings, segments = check_article(checking, path, source, bar)
    _echo((json_chunks if fmt == "json" else text_chunks)(findings, segments=segments))
    ctx.exit(1 if has_open_errors(findings) else 0)
