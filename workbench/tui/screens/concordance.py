"""Concordance (ctrl+k): search the post-edit memory (its MT, source and final texts) and
the glossary for words, see the hits in context, and insert the text of one into the
target with enter.

The search runs in a worker 0.25 s after typing pauses; the memory is thread-safe and the
glossary search reads the engine's entries only. The screen dismisses with the text to
insert, or ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.core.glossary.concordance import GlossaryHit, glossary_concordance
from workbench.core.glossary.model import Entry
from workbench.core.memory import ConcordanceHit, Memory
from workbench.core.visible import visible
from workbench.tui.screens.dialogs import MODAL_CSS, Modal, titled

SEARCH_DELAY = 0.25
MARK = "black on yellow"


def marked(text: str, spans: Sequence[tuple[int, int]], style: str = "") -> Text:
    """``text`` on one line, shown literally, with ``spans`` marked."""
    out = Text(style=style)
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(visible(text[pos:start], one_line=True))
        out.append(visible(text[start:end], one_line=True), MARK)
        pos = end
    out.append(visible(text[pos:], one_line=True))
    return out


def memory_row(hit: ConcordanceHit) -> Text:
    """A memory unit: its final text, then its MT (or source) below, the words marked."""

    def spans(field: str) -> list[tuple[int, int]]:
        return [(s, e) for f, s, e in hit.spans if f == field]

    row = Text("memory  ", "bold cyan") + marked(hit.target, spans("target"))
    if hit.mt:
        row += Text("\n        MT: ", "dim") + marked(hit.mt, spans("mt"), "dim")
    if hit.source:
        row += Text("\n        source: ", "dim") + marked(hit.source, spans("source"), "dim")
    return row


def glossary_row(hit: GlossaryHit) -> Text:
    """A glossary entry: what it finds and its correction, the searched text marked."""
    entry = hit.entry
    found = " | ".join(entry.patterns) or entry.source or ""
    return (
        Text("glossary  ", "bold magenta")
        + Text(visible(found, one_line=True))
        + Text(" -> ")
        + Text(visible(entry.correction, one_line=True), "green")
        + Text(f"  ({hit.field})", "dim")
    )


class ConcordanceScreen(Modal):
    """Searches as you type; enter on a hit inserts its text (a memory unit's final text,
    a glossary entry's correction)."""

    DEFAULT_CSS = (
        MODAL_CSS.format(name="ConcordanceScreen")
        + """
    ConcordanceScreen > Vertical { width: 110; }
    ConcordanceScreen OptionList { height: auto; max-height: 20; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, memory: Memory | None, entries: Sequence[Entry], query: str = "") -> None:
        super().__init__()
        self.memory = memory
        self.entries = tuple(entries)
        self.query_text = query
        self.texts: list[str] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Concordance: the memory and the glossary")
            yield titled(Input(self.query_text, placeholder="words to find", id="query"))
            yield Static("", id="count")
            yield OptionList(id="hits")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        if self.query_text.strip():
            self._search(self.query_text)

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        query = event.value
        self._timer = self.set_timer(SEARCH_DELAY, lambda: self._search(query))

    @on(Input.Submitted, "#query")
    def _to_hits(self) -> None:
        hits = self.query_one("#hits", OptionList)
        if hits.option_count:
            hits.focus()
            hits.highlighted = 0

    @work(thread=True, exclusive=True, group="concordance")
    def _search(self, query: str) -> None:
        if not query.strip():
            self.app.call_from_thread(self._show, [], [])
            return
        memory_hits = list(self.memory.concordance(query)) if self.memory is not None else []
        glossary_hits = list(glossary_concordance(self.entries, query))
        self.app.call_from_thread(self._show, memory_hits, glossary_hits)

    def _show(self, memory_hits: list[ConcordanceHit], glossary_hits: list[GlossaryHit]) -> None:
        options = self.query_one("#hits", OptionList)
        options.clear_options()
        self.texts = [h.target for h in memory_hits] + [h.entry.correction for h in glossary_hits]
        options.add_options(
            [Option(memory_row(h)) for h in memory_hits]
            + [Option(glossary_row(h)) for h in glossary_hits]
        )
        where = "" if self.memory is not None else " (no memory open)"
        self.query_one("#count", Static).update(
            Text(
                f"{len(memory_hits)} in the memory{where}, {len(glossary_hits)} in the glossary"
                + ("; enter on one inserts its text" if self.texts else ""),
                "dim",
            )
        )

    @on(OptionList.OptionSelected, "#hits")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.texts[event.option_index])
