"""The shared post-edit memory on a PostgreSQL server (:class:`PostgresMemoryStore`).

The same units and the same inverted index (terms, postings as little-endian uint32 chunks:
smaller ones, see :data:`SERVER_CHUNK`) as the SQLite memory
(:mod:`workbench.core.storage.memory_store`), so
:class:`~workbench.core.memory.Memory` finds its fuzzy candidates and ranks them with the
same scorer on either backend: the top match is the same for the same units. Exact matches
are found by hash (indexed columns). ``memory_units.mt_norm`` also has a pg_trgm GIN index
(:meth:`PostgresMemoryStore.similar`: the server's own trigram candidates, for tools that
query the database directly).

Writers take turns (a transaction-scoped advisory lock), so unit ids grow with each commit
and postings stay sorted, as in SQLite. Each :meth:`~PostgresMemoryStore.add` announces its
new unit ids on :data:`~workbench.core.storage.pg.MEMORY_CHANNEL` when it commits: the other
translators' editors offer a just-confirmed segment within a second.
"""

from __future__ import annotations

import contextlib
import json
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace as evolve
from pathlib import Path
from typing import Any, Literal, cast

import psycopg

from workbench.core.errors import MemoryFileError
from workbench.core.model.memory import (
    AddResult,
    IndexReads,
    MatchKey,
    MatchTexts,
    MemoryCounts,
    MemoryRecord,
    StoredUnit,
)
from workbench.core.storage.memory_store import (
    _stored,
    _unit_values,
    codes_json,
)
from workbench.core.storage.pg import MEMORY_CHANNEL, Server, ServerError, masked

# The server's postings chunks hold at most 256 ids (1 KB: never compressed nor moved out of
# line, whereas SQLite's hold 1,024): a confirmation appends its unit to the last chunk of
# each of its terms, and the server rewrites each such chunk whole. With 4 KB chunks that was
# 1.9 ms of the server's CPU and 130 KB of WAL a confirmation, now 0.5 ms and 20 KB. A
# chunk copied in bigger (``db copy``, an older store) is left as it is; new ids go to new
# chunks.
SERVER_CHUNK = 256
ANALYZE_AFTER = 1000  # units added at once after which the tables' statistics are renewed
NOTIFY_IDS = 400  # new unit ids named in a notification (ids of up to 18 digits fit)
WRITE_LOCK = 0x57424D57  # pg_advisory_xact_lock key for memory writers
_ID_BYTES = 4
Conn = psycopg.Connection[Any]

_UNIT_COLUMNS = (
    "id, source, mt, target, source_lang, target_lang, project, article, segment_id, who, ts,"
    " origin, mt_norm, src_norm, ctx_mt, ctx_src, codes"
)
_INSERT_UNIT = (
    "INSERT INTO memory_units (id, key, source, mt, target, source_lang, target_lang, project,"
    " article, segment_id, who, ts, origin, mt_norm, src_norm, mt_hash, src_hash, ctx_mt,"
    " ctx_src, codes) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
    " %s, %s, %s, %s)"
)

# The terms of a query with their df, and the postings of the rarest of them (in (df, term)
# order) whose running total of df stays within the budget, the first one always: what
# Memory._candidates chooses from the frequencies alone. The terms not chosen are filtered
# out before the join (a join filter would walk every chunk of the commonest terms).
_CHOSEN_POSTINGS = (
    "WITH q AS (SELECT term, df, (SUM(df) OVER w <= %(budget)s OR ROW_NUMBER() OVER w = 1)"
    " AS chosen FROM memory_terms WHERE term = ANY(%(terms)s) WINDOW w AS (ORDER BY df, term))"
    " SELECT term, df, NULL::bytea FROM q WHERE NOT chosen"
    " UNION ALL SELECT q.term, q.df, p.ids FROM q LEFT JOIN memory_postings p ON p.term = q.term"
    " WHERE chosen"
)


# each term's df, chunk count and the size of its last chunk (read under the writers' lock)
_LAST_CHUNKS = (
    "SELECT t.term, t.df, t.chunks, octet_length(p.ids) FROM memory_terms t"
    " JOIN memory_postings p ON p.term = t.term AND p.chunk = t.chunks - 1"
    " WHERE t.term = ANY(%s::bigint[])"
)
# new units written with INSERT in the pipeline of the other writes (one round trip); more
# (an import) with COPY, which a pipeline cannot hold
FEW_INSERTS = 50

