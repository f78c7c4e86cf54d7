"""The shape of a QA finding: what the checks return, the store keeps ignored, the
exports and the UI show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one segment's target. ``start``/``end`` index the target (-1: whole
    segment); ``matched`` is the offending text, used as the key when it is ignored."""

    segment_id: str
    check: str
    severity: Severity
    message: str
    start: int = -1
    end: int = -1
    matched: str = ""
    ignored: bool = False
    reason: str = ""
    suggestions: tuple[str, ...] = ()
