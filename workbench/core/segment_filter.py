"""Which segments a translator wants to see: a filter over a project's segments.

A filter keeps segments that are unconfirmed (``unconfirmed``), that have an open QA error
(``errors``: the ids the caller's QA run flagged) and whose MT or target contains a text
(``text``, literally and case-insensitively, or as a regular expression with ``regex``).
The conditions combine (all must hold); an empty filter keeps everything.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from workbench.core.errors import WorkbenchError
from workbench.core.model.project import SegmentState


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

    def pattern(self) -> re.Pattern[str] | None:
        if not self.text:
            return None
        try:
            return re.compile(self.text if self.regex else re.escape(self.text), re.IGNORECASE)
        except re.error as exc:
            raise WorkbenchError(f"filter: not a valid regular expression ({exc})") from None


def filtered(
    segments: Sequence[SegmentState], spec: SegmentFilter, error_ids: Collection[str] = ()
) -> list[int]:
    """The indexes of the segments ``spec`` keeps, in document order."""
    pattern = spec.pattern()
    return [
        s.index
        for s in segments
        if (not spec.unconfirmed or s.status != "confirmed")
        and (not spec.errors or s.id in error_ids)
        and (pattern is None or bool(pattern.search(s.mt)) or bool(pattern.search(s.target)))
    ]
