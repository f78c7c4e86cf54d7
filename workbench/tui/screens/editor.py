"""The editor screen: it lays out the panes and forwards keys to the editor's parts
(:mod:`workbench.tui.editor`), over a :class:`workbench.core.session.Session`.

Layout: the segment list (line API, virtualised; f2 focuses, shows or hides it) on the left;
on the right the source when the project has one (glossary source terms highlighted), the
raw MT (read-only, focusable with f3, glossary hits highlighted: automatic fixes green,
suggestions yellow, near misses magenta) beside the editable target (the automatic fixes
underlined, line breaks shown as ¶); under them the panels - memory matches, numbered
offers, QA findings and (ctrl+d) the word diff MT -> target - sharing the rows by need; a
status line that fits 80 columns, most important first. Under 100 columns the list is
hidden behind f2 and the MT sits above the target. What the panels show is computed by
:mod:`workbench.tui.render`.

Nothing typed is lost: each change of the target is saved through the Session (one SQLite
transaction) 0.5 s after the last keystroke, and at once on navigation, confirm, undo and
quit; the status line says "saved" only after the commit returned; a change that could not
be saved is said in the status line and quitting asks before dropping it.

Enter adds a line break only to a segment whose source or MT has one; elsewhere it confirms
when the keymap confirms with ctrl+enter (memoq, matecat: many terminals send plain enter
for it), or says why it does nothing.

Time is measured as PET and CasMaCat do (:mod:`workbench.tui.editor.visits`): one visit per
enter/leave of a segment, counting any action and leaving out idle gaps over the pause
threshold; the first edit is the first change of the text of any origin.

A project in a team store shows the team (:mod:`workbench.tui.editor.team`): the segment
taken while it is shown, others' segments "being edited by NAME" and locked, their
confirmations as they happen, "reconnecting" while the server is away.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Static, TextArea

from workbench.app.editing import Editing
from workbench.core.config import Config
from workbench.core.confine import Confinement
from workbench.core.errors import TagError, WorkbenchError
from workbench.core.glossary.load import glossary_files
from workbench.core.inline_codes import display, parse_display
from workbench.core.memory import Memory
from workbench.core.metrics import ActiveTimer, SegmentEffort
from workbench.core.model.project import SegmentState
from workbench.core.segment_filter import SegmentFilter
from workbench.core.session import Session
from workbench.core.visible import restore, visible
from workbench.tui import render
from workbench.tui.editor.checks import Checks
from workbench.tui.editor.exporting import ExportFlow
from workbench.tui.editor.filtering import FilterFlow
from workbench.tui.editor.find_replace import FindReplaceFlow
from workbench.tui.editor.memory import MemoryFlow
from workbench.tui.editor.mt_pane import MtArea
from workbench.tui.editor.panels import Panels
from workbench.tui.editor.review_mode import ReviewMode
from workbench.tui.editor.spelling import SpellingFlow
from workbench.tui.editor.status import after_confirm, status_items
from workbench.tui.editor.team import ServerState, TeamFlow, TeamNews, Waiting
from workbench.tui.editor.visits import Visits
from workbench.tui.keymap import EDITOR_BINDINGS, enter_confirms, key_of
from workbench.tui.widgets.segment_list import SegmentList
from workbench.tui.widgets.target import TargetArea

SAVE_DELAY = 0.5
PANEL_DELAY = 0.15
NARROW = 100  # columns below which the list hides and the MT sits above the target
BREAKS = ("\n", "\r", "\u2028", "\u2029")

Clock = Callable[[], float]


def has_break(text: str | None) -> bool:
    return bool(text) and any(b in (text or "") for b in BREAKS)


class EditorScreen(Screen[None]):
    """The main screen: segment list, source, MT, target, panels, status line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *EDITOR_BINDINGS,
        Binding("escape", "back_to_target", "Target", show=False),
    ]

    def __init__(
        self,
        session: Session,
        *,
        clock: Clock = time.time,
        memory: Memory | None = None,
        config: Config | None = None,
        confinement: Confinement | None = None,
        review: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.start_in_review = review  # ``workbench review``: open in the review mode
        # the settings are read once where the program starts and passed down
        self.editing = Editing(session, memory=memory, config=config)
        self.config = self.editing.config
        self.clock = clock
        self.confinement = confinement  # under ``workbench serve``: what the browser may write
        self.index = session.current
        self.keystrokes = 0
        self.timer = ActiveTimer(self.config.pause_seconds)
        self._save_timer: Timer | None = None
        self._panel_timer: Timer | None = None
        self._loading = False
        self.shown_text = ""
        self.show_diff = False
        self.status_note = "read-only: typing is off" if session.read_only else "opened"
        self.hter_text = ""
        self.error_ids: set[str] = set()
        self.visits = Visits(session, clock, self.config.pause_seconds, self._visit_not_recorded)
        self.memory = MemoryFlow(self)
        self.checks = Checks(self)
        self.filtering = FilterFlow(self)
        self.find_replace = FindReplaceFlow(self)
        self.exporting = ExportFlow(self)
        self.spelling = SpellingFlow(self)
        self.review_mode = ReviewMode(self)
        self.team = TeamFlow(self)

    # --- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield SegmentList(self.session.segments, id="segments")
        with Vertical(id="main"):
            yield Static(id="source")
            with Container(id="panes"):
                yield MtArea(id="mt")
                yield TargetArea(id="target", soft_wrap=True, show_line_numbers=False)
            yield Panels(id="panels")
            yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mt", MtArea).border_title = "MT (read-only)"
        self.query_one("#source").border_title = "Source"
        self.target.on_keystroke = self.count_keystroke
        self.target.on_enter = self._enter_without_break
        self.target.read_only = self.session.read_only
        self.panels.set_shown("diff", False)
        self.panels.set_shown("memory", self.editing.memory is not None)
        self.watch(self.target, "scroll_y", self._sync_scroll, init=False)
        self.set_class(self.app.size.width < NARROW, "narrow")
        self.team.start()
        self.load_segment(self.index)
        self.team.restore_drafts()  # what an editor killed while the server was away kept
        # Document-wide figures and QA markers are background work: start them once the
        # editor is on screen and interactive, not before.
        self.set_timer(0.3, self.refresh_hter)
        self.set_timer(0.6, self.checks.refresh_markers)
        self.set_timer(1.0, self.checks.warm_offers)
        self.memory.warm()
        if self.start_in_review:
            self.call_later(self.action_review)

    def on_unmount(self) -> None:
        self.team.close()  # however the app ended: stop listening to the team store

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
        self.update_status()

    def _sync_scroll(self, _old: float = 0.0, _new: float = 0.0) -> None:
        """The MT follows the target: both show the same part of a long segment."""
        target = self.target
        mt = self.query_one("#mt", MtArea)
        share = target.scroll_y / target.max_scroll_y if target.max_scroll_y else 0.0
        mt.scroll_to(y=share * mt.max_scroll_y, animate=False)

    @property
    def target(self) -> TargetArea:
        return self.query_one("#target", TargetArea)

    @property
    def segment_list(self) -> SegmentList:
        return self.query_one(SegmentList)

    @property
    def panels(self) -> Panels:
        return self.query_one(Panels)

    @property
    def state(self) -> SegmentState:
        return self.session.segments[self.index]

    @property
    def filter_spec(self) -> SegmentFilter:
        return self.filtering.spec

    # --- time --------------------------------------------------------------------------------
    def touch(self) -> None:
        """The translator did something: it counts as time on the segment."""
        self.visits.touch()

    def on_key(self, event: events.Key) -> None:
        self.touch()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.touch()

    def _visit_not_recorded(self, message: str) -> None:
        self.notify(message, title="Time not recorded", severity="warning", markup=False)

    # --- focus -------------------------------------------------------------------------------
    def focus_order(self) -> list[Widget]:
        """What f3 goes through: the target, the MT, then each panel showing something."""
        order: list[Widget] = [self.target, self.query_one("#mt", MtArea)]
        order += [b for b in self.panels.boxes() if b.display and b.content.plain.strip()]
        return order

    def action_next_pane(self) -> None:
        self.touch()
        order = self.focus_order()
        focused = self.focused
        at = order.index(focused) if focused in order else -1
        order[(at + 1) % len(order)].focus()

    def action_back_to_target(self) -> None:
        if self.has_class("show-list"):
            self.remove_class("show-list")
        self.target.focus()

    @on(SegmentList.Left)
    def _left_list(self) -> None:
        self.action_back_to_target()

    # --- showing a segment ---------------------------------------------------------------------
    def stored_text(self) -> str:
        """What the target pane holds, as the project stores it: control characters shown
        as symbols and inline-code tokens shown as ``⟨1⟩`` are put back (``TagError`` when
        a token was broken)."""
        state = self.state
        return parse_display(
            restore(self.target.text, state.target), state.codes, original=state.target
        )

    def _stored_or_saved(self) -> str:
        """The target as stored text, or, while a tag token is broken, the saved one."""
        try:
            return self.stored_text()
        except TagError:
            return self.state.target

    def put_unsaved(self, text: str, keystrokes: int) -> None:
        """Show ``text`` (as stored) in the target of the segment shown, not saved yet (a
        draft typed while the server was away)."""
        self.target.load_text(render.shown(text, self.state.codes))
        self.target.move_cursor(self.target.document.end)
        self.keystrokes = keystrokes
        self.update_status()

    def load_segment(self, index: int) -> None:
        """Show segment ``index``; a visit starts (one going on on it goes on)."""
        self.index = max(0, min(index, len(self.session.segments) - 1))
        if not self.session.read_only and not self.team.offline:
            try:
                self.session.set_current(self.index)
            except WorkbenchError as exc:  # only where to reopen: never stops the editor
                self.team.saving_failed(exc)
        state = self.state
        self._loading = True
        self.shown_text = render.shown(state.target, state.codes)
        self.target.load_text(self.shown_text)
        self.target.set_tokens([code.token for code in state.codes])
        self.target.move_cursor(self.target.document.end)
        self.target.allow_breaks = has_break(state.source) or has_break(state.mt)
        self._loading = False
        self.keystrokes = 0
        self.timer = ActiveTimer(self.config.pause_seconds)
        self.visits.enter(state.id)
        self.team.enter(state.id)
        self.segment_list.cursor = self.index
        source = self.query_one("#source", Static)
        source.display = bool(state.source)
        if state.source:
            source.update(
                render.source_text(
                    state.source, self.session.engine.source_hits(state.source), state.codes
                )
            )
        self.query_one("#mt", MtArea).show(
            render.highlighted(state.mt, self.session.mt_hits(state.id), state.codes)
        )
        self.target.set_marks(
            [h.replacement for h in self.session.engine.apply_auto(state.mt).applied]
        )
        self.title_target()
        self.memory.look_up(self.index)
        self.refresh_panels()
        self.target.focus()

    def title_target(self) -> None:
        mode = ", read-only" if self.session.read_only else self.team.title()
        self.target.border_title = f"Target {self.state.id} ({self.state.status}{mode})"

    def refresh_panels(self) -> None:
        text = self._stored_or_saved()
        state = self.state
        panels = self.panels
        panels.show(
            "memory", render.memory_text(self.memory.matches, self.editing.memory is not None)
        )
        panels.show("offers", render.offers_text(self.session.engine.offers(text), state.codes))
        findings = self.checks.findings(text)
        panels.show("findings", render.findings_text(findings))
        self.spelling.mark()
        self.segment_list.set_flag(state.id, render.marker(findings))
        if self.show_diff:
            panels.show(
                "diff",
                Text("Diff MT -> target: ", "bold")
                + render.word_diff(
                    display(state.mt, state.codes).text, display(text, state.codes).text
                ),
            )
        self.update_status()

    def update_status(self) -> None:
        items = status_items(
            self.session.segments,
            self.state,
            self.status_note,
            read_only=self.session.read_only,
            spec=self.filtering.spec,
            shown=len(self.segment_list.rows),
            hter=self.hter_text,
            project=self.session.project_path.name,
            team=self.team.status(),
        )
        status = self.query_one("#status", Static)
        width = (status.size.width or self.app.size.width) - 2
        status.update(render.status_line(items, max(20, width)))

    def note(self, note: str) -> None:
        """Say ``note`` in the status line."""
        self.status_note = note
        with contextlib.suppress(NoMatches):  # the editor may be closing
            self.update_status()

    def refresh_hter(self) -> None:
        """Recompute document HTER in a worker (the database is read here, on the UI
        thread; only the TER computation runs in the thread)."""
        try:
            effort = self.session.effort()
        except WorkbenchError as exc:  # a team store away: the figures wait
            self.team.saving_failed(exc)
            return
        self.run_worker(lambda: self._hter_work(effort), thread=True, exclusive=True, group="hter")

    def _hter_work(self, effort: dict[str, SegmentEffort]) -> None:
        figures = self.session.figures(effort)
        self.app.call_from_thread(self._show_hter, figures.hter, figures.hter_pre)

    def _show_hter(self, hter: float, hter_pre: float) -> None:
        self.hter_text = f"HTER {hter:.3f}, after glossary {hter_pre:.3f}"
        with contextlib.suppress(NoMatches):  # the editor closed while the worker ran
            self.update_status()

    # --- saving ----------------------------------------------------------------------------
    def count_keystroke(self) -> None:
        now = self.clock()
        self.keystrokes += 1
        self.timer.tick(now)
        self.visits.edited()

    def _enter_without_break(self) -> None:
        """Enter in a segment whose source and MT have no line break: what the keymap says
        (confirm, when it confirms with ctrl+enter), else nothing and why."""
        keymap = dict(getattr(self.app, "_keymap", {}))
        if enter_confirms(keymap):
            self.action_confirm()
            return
        self.note(f"no line break: none in source or MT; {key_of(keymap, 'confirm')} confirms")

    @on(TextArea.Changed, "#target")
    def _changed(self) -> None:
        if self._loading or (self.target.text == self.shown_text and self.keystrokes == 0):
            return  # a segment was loaded, nothing typed
        self.status_note = "editing…"
        if self._save_timer is not None:
            self._save_timer.stop()
        if not self.team.holds_back(self.state.id):
            self._save_timer = self.set_timer(SAVE_DELAY, self.flush)
        # Offers and QA follow the text once typing pauses, so a keystroke never waits for
        # them (with a 10,000-entry glossary, offers alone take ~9 ms).
        if self._panel_timer is not None:
            self._panel_timer.stop()
        self._panel_timer = self.set_timer(PANEL_DELAY, self.refresh_panels)
        self.update_status()

    def flush(self) -> bool:
        """Save the target now if it changed; True when everything is saved."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self.unsaved():
            return True
        if self.team.offline:
            self.team.keep_draft()
            return False
        try:
            text = self.stored_text()
            self.session.set_target(
                self.state.id, text, keystrokes=self.keystrokes, active_ms=self.timer.take()
            )
        except WorkbenchError as exc:
            if self.team.saving_failed(exc):
                # the save waits in the local journal, sent when the server is back
                self.keystrokes = 0
                self.note("not sent yet: kept on this machine")
                return False
            self.status_note = f"NOT SAVED: {exc}"
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            self.update_status()
            return False
        self.keystrokes = 0
        self.shown_text = self.target.text
        self.team.saved(self.state.id)
        self.status_note = "saved"
        self.visits.record()
        self.segment_list.refresh_segment(self.state.id)
        self.title_target()
        self.update_status()
        self.refresh_hter()
        return True

    def unsaved(self) -> bool:
        """Whether the target holds something not saved yet."""
        return not (self.target.text == self.shown_text and self.keystrokes == 0)

    def show_again(self, note: str) -> None:
        """Show the current segment as the session holds it now (another translator's
        change, read from the team store); the visit goes on, and the focus stays where
        the translator has it."""
        focused = self.focused
        self.load_segment(self.index)
        if focused is not None and focused is not self.target:
            focused.focus()
        self.note(note)

    def on_team_news(self, _message: TeamNews) -> None:
        self.team.catch_up()

    def on_server_state(self, message: ServerState) -> None:
        self.team.server_state(message.up)

    def on_waiting(self, message: Waiting) -> None:
        if message.waiting:
            self.team.went_away()

    def reload_current(self, note: str) -> None:
        """Show the current segment again after a change made for it (an undo, an offer, a
        replace...): the same visit goes on."""
        self.visits.record()
        self.load_segment(self.index)
        self.status_note = note
        self.segment_list.refresh_segment(self.state.id)
        self.update_status()
        self.refresh_hter()

    # --- moving ----------------------------------------------------------------------------
    def go(self, index: int) -> None:
        self.touch()
        if not self.flush():
            return
        if index != self.index:
            self.visits.leave()
        self.load_segment(index)

    @on(SegmentList.Selected)
    def _selected(self, event: SegmentList.Selected) -> None:
        self.go(event.index)
        if self.has_class("narrow"):
            self.remove_class("show-list")
        self.target.focus()

    def _step(self, direction: int) -> None:
        rows = self.segment_list.rows
        if not rows:
            return
        if direction > 0:
            after = [i for i in rows if i > self.index]
            target = after[0] if after else None
        else:
            before = [i for i in rows if i < self.index]
            target = before[-1] if before else None
        if target is None:
            self.note("last segment" if direction > 0 else "first segment")
            return
        self.go(target)

    def action_next(self) -> None:
        self._step(1)

    def action_previous(self) -> None:
        self._step(-1)

    def next_unconfirmed_index(self) -> int | None:
        """The next unconfirmed segment after this one among the shown rows (wrapping)."""
        rows = self.segment_list.rows
        segs = self.session.segments
        ordered = [i for i in rows if i > self.index] + [i for i in rows if i <= self.index]
        return next((i for i in ordered if i != self.index and segs[i].status != "confirmed"), None)

    def action_next_unconfirmed(self) -> None:
        i = self.next_unconfirmed_index()
        if i is None:
            self.note("no other unconfirmed segment")
            return
        self.go(i)

    def action_toggle_list(self) -> None:
        """f2: show the list and give it the keys; again: hide it (wide: the first f2 on a
        shown list only gives it the keys)."""
        self.touch()
        segment_list = self.segment_list
        if self.has_class("narrow"):
            self.toggle_class("show-list")
            shown = self.has_class("show-list")
        elif self.has_class("hide-list"):
            self.remove_class("hide-list")
            shown = True
        elif segment_list.has_focus:
            self.add_class("hide-list")
            shown = False
        else:
            shown = True
        if shown:
            segment_list.focus()
        else:
            self.target.focus()

    def action_filter(self) -> None:
        self.filtering.open()

    # --- changing --------------------------------------------------------------------------
    def writable(self) -> bool:
        if self.session.read_only:
            self.note("read-only: nothing can change")
            return False
        return self.team.writable()

    def action_confirm(self) -> None:
        self.touch()
        if not self.writable() or not self.flush():
            return
        refusal = self.editing.refusal(self.state.id)
        if refusal is not None:
            self.note(refusal)  # an empty target is not a translation: nothing confirmed
            return
        findings = self.checks.findings(self._stored_or_saved())
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            from workbench.tui.screens.dialogs import ConfirmScreen

            def answer(yes: bool | None) -> None:
                if yes:
                    self._do_confirm()

            question = f"{len(errors)} error(s): {errors[0].message}. Confirm anyway?"
            self.app.push_screen(ConfirmScreen(question), answer)
            return
        self._do_confirm()

    def _do_confirm(self) -> None:
        try:
            done = self.editing.confirm(self.state.id)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            if self.state.status != "confirmed":
                return  # the confirmation itself failed; the memory or the repetitions did not
            done = None
        self.segment_list.refresh_segment(self.state.id)
        for segment_id in done.propagated if done is not None else ():
            self.segment_list.refresh_segment(segment_id)
        self.refresh_hter()
        nxt = self.next_unconfirmed_index()
        message = after_confirm(self.session.segments, self.segment_list.rows, nxt)
        if nxt is None:
            if message:
                self.notify(message, markup=False)
            self.reload_current("saved: confirmed")
        else:
            self.visits.leave()
            self.load_segment(nxt)
        repeated = len(done.propagated) if done is not None else 0
        self.note("saved: confirmed" + (f"; {repeated} repetition(s) filled" if repeated else ""))

    def session_call(
        self, call: Callable[[str], object], note: str, nothing: str = "nothing changed"
    ) -> None:
        """Run one Session change on the current segment (after saving what is typed);
        ``nothing`` is the status note when the call changed nothing (returned None or the
        segment as it was). A change of the text is an edit of this visit."""
        self.touch()
        if not self.writable() or not self.flush():
            return
        before = self.state
        try:
            result = call(before.id)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if result is None:
            self.note(nothing)
            return
        if self.state.target != before.target:
            self.visits.edited()
        self.reload_current(note)

    def action_revert(self) -> None:
        self.session_call(self.session.revert, "saved: reverted to MT after glossary")

    def action_undo(self) -> None:
        self.session_call(self.session.undo, "saved: undone", "nothing to undo")

    def action_redo(self) -> None:
        self.session_call(self.session.redo, "saved: redone", "nothing to redo")

    def action_choose_offer(self) -> None:
        """ctrl+g: the only offer at once; several: a numbered list to choose from."""
        self.touch()
        if not self.writable() or not self.flush():
            return
        offers = self.session.offers(self.state.id)
        if len(offers) <= 1:
            self.action_apply_offer(1)
            return
        from workbench.tui.screens.dialogs import ChoiceScreen

        def chosen(number: int | None) -> None:
            if number is not None:
                self.action_apply_offer(number)

        rows = [render.offer_row(h, self.state.codes) for h in offers]
        self.app.push_screen(ChoiceScreen("Apply which glossary offer?", rows), chosen)

    def action_apply_offer(self, number: int = 1) -> None:
        self.touch()
        if not self.writable() or not self.flush():
            return
        offers = self.session.offers(self.state.id)
        if not 1 <= number <= len(offers):
            self.note(f"no offer {number}" if offers else "no offer to apply")
            return
        hit = offers[number - 1]
        self.session_call(
            lambda sid: self.session.apply_offer(sid, hit),
            f"saved: applied '{visible(hit.replacement, one_line=True)}'",
        )

    def action_choose_match(self) -> None:
        self.memory.choose()

    def action_concordance(self) -> None:
        self.memory.concordance(self.selected_text())

    def action_toggle_diff(self) -> None:
        self.touch()
        self.show_diff = not self.show_diff
        self.panels.set_shown("diff", self.show_diff)
        self.refresh_panels()

    def action_find_replace(self) -> None:
        self.find_replace.open()

    def action_spelling(self) -> None:
        self.spelling.next_word()

    def selected_text(self) -> str:
        """The text selected in the MT or target pane (keyboard), else with the mouse."""
        for area in (self.query_one("#mt", MtArea), self.target):
            if area.selected_text.strip():
                return area.selected_text
        return self.screen.get_selected_text() or ""

    def action_add_term(self) -> None:
        self.touch()
        from workbench.core.glossary.writer import append_entry
        from workbench.tui.screens.dialogs import AddTermScreen

        paths = self.writable_glossaries()
        files = glossary_files(paths) if paths else []
        if not files:
            self.notify(
                "No glossary file: start with --glossary PATH to add terms.",
                severity="warning",
                markup=False,
            )
            return
        selected = self.selected_text()
        target_file = files[-1]

        def done(values: dict[str, Any] | None) -> None:
            if not values:
                return
            try:
                append_entry(target_file, values, layers=paths)
                self.editing.reload_glossary(paths)
            except WorkbenchError as exc:
                self.notify(str(exc), title="Entry refused", severity="error", markup=False)
                return
            self.reload_current(f"added '{visible(values['mt'], one_line=True)}' to the glossary")

        self.app.push_screen(AddTermScreen(selected.strip(), str(target_file)), done)

    def writable_glossaries(self) -> list[str]:
        """The project's glossaries; under ``workbench serve`` only those given at start."""
        paths = list(self.session.glossary_paths)
        return paths if self.confinement is None else self.confinement.glossary_paths(paths)

    # --- exporting ---------------------------------------------------------------------------
    def action_export(self) -> None:
        self.exporting.open()

    # --- other screens -------------------------------------------------------------------------
    def action_review(self) -> None:
        self.review_mode.open()

    def action_qa(self) -> None:
        self.touch()
        if not self.flush():
            return
        from workbench.tui.screens.qa import QaScreen

        def done(segment_id: str | None) -> None:
            self.checks.refresh_markers()
            self.refresh_panels()
            if segment_id:
                self.go(self.session.segment(segment_id).index)

        self.app.push_screen(QaScreen(self.session), done)

    def action_glossary(self) -> None:
        self.touch()
        if not self.flush():
            return
        from workbench.tui.screens.glossary import GlossaryScreen

        paths = self.writable_glossaries()

        def done(changed: bool | None) -> None:
            if changed:
                try:
                    self.editing.reload_glossary(paths)
                except WorkbenchError as exc:
                    self.notify(str(exc), severity="error", markup=False)
                self.reload_current("glossary reloaded")

        self.app.push_screen(GlossaryScreen(paths, self.session), done)

    def action_help(self) -> None:
        self.touch()
        from workbench.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app))

    def call_after_input(self, callback: Callable[[], None]) -> bool:
        """Run ``callback`` once the target has handled the keys already sent to it."""
        try:
            return self.target.call_later(callback)
        except NoMatches:
            return False

    def leave(self) -> None:
        """The app is closing from outside (the browser left, idle, SIGTERM): save what is
        typed and end the visit."""
        with contextlib.suppress(NoMatches):
            self.flush()
            self.visits.leave()
        self.team.close()

    async def action_quit(self) -> None:
        if self.flush():
            self.visits.leave()
            self.team.close()
            self.app.exit()
            return
        from workbench.tui.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(
            ConfirmScreen(f"{self.status_note}. Quit and lose this change?"), answer
        )
