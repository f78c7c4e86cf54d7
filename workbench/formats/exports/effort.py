"""Effort data for spreadsheets and scripts: the per-segment effort table (``--to csv``)
and the whole edit log (``--to jsonl``)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import fields
from typing import TYPE_CHECKING

from workbench.core.csvcells import csv_text
from workbench.core.edits import EditEvent, WordOp
from workbench.core.findings import Finding
from workbench.core.inline_codes import display
from workbench.core.metrics import SegmentFigures
from workbench.core.review_split import ReviewedSegment
from workbench.core.translators import UNNAMED
from workbench.formats.project_view import ProjectView

if TYPE_CHECKING:
    from workbench.formats.families import ExportWriter

CSV_COLUMNS = [
    "id",
    "mt",
    "final",
    "hter",
    "hter_after_glossary",
    "char_distance",
    "keystrokes",
    "seconds",
    "typing_seconds",
    "visits",
    "first_edit_seconds",
    "status",
    "glossary_hits",
    "qa_open",
    "qa_ignored",
    "hter_translator",
    "hter_reviewer",
    "translator",
]


def write_effort_csv(view: ProjectView) -> Iterator[bytes]:
    """One row per segment with its effort figures, QA findings and the translator who
    finished it (:func:`~workbench.core.translators.owners`; empty: nobody changed it);
    cells that a spreadsheet would run as formulas are neutralised
    (:mod:`workbench.core.csvcells`). ``hter_translator`` is raw MT -> the translator's
    text and ``hter_reviewer`` the translator's text -> the reviewed text
    (:mod:`workbench.core.review_split`); unreviewed, they are ``hter`` and 0."""
    assert view.figures is not None, "the effort table needs the project's figures"
    figures = {f.segment_id: f for f in view.figures.segments}
    review = {r.segment_id: r for r in view.review.segments} if view.review is not None else {}
    return _chunks(_rows(view, figures, review))


def _qa_cell(findings: list[Finding], ignored: bool) -> str:
    return "; ".join(
        f"{f.severity}:{f.check}" + (f" ({f.reason})" if f.ignored else "")
        for f in findings
        if f.ignored == ignored
    )


def _rows(
    view: ProjectView,
    figures: dict[str, SegmentFigures],
    review: dict[str, ReviewedSegment],
) -> Iterator[list[object]]:
    hits, owner = view.glossary_hits, view.owners
    yield list(CSV_COLUMNS)
    for s, findings in view.segments_with_findings():
        fig = figures[s.id]
        reviewed = review.get(s.id)
        yield (
            [
                s.id,
                display(s.mt, s.codes).text,  # inline codes as tag tokens
                display(s.target, s.codes).text,
                f"{fig.hter:.4f}",
                f"{fig.hter_pre:.4f}",
                fig.char_distance,
                fig.keystrokes,
                f"{fig.seconds:.1f}",
                f"{fig.active_seconds:.1f}",
                fig.visits,
                "" if fig.first_edit_seconds is None else f"{fig.first_edit_seconds:.1f}",
                s.status,
                len(hits.get(s.id, ())),
                _qa_cell(findings, False),
                _qa_cell(findings, True),
                f"{fig.hter if reviewed is None else reviewed.translator_hter:.4f}",
                f"{0.0 if reviewed is None else reviewed.reviewer_hter:.4f}",
                (owner[s.id] or UNNAMED) if s.id in owner else "",
            ]
        )


def _chunks(rows: Iterator[list[object]], size: int = 2_000) -> Iterator[bytes]:
    """The CSV bytes of ``rows``, ``size`` rows a chunk (the table is never held whole)."""
    while batch := list(itertools.islice(rows, size)):
        yield csv_text(batch).encode("utf-8")


def write_edit_log(view: ProjectView) -> Iterator[bytes]:
    """The full edit log, one event per line (as ``json.dumps(asdict(event))``), a chunk of
    lines at a time."""
    events = view.events
    size = 2_000
    if not events:
        yield b"\n"
    for start in range(0, len(events), size):
        lines = [
            json.dumps(_event_fields(e), ensure_ascii=False) for e in events[start : start + size]
        ]
        yield ("\n".join(lines) + "\n").encode("utf-8")


_EVENT_FIELDS = tuple(f.name for f in fields(EditEvent))
_OP_FIELDS = tuple(f.name for f in fields(WordOp))


def _event_fields(event: EditEvent) -> dict[str, object]:
    """``dataclasses.asdict(event)`` without its deep copy of every value (the fields are
    strings, numbers and the word operations)."""
    out: dict[str, object] = {name: getattr(event, name) for name in _EVENT_FIELDS}
    out["ops"] = tuple({name: getattr(op, name) for name in _OP_FIELDS} for op in event.ops)
    return out


class _EffortCsv:
    def write(self, view: ProjectView) -> Iterator[bytes]:
        return write_effort_csv(view)


class _EditLog:
    def write(self, view: ProjectView) -> Iterator[bytes]:
        return write_edit_log(view)


EFFORT_CSV: ExportWriter = _EffortCsv()
EDIT_LOG: ExportWriter = _EditLog()
