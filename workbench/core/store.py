"""The stores: one SQLite database per project (:class:`ProjectStore`) and the post-edit
memory shared by all projects (:class:`MemoryStore`, at the end of this module). This is the
only module that speaks SQL.

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

Rows come back as small frozen dataclasses; the connection is private. What a change
*means* (statuses, undo, what counts as an edit) is :class:`~workbench.core.session.Session`'s
business; this module only stores what it is given.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import replace as evolve
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from workbench.core.document import Document, Segment, SegmentOrigin
from workbench.core.edits import EditEvent, Origin, Status, WordOp, word_ops
from workbench.core.errors import MemoryFileError, ProjectError
from workbench.core.inline_codes import CodeKind, InlineCode
from workbench.core.leftovers import creating_path, remove_leftovers
from workbench.core.lockfile import open_lock_file, write_pid
from workbench.core.sqlite_faults import (
    WalWatch,
    connect_read_only,
    damaged,
    disk_full,
    fault,
    project_reads,
    read_only_file_system,
    why_not_writable,
)

# 2: visits. 3: inline codes, where each segment came from in a bilingual file, the
# file's bytes.
SCHEMA_VERSION = 3
SQLITE_HEADER = b"SQLite format 3\x00"

SCHEMA = """
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
CREATE INDEX events_segment ON events (segment_id, seq);
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
}

HistoryStep = Literal["push", "undo", "redo", "none"]
# (segment id, check id, matched text) -> the reason the translator gave
IgnoredFindings = Mapping[tuple[str, str, str], str]


