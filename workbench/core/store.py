"""The project store: one SQLite database per project (SPEC section 9).

* ``journal_mode=WAL`` and ``synchronous=FULL``: a transaction that returned from
  ``COMMIT`` survives ``kill -9`` and power loss.
* Every change is one transaction: the segment row, its undo history and the edit event are
  written together or not at all.
* A new project is built in a temporary file beside the final one and renamed into place,
  so a crash while creating leaves no half-made project.
* One writer: an exclusive ``flock`` on ``<project>.lock`` is held while a project is open
  for writing; a second writer is refused (read-only opening needs no lock).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench.core.document import Document, Segment
from workbench.core.edits import EditEvent, WordOp, word_ops
from workbench.core.errors import ProjectError

SCHEMA_VERSION = 1
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


def is_project_file(path: Path | str) -> bool:
    """Whether ``path`` is an SQLite database (a project) rather than an article."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    try:
        if read_only:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        return conn
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path}: not a usable project database ({exc})") from None


class ProjectLock:
    """An exclusive, non-blocking lock on ``<project>.lock`` (released on close or death)."""

    def __init__(self, project: Path) -> None:
        self.path = project.with_name(project.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise ProjectError(
                f"{self.path.with_suffix('')}: the project is open in another workbench "
                f"process (pid {pid}); open it read-only or close the other one"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def ops_to_json(ops: Sequence[WordOp]) -> str:
    return json.dumps([asdict(op) for op in ops], ensure_ascii=False)


def ops_from_json(text: str) -> tuple[WordOp, ...]:
    return tuple(WordOp(**item) for item in json.loads(text))


class Store:
    """Low-level access to one project database. :class:`~workbench.core.session.Session`
    is the API the rest of the program uses."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: ProjectLock | None) -> None:
        self.path = path
        self.conn = conn
        self._lock = lock

    # --- opening ---------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        document: Document,
        meta: dict[str, str],
        steps: Sequence[Sequence[tuple[str, str, str]]],
        now: float,
    ) -> None:
        """Write a new project atomically (temp file, then rename).

        ``steps`` holds, per segment, the changes made on creation as ``(origin, detail,
        text after)`` in order: ``glossary-auto`` steps (detail: the entry key) whose last
        text is ``pre``, then possibly an ``import`` step (a target carried by a bilingual
        file, which makes the segment a draft). Each is an event and an undo step.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        try:
            conn = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=DELETE")
                conn.execute("PRAGMA synchronous=FULL")
                conn.executescript(SCHEMA)
                conn.execute("BEGIN")
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                all_meta = {
                    **meta,
                    "name": document.name,
                    "bom": "1" if document.bom else "0",
                    "newline": document.newline,
                    "format": document.format,
                    "source_language": document.source_language,
                    "target_language": document.target_language,
                }
                conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(all_meta.items()))
                conn.executemany("INSERT INTO gaps VALUES (?, ?)", enumerate(document.gaps))
                rows = []
                history = []
                events = []
                for i, (seg, seg_steps) in enumerate(zip(document.segments, steps, strict=True)):
                    text = seg.text
                    pre = text
                    status = "new"
                    history.append((seg.id, 0, text))
                    for n, (origin, detail, after) in enumerate(seg_steps, start=1):
                        ops = ops_to_json(word_ops(text, after))
                        after_status = "draft" if origin == "import" else status
                        if origin == "import" and seg.status in ("draft", "confirmed"):
                            after_status = seg.status
                        events.append(
                            (now, seg.id, origin, text, after, ops, detail, status, after_status)
                        )
                        history.append((seg.id, n, after))
                        text = after
                        status = after_status
                        if origin == "glossary-auto":
                            pre = after
                    rows.append(
                        (
                            i,
                            seg.id,
                            seg.paragraph,
                            seg.source,
                            seg.text,
                            pre,
                            text,
                            status,
                            len(seg_steps),
                        )
                    )
                conn.executemany(
                    "INSERT INTO segments"
                    " (idx, id, paragraph, source, mt, pre, target, status, hist_pos)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                conn.executemany("INSERT INTO history VALUES (?, ?, ?)", history)
                conn.executemany(
                    "INSERT INTO events (ts, segment_id, origin, before, after, ops, detail,"
                    " status_before, status_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    events,
                )
                conn.execute("INSERT INTO state VALUES ('current', '0')")
                conn.execute("COMMIT")
            finally:
                conn.close()
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except (OSError, sqlite3.Error) as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise ProjectError(f"{path}: cannot create the project ({exc})") from None

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> Store:
        if not path.exists():
            raise ProjectError(f"{path}: no such project")
        if not is_project_file(path):
            raise ProjectError(f"{path}: not a workbench project (not an SQLite database)")
        lock = None
        if not read_only:
            lock = ProjectLock(path)
            lock.acquire()
        try:
            conn = _connect(path, read_only=read_only)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                conn.close()
                raise ProjectError(f"{path}: project schema {version} is not supported")
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(path, conn, lock)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # --- transactions ----------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic, durable change: committed (fsynced) on exit, rolled back on error."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise ProjectError(f"{self.path}: cannot write ({exc})") from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise ProjectError(f"{self.path}: the change was not saved ({exc})") from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise

    # --- reading ---------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta").fetchall())

    def document(self) -> Document:
        meta = self.meta()
        gaps = tuple(r[0] for r in self.conn.execute("SELECT text FROM gaps ORDER BY idx"))
        segments = tuple(
            Segment(id=r[0], paragraph=r[1], text=r[2], source=r[3])
            for r in self.conn.execute(
                "SELECT id, paragraph, mt, source FROM segments ORDER BY idx"
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
            target_language=meta.get("target_language", "en"),
        )

    def rows(self) -> list[tuple[Any, ...]]:
        return self.conn.execute(
            "SELECT idx, id, paragraph, source, mt, pre, target, status, note, hist_pos"
            " FROM segments ORDER BY idx"
        ).fetchall()

    def events(self, segment_id: str | None = None) -> list[EditEvent]:
        sql = (
            "SELECT seq, ts, segment_id, origin, before, after, ops, detail, keystrokes,"
            " active_ms, status_before, status_after FROM events"
        )
        if segment_id is None:
            cur = self.conn.execute(sql + " ORDER BY seq")
        else:
            cur = self.conn.execute(sql + " WHERE segment_id = ? ORDER BY seq", (segment_id,))
        return [
            EditEvent(
                seq=r[0],
                ts=r[1],
                segment_id=r[2],
                origin=r[3],
                before=r[4],
                after=r[5],
                ops=ops_from_json(r[6]),
                detail=r[7],
                keystrokes=r[8],
                active_ms=r[9],
                status_before=r[10],
                status_after=r[11],
            )
            for r in cur
        ]

    def history_len(self, segment_id: str) -> int:
        row = self.conn.execute(
            "SELECT COUNT(*) FROM history WHERE segment_id = ?", (segment_id,)
        ).fetchone()
        return int(row[0])

    def history_text(self, segment_id: str, pos: int) -> str | None:
        row = self.conn.execute(
            "SELECT text FROM history WHERE segment_id = ? AND pos = ?", (segment_id, pos)
        ).fetchone()
        return None if row is None else str(row[0])

    def state(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])
