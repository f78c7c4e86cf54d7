"""``workbench export ARTICLE|PROJECT --to FORMAT -o OUT``."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.commands.options import output_option
from workbench.formats.registry import export_names, formats


@click.command("export")
@click.argument("path", metavar="ARTICLE|PROJECT", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "fmt",
    required=True,
    type=click.Choice(export_names()),
    help="; ".join(f"{f.name}: {f.description}" for f in formats("project", writable=True)),
)
@output_option()
def command(path: Path, fmt: str, out: Path, force: bool) -> None:
    """Export a project (or the project of an article). The project is opened read-only,
    so this works while the editor has it open; the output is written atomically, never
    over the article or the project, and over an existing file only with --force."""
    from workbench.workspace import export_project, open_existing

    with open_existing(path) as session:
        written = export_project(session, fmt, out, force=force)
    click.echo(f"wrote {written} ({fmt})")
