"""TER / HTER equal to TERCOM (case-sensitive, shifts allowed, no normalisation).

The figures are those of sacrebleu's port of TERCOM (``sacrebleu.metrics.lib_ter``) called on
whitespace tokens: sacrebleu's ``TER(case_sensitive=True)`` with default
``normalized=False, no_punct=False`` is exactly TERCOM's default configuration. The greedy
shift search below is a re-implementation of ``lib_ter.translation_edit_rate`` that visits the
same shift candidates in the same order, counts them against the same 1,000-candidate budget,
ranks them with the same key and applies the same shifts; only the way each edit distance and
alignment is computed differs:

* ``lib_ter`` computes every distance with a pure-Python dynamic programme restricted to a
  beam of 25 cells either side of a pseudo-diagonal. A path of the edit-distance graph that
  visits a cell outside that beam costs at least ``_band_bound(n_hyp, n_ref)`` (it needs that
  many insertions/deletions), so when the exact Levenshtein distance of a hypothesis is below
  that bound, every optimal path lies inside the beam: the beam distance *is* the exact
  distance (rapidfuzz computes it), and the beam's cell values agree with the full matrix on
  every optimal path, so its trace (tie-break: match/substitution, then the hypothesis-side
  step, then the reference-side step) is the full matrix's trace with the same tie-break, which
  :func:`_alignment` reads from a bit-parallel Levenshtein matrix. At or past the bound (long
  sentences with many edits, very different lengths) the beam distance and trace come from
  lib_ter's own ``BeamEditDistance``.
* A shift only counts when it lowers the distance by at least one, so the exact distances of
  candidates are computed with a cut-off at the best gain found so far and those above it are
  skipped: the beam distance is never below the exact one (the beam only removes paths), so
  such candidates cannot be chosen, and ``BeamEditDistance`` is asked only about the few
  others that are at or past the bound.
* When the candidates of one round would exhaust ``lib_ter``'s candidate budget, it discards
  that round's result, so its distances are not computed at all.

Fast paths: when the word-level Levenshtein distance is 0 or 1, no shift can lower it (a shift
only counts when it removes at least one edit, and turning a hypothesis into the reference by
moving a block changes at least two word positions), so the TER edit count *is* that distance;
nor when the distance is already the least that the words the two sides have in common allow
(substitutions of new words, insertions and deletions without moves: most post-edits), see
:func:`_no_shift_can_help`.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, TypeVar

from rapidfuzz.distance import Levenshtein

if TYPE_CHECKING:
    from sacrebleu.metrics.lib_ter import BeamEditDistance

# lib_ter's limits (TERCOM-inspired, plus its own cap on evaluated candidates).
_MAX_SHIFT_SIZE = 10
_MAX_SHIFT_DIST = 50
_BEAM_WIDTH = 25
_MAX_SHIFT_CANDIDATES = 1000

W = TypeVar("W", bound=Hashable)  # a word: ``str``, or its integer id in ``ter``


@dataclass(frozen=True)
class TerResult:
    """TER edits needed to turn ``hyp`` into ``ref`` and the reference length in words."""

    edits: float
    ref_words: int

    @property
    def score(self) -> float:
        """Edits per reference word (TERCOM's rule for an empty reference: 1.0 if any edit)."""
        return ter_score(self.edits, self.ref_words)


def ter_score(edits: float, ref_words: int) -> float:
    if ref_words > 0:
        return edits / ref_words
    return 1.0 if edits > 0 else 0.0


def tokens(text: str) -> list[str]:
    """TERCOM's tokenisation with normalisation off: split on whitespace."""
    return text.split()


def ter(hyp: str, ref: str) -> TerResult:
    """TER of hypothesis ``hyp`` against reference ``ref`` (for HTER: MT vs post-edit)."""
    words_h = tokens(hyp)
    words_r = tokens(ref)
    if words_h == words_r:
        return TerResult(0, len(words_r))
    if not words_r:
        return TerResult(len(words_h), 0)
    # Words as small integers: rapidfuzz compares sequence items by hash, and distinct small
    # integers have distinct hashes, so no two different words can ever compare equal.
    ids: dict[str, int] = {}
    hyp_ids = [ids.setdefault(word, len(ids)) for word in words_h]
    ref_ids = [ids.setdefault(word, len(ids)) for word in words_r]
    distance = Levenshtein.distance(hyp_ids, ref_ids)
    if distance <= 1 or not words_h or _no_shift_can_help(hyp_ids, ref_ids, distance):
        return TerResult(distance, len(words_r))
    return TerResult(_shift_search(hyp_ids, ref_ids, distance), len(words_r))


def _no_shift_can_help(hyp_ids: list[int], ref_ids: list[int], distance: int) -> bool:
    """Whether ``distance`` is already the least any reordering of the hypothesis could
    reach: a Levenshtein alignment matches at most the words the two sides have in common
    (as multisets), so every hypothesis made of the same words is at least ``max(n_hyp,
    n_ref) - common`` away; a shift keeps the words, so when the distance is that bound no
    shift lowers it and the shift search would end at once. Only below the beam bound,
    where lib_ter's beam distance is the exact one."""
    n_hyp, n_ref = len(hyp_ids), len(ref_ids)
    floor = max(n_hyp, n_ref) - (Counter(hyp_ids) & Counter(ref_ids)).total()
    return distance == floor and distance < _band_bound(n_hyp, n_ref)


@lru_cache(maxsize=4096)
def _band_bound(n_hyp: int, n_ref: int) -> int:
    """Least cost of an edit path through a cell outside lib_ter's beam (``n_hyp`` > 0).

    Row ``i`` of lib_ter's matrix (``i`` hypothesis words consumed) holds columns
    ``[pd - w, pd + w)`` around ``pd = floor(i * n_ref / n_hyp)``, computed with the same
    float expression; row 0 is complete and the last row reaches the right edge. A path
    through cell ``(i, j)`` needs ``|i - j| + |(n_hyp - i) - (n_ref - j)|`` insertions and
    deletions at least.
    """
    ratio = n_ref / n_hyp
    width = math.ceil(ratio / 2 + _BEAM_WIDTH) if ratio / 2 > _BEAM_WIDTH else _BEAM_WIDTH
    best = n_hyp + n_ref + 1
    for i in range(1, n_hyp + 1):
        diag = math.floor(i * ratio)
        lo = max(0, diag - width)
        hi = n_ref + 1 if i == n_hyp else min(n_ref + 1, diag + width)
        # f(j) = |j - a| + |j - b| is convex with minimum on [a, b]: its least value on the
        # out-of-beam ranges [0, lo - 1] and [hi, n_ref] is at the point nearest to [a, b].
        a, b = sorted((i, n_ref - n_hyp + i))
        for first, last in ((0, lo - 1), (hi, n_ref)):
            if first > last:
                continue
            j = last if last < a else first if first > b else a if a >= first else first
            best = min(best, abs(j - a) + abs(j - b))
    return best


def _alignment(
    words_h: Sequence[W], words_r: Sequence[W], peq: dict[W, int]
) -> tuple[int, list[int], list[int], list[int]]:
    """Distance, ``align``, ``ref_err`` and ``hyp_err`` as lib_ter's ``trace_to_alignment``
    derives them from the flipped trace of its edit-distance matrix.

    The matrix is Hyyrö's bit-parallel Levenshtein: row ``i`` (``i`` hypothesis words) is kept
    as bit masks of the +1/-1 steps between neighbouring reference columns, so any cell value
    is ``i`` plus two popcounts. The trace is read back from the last cell with lib_ter's
    preference: diagonal (match or substitution), then consuming a hypothesis word, then
    consuming a reference word.
    """
    n_h = len(words_h)
    n_r = len(words_r)
    full = (1 << n_r) - 1
    vp = full
    vn = 0
    rows_p = [vp]
    rows_n = [vn]
    for word in words_h:
        eq = peq.get(word, 0)
        d0 = ((((eq & vp) + vp) ^ vp) | eq | vn) & full
        hp = vn | (~(d0 | vp) & full)
        hn = d0 & vp
        hp = (hp << 1) | 1
        hn = hn << 1
        vp = (hn | ~(d0 | hp)) & full
        vn = hp & d0 & full
        rows_p.append(vp)
        rows_n.append(vn)
    distance = n_h + vp.bit_count() - vn.bit_count()

    align = [0] * n_r
    ref_err = [0] * n_r
    hyp_err = [0] * n_h
    i = n_h
    j = n_r
    cost = distance
    while i > 0 and j > 0:
        if words_h[i - 1] == words_r[j - 1]:
            # a match is always optimal (neighbouring cells differ by at most one)
            i -= 1
            j -= 1
            align[j] = i
            continue
        low = (1 << (j - 1)) - 1
        above_p = rows_p[i - 1]
        above_n = rows_n[i - 1]
        diag = i - 1 + (above_p & low).bit_count() - (above_n & low).bit_count()
        if diag + 1 == cost:
            i -= 1
            j -= 1
            align[j] = i
            ref_err[j] = 1
            hyp_err[i] = 1
            cost = diag
            continue
        bit = 1 << (j - 1)
        up = diag + (1 if above_p & bit else 0) - (1 if above_n & bit else 0)
        if up + 1 == cost:
            i -= 1
            hyp_err[i] = 1
            cost = up
        else:
            j -= 1
            align[j] = i - 1
            ref_err[j] = 1
            cost -= 1
    while i > 0:
        i -= 1
        hyp_err[i] = 1
    while j > 0:
        j -= 1
        align[j] = -1
        ref_err[j] = 1
    return distance, align, ref_err, hyp_err


def _perform_shift(words: list[W], start: int, length: int, target: int) -> list[W]:
    """lib_ter's ``_perform_shift``: move ``words[start:start + length]`` to ``target``."""
    if target < start:
        return (
            words[:target]
            + words[start : start + length]
            + words[target:start]
            + words[start + length :]
        )
    if target > start + length:
        return (
            words[:start]
            + words[start + length : target]
            + words[start : start + length]
            + words[target:]
        )
    return (
        words[:start]
        + words[start + length : length + target]
        + words[start : start + length]
        + words[length + target :]
    )


def _next_error(errors: list[int]) -> list[int]:
    """``out[k]``: the first position ``>= k`` with an error (``len(errors)`` if none)."""
    out = [len(errors)] * (len(errors) + 1)
    for k in range(len(errors) - 1, -1, -1):
        out[k] = k if errors[k] else out[k + 1]
    return out


def _candidates(
    words_h: Sequence[W],
    words_r: Sequence[W],
    ref_positions: dict[W, list[int]],
    align: list[int],
    ref_err: list[int],
    hyp_err: list[int],
    limit: int = sys.maxsize,
) -> list[tuple[int, int, int]]:
    """The shift candidates ``(start_h, length, target)`` that lib_ter's ``_shift`` evaluates,
    in its order and with its repetitions (each one counts against the candidate budget);
    the list stops early once it holds ``limit`` or more.

    lib_ter walks every ``(start_h, start_r)`` pair and every common run ``length`` up to
    ``_MAX_SHIFT_SIZE`` and keeps those whose hypothesis span and reference span both hold an
    error and whose reference start is not aligned inside the hypothesis span; here only the
    reference positions of the same word are visited, and the kept lengths are computed as
    the interval they form (the error conditions hold from some length on, the alignment
    condition up to some length).
    """
    n_h = len(words_h)
    n_r = len(words_r)
    next_h = _next_error(hyp_err)
    next_r = _next_error(ref_err)
    out: list[tuple[int, int, int]] = []
    for start_h in range(n_h):
        positions = ref_positions.get(words_h[start_h])
        if positions is None:
            continue
        min_h = next_h[start_h] - start_h + 1
        for start_r in positions:
            if abs(start_r - start_h) > _MAX_SHIFT_DIST:
                continue
            shortest = max(min_h, next_r[start_r] - start_r + 1)
            longest = min(_MAX_SHIFT_SIZE, n_h - start_h, n_r - start_r)
            aligned_to = align[start_r]
            if aligned_to >= start_h:
                longest = min(longest, aligned_to - start_h)
            if shortest > longest:
                continue
            run = 1
            while run < longest and words_h[start_h + run] == words_r[start_r + run]:
                run += 1
            if run < shortest:
                continue
            # targets for offsets -1 .. length-1, repeats of the previous one dropped
            targets: list[int] = []
            prev_idx = -1
            for pos in range(start_r - 1, start_r + run):
                idx = 0 if pos == -1 else align[pos] + 1
                targets.append(-1 if idx == prev_idx else idx)
                prev_idx = idx
            for length in range(shortest, run + 1):
                for idx in targets[: length + 1]:
                    if idx >= 0:
                        out.append((start_h, length, idx))
            if len(out) >= limit:
                return out
    return out


_FLIP_OPS = str.maketrans("id", "di")  # lib_ter's _flip_trace: insertions <-> deletions


@cache
def _lib_ter() -> ModuleType:
    """sacrebleu's ``lib_ter``, imported when first needed: importing sacrebleu loads all of
    its metrics and datasets (14 MB of memory), which commands that never reach the beam
    (``apply``, ``qa`` on an article) do not pay."""
    from sacrebleu.metrics import lib_ter

    return lib_ter


def _trace_alignment(trace: str, n_ref: int) -> tuple[list[int], list[int], list[int]]:
    """``align`` (as a list), ``ref_err`` and ``hyp_err`` from a lib_ter beam trace, as its
    ``_shift`` derives them (flip insertions and deletions, then ``trace_to_alignment``)."""
    align, ref_err, hyp_err = _lib_ter().trace_to_alignment(trace.translate(_FLIP_OPS))
    return [align[j] for j in range(n_ref)], ref_err, hyp_err


def _shift_search(words_h: list[W], words_r: list[W], distance: int) -> int:
    """TER edit count (shifts + remaining edits) as ``lib_ter.translation_edit_rate`` for a
    non-empty pair whose exact Levenshtein distance is ``distance``.

    lib_ter's beam distance is never below the exact one (the beam only removes paths), and
    equals it below ``_band_bound``; only hypotheses at or past the bound, whose exact
    distance does not already rule them out, go through lib_ter's own ``BeamEditDistance``.
    """
    bound = _band_bound(len(words_h), len(words_r))
    beam: BeamEditDistance | None = None
    peq: dict[W, int] = {}
    ref_positions: dict[W, list[int]] = {}
    for pos, word in enumerate(words_r):
        peq[word] = peq.get(word, 0) | (1 << pos)
        ref_positions.setdefault(word, []).append(pos)
    shifts = 0
    checked = 0
    current = words_h
    exact = distance  # exact Levenshtein distance of ``current``
    while True:
        if exact < bound:
            pre_score, align, ref_err, hyp_err = _alignment(current, words_r, peq)
        else:
            if beam is None:
                beam = _lib_ter().BeamEditDistance(words_r)
            pre_score, trace = beam(current)  # type: ignore[arg-type]
            align, ref_err, hyp_err = _trace_alignment(trace, len(words_r))
        found = _candidates(
            current,
            words_r,
            ref_positions,
            align,
            ref_err,
            hyp_err,
            limit=_MAX_SHIFT_CANDIDATES - checked,
        )
        checked += len(found)
        if checked >= _MAX_SHIFT_CANDIDATES:
            break  # lib_ter drops the round that exhausts its budget
        best_key: tuple[int, int, int, int] | None = None
        best_words = current
        best_exact = exact
        seen: set[tuple[int, int, int]] = set()
        for start_h, length, idx in found:
            if (start_h, length, idx) in seen:
                continue  # same shift from another reference position: same result
            seen.add((start_h, length, idx))
            need = 1 if best_key is None else max(1, best_key[0])
            cutoff = pre_score - need
            if cutoff < 0:
                continue
            shifted = _perform_shift(current, start_h, length, idx)
            dist = Levenshtein.distance(shifted, words_r, score_cutoff=cutoff)
            if dist > cutoff:
                continue  # gain below 1 or below the best so far: cannot be chosen
            shifted_exact = dist
            if dist >= bound:
                if beam is None:
                    beam = _lib_ter().BeamEditDistance(words_r)
                dist = beam(shifted)[0]  # type: ignore[arg-type]
                if dist > cutoff:
                    continue
            key = (pre_score - dist, length, -start_h, -idx)
            if best_key is None or key > best_key:
                best_key = key
                best_words = shifted
                best_exact = shifted_exact
        if best_key is None:
            break
        shifts += 1
        current = best_words
        exact = best_exact
    return shifts + pre_score


def corpus_ter(results: Sequence[TerResult]) -> float:
    """Corpus-level TER: the sum of edits over the sum of reference words."""
    return ter_score(sum(r.edits for r in results), sum(r.ref_words for r in results))


def _ter_pair(pair: tuple[str, str]) -> TerResult:
    return ter(pair[0], pair[1])


def ter_many(
    pairs: Sequence[tuple[str, str]], *, workers: int | None = None, min_parallel: int = 20_000
) -> list[TerResult]:
    """TER for many (hyp, ref) pairs, in order. Large batches are spread over the CPU cores
    (a spawned process pool: the shift search is pure Python and CPU-bound).

    A typical post-edit pair takes about 0.1 ms here, while starting the spawned workers
    (each imports sacrebleu and rapidfuzz) takes about half a second, so batches below
    ``min_parallel`` are scored in this process."""
    import os

    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(pairs) < min_parallel:
        return [ter(h, r) for h, r in pairs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(50, len(pairs) // (count * 8))
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(_ter_pair, pairs, chunksize=chunk))
