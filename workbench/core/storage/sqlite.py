"""What both SQLite stores share: one atomic transaction, the project lock, fast frozen
rows, fsync of a path, chunks of SQL variables, many rows a statement. Only
:mod:`workbench.core.storage` speaks SQL."""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from workbench.core.errors import ProjectError
from workbench.core.storage.lockfile import open_lock_file, write_pid

SQLITE_HEADER = b"SQLite format 3\x00"


@contextlib.contextmanager
def atomic(
    conn: sqlite3.Connection,
    cannot_begin: Callable[[sqlite3.Error], Exception],
    not_saved: Callable[[sqlite3.Error], Exception],
) -> Iterator[sqlite3.Connection]:
    """One atomic change on ``conn`` (``BEGIN IMMEDIATE`` ... ``COMMIT``, durable with
    ``synchronous=FULL``), rolled back on any error; SQLite's errors become the caller's."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise cannot_begin(exc) from None
    try:
        yield conn
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise not_saved(exc) from None
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


class ProjectLock:
    """An exclusive, non-blocking lock on ``<project>.lock`` (released on close or death)."""

    def __init__(self, project: Path) -> None:
        self.path = project.with_name(project.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = open_lock_file(self.path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise ProjectError(
                f"{self.path.with_suffix('')}: the project is open in another workbench "
                f"process (pid {pid}); open it read-only or close the other one"
            ) from None
        write_pid(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


_T = TypeVar("_T")


def frozen_row(cls: type[_T], names: Sequence[str], values: Sequence[object]) -> _T:
    """A frozen dataclass row built without its ``__init__`` (which sets each field through
    ``object.__setattr__``): opening a book reads 50,000 rows of two of them. ``names`` must
    be every field of ``cls``, in any order."""
    return row_builder(cls, tuple(names))(values)


_BUILDERS: dict[tuple[type, tuple[str, ...]], Callable[[Sequence[object]], Any]] = {}


def row_builder(cls: type[_T], names: tuple[str, ...]) -> Callable[[Sequence[object]], _T]:
    """The function :func:`frozen_row` builds rows of ``cls`` with: its fields' values
    written straight into a new instance's ``__dict__``, or, for a dataclass with slots
    (``Segment``: a large article has many), through each slot's own descriptor, one
    statement per field (no loop, no attribute lookup by name)."""
    known = _BUILDERS.get((cls, names))
    if known is not None:
        return known
    scope: dict[str, object] = {"new": object.__new__, "cls": cls, "names": names}
    if "__dict__" in dir(cls):
        body = "    row.__dict__.update(zip(names, v))\n"
    else:
        body = ""
        for i, name in enumerate(names):
            scope[f"set{i}"] = cls.__dict__[name].__set__
            body += f"    set{i}(row, v[{i}])\n"
    exec(f"def build(v):\n    row = new(cls)\n{body}    return row\n", scope)
    build = cast(Callable[[Sequence[object]], _T], scope["build"])
    _BUILDERS[(cls, names)] = build
    return build


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


SQL_VARS = 500  # ids or terms per IN (...) list


def in_chunks(items: Sequence[Any], size: int = SQL_VARS) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


ROWS_PER_INSERT = 400  # rows of one multi-row INSERT (within SQLite's variables limit)


def insert_rows(
    conn: sqlite3.Connection, insert: str, rows: Sequence[Sequence[object]], width: int
) -> None:
    """``conn.executemany(insert + " VALUES (?, ...)", rows)`` for rows of ``width``
    columns, :data:`ROWS_PER_INSERT` rows a statement (one ``VALUES (...), (...), ...``):
    the same rows in the same order (rowids and ``AUTOINCREMENT`` values included) for
    about two thirds of the CPU time of a statement per row (a project's creation writes
    a book's rows at once)."""
    one = "(" + ", ".join("?" * width) + ")"
    # (an SQLite built before 3.32 allows 999 variables a statement)
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(ROWS_PER_INSERT, limit // width))
    whole = len(rows) - len(rows) % per
    if whole:
        statement = f"{insert} VALUES " + ", ".join([one] * per)
        flat = itertools.chain.from_iterable
        for i in range(0, whole, per):
            conn.execute(statement, list(flat(rows[i : i + per])))
    if whole < len(rows):
        conn.executemany(f"{insert} VALUES {one}", rows[whole:])


MEMORY_APPLICATION_ID = 0x57424D45  # "WBME": tells a memory from a project or another database


def is_project_file(path: Path | str) -> bool:
    """Whether ``path`` is an SQLite database (a project) rather than an article."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def versions(conn: sqlite3.Connection) -> tuple[int, int]:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    app = int(conn.execute("PRAGMA application_id").fetchone()[0])
    return version, app
