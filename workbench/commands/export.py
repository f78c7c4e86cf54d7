"""``workbench export ARTICLE|PROJECT --to FORMAT -o OUT``."""

from __future__ import annotations

from pathlib import Path

import click

FORMATS = ["txt", "md", "html", "report", "xliff", "xliff2", "tmx", "jsonl", "csv"]


@click.command("export")
@click.argument("path", metavar="ARTICLE|PROJECT", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "fmt",
    required=True,
    type=click.Choice(FORMATS),
    help="txt/md: corrected article; html: as a page; report: post-editing report; "
    "xliff/xliff2/tmx: interchange; jsonl: edit log; csv: effort per segment.",
)
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path))
def command(path: Path, fmt: str, out: Path) -> None:
    """Export a project (or the project of an article). The project is opened read-only,
    so this works while the editor has it open; the output is written atomically and never
    over the article or the project."""
    from workbench.core.session import Session
    from workbench.formats.exporters import export_session

    with Session.load(path, read_only=True) as session:
        written = export_session(session, fmt, out)
    click.echo(f"wrote {written} ({fmt})")
