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
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="The port to listen on.")
def command(
    article: Path,
    glossaries: tuple[Path, ...],
    source: Path | None,
    project: Path | None,
    memory_path: Path | None,
    host: str,
    port: int,
) -> None:
    """Serve the editor for ARTICLE at http://HOST:PORT (one project: a second browser tab
    is refused while the first holds the project)."""
    from textual_serve.server import Server

    line = serve_command_line(article, glossaries, source, project, memory_path)
    Server(line, host=host, port=port, title="Workbench").serve()
