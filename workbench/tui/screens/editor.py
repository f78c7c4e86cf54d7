"""The editor screen: a thin Textual layer over :class:`workbench.core.session.Session`.

Layout: the segment list (line API, virtualised) on the left; on the right the raw MT
(read-only, glossary hits highlighted: auto fixes green, suggestions yellow, near misses
magenta) beside the editable target; under them the offers, QA findings and (ctrl+d) the
word diff MT -> target; a status line with progress, document HTER and where the project
is saved. What the panels show is computed by :mod:`workbench.tui.render`.

Nothing typed is lost: each change of the target is saved through the Session (one SQLite
transaction) 0.5 s after the last keystroke, and at once on navigation, confirm, undo and
quit; the status line says "saved" only after the commit returned.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from workbench.core.errors import WorkbenchError
from workbench.core.findings import Finding
from workbench.core.glossary.load import engine_for, glossary_files
from workbench.core.metrics import ActiveTimer
from workbench.core.session import Session
from workbench.core.store import Effort, SegmentState
from workbench.core.visible import has_controls, visible
from workbench.formats.registry import formats
from workbench.qa.runner import QaRun, project_run, run
from workbench.tui import render
from workbench.tui.keymap import EDITOR_BINDINGS
from workbench.tui.widgets.segment_list import SegmentList
from workbench.tui.widgets.target import TargetArea
from workbench.workspace import export_project

SAVE_DELAY = 0.5
PANEL_DELAY = 0.15


class EditorScreen(Screen[None]):
    """The main screen: segment list, MT, target, panels, status line."""

    BINDINGS: ClassVar[list[BindingType]] = list(EDITOR_BINDINGS)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.index = session.current
        self.keystrokes = 0
        self.timer = ActiveTimer()
        self._save_timer: Timer | None = None
        self._panel_timer: Timer | None = None
        self._loading = False
        self.saved_text = ""
        self.show_diff = False
        self.status_note = "opened"
        self.hter_text = ""

    # --- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield SegmentList(self.session.segments, id="segments")
        with Vertical(id="main"):
            with Horizontal(id="panes"):
                with VerticalScroll(id="mt-pane"):
                    yield Static(id="mt")
                yield TargetArea(id="target", soft_wrap=True, show_line_numbers=False)
            with VerticalScroll(id="panels"):
                yield Static(id="offers")
                yield Static(id="findings")
                yield Static(id="diff")
            yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mt-pane").border_title = "MT (read-only)"
        self.target.on_keystroke = self.count_keystroke
        self.query_one("#diff").display = False
        self.load_segment(self.index)
        # Document-wide figures and QA markers are background work: start them once the
        # editor is on screen and interactive, not before.
        self.set_timer(0.3, self.refresh_hter)
        self.set_timer(0.6, self.refresh_markers)

    @property
    def target(self) -> TargetArea:
        return self.query_one("#target", TargetArea)

    @property
    def segment_list(self) -> SegmentList:
        return self.query_one(SegmentList)

    @property
    def state(self) -> SegmentState:
        return self.session.segments[self.index]

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
        self.app.call_from_thread(self.segment_list.set_flags, flags, keep=self.state.id)

    def findings(self, text: str) -> list[Finding]:
        """The open findings of the current segment with ``text`` as its target."""
        state = self.state
        try:
            found = run(project_run(self.session, only=[state.id], texts={state.id: text}))
        except Exception:  # a QA bug must never take the editor down
            return []
        return [f for f in found if not f.ignored]

    # --- showing a segment ---------------------------------------------------------------------
    def load_segment(self, index: int) -> None:
        self.index = max(0, min(index, len(self.session.segments) - 1))
        self.session.set_current(self.index)
        state = self.state
        self._loading = True
        text = visible(state.target) if has_controls(state.target) else state.target
        self.target.load_text(text)
        self.target.move_cursor(self.target.document.end)
        self.saved_text = state.target
        self._loading = False
        self.keystrokes = 0
        self.timer = ActiveTimer()
        self.segment_list.cursor = self.index
        self.query_one("#mt", Static).update(
            render.highlighted(state.mt, self.session.mt_hits(state.id))
        )
        self._title_target()
        self.refresh_panels()
        self.target.focus()

    def _title_target(self) -> None:
        self.target.border_title = f"Target {self.state.id} ({self.state.status})"

    def refresh_panels(self) -> None:
        text = self.target.text
        state = self.state
        self.query_one("#offers", Static).update(
            render.offers_text(self.session.engine.offers(text))
        )
        findings = self.findings(text)
        self.query_one("#findings", Static).update(render.findings_text(findings))
        self.segment_list.set_flag(state.id, render.marker(findings))
        if self.show_diff:
            self.query_one("#diff", Static).update(
                Text("Diff MT -> target: ", "bold") + render.word_diff(state.mt, text)
            )
        self.update_status()

    def update_status(self) -> None:
        segs = self.session.segments
        done = sum(1 for s in segs if s.status == "confirmed")
        self.query_one("#status", Static).update(
            render.status_text(
                self.state.id,
                done,
                len(segs),
                self.hter_text,
                self.status_note,
                self.session.project_path.name,
            )
        )

    def refresh_hter(self) -> None:
        """Recompute document HTER in a worker (the database is read here, on the UI
        thread; only the TER computation runs in the thread)."""
        self._hter_worker(self.session.effort())

    @work(thread=True, exclusive=True, group="hter")
    def _hter_worker(self, effort: dict[str, Effort]) -> None:
        figures = self.session.figures(effort)
        self.app.call_from_thread(self._show_hter, figures.hter, figures.hter_pre)

    def _show_hter(self, hter: float, hter_pre: float) -> None:
        self.hter_text = f"HTER {hter:.3f} (after glossary {hter_pre:.3f})"
        self.update_status()

    # --- saving ----------------------------------------------------------------------------
    def count_keystroke(self) -> None:
        self.keystrokes += 1
        self.timer.tick(time.monotonic())

    @on(TextArea.Changed, "#target")
    def _changed(self) -> None:
        if self._loading or (self.target.text == self.saved_text and self.keystrokes == 0):
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
        text = self.target.text
        if text == self.saved_text and self.keystrokes == 0:
            return True
        try:
            self.session.set_target(
                self.state.id, text, keystrokes=self.keystrokes, active_ms=self.timer.take()
            )
        except WorkbenchError as exc:
            self.status_note = f"NOT SAVED: {exc}"
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            self.update_status()
            return False
        self.keystrokes = 0
        self.saved_text = text
        self.status_note = "saved"
        self.segment_list.refresh_segment(self.state.id)
        self._title_target()
        self.update_status()
        self.refresh_hter()
        return True

    def reload_current(self, note: str) -> None:
        self.load_segment(self.index)
        self.status_note = note
        self.segment_list.refresh_segment(self.state.id)
        self.update_status()
        self.refresh_hter()

    # --- actions ---------------------------------------------------------------------------
    def go(self, index: int) -> None:
        if not self.flush():
            return
        self.load_segment(index)

    @on(SegmentList.Selected)
    def _selected(self, event: SegmentList.Selected) -> None:
        self.go(event.index)

    def action_next(self) -> None:
        self.go(self.index + 1)

    def action_previous(self) -> None:
        self.go(self.index - 1)

    def next_unconfirmed_index(self) -> int | None:
        segs = self.session.segments
        for offset in range(1, len(segs) + 1):
            i = (self.index + offset) % len(segs)
            if segs[i].status != "confirmed":
                return i
        return None

    def action_next_unconfirmed(self) -> None:
        i = self.next_unconfirmed_index()
        if i is not None:
            self.go(i)

    def action_confirm(self) -> None:
        if not self.flush():
            return
        errors = [f for f in self.findings(self.target.text) if f.severity == "error"]
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
            self.session.confirm(self.state.id)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.segment_list.refresh_segment(self.state.id)
        self.refresh_hter()
        nxt = self.next_unconfirmed_index()
        if nxt is None:
            self.notify("Every segment is confirmed.", markup=False)
            self.load_segment(self.index)
        else:
            self.load_segment(nxt)
        self.status_note = "saved: confirmed"
        self.update_status()

    def _session_call(
        self, call: Callable[[str], object], note: str, nothing: str = "nothing changed"
    ) -> None:
        """Run one Session change on the current segment (after saving what is typed);
        ``nothing`` is the status note when the call changed nothing (returned None)."""
        if not self.flush():
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

    def action_apply_offer(self) -> None:
        if not self.flush():
            return
        offers = self.session.offers(self.state.id)
        if not offers:
            self.status_note = "no offer to apply"
            self.update_status()
            return
        hit = offers[0]
        self._session_call(
            lambda sid: self.session.apply_offer(sid, hit),
            f"saved: applied '{visible(hit.replacement, one_line=True)}'",
        )

    def action_toggle_diff(self) -> None:
        self.show_diff = not self.show_diff
        self.query_one("#diff").display = self.show_diff
        self.refresh_panels()

    def action_find_replace(self) -> None:
        if not self.flush():
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
        from workbench.core.glossary.writer import append_entry
        from workbench.tui.screens.dialogs import AddTermScreen

        paths = list(self.session.glossary_paths)
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
                self.session.engine = engine_for(paths)
            except WorkbenchError as exc:
                self.notify(str(exc), title="Entry refused", severity="error", markup=False)
                return
            self.reload_current(f"added '{visible(values['mt'], one_line=True)}' to the glossary")

        self.app.push_screen(AddTermScreen(selected.strip(), str(target_file)), done)

    def action_export(self) -> None:
        if not self.flush():
            return
        from workbench.tui.screens.dialogs import ExportScreen

        choices = formats("project", writable=True)
        article = self.session.article_path
        base = article if article is not None else self.session.project_path
        folder, stem = base.parent, base.stem

        def done(choice: tuple[str, str] | None) -> None:
            if choice:
                self.run_export(choice[0], Path(choice[1]))

        self.app.push_screen(ExportScreen(choices, folder, stem), done)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, fmt: str, out: Path) -> None:
        self.app.call_from_thread(self._note, f"exporting {fmt} to {out.name}…")
        try:
            # SQLite connections belong to their thread: the worker reads the project
            # through its own read-only session (WAL lets it read while the editor writes).
            with Session.open_project(
                self.session.project_path, read_only=True, engine=self.session.engine
            ) as reader:
                written = export_project(reader, fmt, out)
        except WorkbenchError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Export failed", severity="error", markup=False
            )
            self.app.call_from_thread(self._note, "export failed")
            return
        self.app.call_from_thread(self._note, f"exported {written}")

    def _note(self, note: str) -> None:
        self.status_note = note
        self.update_status()

    def action_qa(self) -> None:
        if not self.flush():
            return
        from workbench.tui.screens.qa import QaScreen

        def done(segment_id: str | None) -> None:
            self.refresh_markers()
            if segment_id:
                self.load_segment(self.session.segment(segment_id).index)

        self.app.push_screen(QaScreen(self.session), done)

    def action_glossary(self) -> None:
        if not self.flush():
            return
        from workbench.tui.screens.glossary import GlossaryScreen

        paths = list(self.session.glossary_paths)

        def done(changed: bool | None) -> None:
            if changed:
                try:
                    self.session.engine = engine_for(paths)
                except WorkbenchError as exc:
                    self.notify(str(exc), severity="error", markup=False)
                self.reload_current("glossary reloaded")

        self.app.push_screen(GlossaryScreen(paths, self.session), done)

    def action_help(self) -> None:
        from workbench.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app))

    async def action_quit(self) -> None:
        self.flush()
        self.app.exit()
