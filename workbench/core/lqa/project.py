"""A reviewed project as MQM data, and the reviewer's effort beside the translator's.

* Every segment the reviewer judged (marked an error on, accepted or rejected) is a rating
  by its reviewer: one annotation per error, with its span on the current target, or one
  ``No-error`` row. The system is the project's MT engine (review setting ``system``,
  else ``MT``); the document is the article.
* The translator's text is the target before the segment's first ``review`` edit (the
  current target when the reviewer changed nothing). Translator HTER is raw MT ->
  translator's text, reviewer HTER is translator's text -> reviewed text (TER edits over
  the words of the later text, corpus-level as in ``workbench stats``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from workbench.core.lqa.annotation import Annotation
from workbench.core.review_split import REVIEW_ORIGIN, review_split
from workbench.core.session import Session
from workbench.core.storage.review_store import ReviewStore

DEFAULT_SYSTEM = "MT"


def correct(
    session: Session,
    review: ReviewStore,
    segment_id: str,
    text: str,
    *,
    keystrokes: int = 0,
    active_ms: int = 0,
) -> None:
    """The reviewer's correction of a segment: a ``review`` edit (durable when this
    returns), then the segment's error spans carried through it."""
    before = session.segment(segment_id).target
    session.set_target(
        segment_id, text, origin=REVIEW_ORIGIN, keystrokes=keystrokes, active_ms=active_ms
    )
    review.follow_edit(segment_id, before, text)


def project_annotations(session: Session, review: ReviewStore) -> list[Annotation]:
    """The project's review as MQM annotations, in segment order."""
    meta = review.meta()
    system = meta.get("system") or DEFAULT_SYSTEM
    verdicts = review.verdicts()
    doc = session.document.name
    out: list[Annotation] = []
    for s in session.segments:
        errors = review.errors_on(s.id, s.target)
        verdict = verdicts.get(s.id)
        if not errors and verdict is None:
            continue
        base = Annotation(
            system=system,
            doc=doc,
            doc_id="1",
            seg_id=s.id,
            rater=verdict.reviewer if verdict is not None else "",
            source=s.source or "",
            target=s.target,
            category="No-error",
            severity="No-error",
            translator=meta.get("translator", ""),
        )
        if not errors:
            out.append(base)
        for e in errors:
            out.append(
                replace(
                    base,
                    rater=e.reviewer,
                    category=e.category,
                    severity=e.severity,
                    target_span=e.span,
                    comment=e.comment,
                )
            )
    return out


@dataclass(frozen=True)
class SegmentEffort:
    segment_id: str
    mt: str
    translated: str  # the translator's text (before the review)
    reviewed: str  # the text now
    translator_edits: float
    translator_words: int
    reviewer_edits: float
    reviewer_words: int
    review_keystrokes: int
    review_seconds: float


@dataclass(frozen=True)
class ReviewEffort:
    segments: tuple[SegmentEffort, ...]
    translator_hter: float
    reviewer_hter: float
    reviewed_segments: int  # segments the reviewer changed


def review_effort(session: Session) -> ReviewEffort:
    """Translator and reviewer HTER (:func:`workbench.core.review_split.review_split`), per
    segment with the reviewer's keystrokes and time, and for the document."""
    keys: dict[str, int] = {}
    ms: dict[str, int] = {}
    events = session.events()
    for event in events:
        if event.origin == REVIEW_ORIGIN:
            keys[event.segment_id] = keys.get(event.segment_id, 0) + event.keystrokes
            ms[event.segment_id] = ms.get(event.segment_id, 0) + event.active_ms
    split = review_split(session.segments, events)
    segments = tuple(
        SegmentEffort(
            segment_id=s.id,
            mt=s.mt,
            translated=r.translated,
            reviewed=s.target,
            translator_edits=r.translator_edits,
            translator_words=r.translator_words,
            reviewer_edits=r.reviewer_edits,
            reviewer_words=r.reviewer_words,
            review_keystrokes=keys.get(s.id, 0),
            review_seconds=ms.get(s.id, 0) / 1000,
        )
        for s, r in zip(session.segments, split.segments, strict=True)
    )
    return ReviewEffort(
        segments=segments,
        translator_hter=split.hter_translator,
        reviewer_hter=split.hter_reviewer,
        reviewed_segments=split.reviewed,
    )
