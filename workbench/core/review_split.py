"""Translator and reviewer effort, reported apart: a reviewer's corrections (``review``
edits) are not the translator's work.

The translator's text of a segment is its target before the first ``review`` edit (the
target now when the reviewer changed nothing). Translator HTER is TER from the raw MT to
the translator's text; reviewer HTER is TER from the translator's text to the target now
(the reviewed text). Inline codes are left out as in :mod:`workbench.core.metrics`;
document figures are corpus-level (total edits over total reference words).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from workbench.core.edits import EditEvent, Origin
from workbench.core.inline_codes import strip_codes
from workbench.core.model.project import SegmentState
from workbench.core.ter import ter_many, ter_score

REVIEW_ORIGIN: Origin = "review"


def translator_texts(events: Iterable[EditEvent]) -> dict[str, str]:
    """Per reviewed segment, its target before the reviewer's first correction."""
    out: dict[str, str] = {}
    for event in events:
        if event.origin == REVIEW_ORIGIN:
            out.setdefault(event.segment_id, event.before)
    return out


@dataclass(frozen=True)
class ReviewedSegment:
    """One segment's translator and reviewer edits (TER edits over reference words)."""

    segment_id: str
    translated: str  # the translator's text
    translator_edits: float  # raw MT -> translator's text
    translator_words: int
    reviewer_edits: float  # translator's text -> target now
    reviewer_words: int

    @property
    def translator_hter(self) -> float:
        return ter_score(self.translator_edits, self.translator_words)

    @property
    def reviewer_hter(self) -> float:
        return ter_score(self.reviewer_edits, self.reviewer_words)


@dataclass(frozen=True)
class ReviewSplit:
    """Document translator and reviewer HTER; ``reviewed`` counts the segments the
    reviewer changed."""

    hter_translator: float
    hter_reviewer: float
    reviewed: int
    segments: tuple[ReviewedSegment, ...]


def review_split(segments: Sequence[SegmentState], events: Iterable[EditEvent]) -> ReviewSplit:
    """Translator HTER and reviewer HTER, per segment and for the document."""
    return split_by_review(segments, translator_texts(events))


def split_by_review(segments: Sequence[SegmentState], translated: Mapping[str, str]) -> ReviewSplit:
    """:func:`review_split` from the translator's texts read from the edit log before
    (:func:`translator_texts`)."""
    pairs: list[tuple[str, str]] = []
    for s in segments:
        before = translated.get(s.id, s.target)
        mt, mid, final = (strip_codes(t, s.codes) for t in (s.mt, before, s.target))
        pairs += [(mt, mid), (mid, final)]
    results = ter_many(pairs) if pairs else []
    out = []
    reviewed = 0
    for i, s in enumerate(segments):
        t, r = results[2 * i], results[2 * i + 1]
        reviewed += translated.get(s.id, s.target) != s.target
        out.append(
            ReviewedSegment(
                s.id, translated.get(s.id, s.target), t.edits, t.ref_words, r.edits, r.ref_words
            )
        )
    return ReviewSplit(
        hter_translator=ter_score(
            sum(x.translator_edits for x in out), sum(x.translator_words for x in out)
        ),
        hter_reviewer=ter_score(
            sum(x.reviewer_edits for x in out), sum(x.reviewer_words for x in out)
        ),
        reviewed=reviewed,
        segments=tuple(out),
    )


def was_reviewed(events: Iterable[EditEvent]) -> bool:
    """Whether any ``review`` edit was made (else the translator's text is the target)."""
    return any(e.origin == REVIEW_ORIGIN for e in events)
