"""``workbench serve``: the same editor in a web browser (textual-serve)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from workbench.commands.options import (
    glossary_option,
    memory_option,
    project_option,
    source_option,
    store_option,
)


def serve_command_line(
    article: Path,
    glossaries: tuple[Path, ...],
    source: Path | None,
    project: Path | None,
    memory: Path | None = None,
) -> str:
    """The shell command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "workbench", "edit", str(article), "--errors-in-ui"]
    for g in glossaries:
        parts += ["--glossary", str(g)]
    if source is not None:
        parts += ["--source", str(source)]
    if project is not None:
        parts += ["--project", str(project)]
    if memory is not None:
        parts += ["--memory", str(memory)]
    return shlex.join(parts)


@click.command("serve")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@glossary_option
@source_option
@project_option
@memory_option
@store_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def command(
    article: Path,
    glossaries: tuple[Path, ...],
    source: Path | None,
    project: Path | None,
    memory_path: Path | None,
    store: str | None,
    host: str,
    port: int,
) -> None:
    """Serve the editor for ARTICLE at http://HOST:PORT (one project: a second browser tab
    is refused while the first holds the project, unless it is in a team store, where
    each tab is one more translator)."""
    import os

    from textual_serve.server import Server

    from workbench.commands.store import chosen_store

    server = chosen_store(store)
    if server is not None:
        # to each browser session's editor through its environment, never its command line
        # (which others on the machine can read): the URL may hold a password
        os.environ["WORKBENCH_DATABASE_URL"] = server

    line = serve_command_line(article, glossaries, source, project, memory_path)
    Server(line, host=host, port=port, title="Workbench").serve()
