"""QA reports: findings as text lines for a terminal, or as a JSON object."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from json.encoder import encode_basestring
from typing import Any

from workbench.core.csvcells import csv_text
from workbench.core.findings import Finding
from workbench.core.visible import visible

SEVERITIES = ("error", "warning", "info")


def has_open_errors(findings: Sequence[Finding]) -> bool:
    """Whether any error-level finding is still open (``workbench qa`` then exits 1)."""
    return any(f.severity == "error" and not f.ignored for f in findings)


def summary(findings: Iterable[Finding], *, segments: int | None = None) -> dict[str, int]:
    """Counts of open findings per severity, of ignored findings, and of segments checked."""
    return _summary(_tally(findings), segments)


def _tally(findings: Iterable[Finding]) -> Counter[str]:
    return Counter("ignored" if f.ignored else f.severity for f in findings)


def _summary(tally: Counter[str], segments: int | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    if segments is not None:
        counts["segments"] = segments
    for severity in SEVERITIES:
        counts[severity] = tally[severity]
    counts["ignored"] = tally["ignored"]
    return counts


def _counted(findings: Iterable[Finding], tally: Counter[str]) -> Iterator[Finding]:
    """The findings, each counted in ``tally`` as it goes by (a report written as the
    findings are found has its summary at the end)."""
    for f in findings:
        tally["ignored" if f.ignored else f.severity] += 1
        yield f


# the segments checked: known at the start, or (findings streamed) once they are all seen
Segments = int | Callable[[], int] | None


def _segments(segments: Segments) -> int | None:
    return segments() if callable(segments) else segments


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding as plain data (JSON, CSV rows, exports); ``suggestions`` only where
    the check made some."""
    data: dict[str, Any] = {
        "segment": finding.segment_id,
        "check": finding.check,
        "severity": finding.severity,
        "message": finding.message,
        "start": finding.start,
        "end": finding.end,
        "matched": finding.matched,
        "ignored": finding.ignored,
        "reason": finding.reason,
    }
    if finding.suggestions:
        data["suggestions"] = list(finding.suggestions)
    return data


def report_json(findings: Sequence[Finding], *, segments: int | None = None) -> str:
    """``{"findings": [...], "summary": {...}}``, open and ignored findings alike."""
    return "".join(json_chunks(findings, segments=segments))


def json_chunks(findings: Iterable[Finding], *, segments: Segments = None) -> Iterator[str]:
    """:func:`report_json` piece by piece (what ``json.dumps(..., indent=2)`` writes), so a
    long report is written without building it whole (nor holding its findings: they may
    come as they are found)."""
    tally: Counter[str] = Counter()
    found = _counted(findings, tally)
    first = next(found, None)
    if first is None:
        yield '{\n  "findings": [],\n'
    else:
        yield '{\n  "findings": [\n' + _finding_json(first)
        for f in found:
            yield ",\n" + _finding_json(f)
        yield "\n  ],\n"
    counts = json.dumps(_summary(tally, _segments(segments)), ensure_ascii=False, indent=2)
    yield '  "summary": ' + counts.replace("\n", "\n  ") + "\n}\n"


_STRING = encode_basestring  # (C-accelerated; what json.dumps(ensure_ascii=False) uses)


def _finding_json(f: Finding) -> str:
    """``json.dumps(finding_dict(f), ensure_ascii=False, indent=2)`` indented by 4 more,
    written field by field (several times as fast: a report can hold a million findings)."""
    text = (
        f'    {{\n      "segment": {_STRING(f.segment_id)},\n      "check": {_STRING(f.check)},'
        f'\n      "severity": {_STRING(f.severity)},\n      "message": {_STRING(f.message)},'
        f'\n      "start": {int(f.start)},\n      "end": {int(f.end)},'
        f'\n      "matched": {_STRING(f.matched)},'
        f'\n      "ignored": {"true" if f.ignored else "false"},'
        f'\n      "reason": {_STRING(f.reason)}'
    )
    if f.suggestions:
        items = ",\n".join(f"        {_STRING(v)}" for v in f.suggestions)
        text += f',\n      "suggestions": [\n{items}\n      ]'
    return text + "\n    }"


CSV_FIELDS = (
    "segment",
    "severity",
    "check",
    "message",
    "start",
    "end",
    "matched",
    "ignored",
    "reason",
)


def report_csv(findings: Sequence[Finding]) -> str:
    """One CSV row per finding (open and ignored), with a header row; cells a spreadsheet
    would run as formulas are neutralised (:mod:`workbench.core.csvcells`)."""
    rows: list[list[object]] = [list(CSV_FIELDS)]
    for f in findings:
        row = finding_dict(f)
        row["ignored"] = "yes" if f.ignored else ""
        rows.append([row[name] for name in CSV_FIELDS])
    return csv_text(rows, lineterminator="\n")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def summary_line(findings: Iterable[Finding], *, segments: int | None = None) -> str:
    """ "2 errors, 1 warning, 0 info (1 ignored) in 12 segments"."""
    return _line(summary(findings, segments=segments), segments)


def _line(counts: dict[str, int], segments: int | None) -> str:
    line = ", ".join(_plural(counts[s], s) for s in SEVERITIES)
    if counts["ignored"]:
        line += f" ({counts['ignored']} ignored)"
    if segments is not None:
        line += f" in {_plural(segments, 'segment')}"
    return line


def report_text(findings: Sequence[Finding], *, segments: int | None = None) -> str:
    """One line per finding ("p2s1 error glossary-mt-error: ..."), in document order, then a
    summary line."""
    return "".join(text_chunks(findings, segments=segments))


def text_chunks(findings: Iterable[Finding], *, segments: Segments = None) -> Iterator[str]:
    """:func:`report_text` line by line (the findings may come as they are found)."""
    tally: Counter[str] = Counter()
    for f in _counted(findings, tally):
        line = f"{f.segment_id} {f.severity} {f.check}: {visible(f.message, one_line=True)}"
        if f.ignored:
            line += f" [ignored: {visible(f.reason, one_line=True)}]"
        yield line + "\n"
    checked = _segments(segments)
    yield _line(_summary(tally, checked), checked) + "\n"
