"""Every export format, by name (``workbench export --to NAME`` and the editor's ctrl+e).

Each writer takes an open :class:`~workbench.core.session.Session` and returns bytes;
:func:`export_session` writes them atomically (temp file in the target folder, fsync,
rename) and never over the article or the project, nor through a symlink.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from workbench.core.edits import diff_chunks
from workbench.core.errors import OutputError
from workbench.core.textio import atomic_write

Writer = Callable[[Any], bytes]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    description: str
    extension: str
    writer: Writer


def _findings(session: Any) -> list[Any]:
    from workbench.qa.runner import check_session

    return list(check_session(session))


def write_article(session: Any) -> bytes:
    """The corrected article in the input's layout (byte-identical where nothing changed)."""
    data: bytes = session.encode_target()
    return data


PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 16px/1.55 Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; }}
{extra}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def _paragraphs(text: str) -> list[list[str]]:
    out: list[list[str]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines:
            out.append(lines)
    return out


def write_html(session: Any) -> bytes:
    """The corrected article as a clean standalone page (first line as its title)."""
    paragraphs = _paragraphs(session.render_target())
    title = paragraphs[0][0] if paragraphs else session.document.name
    body = "\n".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in para) + "</p>" for para in paragraphs
    )
    page = PAGE.format(
        lang=html.escape(session.document.target_language or "en"),
        title=html.escape(title),
        extra="p { margin: 0 0 1em; }",
        body=body,
    )
    return page.encode("utf-8")


def word_diff_html(before: str, after: str) -> str:
    out: list[str] = []
    for chunk in diff_chunks(before, after):
        if chunk.equal:
            out.append(html.escape(chunk.removed))
            continue
        if chunk.removed:
            out.append(f"<del>{html.escape(chunk.removed)}</del>")
        if chunk.added:
            out.append(f"<ins>{html.escape(chunk.added)}</ins>")
    return " ".join(out)


REPORT_CSS = """
table { border-collapse: collapse; width: 100%; font: 14px/1.4 system-ui, sans-serif; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; vertical-align: top;
         text-align: left; }
del { background: #fdd; color: #900; } ins { background: #dfd; color: #060;
      text-decoration: none; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.confirmed { color: #060; } .draft { color: #a60; } .new { color: #888; }
.error { color: #b00; } .warning { color: #a60; } .ignored { color: #888; }
body { max-width: 80rem; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
"""


def _chart(values: Sequence[tuple[str, float]]) -> str:
    """An inline SVG bar chart of HTER per segment (no scripts, no network)."""
    width, bar_h, gap, label_w = 640, 14, 4, 60
    height = len(values) * (bar_h + gap) + 20
    scale = max([1.0, *[v for _, v in values]])
    bars = []
    for n, (sid, value) in enumerate(values):
        y = n * (bar_h + gap)
        w = (width - label_w - 60) * value / scale
        bars.append(
            f'<text x="0" y="{y + bar_h - 3}" font-size="11">{html.escape(sid)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#c0504d">'
            f"<title>{html.escape(sid)}: HTER {value:.3f}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 3}" font-size="11">{value:.2f}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'aria-label="HTER per segment" font-family="sans-serif">{"".join(bars)}</svg>'
    )


def write_report(session: Any) -> bytes:
    """A standalone HTML post-editing report: per segment MT, final text, word diff, HTER,
    time and glossary hits, QA findings (open and ignored); totals and an effort chart."""
    figures = session.figures()
    by_id = {f.segment_id: f for f in figures.segments}
    hits: dict[str, list[str]] = {}
    for event in session.events():
        if event.origin in ("glossary-auto", "glossary-suggestion"):
            hits.setdefault(event.segment_id, []).append(event.detail)
    findings: dict[str, list[Any]] = {}
    for f in _findings(session):
        findings.setdefault(f.segment_id, []).append(f)
    rows = []
    for s in session.segments:
        fig = by_id[s.id]
        qa = "".join(
            f'<div class="{"ignored" if f.ignored else html.escape(f.severity)}">'
            f"{html.escape(f.severity)}: {html.escape(f.message)}"
            + (f" (ignored: {html.escape(f.reason)})" if f.ignored else "")
            + "</div>"
            for f in findings.get(s.id, [])
        )
        glossary = "<br>".join(html.escape(h) for h in hits.get(s.id, []))
        rows.append(
            f'<tr id="{html.escape(s.id)}"><td>{html.escape(s.id)}<br>'
            f'<span class="{s.status}">{s.status}</span></td>'
            f"<td>{html.escape(s.mt)}</td><td>{html.escape(s.target)}</td>"
            f"<td>{word_diff_html(s.mt, s.target)}</td>"
            f'<td class="num">{fig.hter:.3f}<br>{fig.hter_pre:.3f}</td>'
            f'<td class="num">{fig.active_seconds:.1f} s<br>{fig.keystrokes} keys</td>'
            f"<td>{glossary}</td><td>{qa}</td></tr>"
        )
    open_findings = sum(1 for fs in findings.values() for f in fs if not f.ignored)
    ignored = sum(1 for fs in findings.values() for f in fs if f.ignored)
    totals = (
        "<dl>"
        f"<dt>Segments</dt><dd>{figures.total} ({figures.confirmed} confirmed)</dd>"
        f"<dt>HTER (raw MT → final)</dt><dd>{figures.hter:.4f}</dd>"
        f"<dt>HTER after glossary</dt><dd>{figures.hter_pre:.4f}</dd>"
        f"<dt>Character edit distance</dt><dd>{figures.char_distance}</dd>"
        f"<dt>Keystrokes</dt><dd>{figures.keystrokes}</dd>"
        f"<dt>Active time</dt><dd>{figures.active_seconds:.1f} s "
        f"({figures.seconds_per_word:.2f} s/word over {figures.words} words)</dd>"
        f"<dt>QA findings</dt><dd>{open_findings} open, {ignored} ignored</dd>"
        "</dl>"
    )
    body = (
        f"<h1>Post-editing report: {html.escape(session.document.name)}</h1>{totals}"
        f"<h2>HTER per segment</h2>"
        f"{_chart([(f.segment_id, f.hter) for f in figures.segments])}"
        "<h2>Segments</h2><table><thead><tr><th>segment</th><th>MT</th><th>final</th>"
        "<th>diff</th><th>HTER<br>after gl.</th><th>effort</th><th>glossary</th>"
        "<th>QA</th></tr></thead><tbody>" + "\n".join(rows) + "</tbody></table>"
    )
    page = PAGE.format(
        lang="en",
        title=html.escape(f"Post-editing report: {session.document.name}"),
        extra=REPORT_CSS,
        body=body,
    )
    return page.encode("utf-8")


