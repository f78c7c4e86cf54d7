"""The post-edit memory in the editor: matches for the segment (looked up in a worker),
ctrl+l to insert one, ctrl+k for the concordance."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from textual.css.query import NoMatches

from workbench.core.memory import MemoryMatch
from workbench.tui import render

if TYPE_CHECKING:
    from workbench.tui.screens.editor import EditorScreen

log = logging.getLogger(__name__)


class MemoryFlow:
    def __init__(self, editor: EditorScreen) -> None:
        self.editor = editor
        self.matches: tuple[MemoryMatch, ...] | None = None  # for the current segment

    def warm(self) -> None:
        """Load the memory's lookup keys once, in the background (about 0.3 s for 200,000
        units); lookups before that use the index on disk."""
        memory = self.editor.editing.memory
        if memory is None:
            return

        def work() -> None:
            try:
                memory.warm()
            except Exception:  # a cache only: never take the editor down
                log.exception("warming the memory failed")

        self.editor.run_worker(work, thread=True, exclusive=True, group="memory-warm")

    def look_up(self, index: int) -> None:
        """Find the matches of segment ``index`` in a worker; the panel shows them."""
        self.matches = None
        editor = self.editor
        if editor.editing.memory is None:
            return

        def work() -> None:
            try:
                found = editor.editing.matches(index)
            except Exception:  # the memory must never take the editor down
                log.exception("memory lookup for segment %d failed", index)
                found = ()
            editor.app.call_from_thread(self._show, index, found)

        editor.run_worker(work, thread=True, exclusive=True, group="memory")

    def _show(self, index: int, matches: tuple[MemoryMatch, ...]) -> None:
        if index != self.editor.index:
            return  # the translator moved on
        self.matches = matches
        with contextlib.suppress(NoMatches):  # the editor closed while the worker ran
            self.editor.panels.show("memory", render.memory_text(matches))

    def choose(self) -> None:
        """ctrl+l: the only memory match at once; several: a numbered list."""
        editor = self.editor
        editor.touch()
        if not editor.writable() or not editor.flush():
            return
        matches = self.matches or ()
        if not matches:
            editor.note("no memory open" if editor.editing.memory is None else "no memory match")
            return
        if len(matches) == 1:
            self.insert(matches[0])
            return
        from workbench.tui.screens.dialogs import ChoiceScreen

        def chosen(number: int | None) -> None:
            if number is not None:
                self.insert(matches[number - 1])

        rows = [render.match_row(m) for m in matches]
        editor.app.push_screen(ChoiceScreen("Insert which memory match?", rows), chosen)

    def insert(self, match: MemoryMatch) -> None:
        editor = self.editor
        editor.session_call(
            lambda sid: editor.session.insert_match(sid, match),
            f"saved: inserted the {render.match_label(match)} memory match",
            "the target already is that match",
        )

    def concordance(self, selected: str) -> None:
        """ctrl+k: search the memory and the glossary; enter inserts the text found."""
        editor = self.editor
        editor.touch()
        from workbench.tui.screens.concordance import ConcordanceScreen

        def chosen(text: str | None) -> None:
            if text is None or editor.session.read_only:
                return
            editor.target.replace(text, *editor.target.selection)
            editor.visits.edited()  # a change of the text, as typing is
            editor.target.focus()
            editor.note("inserted from the concordance")

        editor.app.push_screen(
            ConcordanceScreen(
                editor.editing.memory, editor.session.engine.entries, selected.strip()
            ),
            chosen,
        )
