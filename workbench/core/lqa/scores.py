"""MQM scores: penalty points per segment (averaged over its raters, as the published WMT
``avg_seg_scores`` files, with the opposite sign), and per document, rater, translator
(the rater when the data names no translator, as MQM data does not) and system (or MT
engine), with points per 1,000 words and pass/fail.

* A **rating** is one rater's judgement of one segment: the sum of the weights of that
  rater's errors on it (0 for a ``No-error`` row only). Its words are the target's words.
* A **segment's** penalty is the mean of its ratings (the WMT segment score is minus it).
* A **group's** (document, rater, translator, system, all) ``penalty`` is the mean over its ratings
  (the WMT system score when every segment has the same number of raters);
  ``per_1000_words`` is its total penalty over its rated words, times 1,000; it passes
  when that is at most the model's threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from workbench.core.lqa.annotation import Annotation, words
from workbench.core.lqa.model import QAModel

SegmentKey = tuple[str, str, str]  # system, doc, seg_id


@dataclass(frozen=True)
class Rating:
    """One rater's judgement of one segment."""

    key: SegmentKey
    doc_id: str
    rater: str
    translator: str  # the segment's translator, else its rater (MQM data names none)
    penalty: float
    errors: int
    words: int


@dataclass(frozen=True)
class SegmentScore:
    system: str
    doc: str
    doc_id: str
    seg_id: str
    raters: tuple[str, ...]
    errors: int
    penalty: float  # mean over raters
    words: int  # target words (of one rating)


@dataclass(frozen=True)
class GroupScore:
    """Scores of a group of ratings (``kind``: document, rater, system, total)."""

    kind: str
    name: str
    segments: int
    ratings: int
    errors: int
    total_penalty: float
    words: int
    penalty: float  # mean per rating
    per_1000_words: float
    passed: bool
    system: str = ""  # a document's system (a document is scored per system)


@dataclass(frozen=True)
class Scores:
    model_id: str
    threshold: float
    segments: tuple[SegmentScore, ...]
    documents: tuple[GroupScore, ...]
    raters: tuple[GroupScore, ...]
    translators: tuple[GroupScore, ...]
    systems: tuple[GroupScore, ...]
    total: GroupScore


def ratings(annotations: Iterable[Annotation], model: QAModel) -> list[Rating]:
    """The ratings in ``annotations``, in the order they first appear."""
    found: dict[tuple[SegmentKey, str], list[Annotation]] = {}
    for a in annotations:
        found.setdefault((a.segment_key, a.rater), []).append(a)
    out: list[Rating] = []
    for (key, rater), rows in found.items():
        errors = [a for a in rows if a.is_error]
        penalty = sum(model.weight(a.category, a.severity) for a in errors)
        who = rows[0].translator or rater
        out.append(
            Rating(key, rows[0].doc_id, rater, who, penalty, len(errors), words(rows[0].target))
        )
    return out


def _group(
    kind: str, name: str, rs: Sequence[Rating], model: QAModel, system: str = ""
) -> GroupScore:
    total = sum(r.penalty for r in rs)
    n_words = sum(r.words for r in rs)
    per_1000 = total * 1000 / n_words if n_words else 0.0
    return GroupScore(
        kind=kind,
        name=name,
        segments=len({r.key for r in rs}),
        ratings=len(rs),
        errors=sum(r.errors for r in rs),
        total_penalty=total,
        words=n_words,
        penalty=total / len(rs) if rs else 0.0,
        per_1000_words=per_1000,
        passed=model.passes(per_1000),
        system=system,
    )


def _groups(
    kind: str, rs: Sequence[Rating], by: Callable[[Rating], tuple[str, str]], model: QAModel
) -> tuple[GroupScore, ...]:
    """Groups of ``rs`` by (system, name) (system "" when the grouping is not per system)."""
    parts: dict[tuple[str, str], list[Rating]] = {}
    for r in rs:
        parts.setdefault(by(r), []).append(r)
    return tuple(_group(kind, name, part, model, system) for (system, name), part in parts.items())


def score(annotations: Sequence[Annotation], model: QAModel) -> Scores:
    """Every score of ``annotations`` under ``model``."""
    rs = ratings(annotations, model)
    per_segment: dict[SegmentKey, list[Rating]] = {}
    for r in rs:
        per_segment.setdefault(r.key, []).append(r)
    segments = tuple(
        SegmentScore(
            system=key[0],
            doc=key[1],
            doc_id=group[0].doc_id,
            seg_id=key[2],
            raters=tuple(r.rater for r in group),
            errors=sum(r.errors for r in group),
            penalty=sum(r.penalty for r in group) / len(group),
            words=group[0].words,
        )
        for key, group in per_segment.items()
    )
    return Scores(
        model_id=model.id,
        threshold=model.pass_threshold,
        segments=segments,
        documents=_groups("document", rs, lambda r: (r.key[0], r.key[1]), model),
        raters=_groups("rater", rs, lambda r: ("", r.rater), model),
        translators=_groups("translator", rs, lambda r: ("", r.translator), model),
        systems=_groups("system", rs, lambda r: ("", r.key[0]), model),
        total=_group("total", "all", rs, model),
    )