CSV_COLUMNS = [
    "id",
    "mt",
    "final",
    "hter",
    "hter_after_glossary",
    "char_distance",
    "keystrokes",
    "seconds",
    "status",
    "glossary_hits",
    "qa_open",
    "qa_ignored",
]


def write_csv(session: Any) -> bytes:
    """One row per segment with its effort figures and QA findings."""
    figures = {f.segment_id: f for f in session.figures().segments}
    hits: dict[str, int] = {}
    for event in session.events():
        if event.origin in ("glossary-auto", "glossary-suggestion"):
            hits[event.segment_id] = hits.get(event.segment_id, 0) + 1
    open_qa: dict[str, list[str]] = {}
    ignored_qa: dict[str, list[str]] = {}
    for f in _findings(session):
        bucket = ignored_qa if f.ignored else open_qa
        text = f"{f.severity}:{f.check}" + (f" ({f.reason})" if f.ignored else "")
        bucket.setdefault(f.segment_id, []).append(text)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in session.segments:
        fig = figures[s.id]
        writer.writerow(
            [
                s.id,
                s.mt,
                s.target,
                f"{fig.hter:.4f}",
                f"{fig.hter_pre:.4f}",
                fig.char_distance,
                fig.keystrokes,
                f"{fig.active_seconds:.1f}",
                s.status,
                hits.get(s.id, 0),
                "; ".join(open_qa.get(s.id, [])),
                "; ".join(ignored_qa.get(s.id, [])),
            ]
        )
    return buffer.getvalue().encode("utf-8")


def write_jsonl(session: Any) -> bytes:
    """The full edit log, one event per line."""
    lines = [json.dumps(asdict(e), ensure_ascii=False) for e in session.events()]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _bilingual(name: str) -> Writer:
    def writer(session: Any) -> bytes:
        from workbench.formats import bilingual

        data: bytes = getattr(bilingual, name)(session)
        return data

    return writer


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("txt", "Corrected article, original layout (.txt)", ".txt", write_article),
        ExportFormat("md", "Corrected article, original layout (.md)", ".md", write_article),
        ExportFormat("html", "Corrected article as a web page", ".html", write_html),
        ExportFormat("report", "Post-editing report (HTML)", ".html", write_report),
        ExportFormat(
            "xliff",
            "XLIFF 1.2 (source, target, state, raw MT)",
            ".xlf",
            _bilingual("write_xliff12"),
        ),
        ExportFormat(
            "xliff2",
            "XLIFF 2.0 (source, target, state, raw MT)",
            ".xlf",
            _bilingual("write_xliff2"),
        ),
        ExportFormat("tmx", "TMX 1.4 of the confirmed segments", ".tmx", _bilingual("write_tmx")),
        ExportFormat("jsonl", "Edit log, one event per line", ".jsonl", write_jsonl),
        ExportFormat("csv", "Effort figures per segment", ".csv", write_csv),
    )
}


def export_session(session: Any, fmt: str, out: Path | str) -> Path:
    """Write ``session`` as ``fmt`` to ``out`` atomically; never over the article or the
    project, never through a symlink. Everything is computed before anything is written."""
    spec = EXPORT_FORMATS.get(fmt)
    if spec is None:
        raise OutputError(f"unknown export format '{fmt}' (one of {', '.join(EXPORT_FORMATS)})")
    protect: list[Path] = [Path(session.project_path)]
    if session.article_path is not None:
        protect.append(Path(session.article_path))
    data = spec.writer(session)
    return atomic_write(out, data, protect=protect)
