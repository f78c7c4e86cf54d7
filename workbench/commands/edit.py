"""``workbench edit ARTICLE``: the post-editing UI.

The Session is opened *before* the UI starts, so bad input (missing, binary, empty or
non-UTF-8 article, bad glossary, a project open in another process) is one line on stderr
and exit 2, never a half-drawn screen.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("edit")
@click.argument("article", required=False, type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(path_type=Path), help="Source-language article.")
@click.option(
    "-g",
    "--glossary",
    "glossaries",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Glossary file or folder (repeatable; layered in order).",
)
@click.option(
    "--project",
    type=click.Path(path_type=Path),
    help="Project file (default: under the workbench data folder).",
)
def command(
    article: Path | None, source: Path | None, glossaries: tuple[Path, ...], project: Path | None
) -> None:
    """Open ARTICLE (txt, md, or a bilingual XLIFF/TMX/TSV) for post-editing; without
    ARTICLE, ask for one."""
    from workbench.core.session import Session

    session = None
    if article is not None:
        session = Session.open(article, project=project, glossaries=glossaries, source=source)
    from workbench.tui.app import WorkbenchApp

    app = WorkbenchApp(session, glossaries=glossaries, source=source, project=project)
    app.run()
