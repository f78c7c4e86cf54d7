"""The open memory (:class:`Memory`): finding candidates through the index, scoring them
with rapidfuzz, ranking, concordance, and writing confirmed segments."""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import threading
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace as evolve
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz, process

from workbench.core.config import Config, load_config
from workbench.core.document import Document
from workbench.core.edits import diff_chunks
from workbench.core.errors import MemoryFileError, WorkbenchError
from workbench.core.language import canonical_tag
from workbench.core.memory.bulk import make_records
from workbench.core.memory.codes import code_penalty, neutral
from workbench.core.memory.index import (
    _UNSPACED,
    Side,
    _canonical,
    _feature,
    feature_sizes,
    normalise,
    shown,
    text_hash,
    tokens,
)
from workbench.core.memory.records import (
    Context,
    ProjectSegments,
    _document_context,
    _languages_fit,
    _match_text,
    _segment_units,
    context_of,
)
from workbench.core.model.memory import (
    AddResult,
    Basis,
    ConcordanceHit,
    Field,
    IndexReads,
    MatchTexts,
    MemoryCounts,
    MemoryMatch,
    MemoryRecord,
    MemoryUnit,
    StoredUnit,
)
from workbench.core.model.project import SegmentState
from workbench.core.projects import data_dir
from workbench.core.storage import backends
from workbench.core.storage.protocols import BundledIndexReads, MemoryStorage

DEFAULT_MIN_SCORE = 70.0
DEFAULT_LIMIT = 5
# Candidate search: postings read per side and lookup, and units scored exactly with rapidfuzz.
POSTINGS_BUDGET = 12_000
CANDIDATES = 700
# A larger memory scores more: one candidate per UNITS_PER_CANDIDATE units, up to
# MOST_CANDIDATES. The more units, the more of them share the query's rarest features (its
# figures, say) and push down a near report of a common template that differs in a word or
# two: at 1,000,000 units, 700 candidates missed 7 top-1 scores of 1,000, 2,000 missed 2.
UNITS_PER_CANDIDATE = 500
MOST_CANDIDATES = 2_000
# When the index finds no match of SCAN_BELOW or more (a marginal match shares mostly common
# words), a wider search: features up to WIDE_BUDGET postings, the best WIDE_CANDIDATES units
# scored. Never every unit of a large memory (at a million units that took ~180 ms a lookup);
# a memory of SCAN_ALL units or fewer is scored whole instead (a few milliseconds).
SCAN_BELOW = 80.0
WIDE_BUDGET = 400_000
WIDE_CANDIDATES = 6_000
SCAN_ALL = 30_000
IMPORT_BATCH = 20_000  # units per transaction when importing (a few seconds of writing)
RECORDS_AT_ONCE = 4_096  # units whose records are made together (core/memory/bulk.py)


def default_memory_path() -> Path:
    """``<data dir>/memory.wbmem``: one memory for all projects."""
    return data_dir() / "memory.wbmem"


class _Keys:
    """The texts fuzzy lookups score and their lengths, by unit id, kept in memory by
    :meth:`Memory.warm` (then brought up to date with the units added since, by this
    process or another). numpy arrays, so gathering thousands of candidates is cheap."""

    def __init__(self) -> None:
        self.max_id = 0
        self.mt = np.full(1, None, dtype=object)
        self.src = np.full(1, None, dtype=object)
        self.mt_n = np.full(1, None, dtype=object)  # the texts scored: codes taken out
        self.src_n = np.full(1, None, dtype=object)
        self.mt_len = np.zeros(1, dtype=np.int32)
        self.src_len = np.zeros(1, dtype=np.int32)
        self.scratch = np.zeros(1, dtype=np.float32)  # per-unit sums of one lookup, kept zero
        self.present = np.zeros(1, dtype=np.bool_)  # the ids whose texts are held

    def _reserve(self, size: int) -> None:
        if size <= self.mt.size:
            return
        size = max(size, 2 * self.mt.size)
        names = ("mt", "src", "mt_n", "src_n", "mt_len", "src_len", "scratch", "present")
        for name in names:
            old = getattr(self, name)
            new = (
                np.full(size, None, dtype=object)
                if old.dtype == object
                else np.zeros(size, old.dtype)
            )
            new[: old.size] = old
            setattr(self, name, new)

    def catch_up(self, store: MemoryStorage, known_max: int | None = None) -> None:
        """Read the units added since (``known_max``: the highest id, when the caller has
        just read it)."""
        if (store.max_id() if known_max is None else known_max) <= self.max_id:
            return
        self.take(store.match_texts(self.max_id))

    def take(self, got: MatchTexts) -> None:
        """Keep the texts of units read after the highest id held (others are held)."""
        if not got.ids or got.ids[-1] <= self.max_id:
            return
        if got.ids[0] <= self.max_id:
            start = next(n for n, i in enumerate(got.ids) if i > self.max_id)
            got = MatchTexts(got.ids[start:], got.mt_norm[start:], got.src_norm[start:])
        top = got.ids[-1]
        self._reserve(top + 1)
        ids = np.fromiter(got.ids, dtype=np.int64, count=len(got.ids))
        self.mt[ids] = got.mt_norm
        self.present[ids] = True
        self.mt_len[ids] = np.fromiter(map(len, got.mt_norm), dtype=np.int32, count=ids.size)
        self.src[ids] = got.src_norm
        self.mt_n[ids] = [neutral(t) for t in got.mt_norm]
        self.src_n[ids] = [neutral(t) if t else t for t in got.src_norm]
        self.src_len[ids] = np.fromiter(
            (len(s) if s else 0 for s in got.src_norm), dtype=np.int32, count=ids.size
        )
        self.max_id = top