_ADDED_TEXTS = "SELECT id, mt_norm, src_norm FROM memory_units WHERE id > %s ORDER BY id"
# the units added since a lookup's last read that come with its index reads: more (an
# import meanwhile) are read on their own (Memory's catch-up), in one go
ADDED_IN_READ = 2000


def _match_texts(rows: Sequence[Any]) -> MatchTexts:
    if not rows:
        return MatchTexts((), (), ())
    ids, mts, srcs = zip(*rows, strict=True)
    return MatchTexts(ids, mts, srcs)


def _columns(rows: Sequence[tuple[object, ...]]) -> list[list[object]]:
    """Rows as columns: parameters of ``unnest(...)``, one statement for many rows."""
    return [list(column) for column in zip(*rows, strict=True)]


def _int_array(values: Iterable[int]) -> str:
    """An array of integers as PostgreSQL's text literal (``{1,2,3}``), sent as one text
    parameter and cast by the query (``%s::bigint[]``): psycopg dumps a list element by
    element in Python, about a third of a lookup's client time spent on its parameters."""
    return "{" + ",".join(map(str, values)) + "}"


def _ids_blob(ids: Sequence[int]) -> bytes:
    return struct.pack(f"<{len(ids)}I", *ids)


# the parts of :func:`_postings_writes`' statement, each with its columns as arrays
_APPEND_TO_CHUNKS = (
    "appended AS (UPDATE memory_postings p SET ids = p.ids || v.ids FROM"
    " unnest(%(a_term)b::bigint[], %(a_chunk)b::integer[], %(a_ids)b::bytea[])"
    " AS v(term, chunk, ids) WHERE p.term = v.term AND p.chunk = v.chunk)"
)
_NEW_CHUNKS = (
    "inserted AS (INSERT INTO memory_postings (term, chunk, ids) SELECT * FROM"
    " unnest(%(i_term)b::bigint[], %(i_chunk)b::integer[], %(i_ids)b::bytea[]))"
)
_TERM_COUNTS = (
    "terms AS (INSERT INTO memory_terms (term, df, chunks) SELECT * FROM"
    " unnest(%(t_term)b::bigint[], %(t_df)b::integer[], %(t_chunks)b::integer[])"
    " ON CONFLICT (term) DO UPDATE SET df = excluded.df, chunks = excluded.chunks)"
)


def _postings_writes(
    new: Mapping[int, list[int]], known: Mapping[int, tuple[int, int, int]]
) -> tuple[list[str], dict[str, object]]:
    """The parts of a ``WITH`` that append ids (all above every id there) to each term's
    last chunk, as in SQLite, the server appending to a chunk itself (a chunk is not read
    back and sent again), new chunks where the last is full, and the terms' counts; with
    their parameters. ``known``: each term's df, chunks and the bytes of its last chunk
    (:data:`_LAST_CHUNKS`, read under the lock). The rows each part touches are not those
    of another (a statement cannot touch a row twice)."""
    appended: list[tuple[int, int, bytes]] = []  # (term, chunk, ids to add)
    inserted: list[tuple[int, int, bytes]] = []  # (term, chunk, ids)
    terms: list[tuple[int, int, int]] = []  # (term, df, chunks)
    for term, ids in new.items():
        df, chunks, size = known.get(term, (0, 0, 0))
        pending = ids
        if chunks:
            room = SERVER_CHUNK - size // _ID_BYTES
            if room > 0:
                appended.append((term, chunks - 1, _ids_blob(pending[:room])))
                pending = pending[room:]
        for i in range(0, len(pending), SERVER_CHUNK):
            inserted.append((term, chunks, _ids_blob(pending[i : i + SERVER_CHUNK])))
            chunks += 1
        terms.append((term, df + len(ids), chunks))
    parts: list[str] = []
    params: dict[str, object] = {}
    for rows, names, sql in (
        (appended, ("a_term", "a_chunk", "a_ids"), _APPEND_TO_CHUNKS),
        (inserted, ("i_term", "i_chunk", "i_ids"), _NEW_CHUNKS),
        (terms, ("t_term", "t_df", "t_chunks"), _TERM_COUNTS),
    ):
        if rows:
            parts.append(sql)
            params.update(zip(names, _columns(rows), strict=True))
    return parts, params


