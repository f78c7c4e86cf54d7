"""MQM annotations: one error (or a "No-error" mark) on one segment by one rater."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """An error span: character offsets ``[start, end)`` in a text without span markers."""

    start: int
    end: int


@dataclass(frozen=True)
class Annotation:
    """One row of MQM data. ``source`` and ``target`` are the segment's texts without the
    ``<v>…</v>`` markers; the span is in the source (``source_span``, e.g. an omission) or
    the target (``target_span``), or nowhere (a whole-segment error, ``No-error``).
    ``severity`` is spelled as the QA model spells it; ``line`` is the row's line in the
    file it was read from (0 when it was not read from a file); ``translator`` is known for
    a reviewed project only."""

    system: str
    doc: str
    doc_id: str
    seg_id: str
    rater: str
    source: str
    target: str
    category: str
    severity: str
    source_span: Span | None = None
    target_span: Span | None = None
    comment: str = ""
    line: int = 0
    translator: str = ""  # who made the target, when known (a project); not an MQM column

    @property
    def segment_key(self) -> tuple[str, str, str]:
        """The segment this rates: (system, doc, seg_id)."""
        return (self.system, self.doc, self.seg_id)

    @property
    def is_error(self) -> bool:
        """False for the rows that only say a segment was rated without errors."""
        return self.category.casefold() != "no-error" and self.severity.casefold() != "no-error"

    @property
    def span_text(self) -> str:
        if self.target_span is not None:
            return self.target[self.target_span.start : self.target_span.end]
        if self.source_span is not None:
            return self.source[self.source_span.start : self.source_span.end]
        return ""


def words(text: str) -> int:
    """Words of a text as the workbench counts them everywhere (whitespace-separated)."""
    return len(text.split())
