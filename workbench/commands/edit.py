"""``workbench edit ARTICLE``: the post-editing UI.

The Session is opened *before* the UI starts, so bad input (missing, binary, empty or
non-UTF-8 article, bad glossary, a project open in another process) is one line on stderr
and exit 2, never a half-drawn screen.
"""

from __future__ import annotations

from pathlib import Path

import click

from workbench.commands.options import glossary_option, project_option, source_option


@click.command("edit")
@click.argument("article", required=False, type=click.Path(path_type=Path))
@source_option
@glossary_option
@project_option
def command(
    article: Path | None, source: Path | None, glossaries: tuple[Path, ...], project: Path | None
) -> None:
    """Open ARTICLE (txt, md, or a bilingual XLIFF/TMX/TSV) for post-editing; without
    ARTICLE, ask for one."""
    from workbench.workspace import open_article

    session = None
    if article is not None:
        session = open_article(article, project=project, glossaries=glossaries, source=source)
    from workbench.tui.app import WorkbenchApp

    app = WorkbenchApp(session, glossaries=glossaries, source=source, project=project)
    app.run()
