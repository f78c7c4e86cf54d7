"""``workbench qa ARTICLE|PROJECT``: quality checks, a report, exit 1 on open errors."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.commands.options import glossary_option, source_option
from workbench.core.errors import InputError


@click.command("qa")
@click.argument("path", metavar="ARTICLE|PROJECT", type=click.Path(path_type=Path))
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
    """Run quality checks on ARTICLE (its text as a finished target, as it stands) or on
    PROJECT (current targets against their MT and source). Exit 1 when any error-level
    finding is open (not ignored), 0 otherwise, 2 on bad input."""
    from workbench.core.glossary.load import engine_for
    from workbench.core.store import is_project_file
    from workbench.qa.report import has_open_errors, json_chunks, text_chunks
    from workbench.qa.runner import article_run, check_project, run

    engine = engine_for(glossaries) if glossaries else None
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, expected an article or a project")
    if is_project_file(path):
        if source is not None:
            raise InputError(f"{path}: --source applies to an article; a project keeps its own")
        from workbench.workspace import open_existing

        with open_existing(path) as session:
            findings = check_project(session, engine)
            segments = len(session.segments)
    else:
        from workbench.core.source_alignment import align_source
        from workbench.formats.registry import read_document
        from workbench.workspace import read_source

        document = read_document(path)
        if source is not None:
            document = align_source(document, read_source(source))
        findings = run(article_run(document, engine))
        segments = len(document.segments)
    chunks = json_chunks if fmt == "json" else text_chunks
    batch: list[str] = []
    for chunk in chunks(findings, segments=segments):
        batch.append(chunk)
        if len(batch) >= 1000:  # written in pieces: a long report is never built whole
            click.echo("".join(batch), nl=False)
            batch.clear()
    click.echo("".join(batch), nl=False)
    ctx.exit(1 if has_open_errors(findings) else 0)
