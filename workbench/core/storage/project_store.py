"""One SQLite database per project (:class:`ProjectStore`): segments, undo history, edit
events, visits, inline codes, the original file.

* ``journal_mode=WAL`` and ``synchronous=FULL``: a transaction that returned from
  ``COMMIT`` survives ``kill -9`` and power loss.
* Every change is one transaction: the segment row, its undo history and the edit event are
  written together or not at all (:meth:`ProjectStore.record`).
* A new project is built in a temporary file beside the final one and renamed into place,
  so a crash while creating leaves no half-made project.
* One writer: an exclusive ``flock`` on ``<project>.lock`` is held while a project is open
  for writing; a second writer is refused (read-only opening needs no lock).
* An event's word operations follow from its texts (``edits.word_ops(before, after)``);
  the events written when a project is made store ``""`` and get them when read, so
  making a book's project does not diff every glossary fix up front.

Rows come back as the frozen dataclasses of :mod:`workbench.core.model.project`; the
connection is private. What a change *means* (statuses, undo, what counts as an edit) is
:class:`~workbench.core.session.Session`'s business; this module only stores what it is given.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from workbench.core.document import Document, Segment, SegmentOrigin, UnitGroup
from workbench.core.edits import EditEvent, Origin, Status, WordOp, word_ops
from workbench.core.errors import ProjectError
from workbench.core.inline_codes import CodeKind, InlineCode
from workbench.core.leftovers import creating_path, remove_leftovers
from workbench.core.model.project import (
    Change,
    CreationStep,
    Effort,
    OpenedProject,
    ProjectInfo,
    SegmentState,
    StoredSegment,
    Visit,
)
from workbench.core.provenance import PROVENANCES, Provenance, of_text
from workbench.core.storage.faults import (
    WalWatch,
    connect_read_only,
    damaged,
    disk_full,
    fault,
    project_reads,
    why_not_writable,
)
from workbench.core.storage.lazy_rows import LazyRows
from workbench.core.storage.sqlite import (
    MEMORY_APPLICATION_ID,
    ProjectLock,
    atomic,
    fsync_path,
    insert_rows,
    is_project_file,
    row_builder,
    versions,
)

# 2: visits. 3: inline codes, where each segment came from in a bilingual file, the
# file's bytes. 4: who made each edit (``workbench serve`` users). 5: where each target and
# undo step came from (MT, the file, the memory, the translator: ``core/provenance.py``); a
# unit's name, groups and notes one by one.
SCHEMA_VERSION = 5

_PROVENANCE: dict[object, Provenance] = {p: p for p in PROVENANCES}  # stored word -> itself

_EVENTS_INDEX = "CREATE INDEX events_segment ON events (segment_id, seq)"
# (a new project's creation makes the index after writing its events: _SCHEMA_NEW)
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE gaps (idx INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE segments (
    idx INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    paragraph INTEGER NOT NULL,
    source TEXT,
    mt TEXT NOT NULL,
    pre TEXT NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'draft', 'confirmed')),
    note TEXT NOT NULL DEFAULT '',
    hist_pos INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE history (
    segment_id TEXT NOT NULL,
    pos INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (segment_id, pos)
);
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    segment_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    ops TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    keystrokes INTEGER NOT NULL DEFAULT 0,
    active_ms INTEGER NOT NULL DEFAULT 0,
    status_before TEXT,
    status_after TEXT
);
{events_index};
CREATE TABLE ignored_findings (
    segment_id TEXT NOT NULL,
    check_id TEXT NOT NULL,
    matched TEXT NOT NULL,
    reason TEXT NOT NULL,
    ts REAL NOT NULL,
    PRIMARY KEY (segment_id, check_id, matched)
);
CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
SCHEMA = _SCHEMA.format(events_index=_EVENTS_INDEX)
# Each schema version's additions, applied in order to an older project opened for writing.
MIGRATIONS: dict[int, str] = {
    2: """
CREATE TABLE visits (
    segment_id TEXT NOT NULL,
    started REAL NOT NULL,
    ended REAL NOT NULL,
    active_ms INTEGER NOT NULL,
    first_edit_ms INTEGER,
    PRIMARY KEY (segment_id, started)
);
""",
    3: """
