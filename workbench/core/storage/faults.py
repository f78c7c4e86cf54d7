"""SQLite databases (projects, the memory) under faults: read-only file systems, full disks,
damaged files. The stores call these so that each fault is one clear line for the user.

* :func:`connect_read_only` opens a database for reading even where SQLite cannot create
  the ``-shm`` file a WAL database needs (a read-only file system, a folder without write
  permission, a full disk): then, when there is no ``-wal`` (no connection has the
  database open for writing), the file is opened ``immutable``.
* :func:`why_not_writable` says why a file cannot be written: a read-only file system, or
  permissions (root ignores permissions, not a read-only mount).
* :func:`fault` names what an SQLite error means for the user: a damaged file, a full disk,
  a read-only file system, or ``None`` for anything else.
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from workbench.core.errors import ProjectError

_DAMAGED = (
    "malformed",
    "not a database",
    "could not decode",
    "file is encrypted",
    "disk image",
    "corrupt",
)


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{urllib.parse.quote(str(path.resolve()))}?{query}"


def read_only_file_system(path: Path) -> bool:
    """Whether ``path`` (or its folder, when it does not exist) is on a read-only mount."""
    for p in (path, path.parent):
        try:
            return bool(os.statvfs(p).f_flag & os.ST_RDONLY)
        except OSError:
            continue
    return False


def why_not_writable(path: Path) -> str | None:
    """Why the file at ``path`` (and the files SQLite makes beside it) cannot be written,
    in a few words, or None when it can."""
    if read_only_file_system(path):
        return "read-only file system"
    if path.exists() and not os.access(path, os.W_OK):
        return "no write permission on the file"
    if not os.access(path.parent, os.W_OK):
        return "no write permission on its folder"
    return None


def _has_log(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def connect_read_only(path: Path, **kwargs: Any) -> sqlite3.Connection:
    """A read-only connection to the database at ``path`` (``mode=ro``); where that cannot
    open (no ``-shm`` can be made beside it) and no ``-wal`` holds changes, ``immutable``.
    The first read happens here, so that an unopenable file fails here."""
    conn: sqlite3.Connection = sqlite3.connect(_uri(path, mode="ro"), uri=True, **kwargs)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        text = str(exc).lower()
        cannot_open = any(w in text for w in ("unable to open", "readonly", "disk i/o error"))
        if not cannot_open or _has_log(path):
            raise
    conn = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True, **kwargs)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def fault(exc: BaseException) -> str | None:
    """What an error from SQLite (or the OS below it) means, for a message: ``"damaged"``
    wording, a full disk, a read-only file system; None for anything else."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "the disk is full"
        if exc.errno == errno.EROFS:
            return "read-only file system"
        return None
    text = str(exc).lower()
    if isinstance(exc, sqlite3.DatabaseError):
        if "disk is full" in text or getattr(exc, "sqlite_errorcode", 0) == 13:
            return "the disk is full"
        if "readonly" in text or "read-only" in text:
            return "read-only file system or no write permission"
        if any(word in text for word in _DAMAGED):
            return "the file is damaged"
    return None


def disk_full(path: Path) -> bool:
    """Whether the file system of ``path`` has (almost) no room left."""
    try:
        st = os.statvfs(path.parent)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def damaged(path: Path, exc: sqlite3.DatabaseError, what: str = "project") -> str:
    """The one line for a database that cannot be read because its file is damaged (or
    another fault of :func:`fault`); SQLite's own words kept short."""
    reason = fault(exc)
    if reason is None and "i/o error" in str(exc).lower() and disk_full(path):
        reason = "the disk is full"
    detail = " ".join(str(exc).split())[:80]
    if reason == "the file is damaged":
        return (
            f"{path}: the {what} file is damaged and cannot be read ({detail}); restore it "
            "from a backup"
        )
    return f"{path}: cannot use the {what} ({reason or detail})"


class WalWatch:
    """Notices the ``-wal`` of a database deleted or replaced under an open connection.

    SQLite keeps writing to the log it opened: when another program deletes the file, each
    commit goes to a file without a name, and a crash loses it. The first :meth:`intact`
    after a commit remembers which file the log is; later calls say whether it is still there.
    """

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + "-wal")
        self._identity: tuple[int, int] | None = None

    def _current(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def intact(self) -> bool:
        now = self._current()
        if self._identity is None:
            self._identity = now
            return now is not None
        return now == self._identity


_F = TypeVar("_F", bound=Callable[..., Any])


def project_reads(method: _F) -> _F:
    """A reading method of a project store (``self.path``): SQLite's errors on a damaged
    file become one :class:`~workbench.core.errors.ProjectError` line naming the file."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise ProjectError(damaged(self.path, exc)) from None

    return cast(_F, wrapper)
