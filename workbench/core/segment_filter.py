"""Which segments a translator wants to see: a filter over a project's segments.

A filter keeps segments that are unconfirmed (``unconfirmed``), that have an open QA error
(``errors``: the ids the caller's QA run flagged) and whose MT or target contains a text
(``text``, literally and case-insensitively, or as a regular expression with ``regex``).
The conditions combine (all must hold); an empty filter keeps everything. The text search
runs against a :class:`~workbench.core.text_search.Deadline` and raises
:class:`~workbench.core.text_search.SearchTimeout` when the pattern takes too long.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from regex import Pattern

from workbench.core.model.project import SegmentState
from workbench.core.text_search import Deadline, compile_pattern, search


@dataclass(frozen=True)
class SegmentFilter:
    unconfirmed: bool = False
    errors: bool = False
    text: str = ""
    regex: bool = False

    @property
    def active(self) -> bool:
        return self.unconfirmed or self.errors or bool(self.text)

    def describe(self) -> str:
        parts = []
        if self.unconfirmed:
            parts.append("unconfirmed")
        if self.errors:
            parts.append("QA errors")
        if self.text:
            parts.append(f"/{self.text}/" if self.regex else f"'{self.text}'")
        return ", ".join(parts) or "all"

    def pattern(self) -> Pattern[str] | None:
        if not self.text:
            return None
        return compile_pattern(self.text, is_regex=self.regex, what="filter")


def filtered(
    segments: Sequence[SegmentState],
    spec: SegmentFilter,
    error_ids: Collection[str] = (),
    deadline: Deadline | None = None,
) -> list[int]:
    """The indexes of the segments ``spec`` keeps, in document order."""
    pattern = spec.pattern()
    deadline = deadline or Deadline()
    return [
        s.index
        for s in segments
        if (not spec.unconfirmed or s.status != "confirmed")
        and (not spec.errors or s.id in error_ids)
        and (
            pattern is None
            or search(pattern, s.mt, deadline)
            or search(pattern, s.target, deadline)
        )
    ]
