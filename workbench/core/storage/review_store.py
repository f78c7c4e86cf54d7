"""The review's tables in a project: MQM error annotations, segment verdicts and review
settings (reviewer, translator, MT engine, QA model). Created on first write, so projects
made before the review (and read-only opens of them) work unchanged.

The SQL of the review; it lives beside the SQLite project store, whose connection and
transactions it uses (a project on another backend has no review tables yet: opening a
review there is refused with one line).

An error's span is stored with the target text it was marked on. When the reviewer edits
the target, :meth:`ReviewStore.follow_edit` carries every span of the segment through the
edit (:func:`workbench.core.lqa.spans.map_span`); reading maps a span still on an older
text to the current one the same way, so a span is never shown on the wrong words even if
a crash fell between the edit and the move.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import Literal, cast

from workbench.core.errors import ProjectError
from workbench.core.lqa.annotation import Span
from workbench.core.lqa.spans import map_span
from workbench.core.storage.project_store import ProjectStore
from workbench.core.storage.protocols import ProjectStorage

Verdict = Literal["accepted", "rejected"]

REVIEW_SCHEMA = """
CREATE TABLE IF NOT EXISTS review_errors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    segment_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    target TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    ts REAL NOT NULL,
    CHECK ((span_start IS NULL) = (span_end IS NULL))
);
CREATE INDEX IF NOT EXISTS review_errors_segment ON review_errors (segment_id);
CREATE TABLE IF NOT EXISTS review_segments (
    segment_id TEXT PRIMARY KEY,
    reviewer TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
    ts REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS review_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

META_KEYS = ("reviewer", "translator", "system", "model")


@dataclass(frozen=True)
class ReviewError:
    """One error a reviewer marked: ``span`` on ``target`` (None: the whole segment)."""

    id: int
    segment_id: str
    reviewer: str
    category: str
    severity: str
    span: Span | None
    target: str
    comment: str
    ts: float


@dataclass(frozen=True)
class SegmentVerdict:
    segment_id: str
    reviewer: str
    verdict: Verdict
    ts: float


@dataclass(frozen=True)
class NewError:
    """An error to add (see :meth:`ReviewStore.add_errors`)."""

    segment_id: str
    reviewer: str
    category: str
    severity: str
    span: Span | None
    target: str
    comment: str = ""


class ReviewStore:
    """The review tables of one open project."""

    def __init__(self, store: ProjectStorage) -> None:
        if not isinstance(store, ProjectStore):
            raise ProjectError(f"{store.path}: the review is kept in SQLite projects only")
        self._store = store

    def _has_tables(self) -> bool:
        row = self._store.connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'review_errors'"
        ).fetchone()
        return row is not None

    def _write(self) -> sqlite3.Connection:
        """Create the tables if missing (outside any transaction: DDL is idempotent)."""
        if not self._has_tables():
            self._store.connection.executescript(REVIEW_SCHEMA)
        return self._store.connection

    # --- reading -------------------------------------------------------------------------
    def errors(self, segment_id: str | None = None) -> list[ReviewError]:
        """Errors in the order they were marked (of one segment, or all)."""
        if not self._has_tables():
            return []
        sql = (
            "SELECT id, segment_id, reviewer, category, severity, span_start, span_end, "
            "target, comment, ts FROM review_errors"
        )
        params: tuple[str, ...] = ()
        if segment_id is not None:
            sql += " WHERE segment_id = ?"
            params = (segment_id,)
        rows = self._store.connection.execute(sql + " ORDER BY id", params).fetchall()
        return [
            ReviewError(
                r[0], r[1], r[2], r[3], r[4], None if r[5] is None else Span(r[5], r[6]), *r[7:]
            )
            for r in rows
        ]

    def errors_on(self, segment_id: str, current: str) -> list[ReviewError]:
        """The segment's errors with their spans on ``current`` (the target now); an error
        whose words were all deleted keeps no span."""
        out: list[ReviewError] = []
        for e in self.errors(segment_id):
            if e.target != current and e.span is not None:
                span = map_span(e.target, current, e.span)
                e = ReviewError(
                    e.id, e.segment_id, e.reviewer, e.category, e.severity, span, current,
                    e.comment, e.ts,
                )  # fmt: skip
            out.append(e)
        return out

    def verdicts(self) -> dict[str, SegmentVerdict]:
        if not self._has_tables():
            return {}
        rows = self._store.connection.execute(
            "SELECT segment_id, reviewer, verdict, ts FROM review_segments"
        ).fetchall()
        return {r[0]: SegmentVerdict(r[0], r[1], cast(Verdict, r[2]), r[3]) for r in rows}

    def meta(self) -> dict[str, str]:
        if not self._has_tables():
            return {}
        return dict(self._store.connection.execute("SELECT key, value FROM review_meta"))

    # --- writing (each call one durable transaction) ---------------------------------------
    def add_errors(
        self,
        errors: list[NewError],
        now: float | None = None,
        *,
        verdicts: dict[str, tuple[str, Verdict]] | None = None,
    ) -> list[int]:
        """Add errors (and segment ``verdicts``: id -> (reviewer, verdict)) in one
        transaction; returns the errors' ids."""
        self._write()
        ts = time.time() if now is None else now
        ids: list[int] = []
        with self._store.transaction() as conn:
            for segment_id, (reviewer, verdict) in (verdicts or {}).items():
                conn.execute(
                    "INSERT OR REPLACE INTO review_segments VALUES (?, ?, ?, ?)",
                    (segment_id, reviewer, verdict, ts),
                )
            for e in errors:
                cur = conn.execute(
                    "INSERT INTO review_errors (segment_id, reviewer, category, severity, "
                    "span_start, span_end, target, comment, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        e.segment_id,
                        e.reviewer,
                        e.category,
                        e.severity,
                        None if e.span is None else e.span.start,
                        None if e.span is None else e.span.end,
                        e.target,
                        e.comment,
                        ts,
                    ),
                )
                ids.append(int(cur.lastrowid or 0))
        return ids

    def delete_error(self, error_id: int) -> None:
        self._write()
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM review_errors WHERE id = ?", (error_id,))

    def set_verdict(self, segment_id: str, reviewer: str, verdict: Verdict) -> None:
        self._write()
        with self._store.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO review_segments VALUES (?, ?, ?, ?)",
                (segment_id, reviewer, verdict, time.time()),
            )

    def set_meta(self, values: dict[str, str]) -> None:
        self._write()
        with self._store.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO review_meta VALUES (?, ?)", sorted(values.items())
            )

    def follow_edit(self, segment_id: str, before: str, after: str) -> None:
        """Carry the segment's spans through the target edit ``before`` -> ``after``."""
        errors = self.errors_on(segment_id, before)
        if not errors or before == after:
            return
        with self._store.transaction() as conn:
            for e in errors:
                span = None if e.span is None else map_span(before, after, e.span)
                conn.execute(
                    "UPDATE review_errors SET span_start = ?, span_end = ?, target = ? "
                    "WHERE id = ?",
                    (
                        None if span is None else span.start,
                        None if span is None else span.end,
                        after,
                        e.id,
                    ),
                )
