"""What the checks look at: one segment's texts, as plain data."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.edits import Status
from workbench.core.findings import Finding, Severity
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.inline_codes import InlineCode


@dataclass(frozen=True)
class QaSegment:
    """One segment to check.

    ``target`` is the text under review. ``mt`` is the raw machine translation, or ``None``
    when there is none to compare with (an article checked as a finished target); ``source``
    is the source-language text when known. ``status`` is ``new``/``draft``/``confirmed``.
    ``codes`` are the segment's inline codes (each one placeholder character in the texts).
    """

    id: str
    target: str
    mt: str | None = None
    source: str | None = None
    status: Status = "new"
    codes: tuple[InlineCode, ...] = ()


@dataclass(frozen=True)
class QaContext:
    """What is shared by every segment of a run: the glossary engine (``None``: no glossary
    checks) and the target language (``en``, ``de``...). Checks that compare scripts assume a
    Latin-script target unless ``target_language`` names a language written otherwise.
    """

    engine: GlossaryEngine | None = None
    target_language: str = "en"


def finding(
    segment: QaSegment,
    check: str,
    severity: Severity,
    message: str,
    *,
    start: int = -1,
    end: int = -1,
    matched: str = "",
) -> Finding:
    """A finding on ``segment`` (spans index ``segment.target``; -1 for the whole segment)."""
    return Finding(
        segment_id=segment.id,
        check=check,
        severity=severity,
        message=message,
        start=start,
        end=end,
        matched=matched,
    )