class PostgresMemoryStore:
    """The memory in the database at a URL. :meth:`open` creates the schema on first use."""

    def __init__(self, server: Server, read_only: bool) -> None:
        self.server = server
        self.url = server.url
        self.path = Path(masked(server.url))  # for messages only: the memory has no file
        self.read_only = read_only

    @classmethod
    def open(cls, url: str, *, read_only: bool = False) -> PostgresMemoryStore:
        try:
            return cls(Server(url, read_only=read_only), read_only)
        except ServerError as exc:
            raise MemoryFileError(str(exc)) from None

    def close(self) -> None:
        self.server.close()

    def _run(self, what: str, work: Any, *, write: bool = True) -> Any:
        try:
            return self.server.run(what, work, write=write)
        except ServerError as exc:
            raise MemoryFileError(str(exc)) from None

    def _read(self, sql: str, params: Sequence[object] = (), *, binary: bool = False) -> list[Any]:
        return cast(
            list[Any],
            self._run(
                "cannot read the memory",
                lambda conn: conn.execute(sql, params, binary=binary).fetchall(),
                write=False,
            ),
        )

    # --- writing -----------------------------------------------------------------------------
    def add(self, records: Sequence[MemoryRecord]) -> AddResult:
        """Write units in one transaction, with the rules of the SQLite memory's ``add``."""
        if self.read_only:
            raise MemoryFileError(f"{self.path}: the memory is open read-only")
        latest: dict[str, MemoryRecord] = {}
        for rec in records:
            latest.pop(rec.key, None)
            latest[rec.key] = rec

        def work(conn: Conn) -> AddResult:
            unchanged = len(records) - len(latest)
            added = updated = 0
            terms = {term for rec in latest.values() for term in rec.features}
            with conn.pipeline():  # the lock, then what is there: one round trip
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                there = conn.execute(
                    f"SELECT {_UNIT_COLUMNS}, key FROM memory_units WHERE key = ANY(%s)",
                    (list(latest),),
                )
                top = conn.execute("SELECT value FROM memory_meta WHERE key = 'next_id'")
                last_chunks = conn.execute(_LAST_CHUNKS, (_int_array(terms),))
            existing: dict[str, StoredUnit] = {row[-1]: _stored(row) for row in there}
            got = top.fetchone()
            next_id = int(got[0]) if got else 1
            inserts: list[tuple[object, ...]] = []
            updates: list[tuple[object, ...]] = []
            deletes: list[int] = []
            postings: dict[int, list[int]] = {}
            new_ids: list[int] = []
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
                            new_ids.append(old.id)
                            updated += 1
                        continue
                    deletes.append(old.id)
                    updated += 1
                else:
                    added += 1
                inserts.append((next_id, *_unit_values(rec)))
                new_ids.append(next_id)
                for term in rec.features:
                    postings.setdefault(term, []).append(next_id)
                next_id += 1
            known = {int(t): (int(df), int(n), int(size)) for t, df, n, size in last_chunks}
            few = len(inserts) <= FEW_INSERTS  # a confirmation: every write in one round trip
            with conn.pipeline() if few else contextlib.nullcontext(), conn.cursor() as cur:
                if deletes:
                    cur.execute("DELETE FROM memory_units WHERE id = ANY(%s)", (deletes,))
                cur.executemany(
                    "UPDATE memory_units SET source = %s, mt = %s, target = %s,"
                    " source_lang = %s, target_lang = %s, project = %s, article = %s,"
                    " segment_id = %s, who = %s, ts = %s, origin = %s, ctx_mt = %s,"
                    " ctx_src = %s, codes = %s WHERE id = %s",
                    updates,
                )
                if few:
                    cur.executemany(_INSERT_UNIT, inserts)
                elif inserts:  # an import: COPY (not in a pipeline)
                    with cur.copy(
                        "COPY memory_units (id, key, source, mt, target, source_lang,"
                        " target_lang, project, article, segment_id, who, ts, origin, mt_norm,"
                        " src_norm, mt_hash, src_hash, ctx_mt, ctx_src, codes) FROM STDIN"
                    ) as copy:
                        for row in inserts:
                            copy.write_row(row)
                # the postings, the terms, the next id and the notice: one statement
                parts, params = _postings_writes(postings, known)
                parts.append(
                    "meta AS (UPDATE memory_meta SET value = %(next)s WHERE key = 'next_id')"
                )
                params["next"] = str(next_id)
                last = " SELECT 1"
                if new_ids:
                    who = next(iter(latest.values())).unit.who
                    shown = new_ids[:NOTIFY_IDS]  # a payload holds under 8,000 bytes
                    payload = {"ids": shown, "more": len(new_ids) - len(shown), "who": who[:200]}
                    last = " SELECT pg_notify(%(channel)s, %(payload)s)"
                    params.update(
                        channel=MEMORY_CHANNEL, payload=json.dumps(payload, ensure_ascii=False)
                    )
                cur.execute("WITH " + ", ".join(parts) + last, params)
            return AddResult(added, updated, unchanged)

        result = cast(AddResult, self._run("the memory was not changed", work))
        if result.added >= ANALYZE_AFTER:  # a bulk import: fresh planner statistics
            self._run(
                "cannot analyse the memory",
                lambda conn: conn.execute("ANALYZE memory_units, memory_terms, memory_postings"),
                write=False,
            )
        return result

    def checkpoint(self) -> None:
        """Nothing to do: the server keeps its own log."""

    # --- reading -----------------------------------------------------------------------------
    def max_id(self) -> int:
        return int(self._read("SELECT COALESCE(MAX(id), 0) FROM memory_units")[0][0])

    def match_texts(self, after_id: int = 0) -> MatchTexts:
        return _match_texts(self._read(_ADDED_TEXTS, (after_id,)))

    def match_keys_for(self, ids: Sequence[int]) -> list[MatchKey]:
        return [
            MatchKey(*r)
            for r in self._read(
                "SELECT id, mt_norm, src_norm, source_lang, target_lang FROM memory_units"
                " WHERE id = ANY(%s)",
                (list(ids),),
            )
        ]

    def document_frequencies(self, terms: Sequence[int]) -> dict[int, int]:
        return {
            int(t): int(df)
            for t, df in self._read(
                "SELECT term, df FROM memory_terms WHERE term = ANY(%s::bigint[])",
                (_int_array(terms),),
            )
        }

    def postings(self, terms: Sequence[int]) -> list[tuple[int, bytes]]:
        return [
            (int(t), bytes(ids))
            for t, ids in self._read(
                "SELECT term, ids FROM memory_postings WHERE term = ANY(%s::bigint[])",
                (_int_array(terms),),
                binary=True,  # bytes, not hexadecimal text (a wide search reads megabytes)
            )
        ]

    def units(self, ids: Sequence[int]) -> list[StoredUnit]:
        return [
            _stored(r)
            for r in self._read(
                f"SELECT {_UNIT_COLUMNS} FROM memory_units WHERE id = ANY(%s::bigint[])",
                (_int_array(ids),),
            )
        ]

    def units_with_hash(self, side: Literal["mt", "source"], value: int) -> list[StoredUnit]:
        column = "mt_hash" if side == "mt" else "src_hash"
        return [
            _stored(r)
            for r in self._read(
                f"SELECT {_UNIT_COLUMNS} FROM memory_units WHERE {column} = %s", (value,)
            )
        ]

    def targets_of(self, keys: Sequence[str]) -> dict[str, str]:
        """The final text of the units with these keys (those that exist)."""
        if not keys:
            return {}
        rows = self._read("SELECT key, target FROM memory_units WHERE key = ANY(%s)", (list(keys),))
        return {str(k): str(t) for k, t in rows}

    def ids_with_hash(self, side: Literal["mt", "source"], value: int) -> list[int]:
        column = "mt_hash" if side == "mt" else "src_hash"
        return [
            int(r[0])
            for r in self._read(f"SELECT id FROM memory_units WHERE {column} = %s", (value,))
        ]

    def iter_units(self, batch: int = 2000) -> Iterator[StoredUnit]:
        last = 0
        while True:
            rows = self._read(
                f"SELECT {_UNIT_COLUMNS} FROM memory_units WHERE id > %s ORDER BY id LIMIT %s",
                (last, batch),
            )
            if not rows:
                return
            for r in rows:
                yield _stored(r)
            last = rows[-1][0]

    def index_reads(
        self,
        sides: Sequence[tuple[str, Sequence[int]]],
        budget: int,
        hashes: Sequence[tuple[Literal["mt", "source"], int]],
        after_id: int | None = None,
    ) -> IndexReads:
        """The document frequencies of each side's terms, the postings of the rarest up to
        ``budget`` (chosen by the server, in ``(df, term)`` order, at least one), the ids
        with the hashes, the highest id and (``after_id`` given) the texts of the units
        added after it: every query sent at once (a pipeline), so a lookup waits for one
        round trip instead of one per query, also while others confirm segments."""

        def work(conn: Conn) -> IndexReads:
            with conn.pipeline():
                per_side = [  # binary: postings come as bytes, not as hexadecimal text
                    (
                        side,
                        conn.execute(
                            _CHOSEN_POSTINGS,
                            {"terms": _int_array(terms), "budget": budget},
                            binary=True,
                        ),
                    )
                    for side, terms in sides
                ]
                # the highest id and the ids with each hash, in one statement
                top = conn.execute(
                    "SELECT COALESCE((SELECT MAX(id) FROM memory_units), 0)"
                    + "".join(
                        ", ARRAY(SELECT id FROM memory_units WHERE "
                        + ("mt_hash" if side == "mt" else "src_hash")
                        + " = %s)"
                        for side, _value in hashes
                    ),
                    [value for _side, value in hashes],
                )
                added = (
                    None
                    if after_id is None
                    else conn.execute(_ADDED_TEXTS + " LIMIT %s", (after_id, ADDED_IN_READ))
                )
            df: dict[str, dict[int, int]] = {}
            postings: dict[str, list[tuple[int, bytes]]] = {}
            for side, cur in per_side:
                df[side], postings[side] = {}, []
                for term, n, ids in cur.fetchall():
                    df[side][int(term)] = int(n)
                    if ids is not None:
                        postings[side].append((int(term), bytes(ids)))
            row = top.fetchone()
            assert row is not None  # one row, always
            return IndexReads(
                max_id=int(row[0]),
                df=df,
                postings=postings,
                exact=tuple(int(i) for ids in row[1:] for i in ids),
                added=None if added is None else _match_texts(added.fetchall()),
            )

        return cast(IndexReads, self._run("cannot read the memory", work, write=False))

    def similar(self, mt_norm: str, limit: int = 10) -> list[tuple[int, float]]:
        """The server's trigram candidates for a normalised text: (unit id, similarity),
        most similar first (pg_trgm, through the GIN index)."""
        return [
            (int(i), float(s))
            for i, s in self._read(
                "SELECT id, similarity(mt_norm, %s) AS s FROM memory_units"
                " WHERE mt_norm %% %s ORDER BY s DESC, id LIMIT %s",
                (mt_norm, mt_norm, limit),
            )
        ]

    def counts(self) -> MemoryCounts:
        units, first, last, projects = self._read(
            "SELECT COUNT(*), MIN(ts), MAX(ts), COUNT(DISTINCT NULLIF(project, ''))"
            " FROM memory_units"
        )[0]
        terms, postings = self._read("SELECT COUNT(*), COALESCE(SUM(df), 0) FROM memory_terms")[0]
        return MemoryCounts(
            units=int(units),
            by_origin=tuple(
                (str(a), int(b))
                for a, b in self._read(
                    "SELECT origin, COUNT(*) FROM memory_units GROUP BY origin ORDER BY 2 DESC, 1"
                )
            ),
            by_languages=tuple(
                (str(a), str(b), int(c))
                for a, b, c in self._read(
                    "SELECT source_lang, target_lang, COUNT(*) FROM memory_units"
                    " GROUP BY source_lang, target_lang ORDER BY 3 DESC, 1, 2"
                )
            ),
            by_who=tuple(
                (str(a), int(b))
                for a, b in self._read(
                    "SELECT who, COUNT(*) FROM memory_units GROUP BY who ORDER BY 2 DESC, 1"
                )
            ),
            projects=int(projects),
            first=first,
            last=last,
            terms=int(terms),
            postings=int(postings),
        )
