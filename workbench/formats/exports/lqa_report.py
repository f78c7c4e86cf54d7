"""The LQA report: a standalone HTML page (no scripts, no network, every text escaped) and
a CSV of the errors.

The page holds the score against the model's pass threshold, the errors counted by
category x severity (with their points), the scores per system, document and rater, each
error in its segment with its span highlighted, and — for a reviewed project — the
reviewer's effort beside the translator's (HTER from the MT to the translator's text and
from there to the reviewed text, with word diffs).
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass

from workbench.core.csvcells import csv_text
from workbench.core.lqa.annotation import Annotation, Span
from workbench.core.lqa.model import QAModel
from workbench.core.lqa.project import ReviewEffort
from workbench.core.lqa.scores import GroupScore, Scores
from workbench.core.ter import ter_score
from workbench.core.visible import visible
from workbench.formats.exports.html_page import PAGE
from workbench.formats.exports.report import word_diff_html

LQA_CSS = """
table { border-collapse: collapse; width: 100%; font: 14px/1.4 system-ui, sans-serif;
        margin-bottom: 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; vertical-align: top;
         text-align: left; }
mark { background: #fd8; padding: 0 .1rem; }
del { background: #fdd; color: #900; } ins { background: #dfd; color: #060;
      text-decoration: none; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pass { color: #060; font-weight: bold; } .fail { color: #b00; font-weight: bold; }
body { max-width: 80rem; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
"""


@dataclass(frozen=True)
class LqaView:
    """What the report shows: where the annotations came from (``title``), the model, the
    annotations and their scores, and the effort split when it is a reviewed project."""

    title: str
    model: QAModel
    annotations: tuple[Annotation, ...]
    scores: Scores
    effort: ReviewEffort | None = None
    translator: str = ""


def _e(text: str) -> str:
    return html.escape(visible(text))


def highlighted(text: str, span: Span | None) -> str:
    """``text`` escaped, the span in ``<mark>``."""
    if span is None:
        return _e(text)
    return (
        _e(text[: span.start])
        + f"<mark>{_e(text[span.start : span.end])}</mark>"
        + _e(text[span.end :])
    )


def _verdict(passed: bool) -> str:
    return '<span class="pass">PASS</span>' if passed else '<span class="fail">FAIL</span>'


def _matrix(view: LqaView) -> str:
    """Errors by category x severity: counts, and points in each row's last cell."""
    errors = [a for a in view.annotations if a.is_error]
    severities = [s for s in view.model.severity_names if s.casefold() != "no-error"]
    counts = Counter((a.category, a.severity) for a in errors)
    points: dict[str, float] = {}
    for a in errors:
        points[a.category] = points.get(a.category, 0.0) + view.model.weight(a.category, a.severity)
    head = "".join(f'<th class="num">{_e(s)}</th>' for s in severities)
    rows = []
    for category in sorted({a.category for a in errors}):
        cells = "".join(f'<td class="num">{counts[(category, s)] or ""}</td>' for s in severities)
        rows.append(
            f'<tr><td>{_e(category)}</td>{cells}<td class="num">{points[category]:g}</td></tr>'
        )
    totals = "".join(
        f'<td class="num">{sum(counts[(c, s)] for c in {a.category for a in errors})}</td>'
        for s in severities
    )
    rows.append(f'<tr><th>all</th>{totals}<th class="num">{sum(points.values()):g}</th></tr>')
    return (
        f'<table><thead><tr><th>category</th>{head}<th class="num">points</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _groups(groups: tuple[GroupScore, ...], label: str) -> str:
    rows = []
    for g in groups:
        name = f"{_e(g.system)} · {_e(g.name)}" if g.system else _e(g.name)
        rows.append(
            f'<tr><td>{name}</td><td class="num">{g.segments}</td>'
            f'<td class="num">{g.errors}</td><td class="num">{g.penalty:.3f}</td>'
            f'<td class="num">{g.per_1000_words:.2f}</td><td class="num">{g.words}</td>'
            f"<td>{_verdict(g.passed)}</td></tr>"
        )
    return (
        f'<table><thead><tr><th>{label}</th><th class="num">segments</th>'
        '<th class="num">errors</th><th class="num">points per segment</th>'
        '<th class="num">points per 1,000 words</th><th class="num">words</th>'
        f"<th>result</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _errors(view: LqaView) -> str:
    rows = []
    for a in view.annotations:
        if not a.is_error:
            continue
        source = highlighted(a.source, a.source_span)
        target = highlighted(a.target, a.target_span)
        rows.append(
            f"<tr><td>{_e(a.system)}<br>{_e(a.doc)} · {_e(a.seg_id)}</td><td>{_e(a.rater)}</td>"
            f"<td>{source}</td><td>{target}</td><td>{_e(a.category)}</td>"
            f"<td>{_e(a.severity)}</td>"
            f'<td class="num">{view.model.weight(a.category, a.severity):g}</td>'
            f"<td>{_e(a.comment)}</td></tr>"
        )
    return (
        "<table><thead><tr><th>segment</th><th>rater</th><th>source</th><th>target</th>"
        '<th>category</th><th>severity</th><th class="num">points</th><th>comment</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _effort(effort: ReviewEffort) -> str:
    rows = []
    for s in effort.segments:
        t_hter = ter_score(s.translator_edits, s.translator_words)
        r_hter = ter_score(s.reviewer_edits, s.reviewer_words)
        rows.append(
            f"<tr><td>{_e(s.segment_id)}</td>"
            f"<td>{word_diff_html(visible(s.mt), visible(s.translated))}</td>"
            f'<td class="num">{t_hter:.3f}</td>'
            f"<td>{word_diff_html(visible(s.translated), visible(s.reviewed))}</td>"
            f'<td class="num">{r_hter:.3f}</td>'
            f'<td class="num">{s.review_keystrokes} keys<br>{s.review_seconds:.1f} s</td></tr>'
        )
    return (
        "<table><thead><tr><th>segment</th><th>MT → translator</th>"
        '<th class="num">translator HTER</th><th>translator → reviewer</th>'
        '<th class="num">reviewer HTER</th><th class="num">review effort</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def write_lqa_html(view: LqaView) -> bytes:
    """The LQA report as a standalone HTML page."""
    total = view.scores.total
    model = view.model
    summary = [
        f"<dt>QA model</dt><dd>{_e(model.id)}{' — ' + _e(model.title) if model.title else ''}</dd>",
        f"<dt>Score</dt><dd>{total.per_1000_words:.2f} points per 1,000 words "
        f"(threshold {model.pass_threshold:g}): {_verdict(total.passed)}</dd>",
        f"<dt>Errors</dt><dd>{total.errors} in {total.segments} rated segments "
        f"({total.total_penalty:g} points, {total.words} words rated)</dd>",
    ]
    if view.translator:
        summary.append(f"<dt>Translator</dt><dd>{_e(view.translator)}</dd>")
    raters = ", ".join(g.name for g in view.scores.raters)
    summary.append(f"<dt>Reviewers</dt><dd>{_e(raters)}</dd>")
    if view.effort is not None:
        summary += [
            f"<dt>Translator HTER</dt><dd>{view.effort.translator_hter:.4f} (MT → translator)</dd>",
            f"<dt>Reviewer HTER</dt><dd>{view.effort.reviewer_hter:.4f} (translator → "
            f"reviewed; {view.effort.reviewed_segments} segments corrected)</dd>",
        ]
    body = (
        f"<h1>LQA report: {_e(view.title)}</h1><dl>{''.join(summary)}</dl>"
        f"<h2>Errors by category and severity</h2>{_matrix(view)}"
        f"<h2>Systems</h2>{_groups(view.scores.systems, 'system')}"
        f"<h2>Documents</h2>{_groups(view.scores.documents, 'document')}"
        f"<h2>Reviewers</h2>{_groups(view.scores.raters, 'rater')}"
    )
    if [g.name for g in view.scores.translators] != [g.name for g in view.scores.raters]:
        body += f"<h2>Translators</h2>{_groups(view.scores.translators, 'translator')}"
    body += f"<h2>Errors in their segments</h2>{_errors(view)}"
    if view.effort is not None:
        body += f"<h2>Translator and reviewer effort</h2>{_effort(view.effort)}"
    page = PAGE.format(lang="en", title=_e(f"LQA report: {view.title}"), extra=LQA_CSS, body=body)
    return page.encode("utf-8")


CSV_HEADER = (
    "system",
    "doc",
    "seg_id",
    "rater",
    "category",
    "severity",
    "points",
    "span",
    "target",
    "comment",
    "segment_points",
    "threshold",
)


def write_lqa_csv(view: LqaView) -> bytes:
    """One row per error (and per ``No-error`` rating), with the segment's points; cells a
    spreadsheet would run as formulas are neutralised."""
    by_segment = {(s.system, s.doc, s.seg_id): s.penalty for s in view.scores.segments}
    rows: list[list[object]] = [list(CSV_HEADER)]
    for a in view.annotations:
        points = view.model.weight(a.category, a.severity) if a.is_error else 0.0
        rows.append(
            [
                a.system,
                a.doc,
                a.seg_id,
                a.rater,
                a.category,
                a.severity,
                f"{points:g}",
                a.span_text,
                a.target,
                a.comment,
                f"{by_segment[a.segment_key]:g}",
                f"{view.model.pass_threshold:g}",
            ]
        )
    return csv_text(rows).encode("utf-8")
