"""Options shared by several commands, so they read and behave the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

glossary_option = click.option(
    "-g",
    "--glossary",
    "glossaries",
    multiple=True,
    metavar="PATH",
    type=click.Path(path_type=Path),
    help="Glossary file or folder (repeatable; layered in the order given).",
)
project_option = click.option(
    "--project",
    metavar="PATH",
    type=click.Path(path_type=Path),
    help="Project file (default: the article's project in the workbench data folder).",
)
source_option = click.option(
    "--source",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="The source-language article (paired by segment, else by paragraph).",
)


def output_option(help_text: str = "The file to write.") -> Callable[[Any], Any]:
    """``-o/--output OUT`` (required) and ``--force``: an output that exists is refused
    unless ``--force`` is given."""
    out = click.option(
        "-o", "--output", "out", required=True, type=click.Path(path_type=Path), help=help_text
    )
    force = click.option("--force", is_flag=True, help="Replace output files that exist.")

    def decorate(function: Any) -> Any:
        return out(force(function))

    return decorate