class Memory:
    """An open post-edit memory: the store and the rules of matching. Open with
    :meth:`open`; close with :meth:`close` (or as a context manager; a Session it is
    attached to closes it)."""

    def __init__(
        self, store: MemoryStorage, *, who: str = "", min_score: float = DEFAULT_MIN_SCORE
    ) -> None:
        self._store = store
        self.path = store.path
        self.read_only = store.read_only
        self.who = who
        self.min_score = min_score
        self._keys: _Keys | None = None
        self._keys_lock = threading.Lock()

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        who: str = "",
        min_score: float = DEFAULT_MIN_SCORE,
    ) -> Memory:
        """The memory at ``path`` (default :func:`default_memory_path`), made on first use
        when writable. :class:`MemoryFileError` (one line) when the file is not a memory,
        has another schema version, or is read-only and ``read_only`` is false."""
        if path is None:
            path = default_memory_path()
        store = backends.open_memory(
            path if backends.is_server(path) else Path(path), read_only=read_only
        )
        return cls(store, who=who, min_score=min_score)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------------------
    def targets_of(self, keys: Sequence[str]) -> dict[str, str]:
        """The final text of the units with these keys (those that exist), by key."""
        return self._store.targets_of(keys)

    def add(self, records: Sequence[MemoryRecord]) -> AddResult:
        """Write records (one transaction)."""
        if not records:
            return AddResult(0, 0, 0)
        return self._store.add(records)

    def add_units(
        self,
        units: Iterable[tuple[MemoryUnit, str, Context | None] | MemoryRecord],
        *,
        batch: int | None = None,
    ) -> AddResult:
        """Write (unit, key, context) triples (or their records, made already), ``batch``
        units per transaction (default :data:`IMPORT_BATCH`).

        A large import folds the log into the file after each batch, so the ``-wal`` never
        holds more than one batch, and stops before a batch the disk has no room for (three
        times what the last one took): the log is then empty. A batch that fails all the
        same (a full disk) is rolled back and the log emptied of it. Either way the error
        says truly what was written: nothing, or how many units went in before, and that
        running the same import again adds the rest (units already in it are skipped)."""
        added = updated = unchanged = 0
        pending: list[MemoryRecord] = []
        raw: list[tuple[MemoryUnit, str, Context | None]] = []  # records still to make
        batches = 0
        last_growth = 0

        def stopped(reason: object) -> MemoryFileError:
            return MemoryFileError(
                f"{self.path}: the import stopped ({reason}); {added + updated:,} units had "
                "been written before, the rest was not: free some space and run the same "
                "import again to add the rest"
            )

        def flush() -> None:
            nonlocal added, updated, unchanged, last_growth
            pending.extend(make_records(raw))
            raw.clear()
            if not pending:
                return
            if last_growth and free_bytes(self.path) < 3 * last_growth:
                raise stopped("the disk is nearly full")
            size = file_bytes(self.path)
            try:
                result = self.add(pending)
            except MemoryFileError as exc:
                self._store.checkpoint()  # a failed batch leaves no large log behind
                if added + updated:
                    raise stopped(getattr(exc, "reason", exc)) from None
                raise
            added, updated, unchanged = (
                added + result.added,
                updated + result.updated,
                unchanged + result.unchanged,
            )
            pending.clear()
            if batches:
                self._store.checkpoint()  # a large import: the log holds one batch at most
                last_growth = max(file_bytes(self.path) - size, 1)

        size = IMPORT_BATCH if batch is None else batch
        for item in units:
            if isinstance(item, MemoryRecord):
                pending.append(item)
            else:
                raw.append(item)
            if len(raw) >= RECORDS_AT_ONCE:
                pending.extend(make_records(raw))
                raw.clear()
            if len(pending) + len(raw) >= size:
                batches += 1
                flush()
        flush()
        return AddResult(added, updated, unchanged)

    # --- reading -----------------------------------------------------------------------------
    def counts(self) -> MemoryCounts:
        """The store's figures, language pairs counted by their tags in the usual case (a
        memory filled before intake normalised them may hold ``EN-US`` beside ``en-US``)."""
        counts = self._store.counts()
        pairs: dict[tuple[str, str], int] = {}
        for source, target, n in counts.by_languages:
            key = (canonical_tag(source), canonical_tag(target))
            pairs[key] = pairs.get(key, 0) + n
        ordered = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
        return evolve(counts, by_languages=tuple((s, t, n) for (s, t), n in ordered))

    def units(self) -> Iterable[StoredUnit]:
        """Every unit, oldest first (for export)."""
        return self._store.iter_units()

    def warm(self) -> None:
        """Keep the texts fuzzy lookups score in memory (about 150 bytes a unit), so each
        lookup reads only the index; an editor calls this in a worker when it opens. Without
        it, each lookup reads its candidates' texts from the file."""
        with self._keys_lock:
            if self._keys is None:
                self._keys = _Keys()
            self._keys.catch_up(self._store)

    def _groups(
        self, keys: _Keys | None, ids: np.ndarray, q_mt: str, q_src: str | None
    ) -> list[_Group]:
        """The units that exist among ``ids`` in the groups they are scored in: on their
        source when both they and the query have one, else on their MT; each with the texts
        scored (:func:`neutral`: codes taken out) and the normalised texts by unit id. The
        texts come from memory (only those scored are gathered), else from the file."""
        if keys is not None:
            wanted = ids[ids <= keys.max_id]
            wanted = wanted[keys.present[wanted]]
            if not q_src:
                return [(q_mt, "mt", wanted.tolist(), keys.mt_n[wanted].tolist(), keys.mt)]
            has = keys.src_len[wanted] > 0
            with_src, others = wanted[has], wanted[~has]
            return [
                (q_src, "source", with_src.tolist(), keys.src_n[with_src].tolist(), keys.src),
                (q_mt, "mt", others.tolist(), keys.mt_n[others].tolist(), keys.mt),
            ]
        rows = self._store.match_keys_for(ids.tolist())
        mts = {k.id: k.mt_norm for k in rows}
        srcs = {k.id: k.src_norm for k in rows if k.src_norm}
        if not q_src:
            return [(q_mt, "mt", list(mts), [neutral(t) for t in mts.values()], mts)]
        others = [i for i in mts if i not in srcs]
        return [
            (q_src, "source", list(srcs), [neutral(t) for t in srcs.values()], srcs),
            (q_mt, "mt", others, [neutral(mts[i]) for i in others], mts),
        ]

    def _warm_keys(self, reads: IndexReads | None = None) -> _Keys | None:
        """The texts in memory (if warm), brought up to date: with the units a lookup's
        index reads brought along, then any more read from the store."""
        with self._keys_lock:
            if self._keys is not None:
                if reads is not None and reads.added is not None:
                    self._keys.take(reads.added)
                self._keys.catch_up(self._store, None if reads is None else reads.max_id)
            return self._keys

    def _held_max(self) -> int | None:
        """The highest unit id whose texts are in memory (``None``: not warm)."""
        with self._keys_lock:
            return None if self._keys is None else self._keys.max_id

    def _scan(
        self, q_mt: str, q_src: str | None, min_score: float, limit: int
    ) -> dict[int, tuple[float, Basis]]:
        """Score every unit (what the index cannot narrow down): rapidfuzz over all texts,
        loading them first if :meth:`warm` has not."""
        self.warm()
        keys = self._keys
        assert keys is not None
        scored: dict[int, tuple[float, Basis]] = {}
        with self._keys_lock:
            room = _room(limit)
            for score, i in _extract(
                neutral(q_mt), keys.mt_n[: keys.max_id + 1].tolist(), min_score, room
            ):
                if not (q_src and keys.src[i]):
                    _keep(scored, i, score - code_penalty(q_mt, keys.mt[i]), "mt", min_score)
            if q_src:
                for score, i in _extract(
                    neutral(q_src), keys.src_n[: keys.max_id + 1].tolist(), min_score, room
                ):
                    src = keys.src[i]
                    _keep(scored, i, score - code_penalty(q_src, src), "source", min_score)
        return scored

    def _candidates(
        self,
        side: Side,
        normalised: str,
        top: int,
        min_score: float,
        budget: int | None = None,
        count: int | None = None,
        reads: IndexReads | None = None,
    ) -> np.ndarray:
        """Ids of the units most likely to score best against the text (``top``: the
        highest unit id now). The query's features are taken from the rarest up until their
        postings reach the budget; each unit adds up the idf of those it has. With the
        texts in memory, units too short or too long to reach ``min_score`` are dropped
        (``fuzz.ratio`` is at most 200·min(la, lb)/(la + lb)) and the sums are scaled by
        that bound. ``budget`` and ``count``: :data:`POSTINGS_BUDGET` and
        :data:`CANDIDATES` unless given."""
        budget = POSTINGS_BUDGET if budget is None else budget
        count = CANDIDATES if count is None else count
        sizes = _sizes(side, normalised)
        df = self._store.document_frequencies(list(sizes)) if reads is None else reads.df[side]
        if not df or top == 0:
            return _NO_IDS
        chosen: dict[int, float] = {}
        total = 0
        for term, n in sorted(df.items(), key=lambda kv: (kv[1], kv[0])):
            if chosen and total + n > budget:
                break
            chosen[term] = math.log(1 + top / n) * sizes[term]
            total += n
        if reads is None:
            blobs = self._store.postings(list(chosen))
        else:  # a wider budget than the reads' own: read the postings they lack
            blobs = reads.postings[side]
            have = {term for term, _blob in blobs}
            missing = [term for term in chosen if term not in have]
            if missing:
                blobs = blobs + self._store.postings(missing)
        postings = [
            (np.frombuffer(blob, dtype="<u4"), chosen[term])
            for term, blob in blobs
            if term in chosen
        ]
        if not postings:
            return _NO_IDS
        keys = self._keys
        if keys is None:
            return self._candidates_from_file(postings, top, count)
        with self._keys_lock:
            return self._rank_candidates(keys, postings, side, len(normalised), min_score, count)

    @staticmethod
    def _candidates_from_file(
        postings: list[tuple[np.ndarray, float]], top: int, count: int
    ) -> np.ndarray:
        """Without texts in memory: the best sums, a dense count over every id."""
        all_ids = np.concatenate([ids for ids, _w in postings])
        all_w = np.concatenate([np.full(ids.size, w) for ids, w in postings])
        score = np.bincount(all_ids, weights=all_w, minlength=int(all_ids.max()) + 1)
        found = np.flatnonzero(score)
        if found.size > count:
            found = found[_best(score[found], count)]
        best: np.ndarray = found[found <= top]
        return best

    @staticmethod
    def _rank_candidates(
        keys: _Keys,
        postings: list[tuple[np.ndarray, float]],
        side: Side,
        length: int,
        min_score: float,
        count: int,
    ) -> np.ndarray:
        """With texts in memory: each unit's sum of the weights of its postings, units too
        short or too long for ``min_score`` dropped, the rest ranked by their sum times the
        length bound of their score.

        Few postings (a first search) are summed by a stable sort (which merges their sorted
        runs; the sums are the same as by ``np.unique``, a third faster); many (a wider search) in
        the reusable ``keys.scratch``, the units touched found by one pass over a ``bool``
        view of it and reset (cheaper there than a step per posting)."""
        postings = [(ids, w) for ids, w in postings if ids.size]
        if not postings:
            return _NO_IDS
        limit = keys.max_id
        touched = np.concatenate([ids for ids, _w in postings])
        weights = np.repeat(
            np.array([w for _ids, w in postings], dtype=np.float32),
            [ids.size for ids, _w in postings],
        )
        if max(int(ids[-1]) for ids, _w in postings) > limit:  # arrays are sorted
            keep = touched <= limit  # units added since the texts were read
            touched, weights = touched[keep], weights[keep]
        if touched.size == 0:
            return _NO_IDS
        if touched.size > limit // _DENSE:
            scratch = keys.scratch
            np.add.at(scratch, touched, weights)
            units = np.flatnonzero(scratch[: limit + 1] != 0)
            sums = scratch[units]
            scratch[units] = 0.0
        else:  # the postings are sorted runs: a stable sort merges them (timsort)
            order = np.argsort(touched, kind="stable")
            touched = touched[order]
            first = np.empty(touched.size, dtype=np.bool_)
            first[0] = True
            np.not_equal(touched[1:], touched[:-1], out=first[1:])
            units = touched[first]
            at = np.cumsum(first) - 1
            sums = np.bincount(at, weights=weights[order]).astype(np.float32)
        # fuzz.ratio <= 200·min(l, L)/(l + L): the lengths that can reach min_score
        lengths = (keys.src_len if side == "s" else keys.mt_len)[units]
        lo = math.ceil(min_score * length / (200.0 - min_score)) if min_score < 200 else length
        hi = math.floor(length * (200.0 - min_score) / min_score) if min_score > 0 else 1 << 30
        reachable = (lengths >= lo) & (lengths <= hi)
        units, sums, lengths = units[reachable], sums[reachable], lengths[reachable]
        if units.size > count:
            bound = np.minimum(lengths, length).astype(np.float32)
            bound /= lengths + np.float32(length)
            bound *= bound
            bound *= bound  # the bound to the fourth: a unit of the right length is preferred
            rank = sums * bound
            units = units[_best(rank, count)]
        best: np.ndarray = units.astype(np.int64)
        return best

    @staticmethod
    def _score(
        groups: list[_Group], min_score: float, room: int | None = None
    ) -> dict[int, tuple[float, Basis]]:
        """Score the units of each group (:meth:`_groups`) against its query; keep the
        best ``room`` of each (all with ``None``)."""
        scored: dict[int, tuple[float, Basis]] = {}
        for query, basis, group_ids, texts, raw in groups:
            if not group_ids:
                continue
            for _text, score, n in process.extract(
                neutral(query),
                texts,
                scorer=fuzz.ratio,
                score_cutoff=min_score,
                limit=room,
            ):
                i = group_ids[n]
                _keep(scored, i, score - code_penalty(query, raw[i]), basis, min_score)
        return scored

    def lookup(
        self,
        mt: str,
        source: str | None = None,
        *,
        context: Context | None = None,
        languages: tuple[str, str] = ("", ""),
        min_score: float | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> tuple[MemoryMatch, ...]:
        """The best ``limit`` matches for a segment (its raw MT, source and neighbours),
        ranked; ``languages`` is (source, target) of the segment ("" = unknown, any).

        Candidates come from the index (plus every unit with the same normalised text);
        when none of them scores ``SCAN_BELOW`` or more, a wider search of the index
        (:meth:`_wide`), or, in a memory of ``SCAN_ALL`` units or fewer, every unit is
        scored (the best match is never missed there)."""
        threshold = self.min_score if min_score is None else min_score
        q_mt = normalise(mt)
        q_src = normalise(source) if source else None
        reads = self._index_reads(q_mt, q_src)
        keys = self._warm_keys(reads)
        if reads is not None:
            top = reads.max_id
        else:
            top = keys.max_id if keys is not None else self._store.max_id()
        if top <= CANDIDATES:  # a small memory: scoring every unit is the cheapest
            scored = self._scan(q_mt, q_src, threshold, limit)
        else:
            exact: list[int] = []
            parts: list[np.ndarray] = []
            count = min(MOST_CANDIDATES, max(CANDIDATES, top // UNITS_PER_CANDIDATE))
            if q_mt:
                parts.append(self._candidates("m", q_mt, top, threshold, count=count, reads=reads))
                if reads is None:
                    exact += self._store.ids_with_hash("mt", text_hash(q_mt))
            if q_src:
                parts.append(self._candidates("s", q_src, top, threshold, count=count, reads=reads))
                if reads is None:
                    exact += self._store.ids_with_hash("source", text_hash(q_src))
            if reads is not None:
                exact += reads.exact
            parts.append(np.array(exact, dtype=np.int64))
            ids = np.unique(np.concatenate(parts).astype(np.int64))
            # the best few are all that is ranked (and every exact one: in context first)
            scored = self._score(self._groups(keys, ids, q_mt, q_src), threshold, _room(limit))
            picked = [i for i in dict.fromkeys(exact) if i not in scored]
            if picked:
                some = self._groups(keys, np.array(picked, dtype=np.int64), q_mt, q_src)
                scored.update(self._score(some, threshold))
            best = max((v[0] for v in scored.values()), default=0.0)
            if best < SCAN_BELOW and top <= SCAN_ALL:
                scored.update(self._scan(q_mt, q_src, threshold, limit))
            elif best < SCAN_BELOW:
                scored.update(self._wide(keys, q_mt, q_src, top, threshold, limit, ids, reads))
        return self._ranked(scored, mt, source, context, languages, limit)

    def _wide(
        self,
        keys: _Keys | None,
        q_mt: str,
        q_src: str | None,
        top: int,
        min_score: float,
        limit: int,
        done: np.ndarray | None = None,
        reads: IndexReads | None = None,
    ) -> dict[int, tuple[float, Basis]]:
        """The wider search of a lookup whose candidates (``done``: scored already) scored
        no match of ``SCAN_BELOW`` (``reads``: what the lookup read of a server's index):
        the query's features up to ``WIDE_BUDGET`` postings (the rarest first, as before),
        the best ``WIDE_CANDIDATES`` units by their sums scored. Bounded work at any
        memory size: a marginal match is found where it shares the query's less common
        words and word pairs (what ranks it above the many units sharing only the
        commonest)."""
        sides: tuple[tuple[Side, str | None], ...] = (("m", q_mt), ("s", q_src))
        parts = [
            self._candidates(side, text, top, min_score, WIDE_BUDGET, WIDE_CANDIDATES, reads)
            for side, text in sides
            if text
        ]
        if not parts:
            return {}
        ids = np.unique(np.concatenate(parts).astype(np.int64))
        if done is not None:
            ids = ids[~np.isin(ids, done, assume_unique=True)]
        return self._score(self._groups(keys, ids, q_mt, q_src), min_score, _room(limit))

    def _index_reads(self, q_mt: str, q_src: str | None) -> IndexReads | None:
        """What a lookup reads of the index, at once, from a store that offers it (a
        server: one round trip); ``None`` for a store read query by query (a file)."""
        store = self._store
        if not isinstance(store, BundledIndexReads):
            return None
        sides: list[tuple[str, list[int]]] = []
        hashes: list[tuple[Basis, int]] = []
        if q_mt:
            sides.append(("m", list(_sizes("m", q_mt))))
            hashes.append(("mt", text_hash(q_mt)))
        if q_src:
            sides.append(("s", list(_sizes("s", q_src))))
            hashes.append(("source", text_hash(q_src)))
        return store.index_reads(sides, POSTINGS_BUDGET, hashes, self._held_max())

    def exact(
        self,
        mt: str,
        source: str | None = None,
        *,
        context: Context | None = None,
        languages: tuple[str, str] = ("", ""),
    ) -> MemoryMatch | None:
        """The best exact match (in context first, then newest), without fuzzy search."""
        q_mt = normalise(mt)
        q_src = normalise(source) if source else None
        units = {u.id: u for u in self._store.units_with_hash("mt", text_hash(q_mt))}
        if q_src:
            units.update((u.id, u) for u in self._store.units_with_hash("source", text_hash(q_src)))
        scored: dict[int, tuple[float, Basis]] = {}
        for u in units.values():
            if q_src and u.src_norm:
                if u.src_norm == q_src:
                    scored[u.id] = (100.0, "source")
            elif u.mt_norm == q_mt:
                scored[u.id] = (100.0, "mt")
        exact = {
            i: v for i, v in scored.items() if _match(units[i], *v, mt, source, (None, None)).exact
        }
        best = self._ranked(exact, mt, source, context, languages, 1, units)
        return best[0] if best else None

    def _ranked(
        self,
        scored: dict[int, tuple[float, Basis]],
        mt: str,
        source: str | None,
        context: Context | None,
        languages: tuple[str, str],
        limit: int,
        known: dict[int, StoredUnit] | None = None,
    ) -> tuple[MemoryMatch, ...]:
        """The best ``limit`` of the scored units as matches: units are read best first, a
        few more than needed at a time (ties at the edge included), those of other
        languages dropped, and a compared text with the same target shown once."""
        order = sorted(scored, key=lambda i: (-scored[i][0], -i))
        ctx = (context.mt_hash(), context.source_hash()) if context else (None, None)
        out: list[MemoryMatch] = []
        seen: set[tuple[str, str, str]] = set()
        pos = 0
        while pos < len(order) and len(out) < limit:
            end = min(len(order), pos + limit + 3)  # ties at the edge are read too
            edge = scored[order[end - 1]][0]
            while end < len(order) and scored[order[end]][0] == edge and end - pos < _TIES:
                end += 1
            batch = order[pos:end]
            pos = end
            units = {i: known[i] for i in batch if known and i in known}
            units.update((u.id, u) for u in self._store.units([i for i in batch if i not in units]))
            matches = [
                _match(units[i], *scored[i], mt, source, ctx)
                for i in batch
                if i in units and _fits(units[i].unit, scored[i][1], languages)
            ]
            matches.sort(
                key=lambda m: (not m.in_context, -m.score, not m.exact, -m.when, -m.unit_id)
            )
            for m in matches:
                u = units[m.unit_id]
                compared = (u.src_norm or "") if m.basis == "source" else u.mt_norm
                if (m.basis, compared, m.target) not in seen:
                    seen.add((m.basis, compared, m.target))
                    out.append(evolve(m, diff=tuple(diff_chunks(_match_text_of(m), mt))))
                    if len(out) == limit:
                        break
        return tuple(out)

    # --- concordance -------------------------------------------------------------------------
    def concordance(self, text: str, *, limit: int = 50) -> tuple[ConcordanceHit, ...]:
        """Units whose MT, source or final text contains all the words of ``text`` (whole
        words, case-insensitive), newest first, with the spans of the words as typed."""
        query = normalise(text)
        toks = tokens(query)
        if not toks:
            return ()
        pattern = _phrase_pattern(text)
        # the MT side and the target (whose index holds only the words the MT side lacks)
        candidates = self._containing(("m", "t"), toks) | self._containing(("s",), toks)
        units = sorted(self._store.units(sorted(candidates)), key=lambda u: (-u.unit.when, -u.id))
        hits: list[ConcordanceHit] = []
        for u in units:
            spans: list[tuple[Field, int, int]] = []
            for field, value in (
                ("mt", u.unit.mt),
                ("source", u.unit.source),
                ("target", u.unit.target),
            ):
                if value:
                    spans.extend((field, m.start(), m.end()) for m in pattern.finditer(value))  # type: ignore[misc]
            if not spans:
                continue
            hits.append(
                ConcordanceHit(
                    unit_id=u.id,
                    mt=u.unit.mt,
                    source=u.unit.source,
                    target=u.unit.target,
                    origin=u.unit.origin,
                    who=u.unit.who,
                    when=u.unit.when,
                    project=u.unit.project,
                    article=u.unit.article,
                    segment_id=u.unit.segment_id,
                    spans=tuple(spans),
                )
            )
            if len(hits) == limit:
                break
        return tuple(hits)

    def _containing(self, sides: tuple[Side, ...], toks: Sequence[str]) -> set[int]:
        """Ids of the units having every token on one of ``sides`` (ids of units since
        replaced included: the caller reads the units)."""
        per_token = []
        for tok in dict.fromkeys(toks):
            terms = [_feature(f"{side}1 {tok}") for side in sides]
            df = self._store.document_frequencies(terms)
            if not df:
                return set()
            per_token.append((sum(df.values()), list(df)))
        found: np.ndarray | None = None
        for _df, terms in sorted(per_token):
            blobs = [np.frombuffer(b, dtype="<u4") for _t, b in self._store.postings(terms)]
            ids = np.unique(np.concatenate(blobs))
            found = ids if found is None else np.intersect1d(found, ids, assume_unique=True)
            if found.size == 0:
                return set()
        return set() if found is None else set(found.tolist())


# Postings per unit of the memory above which a lookup finds the units it touched by a pass
# over the per-unit sums (a wider search) rather than one per posting.
_DENSE = 16
_TIES = 1000  # most units of one score read at once to order them
# Texts scored per rapidfuzz call when every unit is scored: a call holds the GIL from start
# to end (a 200,000-unit scan froze every other thread of the process, such as the one
# hearing the others' confirmations, for 0.3 s and more), so the scan is made of short calls.
SCAN_CHUNK = 20_000


def _best(rank: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` highest values of ``rank`` (more than ``count``), with every
    other value equal to the lowest of them: which of several equally ranked units make
    the cut must not depend on their ids (one memory's units numbered otherwise than
    another's, e.g. imported in batches or added one at a time, would answer a lookup
    differently). Ties past ``2 * count`` are cut as they fall."""
    cut = rank.size - count
    part = np.argpartition(rank, cut)
    edge = rank[part[cut]]
    tied = part[:cut][rank[part[:cut]] == edge]
    if tied.size == 0:
        return part[cut:]
    return np.concatenate([part[cut:], tied[:count]])


def _extract(
    query: str, choices: list[str | None], min_score: float, limit: int
) -> list[tuple[float, int]]:
    """(score, index) of the best ``limit`` choices scoring ``min_score`` or more with
    ``fuzz.ratio``, best first, ties by index: what one ``process.extract`` call gives
    (``None`` choices skipped), in calls of :data:`SCAN_CHUNK` choices, so that other threads
    run between them."""
    found: list[tuple[float, int]] = []
    for start in range(0, len(choices), SCAN_CHUNK):
        found.extend(
            (score, start + i)
            for _t, score, i in process.extract(
                query,
                choices[start : start + SCAN_CHUNK],
                scorer=fuzz.ratio,
                score_cutoff=min_score,
                limit=limit,
            )
        )
    found.sort(key=lambda item: (-item[0], item[1]))
    return found[:limit]


@functools.lru_cache(maxsize=64)
def _sizes(side: Side, normalised: str) -> Mapping[int, int]:
    """:func:`feature_sizes`, kept for the few texts last looked up: a lookup needs them
    up to three times (its index reads, its first search, a wider one)."""
    return MappingProxyType(feature_sizes(side, normalised))


def _room(limit: int) -> int:
    """How many scored units a lookup of ``limit`` matches ranks (some may be the same text
    with the same target, shown once, or of another language)."""
    return 8 * limit + 40


_NO_IDS = np.empty(0, dtype=np.int64)
# units scored together: the query, the basis, the units' ids, their texts as scored (codes
# taken out) and their normalised texts by id
_Group = tuple[str, Basis, list[int], list[str], "np.ndarray | dict[int, str]"]


def _fits(unit: MemoryUnit, basis: Basis, languages: tuple[str, str]) -> bool:
    if not _languages_fit(unit.target_lang, languages[1]):
        return False
    return basis == "mt" or _languages_fit(unit.source_lang, languages[0])


def _match(
    u: StoredUnit,
    score: float,
    basis: Basis,
    mt: str,
    source: str | None,
    ctx: tuple[int | None, int | None],
) -> MemoryMatch:
    if basis == "source":
        exact = source is not None and _canonical(u.unit.source or "") == _canonical(source)
        in_context = exact and ctx[1] is not None and u.ctx_src == ctx[1]
    else:
        exact = _canonical(_match_text(u.unit)) == _canonical(mt)
        in_context = exact and ctx[0] is not None and u.ctx_mt == ctx[0]
    compared = (u.unit.source or "") if basis == "source" else _match_text(u.unit)
    query = (source or "") if basis == "source" else mt
    return MemoryMatch(
        unit_id=u.id,
        score=score,
        code_penalty=code_penalty(normalise(compared), normalise(query)),
        exact=exact,
        in_context=in_context,
        basis=basis,
        mt=u.unit.mt,
        target=u.unit.target,
        source=u.unit.source,
        origin=u.unit.origin,
        who=u.unit.who,
        when=u.unit.when,
        project=u.unit.project,
        article=u.unit.article,
        segment_id=u.unit.segment_id,
        diff=(),
    )


def _keep(
    scored: dict[int, tuple[float, Basis]], i: int, score: float, basis: Basis, min_score: float
) -> None:
    """Keep a unit's score (codes' penalty taken off) when it still reaches ``min_score``."""
    if score >= min_score:
        scored[i] = (score, basis)


def _match_text_of(m: MemoryMatch) -> str:
    return m.mt if m.mt is not None else m.target


def _phrase_pattern(text: str) -> re.Pattern[str]:
    """The words of ``text`` in order, any whitespace between, case-insensitive, not inside
    longer words (in scripts written with spaces)."""
    words = unicodedata.normalize("NFC", text).split()
    body = r"\s+".join(re.escape(w) for w in words)
    start = r"(?<!\w)" if _SPACED_WORD.match(words[0][0]) else ""
    end = r"(?!\w)" if _SPACED_WORD.match(words[-1][-1]) else ""
    return re.compile(start + body + end, re.IGNORECASE)


_SPACED_WORD = re.compile(rf"[^\W{_UNSPACED}]")


# --- the session side ------------------------------------------------------------------------
class _HasSegments(Protocol):
    @property
    def segments(self) -> Sequence[SegmentState]: ...

    @property
    def document(self) -> Document: ...


def memory_matches(
    session_or_segments: _HasSegments | Sequence[SegmentState],
    index: int,
    memory: Memory,
    *,
    min_score: float | None = None,
    limit: int = DEFAULT_LIMIT,
) -> tuple[MemoryMatch, ...]:
    """The memory's offers for segment ``index`` of a session (or of a list of segments):
    its MT (or source), its neighbours for in-context matches, the document's languages."""
    if isinstance(session_or_segments, Sequence):
        segments: Sequence[SegmentState] = session_or_segments
        languages = ("", "")
    else:
        segments = session_or_segments.segments
        doc = session_or_segments.document
        languages = (doc.source_language, doc.target_language)
    seg = segments[index]
    return memory.lookup(
        shown(seg.mt, seg.codes),
        shown(seg.source, seg.codes) if seg.source else None,
        context=context_of(segments, index),
        languages=languages,
        min_score=min_score,
        limit=limit,
    )


def document_exact_matches(document: Document, memory: Memory) -> list[MemoryMatch | None]:
    """Per segment of a document, its best exact memory match (in context first), or
    ``None`` (``workbench apply --fill-from-memory``)."""
    segs = document.segments
    languages = (document.source_language, document.target_language)
    out: list[MemoryMatch | None] = []
    for i, seg in enumerate(segs):
        context = _document_context(segs, i)
        source = shown(seg.source, seg.codes) if seg.source else None
        out.append(
            memory.exact(shown(seg.text, seg.codes), source, context=context, languages=languages)
        )
    return out


def remember_confirmed(
    project: ProjectSegments, memory: Memory, segment_ids: Iterable[str] | None = None
) -> AddResult:
    """Put a project's confirmed segments into ``memory``: the given ones, or all confirmed
    ones; others are skipped. One transaction per batch; a re-confirmed segment updates its
    unit."""
    return memory.add_units(_segment_units(project, segment_ids, memory.who, time.time()))


def free_bytes(path: Path) -> int:
    """The room left on the file system of ``path`` (a large number when unknown)."""
    try:
        st = os.statvfs(path.parent)
    except OSError:
        return 1 << 62
    return st.f_bavail * st.f_frsize


def file_bytes(path: Path) -> int:
    """The size of the database at ``path`` with its log (0 when missing)."""
    total = 0
    for p in (path, path.with_name(path.name + "-wal")):
        with contextlib.suppress(OSError):
            total += p.stat().st_size
    return total


def complete_from_project(project: ProjectSegments, memory: Memory) -> AddResult:
    """Put into ``memory`` the confirmed segments of ``project`` it lacks, or holds with
    another final text: what a crash between a confirmation's project commit and its memory
    commit (``record --confirm``, the editor's confirm) left out, or what a memory that
    could not be written then missed. Run when a project is opened for writing with a
    writable memory; cheap when nothing is missing (one lookup of the keys). Never raises:
    a memory that cannot take them now never stops an opening (the next one tries again)."""
    if memory.read_only:
        return AddResult(0, 0, 0)
    try:
        units = _segment_units(project, None, memory.who, time.time())
        if not units:
            return AddResult(0, 0, 0)
        stored = memory.targets_of([key for _, key, _ in units])
        missing = [u for u in units if stored.get(u[1]) != u[0].target]
        return memory.add_units(missing) if missing else AddResult(0, 0, 0)
    except WorkbenchError:
        return AddResult(0, 0, 0)


def open_memory(
    path: Path | str | None = None, *, config: Config | None = None, read_only: bool = False
) -> Memory:
    """The memory a command or the editor uses: ``path`` (``--memory``: a file or a server
    URL), else the team store's (the settings' ``database``), else the settings'
    ``memory``, else :func:`default_memory_path`; who and the threshold from the settings
    (``user``, ``memory_min_score``)."""
    if config is None:
        config, _warnings = load_config()
    chosen: Path | str | None = config.database or config.memory
    if path is not None:
        chosen = path if backends.is_server(path) else Path(path)
    return Memory.open(
        chosen, read_only=read_only, who=config.user, min_score=config.memory_min_score
    )
