"""What the checks look at: one segment's texts, as plain data."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from workbench.core.edits import Status
from workbench.core.findings import Finding, Severity
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.inline_codes import InlineCode

T = TypeVar("T")


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
    checks), the target language (``en``, ``de``...) and the user's own words (never
    misspelt). Checks that compare scripts assume a Latin-script target unless
    ``target_language`` names a language written otherwise.
    """

    engine: GlossaryEngine | None = None
    target_language: str = "en"
    known_words: frozenset[str] = frozenset()  # never misspelt: the user's word list


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


# At most this many findings of one check in one segment are listed; the rest are summed up
# in one more finding (a 10 MB one-line article must not print millions of warnings).
MAX_PER_CHECK = 20
_RANK = {"info": 0, "warning": 1, "error": 2}


def summary_finding(rest: Sequence[Finding], count: int | None = None) -> Finding:
    """One finding standing for ``count`` (default: all of ``rest``) findings not listed;
    ``rest`` holds at least the first of them."""
    first = rest[0]
    more = len(rest) if count is None else count
    return Finding(
        segment_id=first.segment_id,
        check=first.check,
        severity=max(rest, key=lambda f: _RANK[f.severity]).severity,
        message=f"{more} more {first.check} findings in this segment (not listed)",
        start=first.start,
        end=rest[-1].end,
        matched=f"+{more}",
    )


def capped(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The first :data:`MAX_PER_CHECK` findings and one summary finding for the rest (a
    single one more is listed as it is)."""
    if len(findings) <= MAX_PER_CHECK + 1:
        return findings
    return (*findings[:MAX_PER_CHECK], summary_finding(findings[MAX_PER_CHECK:]))


def capped_matches(
    matches: Iterable[T], make: Callable[[T], Finding], keep: Callable[[T], bool] | None = None
) -> tuple[Finding, ...]:
    """Findings made from the ``matches`` that ``keep`` accepts, capped as :func:`capped`
    caps them, without building a finding for each match past the cap: the summary takes
    its severity from the first of them (one check, one severity) and its end from the last."""
    found: list[Finding] = []
    first: T | None = None
    last: T | None = None
    more = 0
    for match in matches:
        if keep is not None and not keep(match):
            continue
        if len(found) < MAX_PER_CHECK:
            found.append(make(match))
        elif first is None:
            first = last = match
            more = 1
        else:
            last = match
            more += 1
    if first is None or last is None:
        return tuple(found)
    if more == 1:
        return (*found, make(first))
    rest = [make(first)] if first is last else [make(first), make(last)]
    return (*found, summary_finding(rest, more))