def is_project_file(path: Path | str) -> bool:
    """Whether ``path`` is an SQLite database (a project) rather than an article."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


@contextlib.contextmanager
def _atomic(
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


@dataclass(frozen=True)
class SegmentState:
    """A segment as the project holds it now: raw MT, ``pre`` (the MT after automatic
    glossary fixes), the current target and status."""

    id: str
    index: int
    paragraph: int
    source: str | None
    mt: str
    pre: str
    target: str
    status: Status
    note: str = ""
    codes: tuple[InlineCode, ...] = ()  # what the placeholders in its texts stand for


@dataclass(frozen=True)
class StoredSegment:
    """A segment row: its state and its position in its undo history."""

    state: SegmentState
    hist_pos: int


@dataclass(frozen=True)
class CreationStep:
    """A change made while a project is created: an automatic glossary fix (``detail``: the
    entry key) or a target carried by a bilingual file (``import``)."""

    origin: Origin
    detail: str
    after: str


@dataclass(frozen=True)
class Change:
    """One change to one segment's target and/or status, with the effort that went into it.

    ``history`` says what happens to the segment's undo history: ``push`` a new text at
    ``hist_pos`` (dropping any redo branch beyond it), ``undo``/``redo`` move to ``hist_pos``,
    ``none`` leaves it (status changes, effort without a change of text)."""

    segment_id: str
    origin: Origin
    before: str
    after: str
    status_before: Status
    status_after: Status
    history: HistoryStep
    hist_pos: int
    detail: str = ""
    keystrokes: int = 0
    active_ms: int = 0


@dataclass(frozen=True)
class Effort:
    """Translator effort recorded for one segment, summed over its events."""

    keystrokes: int = 0
    active_ms: int = 0


@dataclass(frozen=True)
class ProjectInfo:
    """What a project knows about where it came from."""

    article: Path | None
    article_sha256: str | None
    glossaries: tuple[str, ...]


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


def _frozen(cls: type[_T], names: Sequence[str], values: Sequence[object]) -> _T:
    """A frozen dataclass row built without its ``__init__`` (which sets each field through
    ``object.__setattr__``): opening a book reads 50,000 rows of two of them. ``names`` must
    be every field of ``cls``, in any order."""
    row = object.__new__(cls)
    if hasattr(row, "__dict__"):
        row.__dict__.update(zip(names, values))  # noqa: B905 - the callers pass equal lengths
    else:  # a dataclass with slots (``Segment``: a large article has many)
        for name, value in zip(names, values):  # noqa: B905
            object.__setattr__(row, name, value)
    return row


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


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_EVENT_COLUMNS = (
    "seq, ts, segment_id, origin, before, after, ops, detail, keystrokes, active_ms,"
    " status_before, status_after"
)
_INSERT_EVENT = (
    "INSERT INTO events (ts, segment_id, origin, before, after, ops, detail, keystrokes,"
    " active_ms, status_before, status_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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


@dataclass(frozen=True)
class Visit:
    """The translator's time on one segment, from entering it to leaving it: ``active_ms``
    leaves out idle gaps over the pause threshold; ``first_edit_ms`` is the time from
    entering to the first change (None when nothing was changed)."""

    segment_id: str
    started: float
    ended: float
    active_ms: int
    first_edit_ms: int | None = None


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
    ) -> None:
        """Write a new project atomically (temp file, then rename).

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
                conn.execute("PRAGMA synchronous=FULL")
                conn.executescript(SCHEMA + "".join(MIGRATIONS.values()))
                conn.execute("BEGIN")
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                _insert_document(conn, document, meta, steps, now)
                conn.execute("COMMIT")
            finally:
                conn.close()
            _fsync_path(tmp)
            os.replace(tmp, path)
            _fsync_path(path.parent)
        except (OSError, sqlite3.Error) as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise ProjectError(f"{path}: cannot create the project ({exc})") from None

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
            version, app = _versions(conn)
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
        with _atomic(
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
        out: dict[str, list[InlineCode]] = {}
        for r in self._conn.execute(
            "SELECT segment_id, char, kind, pair, xml, label, nests, data FROM codes"
            " ORDER BY segment_id, n"
        ):
            out.setdefault(r[0], []).append(
                InlineCode(r[1], cast(CodeKind, r[2]), r[3], r[4], r[5], bool(r[6]), r[7])
            )
        return {sid: tuple(codes) for sid, codes in out.items()}

    @project_reads
    def origins(self) -> dict[str, SegmentOrigin]:
        """Where each segment of a bilingual file came from, by segment id."""
        if not self._has_table("origins"):
            return {}
        return {
            r[0]: SegmentOrigin(r[1], r[2], r[3], r[4], r[5])
            for r in self._conn.execute(
                "SELECT segment_id, file, unit, unit_id, part, part_id FROM origins"
            )
        }

    @project_reads
    def original(self) -> bytes:
        """The bytes of the bilingual file the project was made from (``b""`` for an
        article: its document is its own original)."""
        if not self._has_table("original"):
            return b""
        row = self._conn.execute("SELECT data FROM original WHERE id = 0").fetchone()
        return b"" if row is None else bytes(row[0])

    @project_reads
    def document(self) -> Document:
        meta = self._meta()
        gaps = tuple(r[0] for r in self._conn.execute("SELECT text FROM gaps ORDER BY idx"))
        codes = self.codes()
        origins = self.origins()
        names = ("id", "paragraph", "text", "source", "note", "target", "status", "codes", "origin")
        segments = tuple(
            _frozen(Segment, names, (*r, None, None, codes.get(r[0], ()), origins.get(r[0])))
            for r in self._conn.execute(
                "SELECT id, paragraph, mt, source, note FROM segments ORDER BY idx"
            )
        )
        return Document(
            name=meta.get("name", ""),
            segments=segments,
            gaps=gaps,
            bom=meta.get("bom") == "1",
            newline=meta.get("newline", "\n"),
            format=meta.get("format", "txt"),
            source_language=meta.get("source_language", ""),
            target_language=meta.get("target_language", ""),
            original=self.original(),
            files=tuple(json.loads(meta.get("files", "[]"))),
            notices=tuple(json.loads(meta.get("notices", "[]"))),
        )

    @project_reads
    def segments(self) -> list[StoredSegment]:
        codes = self.codes()
        names = (
            "index", "id", "paragraph", "source", "mt", "pre", "target", "status", "note", "codes"
        )  # fmt: skip
        state = SegmentState
        return [
            _frozen(
                StoredSegment,
                ("state", "hist_pos"),
                (_frozen(state, names, (*r[:9], codes.get(r[1], ()))), r[9]),
            )
            for r in self._conn.execute(
                "SELECT idx, id, paragraph, source, mt, pre, target, status, note, hist_pos"
                " FROM segments ORDER BY idx"
            )
        ]

    @project_reads
    def events(self, segment_id: str | None = None) -> list[EditEvent]:
        sql = f"SELECT {_EVENT_COLUMNS} FROM events"
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
                ops=ops_from_json(r[6]) if r[6] else word_ops(r[4], r[5]),
                detail=r[7],
                keystrokes=r[8],
                active_ms=r[9],
                status_before=cast(Status | None, r[10]),
                status_after=cast(Status | None, r[11]),
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
                        "INSERT INTO history VALUES (?, ?, ?)", (c.segment_id, c.hist_pos, c.after)
                    )
                conn.execute(
                    "UPDATE segments SET target = ?, status = ?, hist_pos = ? WHERE id = ?",
                    (c.after, c.status_after, c.hist_pos, c.segment_id),
                )
                conn.execute(
                    _INSERT_EVENT,
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


def _creation_rows(
    seg: Segment, seg_steps: Sequence[CreationStep], now: float
) -> tuple[str, Status, int, list[tuple[object, ...]], list[tuple[object, ...]]]:
    """A new segment's target (``pre`` first), status, history position, history rows and
    events from its creation steps. A ``status`` step takes the status the bilingual file
    gave the segment, without an undo step."""
    text = seg.text
    pre = text
    status: Status = "new"
    history: list[tuple[object, ...]] = [(seg.id, 0, text)]
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
            history.append((seg.id, len(history), step.after))
        text = step.after
        status = after_status
        if step.origin == "glossary-auto":
            pre = step.after
    return pre, status, len(history) - 1, history, events


def _insert_document(
    conn: sqlite3.Connection,
    document: Document,
    meta: Mapping[str, str],
    steps: Sequence[Sequence[CreationStep]],
    now: float,
) -> None:
    """The rows of a new project: meta, gaps, segments with their creation steps, their
    inline codes and origins, and the bilingual file's bytes."""
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
    conn.executemany("INSERT INTO gaps VALUES (?, ?)", enumerate(document.gaps))
    rows = []
    history: list[tuple[object, ...]] = []
    events: list[tuple[object, ...]] = []
    codes: list[tuple[object, ...]] = []
    origins: list[tuple[object, ...]] = []
    for i, (seg, seg_steps) in enumerate(zip(document.segments, steps, strict=True)):
        pre, status, hist_pos, seg_history, seg_events = _creation_rows(seg, seg_steps, now)
        target = seg_history[hist_pos][2]
        history.extend(seg_history)
        events.extend(seg_events)
        rows.append(
            (
                i,
                seg.id,
                seg.paragraph,
                seg.source,
                seg.text,
                pre,
                target,
                status,
                seg.note,
                hist_pos,
            )
        )
        codes.extend(
            (seg.id, n, c.char, c.kind, c.pair, c.xml, c.label, int(c.nests), c.data)
            for n, c in enumerate(seg.codes)
        )
        if seg.origin is not None:
            o = seg.origin
            origins.append((seg.id, o.file, o.unit, o.unit_id, o.part, o.part_id))
    conn.executemany(
        "INSERT INTO segments (idx, id, paragraph, source, mt, pre, target, status, note,"
        " hist_pos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.executemany("INSERT INTO history VALUES (?, ?, ?)", history)
    conn.executemany(_INSERT_EVENT, events)
    conn.executemany("INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", codes)
    conn.executemany("INSERT INTO origins VALUES (?, ?, ?, ?, ?, ?)", origins)
    if document.original:
        conn.execute("INSERT INTO original VALUES (0, ?)", (document.original,))
    conn.execute("INSERT INTO state VALUES ('current', '0')")


# === The post-edit memory ====================================================================
#
# One SQLite file shared by every project (and by several editors at once): units (what was
# confirmed or imported), and an inverted index of their match texts. The same durability
# rules as a project (WAL, synchronous=FULL, schema version check); many writers: no lock
# file, short ``BEGIN IMMEDIATE`` transactions and a busy timeout, so two editors on different
# projects write to the same memory at once and readers never wait.
#
# The index: ``terms`` holds each feature's document frequency; ``postings`` its unit ids as
# little-endian uint32 arrays in chunks of at most ``POSTINGS_CHUNK`` ids (appended to, never
# rewritten whole). Ids are AUTOINCREMENT, never reused: a unit replaced by one with another
# match text gets a new id, and the old id left in postings finds no unit (it is skipped).
# What the features are, and what a match is, is :mod:`workbench.core.memory`'s business.

MEMORY_SCHEMA_VERSION = 1
MEMORY_APPLICATION_ID = 0x57424D45  # "WBME": tells a memory from a project or another database
POSTINGS_CHUNK = 1024
MEMORY_MMAP_BYTES = 256 << 20  # pages read through the OS page cache, no copy
MEMORY_CACHE_KIB = 32 * 1024
_ID_BYTES = 4

MEMORY_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    source TEXT,
    mt TEXT,
    target TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    project TEXT NOT NULL,
    article TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    who TEXT NOT NULL,
    ts REAL NOT NULL,
    origin TEXT NOT NULL,
    mt_norm TEXT NOT NULL,
    src_norm TEXT,
    mt_hash INTEGER NOT NULL,
    src_hash INTEGER,
    ctx_mt INTEGER,
    ctx_src INTEGER
);
CREATE INDEX units_mt_hash ON units (mt_hash);
CREATE INDEX units_src_hash ON units (src_hash);
CREATE TABLE terms (term INTEGER PRIMARY KEY, df INTEGER NOT NULL, chunks INTEGER NOT NULL);
CREATE TABLE postings (
    term INTEGER NOT NULL,
    chunk INTEGER NOT NULL,
    ids BLOB NOT NULL,
    PRIMARY KEY (term, chunk)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class MemoryUnit:
    """One unit of the post-edit memory: the raw MT and the final target a translator made of
    it (``mt`` is ``None`` for a unit imported from a translation memory that never had one),
    the source when known, languages, where it came from and who made it when.

    ``origin`` says how it got in: ``confirmed`` (a segment confirmed in a workbench project,
    or imported from one) or the name of the format it was imported from (``tmx``,
    ``xliff``...)."""

    source: str | None
    mt: str | None
    target: str
    source_lang: str = ""
    target_lang: str = ""
    project: str = ""
    article: str = ""
    segment_id: str = ""
    who: str = ""
    when: float = 0.0
    origin: str = "confirmed"


@dataclass(frozen=True)
class MemoryRecord:
    """A unit to write, with what the memory's rules derived from it: its identity ``key``
    (a re-confirmed segment has the same key, so it is updated, not added), the normalised
    texts matched on (``mt_norm``: the MT, or the target when there is no MT) and their
    hashes, the hashes of its neighbours (for in-context matches) and its index features."""

    unit: MemoryUnit
    key: str
    mt_norm: str
    src_norm: str | None
    mt_hash: int
    src_hash: int | None
    ctx_mt: int | None
    ctx_src: int | None
    features: tuple[int, ...]


@dataclass(frozen=True)
class StoredUnit:
    """A unit as the memory holds it."""

    id: int
    unit: MemoryUnit
    mt_norm: str
    src_norm: str | None
    ctx_mt: int | None
    ctx_src: int | None


@dataclass(frozen=True)
class MatchKey:
    """What a fuzzy lookup keeps in memory for each unit: the normalised texts it is scored
    on and its languages (for the language filter)."""

    id: int
    mt_norm: str
    src_norm: str | None
    source_lang: str
    target_lang: str


@dataclass(frozen=True)
class MatchTexts:
    """The normalised texts of many units, as columns (``ids[i]`` has ``mt_norm[i]``)."""

    ids: tuple[int, ...]
    mt_norm: tuple[str, ...]
    src_norm: tuple[str | None, ...]


@dataclass(frozen=True)
class AddResult:
    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class MemoryCounts:
    """Figures for ``workbench memory stats``."""

    units: int
    by_origin: tuple[tuple[str, int], ...]
    by_languages: tuple[tuple[str, str, int], ...]
    by_who: tuple[tuple[str, int], ...]
    projects: int
    first: float | None
    last: float | None
    terms: int
    postings: int


_UNIT_COLUMNS = (
    "id, source, mt, target, source_lang, target_lang, project, article, segment_id, who, ts,"
    " origin, mt_norm, src_norm, ctx_mt, ctx_src"
)


def _stored(r: Sequence[object]) -> StoredUnit:
    return StoredUnit(
        id=cast(int, r[0]),
        unit=MemoryUnit(
            source=cast(str | None, r[1]),
            mt=cast(str | None, r[2]),
            target=cast(str, r[3]),
            source_lang=cast(str, r[4]),
            target_lang=cast(str, r[5]),
            project=cast(str, r[6]),
            article=cast(str, r[7]),
            segment_id=cast(str, r[8]),
            who=cast(str, r[9]),
            when=cast(float, r[10]),
            origin=cast(str, r[11]),
        ),
        mt_norm=cast(str, r[12]),
        src_norm=cast(str | None, r[13]),
        ctx_mt=cast(int | None, r[14]),
        ctx_src=cast(int | None, r[15]),
    )


def _unit_values(rec: MemoryRecord) -> tuple[object, ...]:
    u = rec.unit
    return (
        rec.key,
        u.source,
        u.mt,
        u.target,
        u.source_lang,
        u.target_lang,
        u.project,
        u.article,
        u.segment_id,
        u.who,
        u.when,
        u.origin,
        rec.mt_norm,
        rec.src_norm,
        rec.mt_hash,
        rec.src_hash,
        rec.ctx_mt,
        rec.ctx_src,
    )


_INSERT_UNIT = (
    "INSERT INTO units (id, key, source, mt, target, source_lang, target_lang, project, article,"
    " segment_id, who, ts, origin, mt_norm, src_norm, mt_hash, src_hash, ctx_mt, ctx_src)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SQL_VARS = 500  # ids or terms per IN (...) list


def _chunks(items: Sequence[Any], size: int = _SQL_VARS) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _ids_blob(ids: Sequence[int]) -> bytes:
    return struct.pack(f"<{len(ids)}I", *ids)


def _is_read_only_file(path: Path) -> bool:
    """A file nobody may write (mode without write bits, even for root) or this user may not."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & 0o222) or not os.access(path, os.W_OK)


def _not_changed(path: Path, exc: sqlite3.Error) -> MemoryFileError:
    """A write to the memory that failed and was rolled back; ``reason`` says why."""
    reason = fault(exc) or " ".join(str(exc).split())
    error = MemoryFileError(f"{path}: the memory was not changed ({reason})")
    error.reason = reason  # type: ignore[attr-defined]
    return error


class MemoryStore:
    """The memory database. :meth:`open` makes it on first use (writable) or opens it."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._conn = conn
        self._lock = threading.RLock()  # one connection, used by the editor's workers too

    # --- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> MemoryStore:
        """Open (or, writable, create) the memory at ``path``. A file that is not a
        workbench memory, has another schema version or cannot be written (when writing)
        raises :class:`MemoryFileError` with one line; nothing is changed."""
        exists = path.exists()
        if exists and path.is_dir():
            raise MemoryFileError(f"{path}: is a folder, not a memory file")
        if exists and path.stat().st_size > 0 and not is_project_file(path):
            raise MemoryFileError(f"{path}: not a workbench memory (not an SQLite database)")
        if read_only and not exists:
            raise MemoryFileError(
                f"{path}: no memory yet (confirm a segment or run 'workbench memory import')"
            )
        if not read_only and read_only_file_system(path):
            raise MemoryFileError(f"{path}: the memory cannot be written (read-only file system)")
        if not read_only and exists and _is_read_only_file(path):
            raise MemoryFileError(f"{path}: the memory file is read-only")
        if not read_only and not exists:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise MemoryFileError(
                    f"{path}: cannot create the memory ({exc.strerror})"
                ) from None
        try:
            conn = cls._connect(path, read_only=read_only)
        except sqlite3.Error as exc:
            raise MemoryFileError(f"{path}: cannot open the memory ({exc})") from None
        try:
            cls._check_schema(path, conn, read_only=read_only)
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, read_only)

    @staticmethod
    def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
        if read_only:
            conn = connect_read_only(path, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout=10000")
            # lookups read the index at random: memory-mapped pages and a larger page cache
            conn.execute(f"PRAGMA mmap_size={MEMORY_MMAP_BYTES}")
            conn.execute(f"PRAGMA cache_size=-{MEMORY_CACHE_KIB}")
            if not read_only:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
            return conn
        except BaseException:
            conn.close()
            raise

    @staticmethod
    def _check_schema(path: Path, conn: sqlite3.Connection, *, read_only: bool) -> None:
        try:
            version, app = _versions(conn)
            if version == 0 and app == 0 and not read_only:
                # New (or empty) file: made in one transaction; a second process creating the
                # same memory at the same moment waits, then finds it made.
                conn.execute("BEGIN IMMEDIATE")
                try:
                    version, app = _versions(conn)
                    if version == 0 and app == 0:
                        tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
                        if tables:
                            raise MemoryFileError(
                                f"{path}: not a workbench memory (another SQLite database)"
                            )
                        for statement in MEMORY_SCHEMA.split(";"):
                            if statement.strip():
                                conn.execute(statement)
                        conn.execute(f"PRAGMA application_id={MEMORY_APPLICATION_ID}")
                        conn.execute(f"PRAGMA user_version={MEMORY_SCHEMA_VERSION}")
                        conn.execute(
                            "INSERT INTO meta VALUES ('created', ?)", (f"{time.time():.3f}",)
                        )
                    conn.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                    raise
                version, app = _versions(conn)
            project = conn.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('segments', 'events')"
            ).fetchone()[0]
        except sqlite3.Error as exc:
            raise MemoryFileError(f"{path}: not a usable memory ({exc})") from None
        if app != MEMORY_APPLICATION_ID:
            what = "a workbench project" if project == 2 else "another SQLite database"
            raise MemoryFileError(f"{path}: not a workbench memory ({what})")
        if version != MEMORY_SCHEMA_VERSION:
            raise MemoryFileError(
                f"{path}: memory schema {version} is not supported "
                f"(this workbench reads schema {MEMORY_SCHEMA_VERSION})"
            )

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One short, durable write: ``BEGIN IMMEDIATE`` (waits up to the busy timeout for
        another writer), committed and fsynced on exit, rolled back on error."""
        if self.read_only:
            raise MemoryFileError(f"{self.path}: the memory is open read-only")
        with (
            self._lock,
            _atomic(
                self._conn,
                lambda exc: MemoryFileError(f"{self.path}: cannot write to the memory ({exc})"),
                lambda exc: _not_changed(self.path, exc),
            ) as conn,
        ):
            yield conn

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise MemoryFileError(f"{self.path}: cannot read the memory ({exc})") from None

    # --- writing -----------------------------------------------------------------------------
    def add(self, records: Sequence[MemoryRecord]) -> AddResult:
        """Write units in one transaction: a new key is added (and indexed); a known key is
        updated in place when its match texts are the same, else replaced by a new unit (a
        new id, indexed); a unit that differs only by its time is left as it is. Of records
        with the same key, the last one counts."""
        latest: dict[str, MemoryRecord] = {}
        for rec in records:
            latest.pop(rec.key, None)
            latest[rec.key] = rec
        unchanged = len(records) - len(latest)
        added = updated = 0
        with self._transaction() as conn:
            existing: dict[str, StoredUnit] = {}
            keys = list(latest)
            for part in _chunks(keys):
                marks = ",".join("?" * len(part))
                for row in conn.execute(
                    f"SELECT {_UNIT_COLUMNS}, key FROM units WHERE key IN ({marks})", part
                ):
                    existing[row[-1]] = _stored(row)
            seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'units'").fetchone()
            next_id = (seq[0] if seq else 0) + 1  # we hold the write lock: ids are ours
            inserts: list[tuple[object, ...]] = []
            updates: list[tuple[object, ...]] = []
            deletes: list[tuple[int]] = []
            postings: dict[int, list[int]] = {}
            for key, rec in latest.items():
                old = existing.get(key)
                if old is not None:
                    if (old.mt_norm, old.src_norm) == (rec.mt_norm, rec.src_norm):
                        same = evolve(old.unit, when=rec.unit.when) == rec.unit
                        if same and (old.ctx_mt, old.ctx_src) == (rec.ctx_mt, rec.ctx_src):
                            unchanged += 1
                        else:
                            updates.append(
                                (*_unit_values(rec)[1:12], rec.ctx_mt, rec.ctx_src, old.id)
                            )
                            updated += 1
                        continue
                    deletes.append((old.id,))
                    updated += 1
                else:
                    added += 1
                inserts.append((next_id, *_unit_values(rec)))
                for term in rec.features:
                    postings.setdefault(term, []).append(next_id)
                next_id += 1
            conn.executemany("DELETE FROM units WHERE id = ?", deletes)
            conn.executemany(
                "UPDATE units SET source = ?, mt = ?, target = ?, source_lang = ?,"
                " target_lang = ?, project = ?, article = ?, segment_id = ?, who = ?, ts = ?,"
                " origin = ?, ctx_mt = ?, ctx_src = ? WHERE id = ?",
                updates,
            )
            conn.executemany(_INSERT_UNIT, inserts)
            self._append_postings(conn, postings)
        return AddResult(added, updated, unchanged)

    @staticmethod
    def _append_postings(conn: sqlite3.Connection, new: Mapping[int, list[int]]) -> None:
        """Append ids (all above every id already there, so arrays stay sorted) to the last
        chunk of each term, starting new chunks when it is full."""
        terms = list(new)
        known: dict[int, tuple[int, int, bytes]] = {}
        for part in _chunks(terms):
            marks = ",".join("?" * len(part))
            for term, df, chunks, blob in conn.execute(
                "SELECT t.term, t.df, t.chunks, p.ids FROM terms t JOIN postings p"
                " ON p.term = t.term AND p.chunk = t.chunks - 1"
                f" WHERE t.term IN ({marks})",
                part,
            ):
                known[term] = (df, chunks, blob)
        term_rows = []
        chunk_updates = []
        chunk_inserts = []
        for term, ids in new.items():
            df, chunks, blob = known.get(term, (0, 0, b""))
            pending = ids
            if chunks:
                room = POSTINGS_CHUNK - len(blob) // _ID_BYTES
                if room > 0:
                    chunk_updates.append((blob + _ids_blob(pending[:room]), term, chunks - 1))
                    pending = pending[room:]
            for i in range(0, len(pending), POSTINGS_CHUNK):
                chunk_inserts.append((term, chunks, _ids_blob(pending[i : i + POSTINGS_CHUNK])))
                chunks += 1
            term_rows.append((term, df + len(ids), chunks))
        conn.executemany("UPDATE postings SET ids = ? WHERE term = ? AND chunk = ?", chunk_updates)
        conn.executemany("INSERT INTO postings VALUES (?, ?, ?)", chunk_inserts)
        conn.executemany(
            "INSERT INTO terms VALUES (?, ?, ?) ON CONFLICT (term) DO UPDATE"
            " SET df = excluded.df, chunks = excluded.chunks",
            term_rows,
        )

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file (after a large import, so that
        reading does not look pages up in a long log). Another connection reading at the
        same moment only makes it do less; it is never an error."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- reading -----------------------------------------------------------------------------
    def max_id(self) -> int:
        """The highest unit id given so far (ids only grow)."""
        return int(self._read("SELECT COALESCE(MAX(id), 0) FROM units")[0][0])

    def match_texts(self, after_id: int = 0) -> MatchTexts:
        """Every unit's normalised texts with an id above ``after_id``, by id, as columns
        (what a memory keeps in RAM for fast lookups: one query, no object per row)."""
        rows = self._read(
            "SELECT id, mt_norm, src_norm FROM units WHERE id > ? ORDER BY id", (after_id,)
        )
        if not rows:
            return MatchTexts((), (), ())
        ids, mts, srcs = zip(*rows, strict=True)
        return MatchTexts(ids, mts, srcs)

    def match_keys_for(self, ids: Sequence[int]) -> list[MatchKey]:
        """The match texts and languages of these units (those that exist)."""
        out: list[MatchKey] = []
        for part in _chunks(list(ids)):
            marks = ",".join("?" * len(part))
            out.extend(
                MatchKey(*r)
                for r in self._read(
                    "SELECT id, mt_norm, src_norm, source_lang, target_lang FROM units"
                    f" WHERE id IN ({marks})",
                    part,
                )
            )
        return out

    def document_frequencies(self, terms: Sequence[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for part in _chunks(list(terms)):
            marks = ",".join("?" * len(part))
            out.update(self._read(f"SELECT term, df FROM terms WHERE term IN ({marks})", part))
        return out

    def postings(self, terms: Sequence[int]) -> list[tuple[int, bytes]]:
        """The unit ids of each term (little-endian uint32 arrays, one row per chunk)."""
        out: list[tuple[int, bytes]] = []
        for part in _chunks(list(terms)):
            marks = ",".join("?" * len(part))
            out.extend(self._read(f"SELECT term, ids FROM postings WHERE term IN ({marks})", part))
        return out

    def units(self, ids: Sequence[int]) -> list[StoredUnit]:
        """The units with these ids (those that exist), in no particular order."""
        out: list[StoredUnit] = []
        for part in _chunks(list(ids)):
            marks = ",".join("?" * len(part))
            out.extend(
                _stored(r)
                for r in self._read(
                    f"SELECT {_UNIT_COLUMNS} FROM units WHERE id IN ({marks})", part
                )
            )
        return out

    def units_with_hash(self, side: Literal["mt", "source"], value: int) -> list[StoredUnit]:
        column = "mt_hash" if side == "mt" else "src_hash"
        return [
            _stored(r)
            for r in self._read(f"SELECT {_UNIT_COLUMNS} FROM units WHERE {column} = ?", (value,))
        ]

    def ids_with_hash(self, side: Literal["mt", "source"], value: int) -> list[int]:
        column = "mt_hash" if side == "mt" else "src_hash"
        return [r[0] for r in self._read(f"SELECT id FROM units WHERE {column} = ?", (value,))]

    def targets_of(self, keys: Sequence[str]) -> dict[str, str]:
        """The final text of the units with these keys (those that exist)."""
        out: dict[str, str] = {}
        for chunk in _chunks(keys):
            marks = ", ".join("?" * len(chunk))
            rows = self._read(f"SELECT key, target FROM units WHERE key IN ({marks})", chunk)
            out.update((str(k), str(t)) for k, t in rows)
        return out

    def iter_units(self, batch: int = 2000) -> Iterator[StoredUnit]:
        """Every unit, by id, read in batches."""
        last = 0
        while True:
            rows = self._read(
                f"SELECT {_UNIT_COLUMNS} FROM units WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            )
            if not rows:
                return
            for r in rows:
                yield _stored(r)
            last = rows[-1][0]

    def counts(self) -> MemoryCounts:
        units, first, last, projects = self._read(
            "SELECT COUNT(*), MIN(ts), MAX(ts), COUNT(DISTINCT NULLIF(project, '')) FROM units"
        )[0]
        terms, postings = self._read("SELECT COUNT(*), COALESCE(SUM(df), 0) FROM terms")[0]
        return MemoryCounts(
            units=units,
            by_origin=tuple(
                self._read("SELECT origin, COUNT(*) FROM units GROUP BY origin ORDER BY 2 DESC, 1")
            ),
            by_languages=tuple(
                self._read(
                    "SELECT source_lang, target_lang, COUNT(*) FROM units"
                    " GROUP BY source_lang, target_lang ORDER BY 3 DESC, 1, 2"
                )
            ),
            by_who=tuple(
                self._read("SELECT who, COUNT(*) FROM units GROUP BY who ORDER BY 2 DESC, 1")
            ),
            projects=projects,
            first=first,
            last=last,
            terms=terms,
            postings=postings,
        )


def _versions(conn: sqlite3.Connection) -> tuple[int, int]:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    app = int(conn.execute("PRAGMA application_id").fetchone()[0])
    return version, app
