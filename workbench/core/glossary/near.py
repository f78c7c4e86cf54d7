"""Near misses through a filter: the glossary patterns close to a text, without scoring
every pattern with rapidfuzz.

The definition (kept as the reference in the tests): a query string ``q`` is near a pattern
``p`` when ``rapidfuzz.fuzz.ratio(q, p) >= cutoff``; of all the patterns of its group, the
query takes the best-scoring one (the first in group order on a tie), exactly as
``rapidfuzz.process.cdist`` + ``argmax`` would choose it (scores as float32).

``fuzz.ratio`` is ``200 * LCS / (la + lb)`` (``LCS``: the longest common subsequence), so a
cutoff ``s`` implies ``LCS >= L = ceil(s * (la + lb) / 200)``; and ``la``, ``lb`` must allow
that at all (:func:`feasible`: the lengths of a pattern a query can reach form one interval).

The filter: a common subsequence holds each character at most as often as the string that
has it least, so ``LCS <= bag(q, p) = sum over characters c of min(count_q(c), count_p(c))``.
That bound is computed for many pairs at once as a matrix product. Each string becomes a
0/1 vector in *thermometer code*: per character, as many ones as it occurs (out of a field
as wide as 98% of the patterns need; what a pattern has beyond that is its *excess*, added
back to its bound), so the dot product of two codes is ``bag`` (less the excess). The 23
commonest characters of the patterns get a field each, every other character shares one
(merging characters can only raise the bound). Two more columns make the product
``bag + excess - cutoff * (la + lb) / 200`` directly, so one float32 ``@`` (BLAS, one
thread) and one comparison with 0 give the pairs worth scoring; they are checked again in
integers and only those left are scored, by ``rapidfuzz.process.cpdist``.

Which patterns a block of queries is multiplied with: the fields (characters) are split in
three classes, two of them holding about a third of the patterns' characters each
(:func:`_classes_of`); patterns are sorted by length, then by their counts ``x1``, ``x2`` of
the first two classes. Since ``min(xq1, xp1) + min(xq2, xp2) + min(rq, rp) >= bag`` (``r``:
the third class's count), a query of length ``la`` with ``xq1``, ``xq2`` can only reach,
among the patterns of length ``lb`` and first count ``xp1``, a range of ``xp2``: one slice
per (length, first count) (:meth:`NearIndex._columns`). Large batches form blocks of queries
of one length and one bucket (``_BUCKET`` wide) of each class count, small blocks of one
length taken together, and gather those slices; a few queries (one segment's, in the editor)
are multiplied with the whole slice of reachable lengths, a view without a copy. (Round 5:
against one class, the "half" of the alphabet, that took a random-vocabulary key from 3,023
to about 1,800 patterns among the 3-word ones and from 2,199 to 1,013 among the 2-word ones.)

On the generated benchmark (10,000 entries, 1,000,000 words) about one pair in 2,000 passes
the bound, a pair costs the product about 1 ns (``process.cdist`` took 9 ns), and all the
article's distinct n-grams take 1.1 s on one core; ``workbench apply --near`` went from
6.3 s (a positional trigram join, or ``process.cdist`` over every pattern of a reachable
length, whichever was estimated cheaper) to 1.8 s.

Nothing is lost: the result equals the brute force (``tests/core/test_near_index.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from threadpoolctl import threadpool_limits

_FIELDS = 24  # characters with a field of their own (the rest share one; 20-32 measured alike)
_WIDE = 0.98  # a field holds as many of its characters as this share of the patterns has
_BLOCK = 256  # fewer queries than this are multiplied with the whole reachable slice at once
_PRODUCT = 1 << 20  # float32 cells of one product at most (4 MB)
_FAR = 1 << 62  # beyond any count
_ROUNDING = 0.01  # float32 products are off by far less than this
_COUNTED = 8192  # strings whose characters are counted at a time
_FEW = 128  # a block of fewer queries takes in the next bucket's (of the same length)
_BUCKET = 2  # a block's queries have counts of each class in one bucket of this width

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


def _min_lcs(la: int, lb: int, cutoff: float) -> int:
    """The least LCS that lets ``fuzz.ratio`` reach ``cutoff`` for lengths ``la``, ``lb``
    (a hair below, so float rounding never drops a pair)."""
    return max(0, math.ceil(cutoff * (la + lb) / 200.0 - 1e-9))


def feasible(la: int, lb: int, cutoff: float) -> bool:
    """Whether strings of these lengths can reach ``cutoff`` at all."""
    return _min_lcs(la, lb, cutoff) <= min(la, lb)


def _min_lcs_array(la: IntArray, lb: IntArray, cutoff: float) -> IntArray:
    """:func:`_min_lcs` over arrays (the same float arithmetic)."""
    need: IntArray = np.ceil(cutoff * (la + lb) / 200.0 - 1e-9).astype(np.int64)
    return np.maximum(need, 0)


_ONE_THREAD: list[object] = []


def _one_blas_thread() -> None:
    """Run BLAS on one thread in this process, from the first index on. The products here
    are small (a block of queries against a slice of patterns): waking BLAS threads costs
    more than they give, and with the process pool's workers on every core their spinning
    made ``apply --near`` four times slower (3.1 s against 13 s on 2 cores)."""
    if not _ONE_THREAD:
        _ONE_THREAD.append(threadpool_limits(limits=1, user_api="blas"))


def _classes_of(counts: IntArray) -> tuple[IntArray, IntArray]:
    """Two classes of fields (own characters or the others' shared one) that each hold
    about a third of the patterns' characters (the third class: every other field), the
    two axes patterns are sorted on after their length."""
    total = counts.sum(axis=0)
    third = int(total.sum()) / 3
    classes: tuple[list[int], list[int]] = ([], [])
    mass = [0, 0]
    for field in np.argsort(-total, kind="stable").tolist():
        c = 0 if mass[0] <= mass[1] else 1
        for k in (c, 1 - c):
            if mass[k] + int(total[field]) <= third:
                classes[k].append(field)
                mass[k] += int(total[field])
                break
    return np.array(classes[0], dtype=np.int64), np.array(classes[1], dtype=np.int64)


def _code_points(strings: Sequence[str]) -> tuple[IntArray, npt.NDArray[np.uint32]]:
    """The length of every string and all their code points, one after the other."""
    lens = np.fromiter((len(s) for s in strings), dtype=np.int64, count=len(strings))
    joined = "".join(strings).encode("utf-32-le", "surrogatepass")
    return lens, np.frombuffer(joined, dtype=np.uint32)


class NearIndex:
    """The patterns of one group (same word count), ready for :meth:`best`."""

    def __init__(self, patterns: Sequence[str], cutoff: float) -> None:
        if not 0 < cutoff <= 100:
            raise ValueError("the near-miss cutoff must be in (0, 100]")
        _one_blas_thread()
        self.patterns = list(patterns)
        self.cutoff = cutoff
        self.lengths = np.fromiter(
            (len(p) for p in self.patterns), dtype=np.int64, count=len(self.patterns)
        )
        common = Counter("".join(self.patterns)).most_common(_FIELDS - 1)
        cps = np.array(sorted(ord(c) for c, _ in common), dtype=np.uint32)
        self._field_cps = cps  # sorted code points with a field of their own
        self._field_ids = np.arange(1, len(cps) + 1, dtype=np.int64)  # field 0: the others
        # the field of every code point of the Basic Multilingual Plane, at a glance
        self._field_table = np.zeros(0x10000, dtype=np.int64)
        bmp = cps < 0x10000
        self._field_table[cps[bmp]] = self._field_ids[bmp]
        counts = self._counts(self.patterns)
        self._classes = _classes_of(counts)
        x1, x2 = (counts[:, c].sum(axis=1) for c in self._classes)
        # patterns sorted by length, then by their counts of the two classes' characters
        self._order = np.lexsort((x2, x1, self.lengths))
        self._sorted_lengths = self.lengths[self._order]
        self._span1 = int(x1.max()) + 2 if len(x1) else 2  # x1 < span1
        self._span2 = int(x2.max()) + 2 if len(x2) else 2  # x2 < span2
        first = self._sorted_lengths * self._span1 + x1[self._order]
        self._sorted_keys = first * self._span2 + x2[self._order]
        # the distinct (length, first class count) of the patterns: a slice of x2 each
        runs = np.unique(first)
        self._run_lengths, self._run_x1 = runs // self._span1, runs % self._span1
        self._distinct_lengths = np.unique(self.lengths)
        widths = np.zeros(_FIELDS, np.int64)
        if len(self.patterns):  # as wide as 98% of the patterns need: a narrower product
            widths = np.quantile(counts, _WIDE, axis=0, method="higher").astype(np.int64)
        # what the fields leave out of a pattern's counts, added back to its bound
        self._excess = np.maximum(counts - widths, 0).sum(axis=1)[self._order]
        # bit b of a code belongs to field _bit_field[b] and is set when count > _bit_level[b]
        self._bit_field = np.repeat(np.arange(len(widths), dtype=np.int64), widths)
        self._bit_level = np.arange(len(self._bit_field), dtype=np.int64) - np.repeat(
            np.cumsum(widths) - widths, widths
        )
        # codes of the patterns in sorted order, a row each (gathered per block of queries)
        # plus two columns that make the product ``bag + excess - cutoff * (la + lb) / 200``
        # (>= 0 where the bound lets the pair reach the cutoff, up to float rounding)
        ends = np.stack(
            [self._excess - cutoff * self._sorted_lengths / 200.0, np.ones(len(self.patterns))]
        )
        # (rows one after the other: a block's patterns are gathered as rows, nine times
        # quicker than from the column-major array ``hstack`` gives here)
        self._codes = np.ascontiguousarray(
            np.hstack([self._thermometer(counts[self._order]), ends.T.astype(np.float32)])
        )

    def _counts(self, strings: Sequence[str]) -> IntArray:
        """How often each string holds each field's characters, ``(strings, fields)``."""
        if len(strings) > _COUNTED:  # bounded temporary arrays
            parts = [
                self._counts(strings[i : i + _COUNTED]) for i in range(0, len(strings), _COUNTED)
            ]
            return np.concatenate(parts)
        lens, cps = _code_points(strings)
        owner = np.repeat(np.arange(len(strings), dtype=np.int64), lens)
        fields = np.zeros(len(cps), dtype=np.int64)
        low = cps < len(self._field_table)
        fields[low] = self._field_table[cps[low]]
        high = np.flatnonzero(~low)
        if len(high) and len(self._field_cps):
            at = np.minimum(np.searchsorted(self._field_cps, cps[high]), len(self._field_cps) - 1)
            fields[high] = np.where(self._field_cps[at] == cps[high], self._field_ids[at], 0)
        flat = np.bincount(owner * _FIELDS + fields, minlength=len(strings) * _FIELDS)
        return flat.reshape(len(strings), _FIELDS)

    def _thermometer(self, counts: IntArray) -> FloatArray:
        """Thermometer codes (as float32 rows) of field counts, cut at the fields' widths
        (the product is then ``sum of min(count_q, count_p, width)``; what a pattern has
        beyond a width is its ``_excess``, added to its bound)."""
        return (counts[:, self._bit_field] > self._bit_level).astype(np.float32)

    def best(self, queries: Sequence[str]) -> list[tuple[float, int] | None]:
        """For each query, its best pattern ``(score, index)`` if one reaches the cutoff
        (the first in order on a tie), else ``None``."""
        out: list[tuple[float, int] | None] = [None] * len(queries)
        if not queries or not self.patterns:
            return out
        counts = self._counts(queries)
        qlen = counts.sum(axis=1)
        x1, x2 = (counts[:, c].sum(axis=1) for c in self._classes)
        # blocks: queries of one length whose class counts fall in the same buckets
        b1, b2 = x1 // _BUCKET, x2 // _BUCKET
        keys = (qlen * (int(b1.max()) + 1) + b1) * (int(b2.max()) + 1) + b2
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        pairs_q: list[IntArray] = []
        pairs_p: list[IntArray] = []
        first = 0
        while first < len(order):
            if len(order) < _BLOCK:  # a few queries (one segment's): the slice, a view
                group = order
                lo, hi = self._reach(int(qlen.min()), int(qlen.max()))
                columns = np.arange(lo, hi, dtype=np.int64)
                codes = self._codes[lo:hi]
            else:  # one length, one bucket of each class count: gather those patterns
                last = int(np.searchsorted(keys, keys[first], "right"))
                # (small blocks of the same length are taken together: a block costs some)
                while (
                    last < len(order)
                    and last - first < _FEW
                    and qlen[order[last]] == qlen[order[first]]
                ):
                    last = int(np.searchsorted(keys, keys[last], "right"))
                group = order[first:last]
                columns = self._columns(qlen[group], x1[group], x2[group])
                codes = np.take(self._codes, columns, axis=0)
            first += len(group)
            if not len(columns):
                continue
            rows = max(1, _PRODUCT // len(columns))  # bounded memory for the products
            for start in range(0, len(group), rows):
                block = group[start : start + rows]
                q, p = self._filtered(block, counts[block], qlen[block], columns, codes)
                pairs_q.append(q)
                pairs_p.append(p)
        if pairs_q and len(q := np.concatenate(pairs_q)):
            p = np.concatenate(pairs_p)
            self._score(queries, q, p, out)
        return out

    @lru_cache(maxsize=4096)  # noqa: B019 - one index per glossary; few distinct lengths
    def _reach(self, shortest: int, longest: int) -> tuple[int, int]:
        """The slice of sorted patterns that holds every pattern whose length queries of
        lengths ``shortest`` to ``longest`` can reach (empty: ``lo == hi``)."""
        lengths = [
            int(lb)
            for lb in self._distinct_lengths.tolist()
            if any(feasible(la, lb, self.cutoff) for la in range(shortest, longest + 1))
        ]
        if not lengths:
            return 0, 0
        lo = int(np.searchsorted(self._sorted_lengths, lengths[0], "left"))
        return lo, int(np.searchsorted(self._sorted_lengths, lengths[-1], "right"))

    @lru_cache(maxsize=4096)  # noqa: B019 - one index per glossary; few distinct lengths
    def _runs(self, shortest: int, longest: int) -> tuple[int, int]:
        """The runs (of one pattern length and first class count, in order) whose length
        queries of lengths ``shortest`` to ``longest`` can reach."""
        lo, hi = self._reach(shortest, longest)
        if lo == hi:
            return 0, 0
        first = self._sorted_lengths[lo] * self._span1
        last = (self._sorted_lengths[hi - 1] + 1) * self._span1
        runs = self._run_lengths * self._span1 + self._run_x1
        return int(np.searchsorted(runs, first, "left")), int(np.searchsorted(runs, last, "left"))

    def _columns(self, qlen: IntArray, x1: IntArray, x2: IntArray) -> IntArray:
        """The patterns (sorted positions) that queries of these lengths and class counts
        can reach. With ``a = min(xq1, xp1)`` and the third classes' counts
        ``r = la - xq1 - xq2``, ``s = lb - xp1 - xp2``, the bound
        ``a + min(xq2, xp2) + min(r, s) >= L`` needs ``a + min(la - xq1, lb - xp1) >= L``
        (its largest value over ``xp2``), ``xp2 >= L - a - r`` and
        ``xp2 <= a + xq2 + lb - xp1 - L``: for each pattern length and first class count,
        one range of the second (a slice), the union over the block's queries."""
        s1, s2 = int(x1.max()) + 1, int(x2.max()) + 1
        distinct = np.unique((qlen * s1 + x1) * s2 + x2)
        la, xq1, xq2 = (
            (distinct // (s1 * s2))[:, None],
            (distinct // s2 % s1)[:, None],
            (distinct % s2)[:, None],
        )
        r0, r1 = self._runs(int(qlen.min()), int(qlen.max()))
        lb, xp1 = self._run_lengths[None, r0:r1], self._run_x1[None, r0:r1]
        need = _min_lcs_array(la, lb, self.cutoff)
        a = np.minimum(xq1, xp1)
        room = lb - xp1
        ok = (need <= np.minimum(la, lb)) & (a + np.minimum(la - xq1, room) >= need)
        low = np.maximum(need - a - (la - xq1 - xq2), 0)
        high = np.minimum(room, a + xq2 + room - need)
        ok &= high >= low
        low = np.where(ok, low, _FAR).min(axis=0)
        high = np.where(ok, high, -1).max(axis=0)
        wanted = np.flatnonzero(high >= low)
        if not len(wanted):
            return np.zeros(0, np.int64)
        low, high = low[wanted], high[wanted]
        wanted += r0
        base = (self._run_lengths[wanted] * self._span1 + self._run_x1[wanted]) * self._span2
        start = np.searchsorted(self._sorted_keys, base + low, "left")
        stop = np.searchsorted(self._sorted_keys, base + np.minimum(high, self._span2 - 1), "right")
        width = np.maximum(stop - start, 0)
        columns: IntArray = np.arange(int(width.sum()), dtype=np.int64)
        columns += np.repeat(start - (np.cumsum(width) - width), width)
        return columns

    def _filtered(
        self,
        block: IntArray,
        counts: IntArray,
        qlen: IntArray,
        columns: IntArray,
        codes: FloatArray,
    ) -> tuple[IntArray, IntArray]:
        """The pairs ``(query, pattern index)`` of a block of queries and the patterns at
        ``columns`` (sorted positions; ``codes``: their codes) that pass the ``bag`` bound."""
        width = len(self._bit_field)
        query_codes = np.empty((len(qlen), width + 2), dtype=np.float32)
        np.greater(counts[:, self._bit_field], self._bit_level, out=query_codes[:, :width])
        query_codes[:, width] = 1.0
        query_codes[:, width + 1] = -self.cutoff * qlen / 200.0
        margins = query_codes @ codes.T
        # a first cut with room for rounding (a filter may let more through, never fewer)
        flat = np.flatnonzero(margins >= -_ROUNDING)  # (far quicker than a 2-D nonzero)
        rows, cols = flat // len(columns), flat % len(columns)
        la, lb = qlen[rows], self._sorted_lengths[columns[cols]]
        # then exactly, in integers: bag + excess >= L and L <= min(la, lb)
        bound = np.rint(margins[rows, cols] + self.cutoff * (la + lb) / 200.0).astype(np.int64)
        need = _min_lcs_array(la, lb, self.cutoff)
        keep = (bound >= need) & (need <= np.minimum(la, lb))
        return block[rows[keep]], self._order[columns[cols[keep]]]

    def _score(
        self,
        queries: Sequence[str],
        q: IntArray,
        p: IntArray,
        out: list[tuple[float, int] | None],
    ) -> None:
        """Score the pairs that passed; each query keeps its best (lowest index on a tie)."""
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
