"""Which store a command works on: a project file (the default) or a team store on a
PostgreSQL server (``--store URL``, ``$WORKBENCH_DATABASE_URL``, ``database`` in the
settings), where a project is named (``--project NAME``)."""

from __future__ import annotations

from pathlib import Path

from workbench.core.config import Config, load_config
from workbench.core.errors import InputError
from workbench.core.session import Session

SCHEMES = ("postgresql://", "postgres://")


def chosen_store(store: str | None, config: Config | None = None) -> str | None:
    """``--store`` (or ``$WORKBENCH_DATABASE_URL``), else the settings' ``database``."""
    if store is None:
        if config is None:
            config, _warnings = load_config()
        store = config.database
    if store is not None and not store.startswith(SCHEMES):
        raise InputError(f"--store: '{store}' is not a postgresql:// URL")
    return store


def project_name(project: Path | str | None, article: Path | None) -> str:
    """The name of a project in a team store: ``--project NAME``, else the article's name."""
    if project is not None:
        return str(project)
    if article is not None:
        return article.name
    raise InputError("name the project in the team store with --project NAME")


def open_named(store: str, name: str, *, read_only: bool = True) -> Session:
    """An existing project of the team store (``ProjectError`` when there is none)."""
    from workbench.app.team import open_team_project

    return open_team_project(store, name, read_only=read_only)
