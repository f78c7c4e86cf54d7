"""The post-edit memory's SQLite file (:class:`MemoryStore`), shared by every project.

One SQLite file shared by every project (and by several editors at once): units (what was
confirmed or imported), and an inverted index of their match texts. The same durability
rules as a project (WAL, synchronous=FULL, schema version check); many writers: no lock
file, short ``BEGIN IMMEDIATE`` transactions and a busy timeout, so two editors on different
projects write to the same memory at once and readers never wait.

The index: ``terms`` holds each feature's document frequency; ``postings`` its unit ids as
little-endian uint32 arrays in chunks of at most ``POSTINGS_CHUNK`` ids (appended to, never
rewritten whole). Ids are AUTOINCREMENT, never reused: a unit replaced by one with another
match text gets a new id, and the old id left in postings finds no unit (it is skipped).
What the features are, and what a match is, is :mod:`workbench.core.memory`'s business.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace as evolve
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np

from workbench.core.errors import MemoryFileError
from workbench.core.inline_codes import CodeKind, InlineCode
from workbench.core.model.memory import (
    AddResult,
    MatchKey,
    MatchTexts,
    MemoryCounts,
    MemoryRecord,
    MemoryUnit,
    StoredUnit,
)
from workbench.core.storage.faults import connect_read_only, fault, read_only_file_system
from workbench.core.storage.postings import NewPostings
from workbench.core.storage.sqlite import (
    MEMORY_APPLICATION_ID,
    atomic,
    in_chunks,
    insert_rows,
    is_project_file,
    versions,
)

# 2: each unit's inline codes as the file had them (``codes``: JSON, ``""`` without codes)
MEMORY_SCHEMA_VERSION = 2
MEMORY_MIGRATIONS: dict[int, str] = {
    2: "ALTER TABLE units ADD COLUMN codes TEXT NOT NULL DEFAULT ''",
}
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
    ctx_src INTEGER,
    codes TEXT NOT NULL DEFAULT ''
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


_UNIT_COLUMNS = (
    "id, source, mt, target, source_lang, target_lang, project, article, segment_id, who, ts,"
    " origin, mt_norm, src_norm, ctx_mt, ctx_src, codes"
)


def codes_json(unit: MemoryUnit) -> str:
    """A unit's inline codes and their format as the ``codes`` column holds them."""
    if not unit.codes:
        return ""
    rows = [[c.char, c.kind, c.pair, c.xml, c.label, c.nests, c.data] for c in unit.codes]
    return json.dumps({"format": unit.code_format, "codes": rows}, ensure_ascii=False)


def codes_of(value: object) -> tuple[tuple[InlineCode, ...], str]:
    """:func:`codes_json` read back: (codes, their format)."""
    if not value:
        return (), ""
    data = json.loads(str(value))
    codes = tuple(
        InlineCode(str(c[0]), cast(CodeKind, c[1]), str(c[2]), str(c[3]), str(c[4]),
                   bool(c[5]), str(c[6]))
        for c in data["codes"]
    )  # fmt: skip
    return codes, str(data["format"])


def _stored(r: Sequence[object]) -> StoredUnit:
    codes, code_format = codes_of(r[16]) if len(r) > 16 else ((), "")
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
            codes=codes,
            code_format=code_format,
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
        codes_json(u),
    )


_INSERT_UNIT = (
    "INSERT INTO units (id, key, source, mt, target, source_lang, target_lang, project, article,"
    " segment_id, who, ts, origin, mt_norm, src_norm, mt_hash, src_hash, ctx_mt, ctx_src, codes)"
)
_UNIT_WIDTH = 20


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


