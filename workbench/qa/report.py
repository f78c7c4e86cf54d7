"""QA reports: findings as text lines for a terminal, or as a JSON object."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring
from typing import Any

from workbench.core.csvcells import csv_text
from workbench.core.findings import Finding
from workbench.core.visible import visible

SEVERITIES = ("error", "warning", "info")


def has_open_errors(findings: Sequence[Finding]) -> bool:
    """Whether any error-level finding is still open (``workbench qa`` then exits 1)."""
    return any(f.severity == "error" and not f.ignored for f in findings)


def summary(findings: Sequence[Finding], *, segments: int | None = None) -> dict[str, int]:
    """Counts of open findings per severity, of ignored findings, and of segments checked."""
    counts: dict[str, int] = {}
    if segments is not None:
        counts["segments"] = segments
    for severity in SEVERITIES:
        counts[severity] = sum(1 for f in findings if f.severity == severity and not f.ignored)
    counts["ignored"] = sum(1 for f in findings if f.ignored)
    return counts


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


def json_chunks(findings: Sequence[Finding], *, segments: int | None = None) -> Iterator[str]:
    """:func:`report_json` piece by piece (what ``json.dumps(..., indent=2)`` writes), so a
    long report is written without building it whole."""
    if not findings:
        yield '{\n  "findings": [],\n'
    else:
        yield '{\n  "findings": [\n'
        for i, f in enumerate(findings):
            yield ("" if i == 0 else ",\n") + _finding_json(f)
        yield "\n  ],\n"
    counts = json.dumps(summary(findings, segments=segments), ensure_ascii=False, indent=2)
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


def summary_line(findings: Sequence[Finding], *, segments: int | None = None) -> str:
    """ "2 errors, 1 warning, 0 info (1 ignored) in 12 segments"."""
    counts = summary(findings, segments=segments)
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


def text_chunks(findings: Sequence[Finding], *, segments: int | None = None) -> Iterator[str]:
    """:func:`report_text` line by line."""
    for f in findings:
        line = f"{f.segment_id} {f.severity} {f.check}: {visible(f.message, one_line=True)}"
        if f.ignored:
            line += f" [ignored: {visible(f.reason, one_line=True)}]"
        yield line + "\n"
    yield summary_line(findings, segments=segments) + "\n"
