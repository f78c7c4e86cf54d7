"""What the editor's panels show, as pure functions: data in, Rich ``Text`` out.

Every function here takes domain data (hits, findings, diffs, figures) and returns what to
draw; none reads the project or touches a widget, so each is tested on its own and the
screens only place the results. Text from files always goes through
:func:`~workbench.tui.literal.literal` / :func:`~workbench.core.visible.visible`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text

from workbench.core.edits import diff_chunks
from workbench.core.findings import Finding
from workbench.core.glossary.engine import Hit, SourceHit
from workbench.core.inline_codes import InlineCode, display
from workbench.core.memory import MemoryMatch
from workbench.core.visible import visible

HIT_STYLES = {"auto": "black on green", "suggest": "black on yellow", "near": "black on magenta"}
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
OFFER_LABELS = {"auto": "MT error", "suggest": "suggestion"}
SOURCE_TERM_STYLE = "black on cyan"
TAG_STYLE = "bold magenta"


def styled(
    text: str, spans: Iterable[tuple[int, int, str]], codes: Sequence[InlineCode] = ()
) -> Text:
    """A stored text as the editor shows it: inline codes as tag tokens (styled), control
    characters as visible symbols, and ``spans`` (stored offsets, e.g. glossary hits)
    styled where they now are."""
    shown = display(text, codes)
    marks = [(*shown.shown_span(s, e), style) for s, e, style in spans]
    marks += [(t.start, t.end, TAG_STYLE) for t in shown.tokens]
    cuts = sorted({0, len(shown.text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out = Text()
    for start, end in itertools.pairwise(cuts):
        style = " ".join(m[2] for m in marks if m[0] <= start and end <= m[1])
        out.append(visible(shown.text[start:end]), style)
    return out


def shown(text: str, codes: Sequence[InlineCode] = (), *, one_line: bool = False) -> str:
    """A stored text as plain shown text: tag tokens for codes, symbols for controls."""
    return visible(display(text, codes).text, one_line=one_line)


def highlighted(text: str, hits: Iterable[Hit], codes: Sequence[InlineCode] = ()) -> Text:
    """``text`` shown literally, with glossary hits styled by kind (overlaps: the first)."""
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start >= pos:
            spans.append((hit.start, hit.end, HIT_STYLES.get(hit.kind, "reverse")))
            pos = hit.end
    return styled(text, spans, codes)


def word_diff(before: str, after: str) -> Text:
    """A word diff: each changed stretch shows the removed words (red, struck through)
    followed by the words that replaced them (green)."""
    out = Text()
    for chunk in diff_chunks(before, after):
        if chunk.equal:
            out.append(visible(chunk.removed) + " ")
            continue
        if chunk.removed:
            out.append(visible(chunk.removed), "red strike")
            out.append(" ")
        if chunk.added:
            out.append(visible(chunk.added), "bold green")
            out.append(" ")
    return out


def offer_label(hit: Hit) -> str:
    if hit.kind == "near":
        return f"near miss {hit.score:.0f}"
    return OFFER_LABELS.get(hit.kind, hit.kind)


def offers_text(offers: Sequence[Hit], codes: Sequence[InlineCode] = ()) -> Text:
    """The glossary offers in the target, numbered, with their notes."""
    lines = Text()
    if not offers:
        lines.append("No glossary offers in the target.", "dim")
        return lines
    for n, hit in enumerate(offers, start=1):
        lines.append(f"{n}. {offer_label(hit)}: ", "bold")
        lines.append(shown(hit.matched, codes, one_line=True))
        lines.append(" -> ")
        lines.append(visible(hit.replacement, one_line=True), "green")
        if hit.entry.note:
            lines.append(f"  ({visible(hit.entry.note, one_line=True)})", "dim")
        lines.append("\n")
    lines.append(
        "ctrl+g applies it" if len(offers) == 1 else "ctrl+g, then a number, applies one", "dim"
    )
    return lines


def offer_row(hit: Hit, codes: Sequence[InlineCode] = ()) -> Text:
    """One glossary offer on one line: what it is, what it replaces and with what."""
    return (
        Text(f"{offer_label(hit)}: ")
        + Text(shown(hit.matched, codes, one_line=True))
        + Text(" -> ")
        + Text(shown(hit.replacement, codes, one_line=True), "green")
    )


def match_diff(match: MemoryMatch) -> Text:
    """The earlier MT with what changed since marked: earlier words struck through in red,
    the current MT's words in green."""
    out = Text()
    for chunk in match.diff:
        if chunk.equal:
            out.append(visible(chunk.removed, one_line=True) + " ")
            continue
        if chunk.removed:
            out.append(visible(chunk.removed, one_line=True), "red strike")
            out.append(" ")
        if chunk.added:
            out.append(visible(chunk.added, one_line=True), "green")
            out.append(" ")
    return out


