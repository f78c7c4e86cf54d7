"""Opening a store: the one place that knows which backend serves a location. Callers
(:class:`~workbench.core.session.Session`, :func:`~workbench.core.memory.open_memory`) get a
:class:`~workbench.core.storage.protocols.ProjectStorage` /
:class:`~workbench.core.storage.protocols.MemoryStorage` and never name a backend.

A location is a path to an SQLite file, or a ``postgresql://`` URL (a project on a server:
``URL#NAME``, see :func:`~workbench.core.storage.pg.project_location`), served by
:mod:`~workbench.core.storage.pg_project` and :mod:`~workbench.core.storage.pg_memory`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from workbench.core.document import Document
from workbench.core.model.project import CreationStep, OpenedProject
from workbench.core.storage.protocols import MemoryStorage, ProjectStorage

Location = Path | str  # a file, or a server URL


SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server(location: Location) -> bool:
    """Whether ``location`` is on a database server (a ``postgresql://`` URL). Told by the
    scheme alone: a project file never imports the server's driver (a third of a second)."""
    return isinstance(location, str) and location.startswith(SERVER_SCHEMES)


def _author() -> str:
    from workbench.core.config import load_config

    return load_config()[0].user


def create_project(
    path: Location,
    document: Document,
    meta: Mapping[str, str],
    steps: Sequence[Sequence[CreationStep]],
    now: float,
) -> OpenedProject | None:
    """Make a new project (atomically: it appears whole or not at all); what opening it
    would read, when the backend can tell without reading it again (a file)."""
    if isinstance(path, str) and is_server(path):
        from workbench.core.storage.pg_project import PostgresProjectStore

        PostgresProjectStore.create(path, document, meta, steps, now)
        return None
    from workbench.core.storage.project_store import ProjectStore

    return ProjectStore.create(Path(path), document, meta, steps, now)


def open_project(
    path: Location, *, read_only: bool = False, author: str | None = None
) -> ProjectStorage:
    """Open a project for writing (an SQLite file: one writer, others are refused; a
    server: many, each write checked against the segment's version) or for reading.
    ``author`` (on a server): who the edits are recorded for (default: the settings' user)."""
    if isinstance(path, str) and is_server(path):
        from workbench.core.storage.pg_project import PostgresProjectStore

        who = author if author is not None else _author()
        return PostgresProjectStore.open(path, read_only=read_only, author=who)
    from workbench.core.storage.project_store import ProjectStore

    return ProjectStore.open(Path(path), read_only=read_only)


def open_memory(path: Location, *, read_only: bool = False) -> MemoryStorage:
    """Open (or, for writing, create) a post-edit memory: a file or a server's."""
    if isinstance(path, str) and is_server(path):
        from workbench.core.storage.pg_memory import PostgresMemoryStore

        return PostgresMemoryStore.open(path, read_only=read_only)
    from workbench.core.storage.memory_store import MemoryStore

    return MemoryStore.open(Path(path), read_only=read_only)
