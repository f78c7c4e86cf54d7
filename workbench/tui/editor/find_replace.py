"""ctrl+f: find and replace in the targets, seeing what will change first.

The dialog lists every match (segment, text around it) and counts them as you type; the
search runs in a worker thread with a deadline (:mod:`workbench.core.text_search`), so a
pattern that backtracks for ever says it gave up instead of freezing the editor. Confirmed
segments are listed but left alone unless "confirmed too" is ticked (they then become
draft, as any change of a confirmed target does). "This segment" replaces in the segment
being edited, "Next" replaces the highlighted match and moves to the next one, "All"
replaces every listed match and closes. The fields keep the last search.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.core.errors import WorkbenchError
from workbench.core.model.project import SegmentState
from workbench.core.text_search import (
    SearchSpec,
    TextMatch,
    find_matches,
    replacement_plan,
)
from workbench.core.visible import visible
from workbench.tui.screens.dialogs import MODAL_CSS, Modal, titled

if TYPE_CHECKING:
    from workbench.tui.screens.editor import EditorScreen

SEARCH_DELAY = 0.2
MATCH_STYLE = "black on yellow"


class ReplaceHost(Protocol):
    """What the dialog needs from the editor."""

    def segments(self) -> Sequence[SegmentState]:
        """The targets as they are now (a snapshot a worker may read)."""
        ...

    def current_id(self) -> str:
        """The segment being edited."""
        ...

    def apply(self, plan: dict[str, str], spec: SearchSpec) -> int:
        """Record a replace plan (on the UI thread); the number of segments changed."""
        ...


def match_row(m: TextMatch, include_confirmed: bool) -> Text:
    """One match on one line: its segment, the text around it with the match marked."""
    row = Text(f"{m.segment_id:<8}", "bold")
    if m.confirmed:
        row.append("✓ ", "green")
    row.append("…" if len(m.before) >= 30 else "")
    row.append(visible(m.before, one_line=True))
    row.append(visible(m.matched, one_line=True), MATCH_STYLE)
    row.append(visible(m.after, one_line=True))
    if m.confirmed and not include_confirmed:
        row.stylize("dim")
    return row


def count_line(matches: Sequence[TextMatch], include_confirmed: bool) -> str:
    """How many matches, in how many segments, and what a replace leaves alone."""
    if not matches:
        return "no match"
    segments = len({m.segment_id for m in matches})
    confirmed = [m for m in matches if m.confirmed]
    line = f"{len(matches)} match(es) in {segments} segment(s)"
    if confirmed and not include_confirmed:
        line += f"; {len(confirmed)} in confirmed segments, left alone (✓)"
    elif confirmed:
        line += f"; {len(confirmed)} in confirmed segments: replacing makes them draft"
    return line


class FindReplaceScreen(Modal):
    """Find, see the matches, replace here / next / all. Dismisses with the last search
    (escape too), so the next ctrl+f starts from it."""

    DEFAULT_CSS = (
        MODAL_CSS.format(name="FindReplaceScreen")
        + """
    FindReplaceScreen > Vertical { width: 100; }
    FindReplaceScreen #count { height: 1; }
    FindReplaceScreen #count.gave-up { color: $error; }
    FindReplaceScreen #matches { height: auto; max-height: 10; min-height: 3; }
    FindReplaceScreen Checkbox { padding: 0; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("alt+a", "replace('all')", "Replace all", show=False),
        Binding("alt+n", "replace('next')", "Replace next", show=False),
        Binding("alt+h", "replace('here')", "Replace here", show=False),
    ]

    def __init__(self, host: ReplaceHost, last: SearchSpec | None = None) -> None:
        super().__init__()
        self.host = host
        self.last = last or SearchSpec("")
        self.matches: list[TextMatch] = []
        self.searched: SearchSpec | None = None  # the search the list shows
        self._timer: Timer | None = None
        self._after: tuple[int, int] | None = None  # highlight the first match from here

    def compose(self) -> ComposeResult:
        last = self.last
        with Vertical():
            yield Label("Find and replace in the targets (recorded as replace-all edits)")
            yield titled(Input(last.find, placeholder="find", id="find"))
            yield titled(Input(last.replace, placeholder="replace with", id="replace"))
            with Horizontal():
                yield Checkbox("case", last.case_sensitive, id="case")
                yield Checkbox("whole words", last.whole_word, id="word")
                yield Checkbox("regex", last.regex, id="regex")
                yield Checkbox("confirmed too", False, id="confirmed")
            yield Static("", id="count")
            yield OptionList(id="matches")
            yield Static("", id="error")
            with Horizontal():
                yield Button("This segment", id="here")
                yield Button("Next", id="next")
                yield Button("All", variant="primary", id="all")
                yield Button("Close", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#find", Input).focus()
        if self.last.find:
            self.search_now()

    def spec(self) -> SearchSpec:
        return SearchSpec(
            find=self.query_one("#find", Input).value,
            replace=self.query_one("#replace", Input).value,
            case_sensitive=self.query_one("#case", Checkbox).value,
            whole_word=self.query_one("#word", Checkbox).value,
            regex=self.query_one("#regex", Checkbox).value,
            include_confirmed=self.query_one("#confirmed", Checkbox).value,
        )

    def action_cancel(self) -> None:
        self.dismiss(replace(self.spec(), include_confirmed=False))

    @on(Button.Pressed, "#cancel")
    def _close(self) -> None:
        self.action_cancel()

    # --- searching -----------------------------------------------------------------------
    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self.searched = None
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self.search_now)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        """enter searches at once and goes to the list (replacing takes a button)."""
        self.search_now()
        self.query_one("#matches", OptionList).focus()

    def search_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        spec = self.spec()
        self.show_error("")
        if not spec.find:
            self._show([], spec)
            return
        self.query_one("#count", Static).update(Text("searching…", "dim"))
        self._search(spec, list(self.host.segments()))

    @work(thread=True, exclusive=True, group="find")
    def _search(self, spec: SearchSpec, segments: list[SegmentState]) -> None:
        try:
            found = find_matches(segments, spec)
        except WorkbenchError as exc:  # a bad pattern, or one that gave up
            self.app.call_from_thread(self._failed, spec, str(exc))
            return
        self.app.call_from_thread(self._show, found, spec)

    def _failed(self, spec: SearchSpec, message: str) -> None:
        if spec != self.spec():
            return  # the fields changed meanwhile
        self.matches = []
        self.searched = None
        self.query_one("#matches", OptionList).clear_options()
        count = self.query_one("#count", Static)
        count.update(Text(visible(message, one_line=True)))
        count.set_class("gave up" in message, "gave-up")
        if "gave up" not in message:
            self.show_error(message)
            count.update("")

    def _show(self, found: list[TextMatch], spec: SearchSpec) -> None:
        if spec != self.spec():
            return
        self.matches = found
        self.searched = spec
        count = self.query_one("#count", Static)
        count.remove_class("gave-up")
        count.update(Text(count_line(found, spec.include_confirmed)) if spec.find else "")
        options = self.query_one("#matches", OptionList)
        options.clear_options()
        options.add_options([Option(match_row(m, spec.include_confirmed)) for m in found[:500]])
        if found:
            options.highlighted = self._first_from(self._after)
        self._after = None

    def _first_from(self, after: tuple[int, int] | None) -> int:
        """The match to highlight: the first one at ``after`` or later (wrapping), else the
        first one from the segment being edited on."""
        if after is None:
            here = self.host.current_id()
            index = next((m.index for m in self.matches if m.segment_id == here), None)
            after = (index, 0) if index is not None else (0, 0)
        usable = [
            n
            for n, m in enumerate(self.matches)
            if (self.searched is None or self.searched.include_confirmed or not m.confirmed)
        ]
        later = [n for n in usable if (self.matches[n].index, self.matches[n].start) >= after]
        return (later or usable or [0])[0]

    # --- replacing -----------------------------------------------------------------------
    @on(Button.Pressed, "#here")
    def _here(self) -> None:
        self.action_replace("here")

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.action_replace("next")

    @on(Button.Pressed, "#all")
    def _all(self) -> None:
        self.action_replace("all")

    def action_replace(self, scope: str) -> None:
        spec = self.spec()
        if not spec.find:
            self.show_error("the text to find is empty")
            return
        if self.searched != spec:
            self.search_now()  # the list must show what is replaced: search first
            self.show_error("the matches were not listed yet: look, then replace")
            return
        at: TextMatch | None = None
        only: set[str] | None = None
        if scope == "next":
            options = self.query_one("#matches", OptionList)
            n = options.highlighted
            if n is None or not 0 <= n < len(self.matches):
                self.show_error("no match to replace")
                return
            at = self.matches[n]
            if at.confirmed and not spec.include_confirmed:
                self.show_error(f"{at.segment_id} is confirmed: tick 'confirmed too' to change it")
                return
        elif scope == "here":
            only = {self.host.current_id()}
        self._plan(spec, scope, list(self.host.segments()), at, only)

    @work(thread=True, exclusive=True, group="find")
    def _plan(
        self,
        spec: SearchSpec,
        scope: str,
        segments: list[SegmentState],
        at: TextMatch | None,
        only: set[str] | None,
    ) -> None:
        try:
            plan = replacement_plan(segments, spec, only=only, at=at)
        except WorkbenchError as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        before = {s.id: s.target for s in segments}
        self.app.call_from_thread(self._apply, spec, scope, plan, at, before)

    def _apply(
        self,
        spec: SearchSpec,
        scope: str,
        plan: dict[str, str],
        at: TextMatch | None,
        before: dict[str, str],
    ) -> None:
        if not plan:
            skipped = "" if spec.include_confirmed else " (confirmed segments left alone)"
            self.show_error(f"nothing to replace{skipped}")
            return
        try:
            self.host.apply(plan, spec)
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return
        if scope == "all":
            self.dismiss(replace(spec, include_confirmed=False))
            return
        if at is not None:
            grown = len(plan[at.segment_id]) - len(before[at.segment_id])
            self._after = (at.index, at.end + grown)
        self.search_now()


