"""The post-editing report (``--to report``): a standalone HTML page with, per segment,
the MT, the final text, a coloured word diff, HTER (from the MT and after the glossary),
time and keystrokes, glossary hits, QA findings (open and ignored, with reasons) and who
finished it; document totals, effort per translator (:mod:`workbench.core.translators`)
and an inline SVG chart of HTER per segment. No scripts, no network."""

from __future__ import annotations

import html
import itertools
import tempfile
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from workbench.core.edits import diff_chunks
from workbench.core.findings import Finding
from workbench.core.inline_codes import InlineCode, display
from workbench.core.model.project import SegmentState
from workbench.core.translators import UNNAMED, TranslatorFigures
from workbench.core.visible import visible
from workbench.formats.exports.html_page import PAGE
from workbench.formats.project_view import ProjectView

if TYPE_CHECKING:
    from workbench.formats.families import ExportWriter


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


def _chart(values: Sequence[tuple[str, float]]) -> Iterator[str]:
    """An inline SVG bar chart of HTER per segment (no scripts, no network), in pieces."""
    width, bar_h, gap, label_w = 640, 14, 4, 60
    height = len(values) * (bar_h + gap) + 20
    scale = max([1.0, *[v for _, v in values]])
    yield (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'aria-label="HTER per segment" font-family="sans-serif">'
    )
    for n, (sid, value) in enumerate(values):
        y = n * (bar_h + gap)
        w = (width - label_w - 60) * value / scale
        yield (
            f'<text x="0" y="{y + bar_h - 3}" font-size="11">{html.escape(sid)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#c0504d">'
            f"<title>{html.escape(sid)}: HTER {value:.3f}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 3}" font-size="11">{value:.2f}</text>'
        )
    yield "</svg>"


def shown(text: str, codes: tuple[InlineCode, ...]) -> str:
    """A segment text as the report shows it: inline codes as their tag tokens, control
    characters (ESC, BEL...) as visible symbols, never raw."""
    return visible(display(text, codes).text)


def _translators_table(translators: Sequence[TranslatorFigures]) -> str:
    """Effort per translator: their segments and HTER over them, their edits, keystrokes,
    typing time and time on segments."""
    rows = "".join(
        f"<tr><td>{html.escape(visible(t.shown))}</td>"
        f'<td class="num">{t.segments}</td><td class="num">{t.words}</td>'
        f'<td class="num">{t.hter:.4f}</td><td class="num">{t.hter_pre:.4f}</td>'
        f'<td class="num">{t.edits} in {t.touched}</td><td class="num">{t.keystrokes}</td>'
        f'<td class="num">{t.typing_seconds:.1f} s</td>'
        f'<td class="num">{t.seconds:.1f} s, {t.visits} visit(s)</td></tr>'
        for t in translators
    )
    return (
        '<h2>Translators</h2><table class="translators"><thead><tr><th>translator</th>'
        "<th>segments finished</th><th>words</th><th>HTER</th><th>HTER after gl.</th>"
        "<th>edits in segments</th><th>keystrokes</th><th>typing time</th>"
        "<th>time on segments</th></tr></thead><tbody>" + rows + "</tbody></table>"
    )