def match_label(match: MemoryMatch) -> str:
    kind = {"context": "in context", "exact": "exact", "fuzzy": "fuzzy"}[match.kind]
    return f"{match.score:.0f}% {kind}"


def match_row(match: MemoryMatch) -> Text:
    """One memory match on one line: its score and kind, and the earlier final text."""
    return Text(f"{match_label(match)}: ", "bold") + Text(
        visible(match.target, one_line=True), "green"
    )


def memory_text(matches: Sequence[MemoryMatch] | None, available: bool = True) -> Text:
    """The memory's matches for the segment: score and kind, the earlier MT with what
    changed since marked, the earlier final text."""
    out = Text()
    if not available:
        return out
    if matches is None:
        out.append("Memory: looking…", "dim")
        return out
    if not matches:
        out.append("Memory: no earlier post-edit of a similar MT.", "dim")
        return out
    for n, match in enumerate(matches, start=1):
        out.append(f"M{n}. {match_label(match)}", "bold")
        out.append(f"  ({visible(match.who, one_line=True)}, {match.origin})\n", "dim")
        out.append("    was MT: ", "dim")
        out.append_text(match_diff(match))
        out.append("\n    final:  ", "dim")
        out.append(visible(match.target, one_line=True), "green")
        out.append("\n")
    out.append(
        "ctrl+l inserts it" if len(matches) == 1 else "ctrl+l, then a number, inserts one", "dim"
    )
    return out


def findings_text(findings: Sequence[Finding]) -> Text:
    """A segment's open QA findings, one per line, coloured by severity."""
    out = Text()
    for f in findings:
        out.append(f"{f.severity}: ", SEVERITY_STYLES.get(f.severity, ""))
        out.append(visible(f.message, one_line=True) + "\n")
    return out


def marker(findings: Iterable[Finding]) -> str | None:
    """The segment list's QA marker for these findings: ``!`` an open error, ``?`` an open
    warning, ``None`` neither."""
    flag: str | None = None
    for f in findings:
        if f.ignored:
            continue
        if f.severity == "error":
            return "!"
        if f.severity == "warning":
            flag = "?"
    return flag


def markers(findings: Iterable[Finding]) -> dict[str, str]:
    """QA markers per segment id (see :func:`marker`)."""
    by_segment: dict[str, list[Finding]] = {}
    for f in findings:
        by_segment.setdefault(f.segment_id, []).append(f)
    out: dict[str, str] = {}
    for sid, found in by_segment.items():
        flag = marker(found)
        if flag is not None:
            out[sid] = flag
    return out


def source_text(text: str, hits: Iterable[SourceHit], codes: Sequence[InlineCode] = ()) -> Text:
    """The source shown literally, with the glossary's source terms highlighted."""
    return styled(text, [(h.start, h.end, SOURCE_TERM_STYLE) for h in hits], codes)


@dataclass(frozen=True)
class StatusItem:
    """One part of the status line. Lower ``priority`` numbers are kept first when the line
    is too narrow; ``shrink`` parts are cut with an ellipsis rather than dropped."""

    text: str
    style: str = ""
    priority: int = 5
    shrink: bool = False


def status_line(items: Sequence[StatusItem], width: int) -> Text:
    """The items that fit in ``width`` cells, most important first, shown in their order,
    two spaces apart; a part that does not fit whole is cut (``shrink``) or left out."""
    chosen: dict[int, str] = {}
    used = 0
    for index in sorted(range(len(items)), key=lambda i: items[i].priority):
        item = items[index]
        text = visible(item.text, one_line=True)
        need = len(text) + (2 if chosen else 0)
        room = width - used
        if need <= room:
            chosen[index] = text
            used += need
        elif item.shrink and room - (2 if chosen else 0) >= 8:
            keep = room - (2 if chosen else 0) - 1
            chosen[index] = text[:keep] + "…"
            used = width
    out = Text(no_wrap=True, overflow="ellipsis")
    for index in sorted(chosen):
        if out.plain:
            out.append("  ")
        out.append(chosen[index], items[index].style)
    return out
