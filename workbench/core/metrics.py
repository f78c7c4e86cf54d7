"""Effort figures (SPEC section 2). CONTRACT STUB: shapes fixed, implementation in progress."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentFigures:
    """Effort on one segment. HTER = TER edits / reference (final target) words, TERCOM-equal."""

    segment_id: str
    hter: float  # raw MT -> final target
    hter_pre: float  # pre (MT after glossary) -> final target: effort beyond the glossary
    edits: float  # TER edits MT -> final
    ref_words: int  # words in the final target
    char_distance: int  # Levenshtein distance MT -> final, in characters
    keystrokes: int
    active_seconds: float  # pauses over the threshold not counted
    seconds_per_word: float


@dataclass(frozen=True)
class DocumentFigures:
    """Totals: HTER figures are corpus-level (sum of edits / sum of reference words)."""

    segments: tuple[SegmentFigures, ...]
    hter: float
    hter_pre: float
    char_distance: int
    keystrokes: int
    active_seconds: float
    words: int
    seconds_per_word: float
    confirmed: int
    total: int
