"""Every storage backend implements the storage protocols: statically (mypy checks the
assignments below, so a missing or mistyped method fails ``make test``) and at run time on
real stores."""

from __future__ import annotations

from pathlib import Path

from workbench.app.projects import open_article
from workbench.core.storage import backends
from workbench.core.storage.memory_store import MemoryStore
from workbench.core.storage.pg_memory import PostgresMemoryStore
from workbench.core.storage.pg_project import PostgresProjectStore
from workbench.core.storage.project_store import ProjectStore
from workbench.core.storage.protocols import MemoryStorage, ProjectStorage


def _static_project(store: ProjectStore) -> ProjectStorage:
    return store  # mypy: ProjectStore conforms to ProjectStorage


def _static_memory(store: MemoryStore) -> MemoryStorage:
    return store  # mypy: MemoryStore conforms to MemoryStorage


def _static_server_project(store: PostgresProjectStore) -> ProjectStorage:
    return store  # mypy: the PostgreSQL project store conforms too


def _static_server_memory(store: PostgresMemoryStore) -> MemoryStorage:
    return store  # (run-time conformance on a real server: tests/storage/test_pg_stores.py)


def test_sqlite_stores_conform_at_run_time(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("One sentence here. Another one there.\n", encoding="utf-8")
    with open_article(article) as session:
        path = session.project_path
    project = backends.open_project(path, read_only=True)
    try:
        assert isinstance(project, ProjectStorage)
        assert len(project.segments()) == 2
    finally:
        project.close()
    memory = backends.open_memory(tmp_path / "m.wbmem")
    try:
        assert isinstance(memory, MemoryStorage)
        assert memory.counts().units == 0
    finally:
        memory.close()
