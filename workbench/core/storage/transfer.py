"""Moving a project or a memory between an SQLite file and a PostgreSQL server, row for row:
the same segments, undo history, edit events (in the same order, with their word operations,
effort and statuses), visits, ignored findings, inline codes, origins, the original file and
the position; a memory's units with their ids, and its index. Nothing is recomputed, so HTER
and every figure come out the same on both sides.

Each copy is one transaction on the server; a file is written beside its final name and
renamed into place. The destination must not exist (a project name in the store, a file, or
a non-empty server memory): nothing is overwritten.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from workbench.core.errors import MemoryFileError, ProjectError
from workbench.core.storage.memory_store import MemoryStore
from workbench.core.storage.pg import Server, masked
from workbench.core.storage.project_store import MIGRATIONS, SCHEMA, SCHEMA_VERSION, ProjectStore
from workbench.core.storage.sqlite import fsync_path

# SQLite table -> its columns, in the order both sides share (the server adds ``project``).
PROJECT_TABLES: dict[str, tuple[str, ...]] = {
    "gaps": ("idx", "text"),
    "segments": (
        "idx", "id", "paragraph", "source", "mt", "pre", "target", "status", "note", "hist_pos",
        "mt_origin", "target_origin",
    ),
    "history": ("segment_id", "pos", "text", "origin"),
    "events": (
        "ts", "segment_id", "origin", "before", "after", "ops", "detail", "keystrokes",
        "active_ms", "status_before", "status_after", "author",
    ),
    "ignored_findings": ("segment_id", "check_id", "matched", "reason", "ts"),
    "visits": ("segment_id", "started", "ended", "active_ms", "first_edit_ms"),
    "codes": ("segment_id", "n", "char", "kind", "pair", "xml", "label", "nests", "data"),
    "origins": (
        "segment_id", "file", "unit", "unit_id", "part", "part_id", "unit_name", "groups", "notes"
    ),
}  # fmt: skip
_ORDER = {"events": "seq", "gaps": "idx", "segments": "idx", "history": "segment_id, pos"}
MEMORY_UNIT_COLUMNS = (
    "id", "key", "source", "mt", "target", "source_lang", "target_lang", "project", "article",
    "segment_id", "who", "ts", "origin", "mt_norm", "src_norm", "mt_hash", "src_hash",
    "ctx_mt", "ctx_src", "codes",
)  # fmt: skip


@dataclass(frozen=True)
class ProjectRows:
    """A whole project as rows: meta, the original bytes, the position, and each table."""

    meta: dict[str, str]
    original: bytes
    current: int
    tables: dict[str, list[tuple[Any, ...]]]

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))


# --- SQLite side ------------------------------------------------------------------------------
def read_project_file(path: Path) -> ProjectRows:
    """Every row of a project file (upgraded to the current schema first)."""
    ProjectStore.open(path).close()  # refuses what is not a project; migrates an old one
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        row = conn.execute("SELECT data FROM original WHERE id = 0").fetchone()
        current = conn.execute("SELECT value FROM state WHERE key = 'current'").fetchone()
        tables = {
            name: conn.execute(
                f"SELECT {', '.join(cols)} FROM {name} ORDER BY {_ORDER.get(name, 'rowid')}"
            ).fetchall()
            for name, cols in PROJECT_TABLES.items()
        }
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot read the project ({exc})") from None
    finally:
        conn.close()
    return ProjectRows(meta, b"" if row is None else bytes(row[0]), int(current[0] or 0), tables)


def write_project_file(path: Path, rows: ProjectRows) -> None:
    """A new project file holding ``rows`` (refused if ``path`` exists)."""
    if path.exists():
        raise ProjectError(f"{path}: exists already; copy to a new file")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.copying")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("PRAGMA synchronous=FULL")
            conn.executescript(SCHEMA + "".join(MIGRATIONS.values()))
            conn.execute("BEGIN")
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(rows.meta.items()))
            for name, cols in PROJECT_TABLES.items():
                marks = ", ".join("?" * len(cols))
                conn.executemany(
                    f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({marks})",
                    rows.tables.get(name, []),
                )
            if rows.original:
                conn.execute("INSERT INTO original VALUES (0, ?)", (rows.original,))
            conn.execute("INSERT INTO state VALUES ('current', ?)", (str(rows.current),))
            conn.execute("COMMIT")
        finally:
            conn.close()
        fsync_path(tmp)
        os.replace(tmp, path)
        fsync_path(path.parent)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ProjectError(f"{path}: cannot write the project ({exc})") from None


# --- server side ------------------------------------------------------------------------------
def read_project_server(url: str, name: str) -> ProjectRows:
    server = Server(url, read_only=True)

    def work(conn: psycopg.Connection[Any]) -> ProjectRows:
        got = conn.execute(
            "SELECT id, original, current_idx FROM projects WHERE name = %s", (name,)
        ).fetchone()
        if got is None:
            raise ProjectError(f"{masked(url)}: no project named '{name}'")
        pid = got[0]
        meta = dict(conn.execute("SELECT key, value FROM project_meta WHERE project = %s", (pid,)))
        tables = {
            table: conn.execute(
                f"SELECT {', '.join(cols)} FROM {table} WHERE project = %s"
                f" ORDER BY {_ORDER.get(table, ', '.join(cols[:2]))}",
                (pid,),
            ).fetchall()
            for table, cols in PROJECT_TABLES.items()
        }
        return ProjectRows(meta, bytes(got[1]), int(got[2]), tables)

    try:
        return server.run("cannot read the project", work)  # type: ignore[no-any-return]
    finally:
        server.close()


def write_project_server(url: str, name: str, rows: ProjectRows) -> None:
    """Project ``name`` in the store at ``url``, holding ``rows`` (refused if it exists)."""
    server = Server(url)

    def work(conn: psycopg.Connection[Any]) -> None:
        got = conn.execute(
            "INSERT INTO projects (name, original, current_idx) VALUES (%s, %s, %s)"
            " ON CONFLICT (name) DO NOTHING RETURNING id",
            (name, rows.original, rows.current),
        ).fetchone()
        if got is None:
            raise ProjectError(f"{masked(url)}: a project named '{name}' exists already")
        pid = got[0]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO project_meta VALUES (%s, %s, %s)",
                [(pid, k, v) for k, v in sorted(rows.meta.items())],
            )
            for table, cols in PROJECT_TABLES.items():
                with cur.copy(f"COPY {table} (project, {', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows.tables.get(table, []):
                        copy.write_row((pid, *row))

    try:
        server.run(f"cannot copy project '{name}'", work)
    finally:
        server.close()


# --- memories ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemoryRows:
    units: list[tuple[Any, ...]]
    terms: list[tuple[Any, ...]]
    postings: list[tuple[Any, ...]]
    next_id: int


def read_memory_file(path: Path) -> MemoryRows:
    MemoryStore.open(path).close()  # refuses what is not a memory; upgrades an old one
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        units = conn.execute(
            f"SELECT {', '.join(MEMORY_UNIT_COLUMNS)} FROM units ORDER BY id"
        ).fetchall()
        terms = conn.execute("SELECT term, df, chunks FROM terms").fetchall()
        postings = conn.execute("SELECT term, chunk, ids FROM postings").fetchall()
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'units'").fetchone()
    except sqlite3.Error as exc:
        raise MemoryFileError(f"{path}: cannot read the memory ({exc})") from None
    finally:
        conn.close()
    return MemoryRows(units, terms, postings, (int(seq[0]) if seq else 0) + 1)


def write_memory_file(path: Path, rows: MemoryRows) -> None:
    if path.exists():
        raise MemoryFileError(f"{path}: exists already; copy to a new file")
    MemoryStore.open(path).close()  # the schema, made as the memory makes it
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN IMMEDIATE")
        marks = ", ".join("?" * len(MEMORY_UNIT_COLUMNS))
        conn.executemany(
            f"INSERT INTO units ({', '.join(MEMORY_UNIT_COLUMNS)}) VALUES ({marks})", rows.units
        )
        conn.executemany("INSERT INTO terms VALUES (?, ?, ?)", rows.terms)
        conn.executemany("INSERT INTO postings VALUES (?, ?, ?)", rows.postings)
        conn.execute("DELETE FROM sqlite_sequence WHERE name = 'units'")
        conn.execute("INSERT INTO sqlite_sequence VALUES ('units', ?)", (rows.next_id - 1,))
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.close()
        path.unlink(missing_ok=True)
        raise MemoryFileError(f"{path}: cannot write the memory ({exc})") from None
    conn.close()


def read_memory_server(url: str) -> MemoryRows:
    server = Server(url, read_only=True)

    def work(conn: psycopg.Connection[Any]) -> MemoryRows:
        units = conn.execute(
            f"SELECT {', '.join(MEMORY_UNIT_COLUMNS)} FROM memory_units ORDER BY id"
        ).fetchall()
        terms = conn.execute("SELECT term, df, chunks FROM memory_terms").fetchall()
        postings = [
            (t, c, bytes(i))
            for t, c, i in conn.execute("SELECT term, chunk, ids FROM memory_postings")
        ]
        got = conn.execute("SELECT value FROM memory_meta WHERE key = 'next_id'").fetchone()
        return MemoryRows(units, terms, postings, int(got[0]) if got else 1)

    try:
        return server.run("cannot read the memory", work)  # type: ignore[no-any-return]
    finally:
        server.close()


def write_memory_server(url: str, rows: MemoryRows) -> None:
    """Fill the store's memory with ``rows`` (refused unless it is empty)."""
    server = Server(url)

    def work(conn: psycopg.Connection[Any]) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (0x57424D57,))
        got = conn.execute("SELECT COUNT(*) FROM memory_units").fetchone()
        if got is not None and got[0]:
            raise MemoryFileError(
                f"{masked(url)}: the store's memory is not empty; copy into an empty store"
            )
        conn.execute("DELETE FROM memory_terms")
        conn.execute("DELETE FROM memory_postings")
        with conn.cursor() as cur:
            for table, cols, data in (
                ("memory_units", MEMORY_UNIT_COLUMNS, rows.units),
                ("memory_terms", ("term", "df", "chunks"), rows.terms),
                ("memory_postings", ("term", "chunk", "ids"), rows.postings),
            ):
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in data:
                        copy.write_row(row)
            cur.execute(
                "UPDATE memory_meta SET value = %s WHERE key = 'next_id'", (str(rows.next_id),)
            )

    try:
        server.run("cannot copy the memory", work)
    finally:
        server.close()


def counts(rows: ProjectRows, tables: Sequence[str] = tuple(PROJECT_TABLES)) -> dict[str, int]:
    return {t: rows.count(t) for t in tables}