CREATE TABLE codes (
    segment_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    char TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('open', 'close', 'standalone')),
    pair TEXT NOT NULL,
    xml TEXT NOT NULL,
    label TEXT NOT NULL,
    nests INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (segment_id, n)
);
CREATE TABLE origins (
    segment_id TEXT PRIMARY KEY,
    file INTEGER NOT NULL,
    unit INTEGER NOT NULL,
    unit_id TEXT NOT NULL,
    part INTEGER NOT NULL,
    part_id TEXT NOT NULL
);
CREATE TABLE original (id INTEGER PRIMARY KEY CHECK (id = 0), data BLOB NOT NULL);
""",
    4: """
ALTER TABLE events ADD COLUMN author TEXT NOT NULL DEFAULT '';
""",
    5: """
ALTER TABLE segments ADD COLUMN mt_origin TEXT NOT NULL DEFAULT '';
ALTER TABLE segments ADD COLUMN target_origin TEXT NOT NULL DEFAULT '';
ALTER TABLE history ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE origins ADD COLUMN unit_name TEXT NOT NULL DEFAULT '';
ALTER TABLE origins ADD COLUMN groups TEXT NOT NULL DEFAULT '';
ALTER TABLE origins ADD COLUMN notes TEXT NOT NULL DEFAULT '';
""",
}


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    try:
        if read_only:
            conn = connect_read_only(path, isolation_level=None)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        return conn
    except sqlite3.DatabaseError as exc:
        if fault(exc) is not None or disk_full(path):
            raise ProjectError(damaged(path, exc)) from None
        raise ProjectError(f"{path}: not a usable project database ({exc})") from None


def ops_to_json(ops: Sequence[WordOp]) -> str:
    """The operations as JSON objects, fields in declaration order (what ``asdict`` gives,
    without its deep copies: a book's creation writes tens of thousands of these)."""
    return json.dumps(
        [
            {
                "tag": op.tag,
                "a_start": op.a_start,
                "a_end": op.a_end,
                "b_start": op.b_start,
                "b_end": op.b_end,
                "a": op.a,
                "b": op.b,
            }
            for op in ops
        ],
        ensure_ascii=False,
    )


def ops_from_json(text: str) -> tuple[WordOp, ...]:
    return tuple(WordOp(**item) for item in json.loads(text))


_EVENT_COLUMNS = (
    "seq, ts, segment_id, origin, before, after, ops, detail, keystrokes, active_ms,"
    " status_before, status_after"
)
_INSERT_EVENT = (
    "INSERT INTO events (ts, segment_id, origin, before, after, ops, detail, keystrokes,"
    " active_ms, status_before, status_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_AUTHORED_EVENT = (
    "INSERT INTO events (ts, segment_id, origin, before, after, ops, detail, keystrokes,"
    " active_ms, status_before, status_after, author)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _read_only_error(path: Path, why: str) -> ProjectError:
    return ProjectError(
        f"{path}: the project cannot be written ({why}); open it with --read-only to read it"
    )


def _check_writable(path: Path) -> None:
    """Refuse at once a project the user cannot write (file or folder permissions), rather
    than failing at the first save with the translator's text on screen."""
    why = why_not_writable(path)
    if why is not None:
        raise _read_only_error(path, why)


def _probe_write(conn: sqlite3.Connection, path: Path) -> None:
    """A write transaction that changes nothing: a read-only file system or a database
    SQLite opened read-only is refused here, before the editor opens."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        conn.close()
        raise _read_only_error(path, str(exc)) from None


def _migrate(conn: sqlite3.Connection, version: int, path: Path) -> None:
    """Bring an older project up to :data:`SCHEMA_VERSION`, in one transaction."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target].split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        conn.close()
        raise ProjectError(f"{path}: cannot upgrade the project ({exc})") from None


class ProjectStore:
    """One project database. Open with :meth:`open`, make one with :meth:`create`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: ProjectLock | None) -> None:
        self.path = path
        self._conn = conn
        self._lock = lock
        self._wal = WalWatch(path)
        self._broken = False

    # --- creating and opening ----------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        document: Document,
        meta: Mapping[str, str],
        steps: Sequence[Sequence[CreationStep]],
        now: float,
    ) -> OpenedProject:
        """Write a new project atomically (temp file, then rename); what opening it reads
        (:meth:`opened`), from the rows written.

        ``steps`` holds, per segment, the changes made on creation, in order: automatic
        glossary fixes (the last one's text is ``pre``), then possibly an ``import`` step (a
        target carried by a bilingual file, which makes the segment a draft, or keeps the
        status the file gave it). Each is an event and an undo step.
        """
        tmp = creating_path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(path)
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            conn = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=DELETE")
                # no fsync per commit: the file is fsynced whole before it is renamed into
                # place (a crash before leaves a temporary file, removed on the next try)
                conn.execute("PRAGMA synchronous=OFF")
                # the CHECKs of a status or a code's kind are made in Python as the rows are
                # (_insert_document): SQLite rebuilds an IN list per row, a third of the
                # time of writing a book's segments
                conn.execute("PRAGMA ignore_check_constraints=ON")
                # the tables in the same transaction as the rows (not one commit each)
                # (the events' index is made after the events: _insert_document)
                schema = _SCHEMA.format(events_index="")
                conn.executescript("BEGIN;\n" + schema + "".join(MIGRATIONS.values()))
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                rows, events = _insert_document(conn, document, meta, steps, now)
                codes, origins = _read_codes(conn), _read_origins(conn)  # as they read back
                all_meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
                conn.execute("COMMIT")
            finally:
                conn.close()
            fsync_path(tmp)
            os.replace(tmp, path)
            fsync_path(path.parent)
        except (OSError, sqlite3.Error) as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise ProjectError(f"{path}: cannot create the project ({exc})") from None

        def made() -> Document:
            doc_rows = ((r[1], r[2], r[4], r[3], r[8], r[10]) for r in rows)
            return cls._document(
                all_meta, document.gaps, doc_rows, codes, origins, document.original
            )

        return OpenedProject(
            states=LazyRows(rows, cls._state_builder(codes)),
            hist_pos=cast(list[int], [r[9] for r in rows]),
            index=dict(zip(cast(list[str], [r[1] for r in rows]), range(len(rows)), strict=True)),
            document=made,
            token=f"{meta['created']}:{events}" if "created" in meta else "",
        )

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> ProjectStore:
        if not path.exists():
            raise ProjectError(f"{path}: no such project")
        if not is_project_file(path):
            raise ProjectError(f"{path}: not a workbench project (not an SQLite database)")
        lock = None
        if not read_only:
            _check_writable(path)
            lock = ProjectLock(path)
            lock.acquire()
        try:
            conn = _connect(path, read_only=read_only)
            version, app = versions(conn)
            if app == MEMORY_APPLICATION_ID:
                conn.close()
                raise ProjectError(f"{path}: is a workbench memory, not a project")
            if version > SCHEMA_VERSION or version < 1:
                conn.close()
                raise ProjectError(
                    f"{path}: project schema {version} is not supported by this version "
                    f"of workbench (it reads 1 to {SCHEMA_VERSION})"
                )
            if version < SCHEMA_VERSION and not read_only:
                _migrate(conn, version, path)
            if not read_only:
                _probe_write(conn, path)
        except sqlite3.DatabaseError as exc:
            if lock is not None:
                lock.release()
            raise ProjectError(damaged(path, exc)) from None
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(path, conn, lock)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic, durable change: committed (fsynced) on exit, rolled back on error."""
        if self._broken:
            raise ProjectError(
                f"{self.path}: NOT SAVED: the project's -wal file was deleted while it was "
                "open; close and reopen the project"
            )
        with atomic(
            self._conn,
            lambda exc: ProjectError(f"{self.path}: cannot write ({exc})"),
            lambda exc: ProjectError(f"{self.path}: the change was not saved ({exc})"),
        ) as conn:
            yield conn
        if not self._wal.intact():
            raise self._wal_lost()

    def _wal_lost(self) -> ProjectError:
        """The project's ``-wal`` was deleted (or replaced) by another program while open:
        commits went to a file without a name, which a crash would lose. They are copied
        into the project file at once (SQLite still reads the log it opened); the user is
        told to reopen the project, and nothing more is written to it."""
        try:
            busy, _, _ = self._conn.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
            kept = "copied into the project file" if busy == 0 else "possibly lost"
        except sqlite3.Error:
            kept = "possibly lost"
        self._broken = True
        return ProjectError(
            f"{self.path}: NOT SAVED: the project's -wal file was deleted by another program "
            f"while it was open (the changes so far were {kept}); close and reopen the project"
        )

    def transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """One atomic change for tables other storage modules keep in the project (the
        review's, :mod:`workbench.core.storage.review_store`)."""
        return self._transaction()

    @property
    def connection(self) -> sqlite3.Connection:
        """The connection, for reading tables other storage modules keep in the project."""
        return self._conn

    # --- reading -----------------------------------------------------------------------------
    def _meta(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM meta").fetchall())

    @project_reads
    def info(self) -> ProjectInfo:
        meta = self._meta()
        return ProjectInfo(
            article=Path(meta["article"]) if meta.get("article") else None,
            article_sha256=meta.get("article_sha256"),
            glossaries=tuple(json.loads(meta.get("glossaries", "[]"))),
        )

    @project_reads
    def codes(self) -> dict[str, tuple[InlineCode, ...]]:
        """The inline codes of every segment that has some, by segment id."""
        if not self._has_table("codes"):
            return {}  # a project made before inline codes, opened read-only
        return _read_codes(self._conn)

    @project_reads
    def origins(self) -> dict[str, SegmentOrigin]:
        """Where each segment of a bilingual file came from, by segment id."""
        if not self._has_table("origins"):
            return {}
        return _read_origins(self._conn, notes=self._has_column("origins", "notes"))

    @project_reads
    def original(self) -> bytes:
        """The bytes of the bilingual file the project was made from (``b""`` for an
        article: its document is its own original)."""
        if not self._has_table("original"):
            return b""
        row = self._conn.execute("SELECT data FROM original WHERE id = 0").fetchone()
        return b"" if row is None else bytes(row[0])

    def _gaps(self) -> tuple[str, ...]:
        return tuple(r[0] for r in self._conn.execute("SELECT text FROM gaps ORDER BY idx"))

    @staticmethod
    def _document(
        meta: Mapping[str, str],
        gaps: tuple[str, ...],
        rows: Iterable[Sequence[Any]],
        codes: Mapping[str, tuple[InlineCode, ...]],
        origins: Mapping[str, SegmentOrigin],
        original: bytes,
    ) -> Document:
        """The document of ``rows`` (id, paragraph, mt, source, note, mt_origin)."""
        names = (
            "id", "paragraph", "text", "source", "note", "mt_origin", "target", "status",
            "codes", "origin",
        )  # fmt: skip
        build = row_builder(Segment, names)
        provenance = _PROVENANCE.get
        segments = tuple(
            build((*r[:5], provenance(r[5], ""), None, None, codes.get(r[0], ()),
                   origins.get(r[0])))
            for r in rows
        )  # fmt: skip
        return Document(
            name=meta.get("name", ""),
            segments=segments,
            gaps=gaps,
            bom=meta.get("bom") == "1",
            newline=meta.get("newline", "\n"),
            format=meta.get("format", "txt"),
            source_language=meta.get("source_language", ""),
            target_language=meta.get("target_language", ""),
            original=original,
            files=tuple(json.loads(meta.get("files", "[]"))),
            notices=tuple(json.loads(meta.get("notices", "[]"))),
        )

    @project_reads
    def document(self) -> Document:
        mt_origin = "mt_origin" if self._has_column("segments", "mt_origin") else "''"
        rows = self._conn.execute(
            f"SELECT id, paragraph, mt, source, note, {mt_origin} FROM segments ORDER BY idx"
        )
        return self._document(
            self._meta(), self._gaps(), rows, self.codes(), self.origins(), self.original()
        )

    def _segment_columns(self) -> str:
        origins = (
            "mt_origin, target_origin"
            if self._has_column("segments", "target_origin")
            else "'', ''"
        )
        return (
            "SELECT idx, id, paragraph, source, mt, pre, target, status, note, hist_pos,"
            f" {origins} FROM segments ORDER BY idx"
        )

    @staticmethod
    def _state_builder(
        codes: Mapping[str, tuple[InlineCode, ...]],
    ) -> Callable[[Sequence[Any]], SegmentState]:
        """A segment row (:meth:`_segment_columns`) -> its state."""
        names = (
            "index", "id", "paragraph", "source", "mt", "pre", "target", "status", "note", "codes",
            "mt_origin", "target_origin",
        )  # fmt: skip
        state = row_builder(SegmentState, names)
        provenance = _PROVENANCE.get

        def build(r: Sequence[Any]) -> SegmentState:
            return state(
                (*r[:9], codes.get(r[1], ()), provenance(r[10], ""), provenance(r[11], ""))
            )

        return build  # fmt: skip

    @project_reads
    def segments(self) -> list[StoredSegment]:
        state = self._state_builder(self.codes())
        stored = row_builder(StoredSegment, ("state", "hist_pos"))
        return [stored((state(r), r[9])) for r in self._conn.execute(self._segment_columns())]

    def _token(self) -> str:
        """What tells this project from another made at the same path, and from itself
        after a change: its creation time and its last event (every change writes one)."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'created'").fetchone()
        (last,) = self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()
        return f"{row[0]}:{last}" if row is not None else ""

    @project_reads
    def opened(self, created: OpenedProject | None = None) -> OpenedProject:
        """Every segment row read in one query, made into states as they are first read;
        the document made from the same rows when first asked for. ``created``: what
        :meth:`create` returned, taken instead while the project is as it was made."""
        if created is not None and created.token and created.token == self._token():
            return created
        codes = self.codes()
        rows = self._conn.execute(self._segment_columns()).fetchall()
        meta, gaps, origins, original = self._meta(), self._gaps(), self.origins(), self.original()

        def document() -> Document:
            return self._document(
                meta,
                gaps,
                ((r[1], r[2], r[4], r[3], r[8], r[10]) for r in rows),
                codes,
                origins,
                original,
            )

        return OpenedProject(
            states=LazyRows(rows, self._state_builder(codes)),
            hist_pos=[r[9] for r in rows],
            index={r[1]: r[0] for r in rows},
            document=document,
        )

    @project_reads
    def events(self, segment_id: str | None = None, *, ops: bool = True) -> list[EditEvent]:
        """The edit log, oldest first (``ops=False``: without each edit's word operations,
        left empty, for a reader that does not show them: they take most of the reading)."""
        columns = _EVENT_COLUMNS + (", author" if self._has_column("events", "author") else "")
        sql = f"SELECT {columns} FROM events"
        if segment_id is None:
            cur = self._conn.execute(sql + " ORDER BY seq")
        else:
            cur = self._conn.execute(sql + " WHERE segment_id = ? ORDER BY seq", (segment_id,))
        return [
            EditEvent(
                seq=r[0],
                ts=r[1],
                segment_id=r[2],
                origin=cast(Origin, r[3]),
                before=r[4],
                after=r[5],
                ops=(ops_from_json(r[6]) if r[6] else word_ops(r[4], r[5])) if ops else (),
                detail=r[7],
                keystrokes=r[8],
                active_ms=r[9],
                status_before=cast("Status | None", r[10]),
                status_after=cast("Status | None", r[11]),
                author=r[12] if len(r) > 12 else "",
            )
            for r in cur
        ]

    @project_reads
    def history_len(self, segment_id: str) -> int:
        row = self._conn.execute(
            "SELECT COUNT(*) FROM history WHERE segment_id = ?", (segment_id,)
        ).fetchone()
        return int(row[0])

    @project_reads
    def history_text(self, segment_id: str, pos: int) -> str | None:
        row = self._conn.execute(
            "SELECT text FROM history WHERE segment_id = ? AND pos = ?", (segment_id, pos)
        ).fetchone()
        return None if row is None else str(row[0])

    @project_reads
    def history_origin(self, segment_id: str, pos: int) -> Provenance:
        """Where the text of an undo step came from (``""``: not known)."""
        if not self._has_column("history", "origin"):
            return ""
        row = self._conn.execute(
            "SELECT origin FROM history WHERE segment_id = ? AND pos = ?", (segment_id, pos)
        ).fetchone()
        return "" if row is None else of_text(row[0])

    @project_reads
    def current(self) -> int:
        """The index of the segment the translator was on."""
        row = self._conn.execute("SELECT value FROM state WHERE key = 'current'").fetchone()
        return 0 if row is None else int(row[0])

    @project_reads
    def effort(self) -> dict[str, Effort]:
        """Keystrokes and active milliseconds per segment, summed over the edit log."""
        return {
            sid: Effort(int(keys or 0), int(ms or 0))
            for sid, keys, ms in self._conn.execute(
                "SELECT segment_id, SUM(keystrokes), SUM(active_ms) FROM events GROUP BY segment_id"
            )
        }

    def _has_column(self, table: str, column: str) -> bool:
        """Whether ``table`` has ``column`` (a project opened read-only keeps its schema)."""
        return any(r[1] == column for r in self._conn.execute(f"PRAGMA table_info({table})"))

    def _has_table(self, name: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    @project_reads
    def visits(self) -> list[Visit]:
        """Every recorded visit, oldest first (none in a project made before visits)."""
        if not self._has_table("visits"):
            return []
        return [
            Visit(r[0], r[1], r[2], r[3], r[4])
            for r in self._conn.execute(
                "SELECT segment_id, started, ended, active_ms, first_edit_ms FROM visits"
                " ORDER BY started"
            )
        ]

    @project_reads
    def ignored_findings(self) -> dict[tuple[str, str, str], str]:
        """QA findings ignored by the translator: (segment id, check id, matched) -> reason."""
        return {
            (r[0], r[1], r[2]): r[3]
            for r in self._conn.execute(
                "SELECT segment_id, check_id, matched, reason FROM ignored_findings"
            )
        }

    # --- writing (each method is one durable transaction) ------------------------------------
    def record(self, changes: Sequence[Change]) -> None:
        """Write changes, each with its undo history step and its edit event, atomically."""
        now = time.time()
        with self._transaction() as conn:
            for c in changes:
                if c.history == "push":
                    conn.execute(
                        "DELETE FROM history WHERE segment_id = ? AND pos >= ?",
                        (c.segment_id, c.hist_pos),
                    )
                    conn.execute(
                        "INSERT INTO history (segment_id, pos, text, origin) VALUES (?, ?, ?, ?)",
                        (c.segment_id, c.hist_pos, c.after, c.target_origin),
                    )
                conn.execute(
                    "UPDATE segments SET target = ?, status = ?, hist_pos = ?, target_origin = ?"
                    " WHERE id = ?",
                    (c.after, c.status_after, c.hist_pos, c.target_origin, c.segment_id),
                )
                conn.execute(
                    _INSERT_AUTHORED_EVENT,
                    (
                        now,
                        c.segment_id,
                        c.origin,
                        c.before,
                        c.after,
                        ops_to_json(word_ops(c.before, c.after)),
                        c.detail,
                        c.keystrokes,
                        c.active_ms,
                        c.status_before,
                        c.status_after,
                        c.author,
                    ),
                )

    def record_visit(self, visit: Visit) -> None:
        """Write (or update, while it goes on) a visit, keyed by segment and start time."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO visits VALUES (?, ?, ?, ?, ?)",
                (
                    visit.segment_id,
                    visit.started,
                    visit.ended,
                    visit.active_ms,
                    visit.first_edit_ms,
                ),
            )

    def set_current(self, index: int) -> None:
        with self._transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO state VALUES ('current', ?)", (str(index),))

    def set_glossary_paths(self, paths: Sequence[str]) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta VALUES ('glossaries', ?)", (json.dumps(list(paths)),)
            )

    def ignore_finding(self, segment_id: str, check: str, matched: str, reason: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO ignored_findings VALUES (?, ?, ?, ?, ?)",
                (segment_id, check, matched, reason, time.time()),
            )

    def unignore_finding(self, segment_id: str, check: str, matched: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "DELETE FROM ignored_findings WHERE segment_id = ? AND check_id = ?"
                " AND matched = ?",
                (segment_id, check, matched),
            )


_STATUSES = frozenset(("new", "draft", "confirmed"))  # the CHECKs of the schema
_CODE_KINDS = frozenset(("open", "close", "standalone"))


def _read_codes(conn: sqlite3.Connection) -> dict[str, tuple[InlineCode, ...]]:
    out: dict[str, list[InlineCode]] = {}
    for r in conn.execute(
        "SELECT segment_id, char, kind, pair, xml, label, nests, data FROM codes"
        " ORDER BY segment_id, n"
    ):
        out.setdefault(r[0], []).append(
            InlineCode(r[1], cast(CodeKind, r[2]), r[3], r[4], r[5], bool(r[6]), r[7])
        )
    return {sid: tuple(codes) for sid, codes in out.items()}


def _read_origins(conn: sqlite3.Connection, *, notes: bool = True) -> dict[str, SegmentOrigin]:
    more = ", unit_name, groups, notes" if notes else ""
    return {
        r[0]: origin_of_row(r[1:])
        for r in conn.execute(
            f"SELECT segment_id, file, unit, unit_id, part, part_id{more} FROM origins"
        )
    }


def _creation_rows(
    seg: Segment, seg_steps: Sequence[CreationStep], now: float
) -> tuple[str, Status, int, list[tuple[object, ...]], list[tuple[object, ...]]]:
    """A new segment's target (``pre`` first), status, history position, history rows
    (segment, position, text, where the text came from) and events from its creation steps.
    A ``status`` step takes the status the bilingual file gave the segment, without an undo
    step; an ``import`` step is the file's own target."""
    text = seg.text
    pre = text
    status: Status = "new"
    mt_origin = seg.mt_origin if seg.text else ""
    history: list[tuple[object, ...]] = [(seg.id, 0, text, mt_origin)]
    events: list[tuple[object, ...]] = []
    for step in seg_steps:
        after_status: Status = status
        if step.origin == "import":
            after_status = "draft"
        elif step.origin == "status" and seg.status is not None:
            after_status = seg.status
        events.append(
            (
                now,
                seg.id,
                step.origin,
                text,
                step.after,
                "",  # the creation steps' word operations are computed when read
                step.detail,
                0,
                0,
                status,
                after_status,
            )
        )
        if step.origin != "status":
            where = "file" if step.origin == "import" else mt_origin
            history.append((seg.id, len(history), step.after, where))
        text = step.after
        status = after_status
        if step.origin == "glossary-auto":
            pre = step.after
    return pre, status, len(history) - 1, history, events


# A segment's rows from its creation steps, without its id: (pre, target, status,
# hist_pos, mt_origin, target_origin), the undo steps after the first (position, text,
# origin), the events after their time and segment id.
_Plan = tuple[tuple[object, ...], list[tuple[object, ...]], list[tuple[object, ...]]]


def _plan(seg: Segment, seg_steps: Sequence[CreationStep], now: float) -> _Plan:
    pre, status, hist_pos, seg_history, seg_events = _creation_rows(seg, seg_steps, now)
    if status not in _STATUSES:
        raise sqlite3.IntegrityError("CHECK constraint failed: status")
    target = seg_history[hist_pos][2]
    target_origin = seg_history[hist_pos][3] if target else ""
    head = (pre, target, status, hist_pos, seg_history[0][3], target_origin)
    return head, [h[1:] for h in seg_history[1:]], [e[2:] for e in seg_events]


def _insert_document(
    conn: sqlite3.Connection,
    document: Document,
    meta: Mapping[str, str],
    steps: Sequence[Sequence[CreationStep]],
    now: float,
) -> tuple[list[tuple[object, ...]], int]:
    """The rows of a new project: meta, gaps, segments with their creation steps, their
    inline codes and origins, and the bilingual file's bytes. The segment rows (in the
    columns :meth:`ProjectStore.opened` reads) and the number of events written."""
    all_meta = {
        **meta,
        "name": document.name,
        "bom": "1" if document.bom else "0",
        "newline": document.newline,
        "format": document.format,
        "source_language": document.source_language,
        "target_language": document.target_language,
        "files": json.dumps(list(document.files), ensure_ascii=False),
        "notices": json.dumps(list(document.notices), ensure_ascii=False),
    }
    conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(all_meta.items()))
    insert_rows(conn, "INSERT INTO gaps", list(enumerate(document.gaps)), 2)
    rows: list[tuple[object, ...]] = []
    history: list[tuple[object, ...]] = []  # the undo steps after the first
    events: list[tuple[object, ...]] = []
    codes: list[tuple[object, ...]] = []
    origins: list[tuple[object, ...]] = []
    # a repeated text's steps (one shared tuple: ``session.creation_steps``) are worked out
    # once: its rows without the segment's id, by the steps' identity and what they read
    # (the steps are held with their plan: an id is never reused while it is a key)
    plans: dict[tuple[int, str, str, Status | None], tuple[_Plan, object]] = {}
    add_row, add_history, add_event = rows.append, history.append, events.append
    for i, (seg, seg_steps) in enumerate(zip(document.segments, steps, strict=True)):
        text = seg.text
        if not seg_steps:  # most segments: the MT as it is, one undo step, no event
            mt_origin = seg.mt_origin if text else ""
            add_row((i, seg.id, seg.paragraph, seg.source, text, text, text, "new", seg.note, 0,
                     mt_origin, mt_origin))  # fmt: skip
        else:
            key = (id(seg_steps), text, seg.mt_origin, seg.status)
            known = plans.get(key)
            if known is None:
                known = plans[key] = (_plan(seg, seg_steps, now), seg_steps)
            head, later, made = known[0]
            sid = seg.id
            for step in later:
                add_history((sid, *step))
            for event in made:
                add_event((now, sid, *event))
            add_row((i, sid, seg.paragraph, seg.source, text, *head[:3], seg.note, *head[3:]))
        if seg.codes:
            if any(c.kind not in _CODE_KINDS for c in seg.codes):
                raise sqlite3.IntegrityError("CHECK constraint failed: kind")
            codes.extend(
                (seg.id, n, c.char, c.kind, c.pair, c.xml, c.label, int(c.nests), c.data)
                for n, c in enumerate(seg.codes)
            )
        if seg.origin is not None:
            origins.append((seg.id, *origin_row(seg.origin)))
    insert_rows(
        conn,
        "INSERT INTO segments (idx, id, paragraph, source, mt, pre, target, status, note,"
        " hist_pos, mt_origin, target_origin)",
        rows,
        12,
    )
    # every segment's first undo step is its MT, as the segment's row holds it
    conn.execute(
        "INSERT INTO history (segment_id, pos, text, origin) SELECT id, 0, mt, mt_origin"
        " FROM segments ORDER BY idx"
    )
    insert_rows(conn, "INSERT INTO history (segment_id, pos, text, origin)", history, 4)
    insert_rows(conn, _INSERT_EVENT.partition(" VALUES ")[0], events, 11)
    conn.execute(_EVENTS_INDEX)  # after the events: one sort instead of an insert each
    conn.executemany("INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", codes)
    conn.executemany(
        "INSERT INTO origins (segment_id, file, unit, unit_id, part, part_id, unit_name, groups,"
        " notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        origins,
    )
    if document.original:
        conn.execute("INSERT INTO original VALUES (0, ?)", (document.original,))
    return rows, len(events)


def origin_row(o: SegmentOrigin) -> tuple[object, ...]:
    """A segment's origin as the ``origins`` columns after ``segment_id`` (groups and notes
    as JSON, ``""`` when there are none)."""
    groups = (
        json.dumps([[g.id, g.name, g.n] for g in o.groups], ensure_ascii=False) if o.groups else ""
    )
    notes = json.dumps(list(o.notes), ensure_ascii=False) if o.notes else ""
    return (o.file, o.unit, o.unit_id, o.part, o.part_id, o.unit_name, groups, notes)


def origin_of_row(r: Sequence[object]) -> SegmentOrigin:
    """:func:`origin_row` read back (an older project's five columns too)."""
    file, unit, unit_id, part, part_id = r[:5]
    name, groups, notes = (*r[5:8], "", "", "")[:3]
    return SegmentOrigin(
        int(cast(int, file)),
        int(cast(int, unit)),
        str(unit_id),
        int(cast(int, part)),
        str(part_id),
        unit_name=str(name or ""),
        groups=tuple(UnitGroup(str(g[0]), str(g[1]), int(g[2])) for g in json.loads(str(groups)))
        if groups
        else (),
        notes=tuple(str(n) for n in json.loads(str(notes))) if notes else (),
    )
