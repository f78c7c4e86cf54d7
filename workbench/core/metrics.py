"""Effort figures: HTER, character distance, keystrokes, active time.

HTER is TER (TERCOM-equal, see :mod:`workbench.core.ter`) of the raw MT against the final
target; ``hter_pre`` the same from ``pre`` (the MT after automatic glossary fixes), i.e. the
effort left to the translator after the glossary. Document figures are corpus-level: total
edits over total reference words.

Who did the work: :func:`effort_split` shares HTER out between the glossary, the memory and
the translator (``workbench stats``).

Active time: the caller (the TUI) feeds keystroke times to an :class:`ActiveTimer`; a pause
longer than the threshold (default 30 s, ``WORKBENCH_PAUSE_SECONDS``) is not counted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Levenshtein

from workbench.core.edits import EditEvent
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


# --- who did the work: glossary, memory, translator --------------------------------------------
EffortSource = Literal["glossary", "memory", "translator"]
SOURCE_OF: dict[str, EffortSource] = {
    "glossary-auto": "glossary",
    "glossary-suggestion": "glossary",
    "memory": "memory",
    "propagation": "memory",
    "typing": "translator",
    "replace-all": "translator",
    "revert": "translator",
    "import": "translator",
}


@dataclass(frozen=True)
class SegmentSplit:
    """A segment's TER edits (raw MT -> final) shared out by who made the changes."""

    segment_id: str
    glossary: float
    memory: float
    translator: float


@dataclass(frozen=True)
class EffortSplit:
    """Document HTER split into the work of the glossary, the memory and the translator:
    ``hter_glossary + hter_memory + hter_translator == hter``.

    Each segment's TER edits are shared in proportion to the words the changes still in
    effect changed (the word operations of each edit event; an undone edit no longer
    counts, a redone one counts again). Glossary: ``glossary-auto`` and
    ``glossary-suggestion``; memory: ``memory`` and ``propagation``; translator: typing,
    replace-all, revert and imported post-edits."""

    hter_glossary: float
    hter_memory: float
    hter_translator: float
    segments: tuple[SegmentSplit, ...]


def _words_changed(event: EditEvent) -> int:
    return sum(max(op.a_end - op.a_start, op.b_end - op.b_start) for op in event.ops)


def _shares(events: Iterable[EditEvent]) -> dict[str, dict[EffortSource, int]]:
    """Per segment, the words changed by each source, counting only changes in effect."""
    stacks: dict[str, list[tuple[EffortSource, int]]] = {}
    positions: dict[str, int] = {}
    for event in events:
        stack = stacks.setdefault(event.segment_id, [])
        pos = positions.get(event.segment_id, 0)
        if event.origin == "undo":
            pos = max(0, pos - 1)
        elif event.origin == "redo":
            pos = min(len(stack), pos + 1)
        elif event.before != event.after and event.origin in SOURCE_OF:
            del stack[pos:]
            stack.append((SOURCE_OF[event.origin], _words_changed(event)))
            pos += 1
        positions[event.segment_id] = pos
    out: dict[str, dict[EffortSource, int]] = {}
    for sid, stack in stacks.items():
        totals: dict[EffortSource, int] = {"glossary": 0, "memory": 0, "translator": 0}
        for source, words in stack[: positions[sid]]:
            totals[source] += words
        out[sid] = totals
    return out


def effort_split(figures: DocumentFigures, events: Iterable[EditEvent]) -> EffortSplit:
    """Split the document's HTER by who made the changes (see :class:`EffortSplit`)."""
    shares = _shares(events)
    segments = []
    for fig in figures.segments:
        share = shares.get(fig.segment_id, {})
        total = sum(share.values())
        if total == 0:  # no recorded change explains the edits: the translator's
            parts = {"glossary": 0.0, "memory": 0.0, "translator": fig.edits}
        else:
            parts = {
                k: fig.edits * share.get(k, 0) / total for k in ("glossary", "memory", "translator")
            }
        segments.append(
            SegmentSplit(fig.segment_id, parts["glossary"], parts["memory"], parts["translator"])
        )
    all_edits = sum(fig.edits for fig in figures.segments)

    def part(name: str) -> float:
        edits = sum(float(getattr(s, name)) for s in segments)
        return figures.hter * edits / all_edits if all_edits else 0.0

    return EffortSplit(
        hter_glossary=part("glossary"),
        hter_memory=part("memory"),
        hter_translator=part("translator"),
        segments=tuple(segments),
    )