def write_report(view: ProjectView) -> Iterator[bytes]:
    """A standalone HTML post-editing report: per segment MT, final text, word diff, HTER,
    time and glossary hits, QA findings (open and ignored); totals and an effort chart.
    The page comes as UTF-8 chunks, its rows made as they are written."""
    figures = view.figures
    assert figures is not None, "the report needs the project's figures"
    by_id = {f.segment_id: f for f in figures.segments}
    hits = view.glossary_hits
    split = view.review
    review = {r.segment_id: r for r in split.segments} if split is not None else {}
    owner = view.owners
    target_language = view.languages()[1]
    lang = f' lang="{html.escape(target_language)}"' if target_language else ""

    def row(s: SegmentState, findings: list[Finding]) -> str:
        fig = by_id[s.id]
        qa = "".join(
            f'<div class="{"ignored" if f.ignored else html.escape(f.severity)}">'
            f"{html.escape(f.severity)}: {html.escape(visible(f.message))}"
            + (f" (ignored: {html.escape(visible(f.reason))})" if f.ignored else "")
            + "</div>"
            for f in findings
        )
        glossary = "<br>".join(html.escape(visible(h)) for h in hits.get(s.id, []))
        mt, target = shown(s.mt, s.codes), shown(s.target, s.codes)
        r = review.get(s.id)
        by_whom = f"<br>{r.translator_hter:.3f}<br>{r.reviewer_hter:.3f}" if r is not None else ""
        return (
            f'<tr id="{html.escape(s.id)}"><td>{html.escape(s.id)}<br>'
            f'<span class="{s.status}">{s.status}</span>'
            + (
                f'<br><span class="by">by {html.escape(visible(owner[s.id] or UNNAMED))}</span>'
                if s.id in owner
                else ""
            )
            + "</td>"
            f"<td{lang}>{html.escape(mt)}</td><td{lang}>{html.escape(target)}</td>"
            f"<td{lang}>{word_diff_html(mt, target)}</td>"
            f'<td class="num">{fig.hter:.3f}<br>{fig.hter_pre:.3f}{by_whom}</td>'
            f'<td class="num">{fig.seconds:.1f} s, {fig.visits} visit(s)<br>'
            f"{fig.keystrokes} keys, {fig.active_seconds:.1f} s typing</td>"
            f"<td>{glossary}</td><td>{qa}</td></tr>"
        )

    counts = {False: 0, True: 0}  # open and ignored findings, counted as the rows are made

    def rows() -> Iterator[str]:
        for n, (s, findings) in enumerate(view.segments_with_findings()):
            for f in findings:
                counts[f.ignored] += 1
            yield row(s, findings) if n == 0 else "\n" + row(s, findings)

    def totals() -> str:
        return (
            "<dl>"
            f"<dt>Segments</dt><dd>{figures.total} ({figures.confirmed} confirmed)</dd>"
            f"<dt>HTER (raw MT → final)</dt><dd>{figures.hter:.4f}</dd>"
            f"<dt>HTER after glossary</dt><dd>{figures.hter_pre:.4f}</dd>"
            + (
                f"<dt>Translator HTER (raw MT → translator's text)</dt>"
                f"<dd>{split.hter_translator:.4f}</dd>"
                f"<dt>Reviewer HTER (translator's text → reviewed)</dt>"
                f"<dd>{split.hter_reviewer:.4f} ({split.reviewed} segments corrected)</dd>"
                if split is not None
                else ""
            )
            + f"<dt>Character edit distance</dt><dd>{figures.char_distance}</dd>"
            f"<dt>Keystrokes</dt><dd>{figures.keystrokes}</dd>"
            f"<dt>Time on segments</dt><dd>{figures.seconds:.1f} s in {figures.visits} visits "
            f"({figures.seconds_per_word:.2f} s/word over {figures.words} words)</dd>"
            f"<dt>Typing time</dt><dd>{figures.active_seconds:.1f} s</dd>"
            f"<dt>QA findings</dt><dd>{counts[False]} open, {counts[True]} ignored</dd>"
            "</dl>"
        )

    page = PAGE.format(
        lang="en",
        title=html.escape(f"Post-editing report: {view.document.name}"),
        extra=REPORT_CSS,
        body=_BODY,
    )
    head, tail = page.rsplit(_BODY, 1)  # the body comes after the title, the last field

    def body() -> Iterator[bytes]:
        # The totals count the findings, made with the rows: the rows are written first
        # into a spool (in memory while small, else a temporary file), then the page.
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as spool:
            for chunk in _utf8(rows()):
                spool.write(chunk)
            yield from _utf8(
                iter(
                    [
                        head
                        + f"<h1>Post-editing report: {html.escape(view.document.name)}</h1>"
                        + totals()
                        + (_translators_table(view.translators) if view.translators else "")
                        + "<h2>HTER per segment</h2>",
                        *_chart([(f.segment_id, f.hter) for f in figures.segments]),
                        "<h2>Segments</h2><table><thead><tr><th>segment</th><th>MT</th>"
                        "<th>final</th><th>diff</th><th>HTER<br>after gl."
                        + ("<br>translator<br>reviewer" if split is not None else "")
                        + "</th><th>effort</th><th>glossary</th>"
                        "<th>QA</th></tr></thead><tbody>",
                    ]
                )
            )
            spool.seek(0)
            while chunk := spool.read(_SPOOL_READ):
                yield chunk
        yield ("</tbody></table>" + tail).encode("utf-8")

    return body()


_SPOOL_IN_MEMORY = 8 * 2**20
_SPOOL_READ = 2**20
_BODY = "\x00"  # where the page's body goes


def _utf8(pieces: Iterator[str], size: int = 1_000) -> Iterator[bytes]:
    """The pieces' UTF-8 bytes, ``size`` pieces a chunk."""
    while batch := list(itertools.islice(pieces, size)):
        yield "".join(batch).encode("utf-8")


class _Report:
    def write(self, view: ProjectView) -> Iterator[bytes]:
        return write_report(view)


FORMAT: ExportWriter = _Report()
