"""The editor screen: a thin Textual layer over :class:`workbench.core.session.Session`.

Layout: the segment list (line API, virtualised; f2 hides or shows it) on the left; on the
right the source when the project has one (glossary source terms highlighted), the raw MT
(read-only, glossary hits highlighted: automatic fixes green, suggestions yellow, near
misses magenta) beside the editable target (the automatic fixes underlined); under them the
numbered offers, the QA findings and (ctrl+d) the word diff MT -> target; a status line that
fits 80 columns, most important first. Under 100 columns the list is hidden behind f2 and
the MT sits above the target. What the panels show is computed by
:mod:`workbench.tui.render`.

Nothing typed is lost: each change of the target is saved through the Session (one SQLite
transaction) 0.5 s after the last keystroke, and at once on navigation, confirm, undo and
quit; the status line says "saved" only after the commit returned; a change that could not
be saved is said in the status line and quitting asks before dropping it.

Time is measured as PET and CasMaCat do: a :class:`~workbench.core.metrics.VisitClock` runs
from entering a segment to leaving it, counting any action (keys, clicks, moves, glossary
actions) and leaving out idle gaps over the pause threshold; each visit is recorded.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from workbench.app.editing import Editing
from workbench.app.exporting import export_project
from workbench.core.config import Config
from workbench.core.confine import Confinement
from workbench.core.errors import TagError, WorkbenchError
from workbench.core.findings import Finding
from workbench.core.glossary.load import glossary_files
from workbench.core.inline_codes import display, parse_display
from workbench.core.memory import Memory, MemoryMatch
from workbench.core.metrics import ActiveTimer, SegmentEffort, VisitClock
from workbench.core.model.project import SegmentState
from workbench.core.segment_filter import SegmentFilter, filtered
from workbench.core.session import Session
from workbench.core.visible import restore, visible
from workbench.formats.registry import formats
from workbench.qa.runner import QaRun, project_run, run
from workbench.tui import render
from workbench.tui.keymap import EDITOR_BINDINGS
from workbench.tui.widgets.segment_list import SegmentList
from workbench.tui.widgets.target import TargetArea

SAVE_DELAY = 0.5
PANEL_DELAY = 0.15
NARROW = 100  # columns below which the list hides and the MT sits above the target
WARM_SEGMENTS = 500  # segments ahead whose offers are computed in the background

Clock = Callable[[], float]


class EditorScreen(Screen[None]):
    """The main screen: segment list, source, MT, target, panels, status line."""

    BINDINGS: ClassVar[list[BindingType]] = list(EDITOR_BINDINGS)

    def __init__(
        self,
        session: Session,
        *,
        clock: Clock = time.time,
        memory: Memory | None = None,
        config: Config | None = None,
        confinement: Confinement | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        # the settings are read once where the program starts and passed down
        self.editing = Editing(session, memory=memory, config=config)
        self.config = self.editing.config
        self.clock = clock
        self.confinement = confinement  # under ``workbench serve``: what the browser may write
        self.index = session.current
        self.keystrokes = 0
        self.timer = ActiveTimer(self.config.pause_seconds)
        self.visit: VisitClock | None = None
        self._save_timer: Timer | None = None
        self._panel_timer: Timer | None = None
        self._loading = False
        self.shown_text = ""
        self.show_diff = False
        self.status_note = "read-only: typing is off" if session.read_only else "opened"
        self.hter_text = ""
        self.filter_spec = SegmentFilter()
        self.error_ids: set[str] = set()
        self.matches: tuple[MemoryMatch, ...] | None = None  # for the current segment

    # --- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield SegmentList(self.session.segments, id="segments")
        with Vertical(id="main"):
            yield Static(id="source")
            with Container(id="panes"):
                with VerticalScroll(id="mt-pane"):
                    yield Static(id="mt")
                yield TargetArea(id="target", soft_wrap=True, show_line_numbers=False)
            with VerticalScroll(id="panels"):
                yield Static(id="memory")
                yield Static(id="offers")
                yield Static(id="findings")
                yield Static(id="diff")
            yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mt-pane").border_title = "MT (read-only)"
        self.query_one("#source").border_title = "Source"
        self.target.on_keystroke = self.count_keystroke
        self.target.read_only = self.session.read_only
        self.query_one("#diff").display = False
        self.query_one("#memory").display = self.editing.memory is not None
        self.watch(self.target, "scroll_y", self._sync_scroll, init=False)
        self.set_class(self.app.size.width < NARROW, "narrow")
        self.load_segment(self.index)
        # Document-wide figures and QA markers are background work: start them once the
        # editor is on screen and interactive, not before.
        self.set_timer(0.3, self.refresh_hter)
        self.set_timer(0.6, self.refresh_markers)
        self.set_timer(1.0, self.warm_offers)
        if self.editing.memory is not None:
            self._warm_memory()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
        self.update_status()

    def _sync_scroll(self, _old: float = 0.0, _new: float = 0.0) -> None:
        """The MT follows the target: both show the same part of a long segment."""
        target = self.target
        pane = self.query_one("#mt-pane", VerticalScroll)
        share = target.scroll_y / target.max_scroll_y if target.max_scroll_y else 0.0
        pane.scroll_to(y=share * pane.max_scroll_y, animate=False)

    @property
    def target(self) -> TargetArea:
        return self.query_one("#target", TargetArea)

    @property
    def segment_list(self) -> SegmentList:
        return self.query_one(SegmentList)

    @property
    def state(self) -> SegmentState:
        return self.session.segments[self.index]

    # --- time --------------------------------------------------------------------------------
    def touch(self) -> None:
        """The translator did something: it counts as time on the segment."""
        if self.visit is not None:
            self.visit.activity(self.clock())

    def on_key(self, event: events.Key) -> None:
        self.touch()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.touch()

    def _record_visit(self) -> None:
        if self.visit is None or self.session.read_only:
            return
        try:
            self.session.record_visit(self.visit.visit())
        except WorkbenchError as exc:
            self.notify(str(exc), title="Time not recorded", severity="warning", markup=False)

    def _end_visit(self) -> None:
        self.touch()
        self._record_visit()
        self.visit = None

    def warm_offers(self) -> None:
        """Score the near misses of the segments around this one in a worker, so moving to
        them shows their offers without the fuzzy search (0.07 ms instead of ~1.6 ms with a
        10,000-entry glossary)."""
        segments = self.session.segments
        near = segments[max(0, self.index - 50) : self.index + WARM_SEGMENTS]
        self._warm_worker([s.target for s in near])

    @work(thread=True, exclusive=True, group="offers")
    def _warm_worker(self, texts: list[str]) -> None:
        with contextlib.suppress(Exception):  # a cache only: never take the editor down
            self.session.engine.near_misses_many(texts)

    # --- memory ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="memory-warm")
    def _warm_memory(self) -> None:
        """Load the memory's lookup keys once, in the background (about 0.3 s for 200,000
        units); lookups before that use the index on disk."""
        memory = self.editing.memory
        if memory is not None:
            with contextlib.suppress(Exception):
                memory.warm()

    @work(thread=True, exclusive=True, group="memory")
    def _match_worker(self, index: int) -> None:
        if self.editing.memory is None:
            return
        try:
            found = self.editing.matches(index)
        except Exception:  # the memory must never take the editor down
            found = ()
        self.app.call_from_thread(self._show_matches, index, found)

    def _show_matches(self, index: int, matches: tuple[MemoryMatch, ...]) -> None:
        if index != self.index:
            return  # the translator moved on
        self.matches = matches
        with contextlib.suppress(NoMatches):
            self.query_one("#memory", Static).update(render.memory_text(matches))

    def action_choose_match(self) -> None:
        """ctrl+l: the only memory match at once; several: a numbered list."""
        self.touch()
        if not self._writable() or not self.flush():
            return
        matches = self.matches or ()
        if not matches:
            self.status_note = (
                "no memory open" if self.editing.memory is None else "no memory match"
            )
            self.update_status()
            return
        if len(matches) == 1:
            self._insert_match(matches[0])
            return
        from workbench.tui.screens.dialogs import ChoiceScreen

        def chosen(number: int | None) -> None:
            if number is not None:
                self._insert_match(matches[number - 1])

        rows = [render.match_row(m) for m in matches]
        self.app.push_screen(ChoiceScreen("Insert which memory match?", rows), chosen)

    def _insert_match(self, match: MemoryMatch) -> None:
        self._session_call(
            lambda sid: self.session.insert_match(sid, match),
            f"saved: inserted the {render.match_label(match)} memory match",
            "the target already is that match",
        )

    def action_concordance(self) -> None:
        """ctrl+k: search the memory and the glossary; enter inserts the text found."""
        self.touch()
        from workbench.tui.screens.concordance import ConcordanceScreen

        selected = self.screen.get_selected_text() or ""

        def chosen(text: str | None) -> None:
            if text is None or self.session.read_only:
                return
            self.target.replace(text, *self.target.selection)
            self.target.focus()
            self.status_note = "inserted from the concordance"
            self.update_status()

        self.app.push_screen(
            ConcordanceScreen(self.editing.memory, self.session.engine.entries, selected.strip()),
            chosen,
        )

    # --- QA ----------------------------------------------------------------------------------
    def refresh_markers(self) -> None:
        """QA markers for every segment: the project is read here, the checks run in a
        worker thread, the list is updated when they are done."""
        self._markers_worker(project_run(self.session))

    @work(thread=True, exclusive=True, group="markers")
    def _markers_worker(self, qa: QaRun) -> None:
        try:
            flags = render.markers(run(qa))
        except Exception:  # QA trouble must never take the editor down
            return
        self.app.call_from_thread(self._set_markers, flags)

    def _set_markers(self, flags: dict[str, str]) -> None:
        try:
            segment_list = self.segment_list
        except NoMatches:
            return  # the editor closed while the worker ran
        segment_list.set_flags(flags, keep=self.state.id)
        self.error_ids = {sid for sid, flag in self.segment_list.flags.items() if flag == "!"}
        if self.filter_spec.errors:
            self.apply_filter(self.filter_spec, quiet=True)

    def findings(self, text: str) -> list[Finding]:
        """The open findings of the current segment with ``text`` as its target."""
        state = self.state
        try:
            found = run(project_run(self.session, only=[state.id], texts={state.id: text}))
        except Exception:  # a QA bug must never take the editor down
            return []
        return [f for f in found if not f.ignored]

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

    def load_segment(self, index: int) -> None:
        self.index = max(0, min(index, len(self.session.segments) - 1))
        self.session.set_current(self.index)
        state = self.state
        self._loading = True
        self.shown_text = render.shown(state.target, state.codes)
        self.target.load_text(self.shown_text)
        self.target.set_tokens([code.token for code in state.codes])
        self.target.move_cursor(self.target.document.end)
        self._loading = False
        self.keystrokes = 0
        self.timer = ActiveTimer(self.config.pause_seconds)
        self.visit = VisitClock(state.id, self.clock(), self.config.pause_seconds)
        self.segment_list.cursor = self.index
        source = self.query_one("#source", Static)
        source.display = bool(state.source)
        if state.source:
            source.update(
                render.source_text(
                    state.source, self.session.engine.source_hits(state.source), state.codes
                )
            )
        self.query_one("#mt", Static).update(
            render.highlighted(state.mt, self.session.mt_hits(state.id), state.codes)
        )
        self.target.set_marks(
            [h.replacement for h in self.session.engine.apply_auto(state.mt).applied]
        )
        self._title_target()
        self.matches = None
        self.refresh_panels()
        self.target.focus()
        if self.editing.memory is not None:
            self._match_worker(self.index)

    def _title_target(self) -> None:
        mode = ", read-only" if self.session.read_only else ""
        self.target.border_title = f"Target {self.state.id} ({self.state.status}{mode})"

    def refresh_panels(self) -> None:
        text = self._stored_or_saved()
        state = self.state
        self.query_one("#memory", Static).update(
            render.memory_text(self.matches, self.editing.memory is not None)
        )
        self.query_one("#offers", Static).update(
            render.offers_text(self.session.engine.offers(text), state.codes)
        )
        findings = self.findings(text)
        self.query_one("#findings", Static).update(render.findings_text(findings))
        self.segment_list.set_flag(state.id, render.marker(findings))
        if self.show_diff:
            self.query_one("#diff", Static).update(
                Text("Diff MT -> target: ", "bold")
                + render.word_diff(
                    display(state.mt, state.codes).text, display(text, state.codes).text
                )
            )
        self.update_status()

    def update_status(self) -> None:
        segs = self.session.segments
        done = sum(1 for s in segs if s.status == "confirmed")
        state = self.state
        note = self.status_note
        items = [
            render.StatusItem(f"{state.id} {state.status}", "bold", 1),
            render.StatusItem(f"{done}/{len(segs)} ✓ {100 * done // max(1, len(segs))}%", "", 2),
            render.StatusItem(
                note,
                "bold red"
                if note.startswith(("NOT SAVED", "export failed"))
                else ("green" if note.startswith(("saved", "exported")) else ""),
                1,
                shrink=True,
            ),
        ]
        if self.session.read_only:
            items.insert(0, render.StatusItem("READ-ONLY", "bold yellow", 0))
        if self.filter_spec.active:
            shown = len(self.segment_list.rows)
            items.append(
                render.StatusItem(f"filter {self.filter_spec.describe()}: {shown}", "cyan", 3)
            )
        if self.hter_text:
            items.append(render.StatusItem(self.hter_text, "", 4))
        items.append(render.StatusItem(self.session.project_path.name, "dim", 6, shrink=True))
        status = self.query_one("#status", Static)
        width = (status.size.width or self.app.size.width) - 2
        status.update(render.status_line(items, max(20, width)))

    def refresh_hter(self) -> None:
        """Recompute document HTER in a worker (the database is read here, on the UI
        thread; only the TER computation runs in the thread)."""
        self._hter_worker(self.session.effort())

    @work(thread=True, exclusive=True, group="hter")
    def _hter_worker(self, effort: dict[str, SegmentEffort]) -> None:
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
        if self.visit is not None:
            self.visit.edit(now)

    @on(TextArea.Changed, "#target")
    def _changed(self) -> None:
        if self._loading or (self.target.text == self.shown_text and self.keystrokes == 0):
            return  # a segment was loaded, nothing typed
        self.status_note = "editing…"
        if self._save_timer is not None:
            self._save_timer.stop()
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
        if self.target.text == self.shown_text and self.keystrokes == 0:
            return True
        try:
            text = self.stored_text()
            self.session.set_target(
                self.state.id, text, keystrokes=self.keystrokes, active_ms=self.timer.take()
            )
        except WorkbenchError as exc:
            self.status_note = f"NOT SAVED: {exc}"
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            self.update_status()
            return False
        self.keystrokes = 0
        self.shown_text = self.target.text
        self.status_note = "saved"
        self._record_visit()
        self.segment_list.refresh_segment(self.state.id)
        self._title_target()
        self.update_status()
        self.refresh_hter()
        return True

    def reload_current(self, note: str) -> None:
        self._end_visit()
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
        self._end_visit()
        self.load_segment(index)

    @on(SegmentList.Selected)
    def _selected(self, event: SegmentList.Selected) -> None:
        self.go(event.index)
        if self.has_class("narrow"):
            self.remove_class("show-list")

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
            self.status_note = "last segment" if direction > 0 else "first segment"
            self.update_status()
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
            self.status_note = "no other unconfirmed segment"
            self.update_status()
            return
        self.go(i)

    def action_toggle_list(self) -> None:
        self.touch()
        if self.has_class("narrow"):
            self.toggle_class("show-list")
        else:
            self.toggle_class("hide-list")

    def action_filter(self) -> None:
        self.touch()
        from workbench.tui.screens.dialogs import FilterScreen

        def done(spec: SegmentFilter | None) -> None:
            if spec is not None:
                self.apply_filter(spec)

        self.app.push_screen(FilterScreen(self.filter_spec), done)

    def apply_filter(self, spec: SegmentFilter, *, quiet: bool = False) -> None:
        """Show only the segments ``spec`` keeps; moving follows the filter."""
        try:
            rows = filtered(self.session.segments, spec, self.error_ids)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if spec.active and not rows and not quiet:
            self.notify(f"No segment is {spec.describe()}.", markup=False)
            return
        self.filter_spec = spec
        self.segment_list.show_rows(rows)
        if rows and self.index not in rows and not quiet:
            self.go(rows[0])
        self.status_note = f"showing {len(rows)} of {len(self.session.segments)}"
        self.update_status()

    # --- changing --------------------------------------------------------------------------
    def _writable(self) -> bool:
        if self.session.read_only:
            self.status_note = "read-only: nothing can change"
            self.update_status()
            return False
        return True

    def action_confirm(self) -> None:
        self.touch()
        if not self._writable() or not self.flush():
            return
        errors = [f for f in self.findings(self._stored_or_saved()) if f.severity == "error"]
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
        self._end_visit()
        if nxt is None:
            self.notify("Every segment is confirmed.", markup=False)
            self.load_segment(self.index)
        else:
            self.load_segment(nxt)
        repeated = len(done.propagated) if done is not None else 0
        self.status_note = "saved: confirmed" + (
            f"; {repeated} repetition(s) filled" if repeated else ""
        )
        self.update_status()

    def _session_call(
        self, call: Callable[[str], object], note: str, nothing: str = "nothing changed"
    ) -> None:
        """Run one Session change on the current segment (after saving what is typed);
        ``nothing`` is the status note when the call changed nothing (returned None)."""
        self.touch()
        if not self._writable() or not self.flush():
            return
        try:
            result = call(self.state.id)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if result is None:
            self.status_note = nothing
            self.update_status()
            return
        self.reload_current(note)

    def action_revert(self) -> None:
        self._session_call(self.session.revert, "saved: reverted to MT after glossary")

    def action_undo(self) -> None:
        self._session_call(self.session.undo, "saved: undone", "nothing to undo")

    def action_redo(self) -> None:
        self._session_call(self.session.redo, "saved: redone", "nothing to redo")

    def action_choose_offer(self) -> None:
        """ctrl+g: the only offer at once; several: a numbered list to choose from."""
        self.touch()
        if not self._writable() or not self.flush():
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
        if not self._writable() or not self.flush():
            return
        offers = self.session.offers(self.state.id)
        if not 1 <= number <= len(offers):
            self.status_note = f"no offer {number}" if offers else "no offer to apply"
            self.update_status()
            return
        hit = offers[number - 1]
        self._session_call(
            lambda sid: self.session.apply_offer(sid, hit),
            f"saved: applied '{visible(hit.replacement, one_line=True)}'",
        )

    def action_toggle_diff(self) -> None:
        self.touch()
        self.show_diff = not self.show_diff
        self.query_one("#diff").display = self.show_diff
        self.refresh_panels()

    def action_find_replace(self) -> None:
        self.touch()
        if not self._writable() or not self.flush():
            return
        from workbench.tui.screens.dialogs import FindReplaceScreen

        def done(values: dict[str, Any] | None) -> None:
            if not values:
                return
            try:
                count = self.session.replace_all(
                    values["find"],
                    values["replace"],
                    case_sensitive=values["case_sensitive"],
                    whole_word=values["whole_word"],
                    regex=values["regex"],
                )
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.segment_list.refresh()
            self.reload_current(f"saved: replaced in {count} segment(s)")

        self.app.push_screen(FindReplaceScreen(), done)

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
        selected = self.screen.get_selected_text() or ""
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
        self.touch()
        if not self.flush():
            return
        from workbench.tui.screens.dialogs import ConfirmScreen, ExportScreen

        choices = formats("project", writable=True)
        article = self.session.article_path
        base = article if article is not None else self.session.project_path
        if base.is_relative_to(Path.cwd()):
            base = base.relative_to(Path.cwd())  # shorter to read and to edit

        check = self.confinement.export_path if self.confinement is not None else None

        def done(choice: tuple[str, str] | None) -> None:
            if not choice:
                return
            fmt, out = choice[0], Path(choice[1])
            if check is not None:
                try:
                    out = check(choice[1])
                except WorkbenchError as exc:
                    self._note(f"export refused: {exc}")
                    return
            if not out.exists():
                self.run_export(fmt, out, False)
                return

            def replace(yes: bool | None) -> None:
                if yes:
                    self.run_export(fmt, out, True)
                else:
                    self._note("export cancelled: the file exists")

            self.app.push_screen(ConfirmScreen(f"{out} exists. Replace it?"), replace)

        self.app.push_screen(
            ExportScreen(choices, base.parent, base.stem, self.session.document, check=check),
            done,
        )

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, fmt: str, out: Path, force: bool) -> None:
        self.app.call_from_thread(self._note, f"exporting {fmt} to {out}…")
        try:
            # SQLite connections belong to their thread: the worker reads the project
            # through its own read-only session (WAL lets it read while the editor writes).
            with Session.open_project(
                self.session.project_path, read_only=True, engine=self.session.engine
            ) as reader:
                written = export_project(reader, fmt, out, force=force)
        except WorkbenchError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Export failed", severity="error", markup=False
            )
            self.app.call_from_thread(self._note, f"export failed: {exc}")
            return
        self.app.call_from_thread(self._note, f"exported {fmt}: {written}")

    def _note(self, note: str) -> None:
        self.status_note = note
        self.update_status()

    # --- other screens -------------------------------------------------------------------------
    def action_qa(self) -> None:
        self.touch()
        if not self.flush():
            return
        from workbench.tui.screens.qa import QaScreen

        def done(segment_id: str | None) -> None:
            self.refresh_markers()
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
            self._end_visit()

    async def action_quit(self) -> None:
        if self.flush():
            self._end_visit()
            self.app.exit()
            return
        from workbench.tui.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(
            ConfirmScreen(f"{self.status_note}. Quit and lose this change?"), answer
        )
