"""TER / HTER equal to TERCOM (case-sensitive, shifts allowed, no normalisation).

The shift search is sacrebleu's port of TERCOM (``sacrebleu.metrics.lib_ter``), called
directly on whitespace tokens: sacrebleu's ``TER(case_sensitive=True)`` with default
``normalized=False, no_punct=False`` is exactly TERCOM's default configuration, and calling
its core avoids the per-sentence object and tokenizer overhead of ``TER().sentence_score``.

Fast path: when the word-level Levenshtein distance (rapidfuzz) is 0 or 1, no shift can
lower it (a shift only counts when it removes at least one edit, and turning a hypothesis
into the reference by moving a block changes at least two word positions), so the TER edit
count *is* that distance and the shift search is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from sacrebleu.metrics.lib_ter import translation_edit_rate


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
    distance = Levenshtein.distance(words_h, words_r)
    if distance <= 1 or not words_r:
        return TerResult(distance, len(words_r))
    edits, ref_len = translation_edit_rate(words_h, words_r)
    return TerResult(edits, ref_len)


def corpus_ter(results: Sequence[TerResult]) -> float:
    """Corpus-level TER: the sum of edits over the sum of reference words."""
    return ter_score(sum(r.edits for r in results), sum(r.ref_words for r in results))


def _ter_pair(pair: tuple[str, str]) -> TerResult:
    return ter(pair[0], pair[1])


def ter_many(
    pairs: Sequence[tuple[str, str]], *, workers: int | None = None, min_parallel: int = 500
) -> list[TerResult]:
    """TER for many (hyp, ref) pairs, in order. Large batches are spread over the CPU cores
    (a spawned process pool: the shift search is pure Python and CPU-bound)."""
    import os

    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(pairs) < min_parallel:
        return [ter(h, r) for h, r in pairs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(50, len(pairs) // (count * 8))
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(_ter_pair, pairs, chunksize=chunk))
