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

Which patterns a block of queries is multiplied with: patterns are sorted by length, then by
their count ``x`` of the characters of a fixed "half" of the alphabet (about half of all
characters). Since ``min(xq, xp) + min(la - xq, lb - xp) >= bag``, a query of length ``la``
with ``xq`` can only reach, among the patterns of length ``lb``, a range of ``x``: one slice
per length. Large batches form blocks of queries of one length and close ``x`` and gather
those slices; a few queries (one segment's, in the editor) are multiplied with the whole
slice of reachable lengths, a view without a copy.

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
_ROUNDING = 0.01  # float32 products are off by far less than this
_COUNTED = 8192  # strings whose characters are counted at a time
_HALF_SPREAD = 1  # the half counts of a block's queries differ by at most this

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


def _half_of(counts: IntArray, cps: npt.NDArray[np.uint32]) -> IntArray:
    """The fields (own characters but the space) that hold about half the patterns'
    characters, the commonest first: the second axis patterns are sorted on."""
    total = counts.sum(axis=0)
    half: list[int] = []
    taken = 0
    for field in np.argsort(-total, kind="stable").tolist():
        if field == 0 or field > len(cps) or cps[field - 1] == 0x20:
            continue
        if taken + total[field] <= total.sum() // 2:
            half.append(field)
            taken += int(total[field])
    return np.array(half, dtype=np.int64)


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
        self._half = _half_of(counts, cps)
        half = counts[:, self._half].sum(axis=1)
        # patterns sorted by length, then by their count of the half's characters
        self._order = np.lexsort((half, self.lengths))
        self._sorted_lengths = self.lengths[self._order]
        self._span = int(half.max()) + 2 if len(half) else 2  # x < span
        self._sorted_keys = self._sorted_lengths * self._span + half[self._order]
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
        ends = np.stack([self._excess - cutoff * self._sorted_lengths / 200.0, np.ones(len(half))])
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
        half = counts[:, self._half].sum(axis=1)
        order = np.lexsort((half, qlen))
        keys = (qlen * (int(half.max()) + 1) + half)[order]
        pairs_q: list[IntArray] = []
        pairs_p: list[IntArray] = []
        first = 0
        while first < len(order):
            if len(order) < _BLOCK:  # a few queries (one segment's): the slice, a view
                group = order
                lo, hi = self._reach(int(qlen.min()), int(qlen.max()))
                columns = np.arange(lo, hi, dtype=np.int64)
                codes = self._codes[lo:hi]
            else:  # one length, a narrow range of the half's count: gather those patterns
                last = int(np.searchsorted(keys, keys[first] + _HALF_SPREAD, "right"))
                group = order[first:last]
                columns = self._columns(qlen[group], half[group])
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

    def _columns(self, qlen: IntArray, half: IntArray) -> IntArray:
        """The patterns (sorted positions) that queries of these lengths and half counts can
        reach: for each pattern length, the range of half counts that the two-part bound
        ``min(xq, xp) + min(la - xq, lb - xp) >= L`` allows (one slice per length)."""
        span = int(half.max()) + 1
        pairs = np.unique(qlen * span + half)
        la, xq = (pairs // span)[:, None], (pairs % span)[:, None]
        lb = self._distinct_lengths[None, :]
        # |xp - xq| + |(lb - xp) - (la - xq)| <= la + lb - 2 L: xp within ``slack`` of the
        # range between xq and xq + lb - la
        slack = np.minimum(la, lb) - _min_lcs_array(la, lb, self.cutoff)
        ok = slack >= 0
        delta = lb - la
        low = np.where(ok, xq + np.minimum(delta, 0) - slack, np.iinfo(np.int64).max)
        high = np.where(ok, xq + np.maximum(delta, 0) + slack, -1)
        low, high = low.min(axis=0), high.max(axis=0)
        wanted = np.flatnonzero(high >= np.maximum(low, 0))
        if not len(wanted):
            return np.zeros(0, np.int64)
        lengths = self._distinct_lengths[wanted]
        start = np.searchsorted(
            self._sorted_keys, lengths * self._span + np.maximum(low[wanted], 0), "left"
        )
        stop = np.searchsorted(
            self._sorted_keys,
            lengths * self._span + np.minimum(high[wanted], self._span - 1),
            "right",
        )
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
        ends = np.stack([np.ones(len(qlen)), -self.cutoff * qlen / 200.0])
        query_codes = np.hstack([self._thermometer(counts), ends.T.astype(np.float32)])
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