class FindReplaceFlow:
    """The editor's side of ctrl+f: opens the dialog, records what it replaces."""

    def __init__(self, editor: EditorScreen) -> None:
        self.editor = editor
        self.last: SearchSpec | None = None  # the fields keep the last search
        self.note: Callable[[str], None] = editor.note

    def open(self) -> None:
        editor = self.editor
        editor.touch()
        if not editor.writable() or not editor.flush():
            return

        def done(spec: SearchSpec | None) -> None:
            if spec is not None:
                self.last = spec

        editor.app.push_screen(FindReplaceScreen(self, self.last), done)

    # ReplaceHost
    def segments(self) -> Sequence[SegmentState]:
        return list(self.editor.session.segments)

    def current_id(self) -> str:
        return self.editor.state.id

    def apply(self, plan: dict[str, str], spec: SearchSpec) -> int:
        editor = self.editor
        if not editor.flush():
            raise WorkbenchError("the segment being edited could not be saved")
        count = editor.session.replace_texts(plan, spec.detail)
        self.last = replace(spec, include_confirmed=False)
        for segment_id in plan:
            editor.segment_list.refresh_segment(segment_id)
        if editor.state.id in plan:
            editor.visits.edited()
        skipped = "" if spec.include_confirmed else "; confirmed segments left alone"
        editor.reload_current(f"saved: replaced in {count} segment(s){skipped}")
        return count
