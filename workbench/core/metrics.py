"""Effort figures: HTER, character distance, keystrokes, active time.

HTER is TER (TERCOM-equal, see :mod:`workbench.core.ter`) of the raw MT against the final
target, inline codes left out; ``hter_pre`` the same from ``pre`` (the MT after automatic
glossary fixes), i.e. the effort left to the translator after the glossary. Document
figures are corpus-level: total edits over total reference words.

Active time: the caller (the TUI) feeds keystroke times to an :class:`ActiveTimer`; a pause
longer than the threshold (default 30 s, ``WORKBENCH_PAUSE_SECONDS``) is not counted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from workbench.core.edits import EditEvent
from workbench.core.inline_codes import strip_codes
from workbench.core.ter import ter, ter_score

DEFAULT_PAUSE_SECONDS = 30.0


def pause_threshold() -> float:
    try:
        return float(os.environ.get("WORKBENCH_PAUSE_SECONDS", DEFAULT_PAUSE_SECONDS))
    except ValueError:
        return DEFAULT_PAUSE_SECONDS


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
    edits_pre: float = 0.0


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


class ActiveTimer:
    """Accumulates active editing time from event times; pauses over the threshold are
    dropped. ``tick(now)`` returns the milliseconds added since the previous tick."""

    def __init__(self, threshold: float | None = None) -> None:
        self.threshold = pause_threshold() if threshold is None else threshold
        self._last: float | None = None
        self.total_ms = 0

    def tick(self, now: float) -> int:
        added = 0
        if self._last is not None:
            gap = now - self._last
            if 0 < gap <= self.threshold:
                added = round(gap * 1000)
        self._last = now
        self.total_ms += added
        return added

    def take(self) -> int:
        """The milliseconds accumulated since the last ``take`` (and reset)."""
        ms, self.total_ms = self.total_ms, 0
        return ms


def segment_figures(
    segment_id: str, mt: str, pre: str, target: str, events: Iterable[EditEvent] = ()
) -> SegmentFigures:
    """Effort on one segment. Inline codes are not words: they are left out of every text
    before TER and the character distance (moving or deleting a tag is not an edit here)."""
    mt, pre, target = strip_codes(mt), strip_codes(pre), strip_codes(target)
    result = ter(mt, target)
    result_pre = ter(pre, target)
    keystrokes = 0
    active_ms = 0
    for event in events:
        keystrokes += event.keystrokes
        active_ms += event.active_ms
    words = len(target.split())
    seconds = active_ms / 1000
    return SegmentFigures(
        segment_id=segment_id,
        hter=result.score,
        hter_pre=result_pre.score,
        edits=result.edits,
        ref_words=result.ref_words,
        char_distance=Levenshtein.distance(mt, target),
        keystrokes=keystrokes,
        active_seconds=seconds,
        seconds_per_word=seconds / words if words else 0.0,
        edits_pre=result_pre.edits,
    )


def document_figures(
    segments: Sequence[SegmentFigures], *, confirmed: int, total: int
) -> DocumentFigures:
    words = sum(s.ref_words for s in segments)
    seconds = sum(s.active_seconds for s in segments)
    return DocumentFigures(
        segments=tuple(segments),
        hter=ter_score(sum(s.edits for s in segments), words),
        hter_pre=ter_score(sum(s.edits_pre for s in segments), words),
        char_distance=sum(s.char_distance for s in segments),
        keystrokes=sum(s.keystrokes for s in segments),
        active_seconds=seconds,
        words=words,
        seconds_per_word=seconds / words if words else 0.0,
        confirmed=confirmed,
        total=total,
    )
