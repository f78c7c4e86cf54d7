"""Opening a store: the one place that knows which backend serves a location. Callers
(:class:`~workbench.core.session.Session`, :func:`~workbench.core.memory.open_memory`) get a
:class:`~workbench.core.storage.protocols.ProjectStorage` /
:class:`~workbench.core.storage.protocols.MemoryStorage` and never name a backend.

Today a location is a path to an SQLite file; a second backend adds its own branch here
(chosen by the location's form, e.g. a ``postgresql://`` URL) and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from workbench.core.document import Document
from workbench.core.model.project import CreationStep
from workbench.core.storage.protocols import MemoryStorage, ProjectStorage


def create_project(
    path: Path,
    document: Document,
    meta: Mapping[str, str],
    steps: Sequence[Sequence[CreationStep]],
    now: float,
) -> None:
    """Make a new project (atomically: it appears whole or not at all)."""
    from workbench.core.storage.project_store import ProjectStore

    ProjectStore.create(path, document, meta, steps, now)


def open_project(path: Path, *, read_only: bool = False) -> ProjectStorage:
    """Open a project for writing (one writer: others are refused) or for reading."""
    from workbench.core.storage.project_store import ProjectStore

    return ProjectStore.open(path, read_only=read_only)


def open_memory(path: Path, *, read_only: bool = False) -> MemoryStorage:
    """Open (or, for writing, create) a post-edit memory."""
    from workbench.core.storage.memory_store import MemoryStore

    return MemoryStore.open(path, read_only=read_only)
