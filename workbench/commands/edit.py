"""``workbench edit ARTICLE``: the post-editing UI.

The Session is opened *before* the UI starts, so bad input (missing, binary, empty or
non-UTF-8 article, bad glossary, a project open in another process or not writable) is one
line on stderr and exit 2, never a half-drawn screen; under ``workbench serve`` it is an
error page instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.commands.options import (
    glossary_option,
    memory_option,
    no_glossary_option,
    project_glossaries,
    project_option,
    source_option,
    store_option,
)

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


@click.command("edit")
@click.argument("article", required=False, type=click.Path(path_type=Path))
@source_option
@glossary_option
@no_glossary_option
@project_option
@click.option(
    "--read-only",
    is_flag=True,
    help="Open the project to read it: typing is off (for a project another process holds, "
    "or one you cannot write).",
)
@memory_option
@store_option
@click.option("--errors-in-ui", is_flag=True, hidden=True)
# ``workbench serve`` runs the editor with these: exports only inside DIR and only the
# glossaries given here may change; every edit records USER; SECONDS without input end it.
@click.option("--export-root", type=click.Path(path_type=Path), hidden=True)
@click.option("--user", "author", default="", hidden=True)
@click.option("--idle-timeout", type=click.FloatRange(min=0), hidden=True)
def command(
    article: Path | None,
    source: Path | None,
    glossaries: tuple[Path, ...],
    no_glossary: bool,
    project: Path | None,
    read_only: bool,
    memory_path: Path | None,
    store: str | None,
    errors_in_ui: bool,
    export_root: Path | None,
    author: str,
    idle_timeout: float | None,
) -> None:
    """Open ARTICLE (txt, md, or a bilingual XLIFF/TMX/TSV) for post-editing; without
    ARTICLE, ask for one. The post-edit memory offers earlier corrections and keeps every
    confirmed segment.

    Glossary: --glossary, else ./glossaries if it exists; an article that already has a
    project keeps the glossaries the project was made with."""
    glossaries = project_glossaries(article, project, glossaries, no_glossary=no_glossary)
    app = make_app(
        article,
        source,
        glossaries,
        project,
        read_only,
        errors_in_ui,
        memory_path,
        store,
        author=author,
    )
    if export_root is not None:
        from workbench.core.confine import Confinement

        app.confinement = Confinement.of(export_root, glossaries)
    if app.session is not None:
        app.session.author = author
    app.idle_timeout = idle_timeout or None
    app.run()


def make_app(
    article: Path | None,
    source: Path | None,
    glossaries: tuple[Path, ...],
    project: Path | None,
    read_only: bool = False,
    errors_in_ui: bool = False,
    memory_path: Path | None = None,
    store: str | None = None,
    *,
    author: str = "",
) -> WorkbenchApp:
    """The app for these options. A project that cannot be opened is one line on stderr
    and exit 2 before any UI, or, with ``errors_in_ui`` (``workbench serve``, whose
    browser page has no terminal), an error screen. With a team ``store`` the project is
    named (``--project NAME``, default: the article's file name) and the memory is the
    store's. ``author`` (``--user``, given by ``workbench serve``): who the edits, the
    segments taken, the undo steps and the memory's units are recorded for (default: the
    settings' user)."""
    from workbench.app.projects import open_article
    from workbench.app.team import open_team_project
    from workbench.commands.store import chosen_store, project_name
    from workbench.core.config import load_config
    from workbench.core.errors import WorkbenchError
    from workbench.core.memory import open_memory
    from workbench.tui.app import WorkbenchApp

    session = None
    config, warnings = load_config()  # read once here, passed down
    try:
        server = chosen_store(store, config)
        memory = open_memory(memory_path or server, config=config, read_only=read_only)
        if author:
            memory.who = author
        if server is not None and (article is not None or project is not None):
            session = open_team_project(
                server,
                project_name(project, article),
                article=article,
                glossaries=glossaries,
                source=source,
                read_only=read_only,
                author=author or None,
            )
        elif article is not None:
            session = open_article(
                article, project=project, glossaries=glossaries, source=source, read_only=read_only
            )
    except WorkbenchError as exc:
        if not errors_in_ui:
            raise
        return WorkbenchApp(error=str(exc))
    return WorkbenchApp(
        session,
        memory=memory,
        config=config,
        config_warnings=warnings,
        glossaries=glossaries,
        source=source,
        project=project,
    )
