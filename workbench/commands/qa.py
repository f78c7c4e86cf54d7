"""``workbench qa ARTICLE|PROJECT``: quality checks, a report, exit 1 on open errors."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.commands.options import glossary_option, source_option
from workbench.core.errors import InputError

if TYPE_CHECKING:
    from workbench.core.document import Document
    from workbench.core.glossary_engine import GlossaryEngine

SQLITE_HEADER = b"SQLite format 3\x00"


def is_project(path: Path) -> bool:
    """Whether ``path`` is a project database (by its SQLite header), not an article."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, expected an article or a project") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _engine(glossaries: Sequence[Path]) -> GlossaryEngine:
    from workbench.core.glossary_engine import GlossaryEngine
    from workbench.core.glossary_loader import load_glossaries

    return GlossaryEngine(load_glossaries([Path(g) for g in glossaries]).entries)


def _with_source(document: Document, source: Path) -> Document:
    """``document`` with each segment's source from the ``--source`` file, paired as a
    project pairs them (:func:`workbench.core.source_alignment.align_source`)."""
    from workbench.core.source_alignment import align_source, read_source

    return align_source(document, read_source(Path(source)))


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
    from workbench.qa.runner import (
        check_article,
        check_session,
        has_open_errors,
        report_json,
        report_text,
    )

    engine = _engine(glossaries) if glossaries else None
    if is_project(path):
        if source is not None:
            raise InputError(f"{path}: --source applies to an article; a project keeps its own")
        from workbench.core.session import Session

        with Session.load(path, read_only=True) as session:
            findings = check_session(session, engine)
            segments = len(session.segments)
    else:
        from workbench.formats.registry import read_document

        document = read_document(path)
        if source is not None:
            document = _with_source(document, source)
        findings = check_article(document, engine)
        segments = len(document.segments)
    report = report_json if fmt == "json" else report_text
    click.echo(report(findings, segments=segments), nl=False)
    ctx.exit(1 if has_open_errors(findings) else 0)
