"""``workbench export ARTICLE|PROJECT --to FORMAT -o OUT``."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.commands.options import (
    output_option,
    source_lang_option,
    store_option,
    target_lang_option,
)
from workbench.formats.registry import export_names, formats


@click.command("export")
@click.argument("path", metavar="ARTICLE|PROJECT|NAME", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "fmt",
    required=True,
    type=click.Choice(export_names()),
    help="; ".join(f"{f.name}: {f.description}" for f in formats("project", writable=True)),
)
@output_option()
@source_lang_option("State this source language (BCP 47) instead of the project's.")
@target_lang_option("State this target language (BCP 47) instead of the project's.")
@store_option
def command(
    path: Path,
    fmt: str,
    out: Path,
    force: bool,
    source_lang: str,
    target_lang: str,
    store: str | None,
) -> None:
    """Export a project (or the project of an article). The project is opened read-only,
    so this works while the editor has it open; the output is written atomically, never
    over the article or the project, and over an existing file only with --force.
    '--to original' writes the file the project was made from, in its format and
    structure, with the targets and states filled in."""
    from workbench.app.exporting import export_project
    from workbench.app.projects import open_existing
    from workbench.commands.store import chosen_store, open_named

    server = chosen_store(store)
    with open_existing(path) if server is None else open_named(server, str(path)) as session:
        written = export_project(
            session,
            fmt,
            out,
            force=force,
            source_language=source_lang,
            target_language=target_lang,
            spread=True,
        )
    click.echo(f"wrote {written} ({fmt})")