def _migrate(path: Path, conn: sqlite3.Connection, version: int) -> None:
    """Bring an older memory up to :data:`MEMORY_SCHEMA_VERSION`, in one transaction (a
    second process doing the same at the same moment waits, then finds it done)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version, _ = versions(conn)
            for target in range(version + 1, MEMORY_SCHEMA_VERSION + 1):
                conn.execute(MEMORY_MIGRATIONS[target])
            conn.execute(f"PRAGMA user_version={MEMORY_SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise MemoryFileError(f"{path}: cannot upgrade the memory ({exc})") from None


class MemoryStore:
    """The memory database. :meth:`open` makes it on first use (writable) or opens it."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._conn = conn
        self._lock = threading.RLock()  # one connection, used by the editor's workers too
        has_codes = any(r[1] == "codes" for r in conn.execute("PRAGMA table_info(units)"))
        # a schema-1 memory opened read-only has no codes column: read without it
        self._columns = _UNIT_COLUMNS if has_codes else _UNIT_COLUMNS.removesuffix(", codes")

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
            version, app = versions(conn)
            if version == 0 and app == 0 and not read_only:
                # New (or empty) file: made in one transaction; a second process creating the
                # same memory at the same moment waits, then finds it made.
                conn.execute("BEGIN IMMEDIATE")
                try:
                    version, app = versions(conn)
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
                version, app = versions(conn)
            project = conn.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('segments', 'events')"
            ).fetchone()[0]
        except sqlite3.Error as exc:
            raise MemoryFileError(f"{path}: not a usable memory ({exc})") from None
        if app != MEMORY_APPLICATION_ID:
            what = "a workbench project" if project == 2 else "another SQLite database"
            raise MemoryFileError(f"{path}: not a workbench memory ({what})")
        if not 1 <= version <= MEMORY_SCHEMA_VERSION:
            raise MemoryFileError(
                f"{path}: memory schema {version} is not supported "
                f"(this workbench reads schema 1 to {MEMORY_SCHEMA_VERSION})"
            )
        if version < MEMORY_SCHEMA_VERSION and not read_only:
            _migrate(path, conn, version)

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
            atomic(
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
            for part in in_chunks(keys):
                marks = ",".join("?" * len(part))
                for row in conn.execute(
                    f"SELECT {self._columns}, key FROM units WHERE key IN ({marks})", part
                ):
                    existing[row[-1]] = _stored(row)
            seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'units'").fetchone()
            next_id = (seq[0] if seq else 0) + 1  # we hold the write lock: ids are ours
            inserts: list[tuple[object, ...]] = []
            updates: list[tuple[object, ...]] = []
            deletes: list[tuple[int]] = []
            new_ids: list[int] = []
            new_features: list[tuple[int, ...]] = []
            for key, rec in latest.items():
                old = existing.get(key)
                if old is not None:
                    if (old.mt_norm, old.src_norm) == (rec.mt_norm, rec.src_norm):
                        same = evolve(old.unit, when=rec.unit.when) == rec.unit
                        if same and (old.ctx_mt, old.ctx_src) == (rec.ctx_mt, rec.ctx_src):
                            unchanged += 1
                        else:
                            updates.append(
                                (
                                    *_unit_values(rec)[1:12],
                                    rec.ctx_mt,
                                    rec.ctx_src,
                                    codes_json(rec.unit),
                                    old.id,
                                )
                            )
                            updated += 1
                        continue
                    deletes.append((old.id,))
                    updated += 1
                else:
                    added += 1
                inserts.append((next_id, *_unit_values(rec)))
                new_ids.append(next_id)
                new_features.append(rec.features)
                next_id += 1
            conn.executemany("DELETE FROM units WHERE id = ?", deletes)
            conn.executemany(
                "UPDATE units SET source = ?, mt = ?, target = ?, source_lang = ?,"
                " target_lang = ?, project = ?, article = ?, segment_id = ?, who = ?, ts = ?,"
                " origin = ?, ctx_mt = ?, ctx_src = ?, codes = ? WHERE id = ?",
                updates,
            )
            insert_rows(conn, _INSERT_UNIT, inserts, _UNIT_WIDTH)  # many rows a statement
            self._append_postings(conn, NewPostings.gather(new_ids, new_features))
        return AddResult(added, updated, unchanged)

    @staticmethod
    def _append_postings(conn: sqlite3.Connection, new: NewPostings) -> None:
        """Append ids (all above every id already there, so arrays stay sorted) to the last
        chunk of each term, starting new chunks when it is full. Terms in key order: the
        index's pages are visited in order, each once, instead of at random."""
        known: dict[int, tuple[int, int, bytes]] = {}
        for part in in_chunks(list(new.terms)):
            marks = ",".join("?" * len(part))
            for term, df, chunks, blob in conn.execute(
                "SELECT t.term, t.df, t.chunks, p.ids FROM terms t JOIN postings p"
                " ON p.term = t.term AND p.chunk = t.chunks - 1"
                f" WHERE t.term IN ({marks})",
                part,
            ):
                known[term] = (df, chunks, blob)
        full = POSTINGS_CHUNK * _ID_BYTES
        data = new.ids
        terms = np.asarray(new.terms, dtype=np.int64)
        bounds = np.asarray(new.bounds, dtype=np.int64)
        starts, ends = bounds[:-1], bounds[1:]
        # the common case, a new term whose ids fit one chunk: a row each, made in one go
        simple = ends - starts <= full
        if known:
            simple &= ~np.isin(terms, np.fromiter(known, dtype=np.int64, count=len(known)))
        chunk_inserts: list[tuple[int, int, bytes]] = [
            (term, 0, data[start:end])
            for term, start, end in zip(  # noqa: B905
                terms[simple].tolist(), starts[simple].tolist(), ends[simple].tolist()
            )
        ]
        new_terms: list[tuple[int, int, int]] = [
            (term, count, 1)
            for term, count in zip(  # noqa: B905
                terms[simple].tolist(), ((ends - starts)[simple] // _ID_BYTES).tolist()
            )
        ]
        term_rows: list[tuple[int, int, int]] = []
        chunk_updates: list[tuple[bytes, int, int]] = []
        rest = ~simple
        for term, start, end in zip(  # noqa: B905
            terms[rest].tolist(), starts[rest].tolist(), ends[rest].tolist()
        ):
            df, chunks, blob = known.get(term) or (0, 0, b"")
            pending = data[start:end]
            added = len(pending) // _ID_BYTES
            if chunks:
                room = full - len(blob)
                if room > 0:
                    chunk_updates.append((blob + pending[:room], term, chunks - 1))
                    pending = pending[room:]
            for i in range(0, len(pending), full):
                chunk_inserts.append((term, chunks, pending[i : i + full]))
                chunks += 1
            term_rows.append((term, df + added, chunks))
        conn.executemany("UPDATE postings SET ids = ? WHERE term = ? AND chunk = ?", chunk_updates)
        insert_rows(conn, "INSERT INTO postings", chunk_inserts, 3)
        insert_rows(conn, "INSERT INTO terms", new_terms, 3)
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
        for part in in_chunks(list(ids)):
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
        for part in in_chunks(list(terms)):
            marks = ",".join("?" * len(part))
            out.update(self._read(f"SELECT term, df FROM terms WHERE term IN ({marks})", part))
        return out

    def postings(self, terms: Sequence[int]) -> list[tuple[int, bytes]]:
        """The unit ids of each term (little-endian uint32 arrays, one row per chunk)."""
        out: list[tuple[int, bytes]] = []
        for part in in_chunks(list(terms)):
            marks = ",".join("?" * len(part))
            out.extend(self._read(f"SELECT term, ids FROM postings WHERE term IN ({marks})", part))
        return out

    def units(self, ids: Sequence[int]) -> list[StoredUnit]:
        """The units with these ids (those that exist), in no particular order."""
        out: list[StoredUnit] = []
        for part in in_chunks(list(ids)):
            marks = ",".join("?" * len(part))
            out.extend(
                _stored(r)
                for r in self._read(
                    f"SELECT {self._columns} FROM units WHERE id IN ({marks})", part
                )
            )
        return out

    def units_with_hash(self, side: Literal["mt", "source"], value: int) -> list[StoredUnit]:
        column = "mt_hash" if side == "mt" else "src_hash"
        return [
            _stored(r)
            for r in self._read(f"SELECT {self._columns} FROM units WHERE {column} = ?", (value,))
        ]

    def ids_with_hash(self, side: Literal["mt", "source"], value: int) -> list[int]:
        column = "mt_hash" if side == "mt" else "src_hash"
        return [r[0] for r in self._read(f"SELECT id FROM units WHERE {column} = ?", (value,))]

    def targets_of(self, keys: Sequence[str]) -> dict[str, str]:
        """The final text of the units with these keys (those that exist)."""
        out: dict[str, str] = {}
        for chunk in in_chunks(keys):
            marks = ", ".join("?" * len(chunk))
            rows = self._read(f"SELECT key, target FROM units WHERE key IN ({marks})", chunk)
            out.update((str(k), str(t)) for k, t in rows)
        return out

    def iter_units(self, batch: int = 2000) -> Iterator[StoredUnit]:
        """Every unit, by id, read in batches."""
        last = 0
        while True:
            rows = self._read(
                f"SELECT {self._columns} FROM units WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
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
