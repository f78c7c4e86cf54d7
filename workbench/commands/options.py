"""Options shared by several commands, so they read and behave the same everywhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from workbench.core.errors import InputError

# The one rule for every command that uses a glossary: the paths given with --glossary;
# else (a project: the glossaries it was made or last opened with, if any) the folder
# ./glossaries when there is one; else none.
DEFAULT_GLOSSARIES = Path("glossaries")

glossary_option = click.option(
    "-g",
    "--glossary",
    "glossaries",
    multiple=True,
    metavar="PATH",
    type=click.Path(path_type=Path),
    help="Glossary file or folder (repeatable; layered in the order given). Default: the "
    "folder ./glossaries if there is one (a project keeps the glossaries it was made with).",
)
no_glossary_option = click.option(
    "--no-glossary",
    "no_glossary",
    is_flag=True,
    help="Use no glossary, not even ./glossaries (a project that exists keeps its own).",
)


def glossaries_or_default(
    given: tuple[Path, ...], *, no_glossary: bool = False
) -> tuple[Path, ...]:
    """The glossaries a command uses: ``given`` (``--glossary``), else ``./glossaries`` if
    that folder exists, else none; none at all with ``no_glossary``."""
    if no_glossary:
        if given:
            raise InputError("--glossary and --no-glossary cannot be used together")
        return ()
    if given:
        return given
    return (DEFAULT_GLOSSARIES,) if DEFAULT_GLOSSARIES.is_dir() else ()


def project_glossaries(
    article: Path | None,
    project: Path | None,
    given: tuple[Path, ...],
    *,
    no_glossary: bool = False,
) -> tuple[Path, ...]:
    """The rule for a command that opens an article's project (``edit``, ``record``):
    :func:`glossaries_or_default` for a new project; a project that exists keeps its own
    glossaries (none here) unless --glossary is given."""
    if given or no_glossary or article is None:
        return glossaries_or_default(given, no_glossary=no_glossary)
    from workbench.core.projects import default_project_path

    path = project if project is not None else default_project_path(article)
    return () if path.exists() else glossaries_or_default(given)


project_option = click.option(
    "--project",
    metavar="PATH",
    type=click.Path(path_type=Path),
    help="Project file (default: the article's project in the workbench data folder).",
)


class _MemoryLocation(click.ParamType[Path | str, Any]):
    """A memory file, or a team store's URL (``postgresql://...``), kept as text."""

    name = "memory"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Path | str:
        if isinstance(value, str) and value.startswith(("postgresql://", "postgres://")):
            return value
        return Path(value)


memory_option = click.option(
    "--memory",
    "memory_path",
    metavar="PATH|URL",
    type=_MemoryLocation(),
    help="The post-edit memory: a file or a team store's postgresql:// URL (default: the "
    "store, else the config file's 'memory' setting, else memory.wbmem in the workbench data "
    "folder).",
)
memory_or_store_option = click.option(
    "--memory",
    "--store",
    "memory_path",
    metavar="PATH|URL",
    type=_MemoryLocation(),
    help="The post-edit memory: a file, or a team store's postgresql:// URL (default: "
    "$WORKBENCH_DATABASE_URL, the settings' database, else the config file's 'memory' setting, "
    "else memory.wbmem in the workbench data folder).",
)
store_option = click.option(
    "--store",
    metavar="URL",
    envvar="WORKBENCH_DATABASE_URL",
    help="A team store (postgresql://user@host/db): projects are named there (--project "
    "NAME) and the memory is shared (default: $WORKBENCH_DATABASE_URL, else the settings' "
    "database). The password in the URL is never shown or stored.",
)
source_option = click.option(
    "--source",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="The source-language article (paired by segment, else by paragraph).",
)


_BCP47 = re.compile(r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$")


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """A BCP 47 language tag, kept exactly as given (``zh-CN`` stays ``zh-CN``)."""
    if value is None:
        return ""
    if not _BCP47.match(value):
        raise click.BadParameter(f"'{value}' is not a language tag such as en, de-DE or zh-Hans")
    return value


def source_lang_option(help_text: str) -> Callable[[Any], Any]:
    return click.option(
        "--source-lang", "source_lang", metavar="LANG", callback=_language, help=help_text
    )


def target_lang_option(help_text: str) -> Callable[[Any], Any]:
    return click.option(
        "--target-lang", "target_lang", metavar="LANG", callback=_language, help=help_text
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
