"""Near misses through an index: the glossary patterns close to a text, without scoring
every pattern.

The definition (kept as the reference in the tests): a query string ``q`` is near a pattern
``p`` when ``rapidfuzz.fuzz.ratio(q, p) >= cutoff``; of all the patterns of its group, the
query takes the best-scoring one (the first in group order on a tie), exactly as
``rapidfuzz.process.cdist`` + ``argmax`` would choose it (scores as float32).

``fuzz.ratio`` is ``200 * LCS / (la + lb)`` (``LCS``: the longest common subsequence), so a
cutoff ``s`` implies ``LCS >= L = ceil(s * (la + lb) / 200)``. Such a pair shares at least
``T = (la - 2) - 3 (la - L) - 2 (lb - L)`` character trigrams (the larger of this and the
same with ``la``/``lb`` swapped): a trigram of one string survives in the other unless one of
its characters is left out of the common subsequence (each such character breaks at most
three) or a character of the other string comes between two of its neighbours (each breaks
at most two). A surviving trigram also keeps its place within ``la - L`` to the left and
``lb - L`` to the right. So the index holds every pattern trigram with its position; a query
counts, per pattern, the trigrams it finds within that window (a sorted join in numpy), and
only the patterns with at least ``T`` are scored, by rapidfuzz (``process.cpdist``, in C).
Pairs for which ``T`` is not positive (very short strings) are scored without the filter.

The filter is weak where queries and patterns are made of the same few words (a domain
vocabulary, or the generated benchmark): a query then shares some trigram with most patterns
and the join costs more than scoring. So each query goes the cheaper way, as
estimated from the trigram posting counts: the join, or ``process.cdist`` against every
pattern whose length can reach the cutoff (patterns sorted by length; SIMD in rapidfuzz).
Nothing is lost either way: the result equals the brute force
(``tests/core/test_near_index.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

Q = 3  # trigrams
_POS_BITS = 24  # positions inside one key (strings are shorter than 16 M characters)
_BLOCK = 256  # queries joined at a time (the join's arrays grow with the block)
# Relative costs, measured with the generated benchmark glossary on 2-core x86 with AVX2:
# one posting row of the join costs about twice one pair scored by ``process.cdist`` (which
# compares a query with many patterns at once in SIMD lanes).
_ROW_COST = 2.0
_PAIR_COST = 1.0
_LANES = 8  # queries of one length scored together at least (AVX2 lanes of 32 bits)
_SCORED_ROWS = 512  # queries scored at a time (a float32 row per reachable pattern each)

IntArray = npt.NDArray[np.int64]


def _min_lcs(la: int, lb: int, cutoff: float) -> int:
    """The least LCS that lets ``fuzz.ratio`` reach ``cutoff`` for lengths ``la``, ``lb``
    (a hair below, so float rounding never drops a pair)."""
    return max(0, math.ceil(cutoff * (la + lb) / 200.0 - 1e-9))


def feasible(la: int, lb: int, cutoff: float) -> bool:
    """Whether strings of these lengths can reach ``cutoff`` at all."""
    return _min_lcs(la, lb, cutoff) <= min(la, lb)


def shared_trigrams(la: int, lb: int, cutoff: float) -> int:
    """A lower bound on the trigrams two strings of these lengths share (in place, with
    multiplicity) when their ``fuzz.ratio`` reaches ``cutoff`` (``<= 0``: no bound)."""
    lcs = _min_lcs(la, lb, cutoff)
    one = (la - Q + 1) - Q * (la - lcs) - (Q - 1) * (lb - lcs)
    two = (lb - Q + 1) - Q * (lb - lcs) - (Q - 1) * (la - lcs)
    return max(one, two)


def trigrams(strings: Sequence[str]) -> tuple[IntArray, IntArray, IntArray]:
    """Every trigram of every string: ``(owner index, code, position)``; the code packs the
    three code points."""
    lens = np.fromiter((len(s) for s in strings), dtype=np.int64, count=len(strings))
    counts = np.maximum(lens - (Q - 1), 0)
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    joined = "".join(strings).encode("utf-32-le", "surrogatepass")
    cps = np.frombuffer(joined, dtype=np.uint32).astype(np.int64)
    starts = np.cumsum(lens) - lens
    owner = np.repeat(np.arange(len(strings), dtype=np.int64), counts)
    first = np.cumsum(counts) - counts
    position = np.arange(total, dtype=np.int64) - np.repeat(first, counts)
    at = position + np.repeat(starts, counts)
    codes = cps[at]
    for k in range(1, Q):
        codes = (codes << 21) | cps[at + k]
    return owner, codes, position


class NearIndex:
    """The patterns of one group (same word count), indexed for :meth:`best`."""

    def __init__(self, patterns: Sequence[str], cutoff: float) -> None:
        if not 0 < cutoff <= 100:
            raise ValueError("the near-miss cutoff must be in (0, 100]")
        self.patterns = list(patterns)
        self.cutoff = cutoff
        self.lengths = np.fromiter(
            (len(p) for p in self.patterns), dtype=np.int64, count=len(self.patterns)
        )
        self._by_length = {
            int(length): np.flatnonzero(self.lengths == length)
            for length in np.unique(self.lengths)
        }
        owner, codes, position = trigrams(self.patterns)
        self._codes, ids, self._freq = np.unique(codes, return_inverse=True, return_counts=True)
        keys = (ids.astype(np.int64) << _POS_BITS) | position
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._owner = owner[order]

    @lru_cache(maxsize=4096)  # noqa: B019 - one index per glossary; few distinct lengths
    def _window(self, la: int) -> tuple[int, int]:
        """How far left and right of its place a surviving trigram of a query of length
        ``la`` can be in a pattern it may reach the cutoff with."""
        left = right = -1
        for lb in self._by_length:
            if feasible(la, lb, self.cutoff):
                lcs = _min_lcs(la, lb, self.cutoff)
                left, right = max(left, la - lcs), max(right, lb - lcs)
        return left, right

    @lru_cache(maxsize=4096)  # noqa: B019
    def _unbounded(self, la: int) -> IntArray:
        """Patterns a query of length ``la`` is scored with directly (no positive bound)."""
        found = [
            ids
            for lb, ids in self._by_length.items()
            if feasible(la, lb, self.cutoff) and shared_trigrams(la, lb, self.cutoff) < 1
        ]
        return np.concatenate(found) if found else np.zeros(0, np.int64)

    @lru_cache(maxsize=4096)  # noqa: B019
    def _skip(self, la: int) -> int:
        """How many of its commonest trigrams a query of length ``la`` may leave out of the
        join: one less than the least positive bound over the pattern lengths it can reach
        (the count it then needs drops by as many, and stays at least one)."""
        bounds = [
            shared_trigrams(la, lb, self.cutoff)
            for lb in self._by_length
            if feasible(la, lb, self.cutoff)
        ]
        positive = [b for b in bounds if b >= 1]
        return min(positive) - 1 if positive else 0

    @lru_cache(maxsize=4096)  # noqa: B019
    def _reachable(self, la: int) -> tuple[IntArray, tuple[str, ...]]:
        """The patterns (ascending index) whose length lets a query of length ``la`` reach
        the cutoff, and their strings."""
        found = [ids for lb, ids in self._by_length.items() if feasible(la, lb, self.cutoff)]
        ids = np.sort(np.concatenate(found)) if found else np.zeros(0, np.int64)
        return ids, tuple(self.patterns[i] for i in ids.tolist())

    def _joined(self, queries: Sequence[str]) -> list[bool]:
        """For each query, whether the trigram join should cost less than scoring every
        pattern of a reachable length (estimated from the trigrams' posting counts)."""
        if len(queries) < _BLOCK:  # one segment's n-grams: too few to fill the lanes
            return [True] * len(queries)
        pairs = np.array([len(self._reachable(len(q))[0]) for q in queries], dtype=np.int64)
        owner, codes, _position = trigrams(queries)
        rows = np.zeros(len(queries), dtype=np.int64)
        if len(codes) and len(self._codes):
            at = np.minimum(np.searchsorted(self._codes, codes), len(self._codes) - 1)
            held = self._codes[at] == codes
            rows = np.bincount(owner[held], self._freq[at[held]], minlength=len(queries))
        joined: list[bool] = (rows * _ROW_COST < pairs * _PAIR_COST).tolist()
        # cdist fills its SIMD lanes with queries of one length: a few alone cost as many
        together = Counter(len(q) for q, j in zip(queries, joined, strict=True) if not j)
        return [j or together[len(q)] < _LANES for q, j in zip(queries, joined, strict=True)]

    def _best_scored(self, queries: Sequence[str], out: list[tuple[float, int] | None]) -> None:
        """Fill ``out`` as :meth:`best` would, by scoring every pattern of a reachable length
        (queries grouped by length; ties go to the lowest pattern index, as ``argmax`` over
        all patterns would)."""
        by_length: dict[int, list[int]] = {}
        for i, query in enumerate(queries):
            by_length.setdefault(len(query), []).append(i)
        for la, same in by_length.items():
            ids, strings = self._reachable(la)
            if not len(ids):
                continue
            for first in range(0, len(same), _SCORED_ROWS):  # bounded memory
                rows = same[first : first + _SCORED_ROWS]
                scores = process.cdist(
                    [queries[i] for i in rows],
                    strings,
                    scorer=fuzz.ratio,
                    score_cutoff=self.cutoff,
                    dtype=np.float32,
                )
                top = scores.argmax(axis=1)
                best = scores[np.arange(len(rows)), top]
                hit = best >= np.float32(self.cutoff)
                for i, column, score, ok in zip(
                    rows, top.tolist(), best.tolist(), hit.tolist(), strict=True
                ):
                    if ok:
                        out[i] = (score, int(ids[column]))

    def _counted(self, queries: Sequence[str], qlen: IntArray) -> tuple[IntArray, IntArray]:
        """Pairs that pass the positional trigram count filter."""
        owner, codes, position = trigrams(queries)
        if not len(codes) or not len(self._codes):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        at = np.minimum(np.searchsorted(self._codes, codes), len(self._codes) - 1)
        held = self._codes[at] == codes
        owner, position, ids = owner[held], position[held], at[held].astype(np.int64)
        lengths = qlen.tolist()
        windows = np.array([self._window(n) for n in lengths], dtype=np.int64).reshape(-1, 2)
        skip = np.array([self._skip(n) for n in lengths], dtype=np.int64)
        # leave out each query's commonest trigrams (the longest lists), up to its skip
        order = np.lexsort((-self._freq[ids], owner))
        owner, position, ids = owner[order], position[order], ids[order]
        new_run = np.ones(len(owner), dtype=bool)
        new_run[1:] = owner[1:] != owner[:-1]
        run_start = np.maximum.accumulate(np.where(new_run, np.arange(len(owner)), 0))
        keep = (np.arange(len(owner)) - run_start >= skip[owner]) & (windows[owner, 1] >= 0)
        owner, position, ids = owner[keep], position[keep], ids[keep]
        left, right = windows[owner, 0], windows[owner, 1]
        base = ids << _POS_BITS
        lo = np.searchsorted(self._keys, base | np.maximum(position - left, 0), "left")
        hi = np.searchsorted(self._keys, base | (position + right), "right")
        width = hi - lo
        total = int(width.sum())
        if not total:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        start = np.repeat(lo - (np.cumsum(width) - width), width)
        patterns = self._owner[np.arange(total, dtype=np.int64) + start]
        span = np.int64(len(self.patterns))
        rows_q = np.repeat(owner, width)
        keys = rows_q * span + patterns
        if len(queries) * len(self.patterns) <= 4 * total + (1 << 22):
            tally = np.bincount(keys, minlength=len(queries) * len(self.patterns))
            counts = tally[keys]  # each row learns its pair's count; no scan of the table
            q, p = rows_q, patterns
        else:  # many queries: sort the rows rather than count into a large table
            keys, counts = np.unique(keys, return_counts=True)
            q, p = keys // span, keys % span
        la, lb = qlen[q], self.lengths[p]
        lcs = np.maximum(np.ceil(self.cutoff * (la + lb) / 200.0 - 1e-9).astype(np.int64), 0)
        one = (la - Q + 1) - Q * (la - lcs) - (Q - 1) * (lb - lcs)
        two = (lb - Q + 1) - Q * (lb - lcs) - (Q - 1) * (la - lcs)
        ok = (counts >= np.maximum(one, two) - skip[q]) & (lcs <= np.minimum(la, lb))
        both = np.unique(keys[ok]) if len(keys) == total else keys[ok]
        return both // span, both % span

    def candidates(self, queries: Sequence[str]) -> tuple[IntArray, IntArray]:
        """Candidate pairs ``(query index, pattern index)``: every pair whose score reaches
        the cutoff is among them (and few others)."""
        qlen = np.fromiter((len(q) for q in queries), dtype=np.int64, count=len(queries))
        # a query no pattern length can reach is not cut into trigrams at all
        reachable = [q if self._window(len(q))[1] >= 0 else "" for q in queries]
        q, p = self._counted(reachable, qlen)
        extra_q: list[IntArray] = [q]
        extra_p: list[IntArray] = [p]
        for i, n in enumerate(qlen.tolist()):
            direct = self._unbounded(n)
            if len(direct):
                extra_q.append(np.full(len(direct), i, dtype=np.int64))
                extra_p.append(direct)
        if len(extra_q) == 1:
            return q, p
        span = np.int64(max(len(self.patterns), 1))
        both = np.unique(np.concatenate(extra_q) * span + np.concatenate(extra_p))
        return both // span, both % span

    def best(self, queries: Sequence[str]) -> list[tuple[float, int] | None]:
        """For each query, its best pattern ``(score, index)`` if one reaches the cutoff
        (the first in order on a tie), else ``None``."""
        out: list[tuple[float, int] | None] = [None] * len(queries)
        if not queries or not self.patterns:
            return out
        joined = self._joined(queries)
        scored = [q if not j else "" for q, j in zip(queries, joined, strict=True)]
        self._best_scored(scored, out)  # "" reaches no pattern: skipped
        ids = [i for i, j in enumerate(joined) if j]
        for first in range(0, len(ids), _BLOCK):  # bounded memory for the joins
            block = ids[first : first + _BLOCK]
            for i, found in zip(block, self._best([queries[i] for i in block]), strict=True):
                out[i] = found
        return out

    def _best(self, queries: Sequence[str]) -> list[tuple[float, int] | None]:
        out: list[tuple[float, int] | None] = [None] * len(queries)
        q, p = self.candidates(queries)
        if not len(q):
            return out
        scores = process.cpdist(
            [queries[i] for i in q.tolist()],
            [self.patterns[i] for i in p.tolist()],
            scorer=fuzz.ratio,
            score_cutoff=self.cutoff,
            dtype=np.float32,
        )
        hit = scores >= np.float32(self.cutoff)
        q, p, scores = q[hit], p[hit], scores[hit]
        order = np.lexsort((p, -scores, q))
        q, p, scores = q[order], p[order], scores[order]
        first = np.ones(len(q), dtype=bool)
        first[1:] = q[1:] != q[:-1]
        for qi, pi, score in zip(
            q[first].tolist(), p[first].tolist(), scores[first].tolist(), strict=True
        ):
            out[qi] = (score, pi)
        return out
