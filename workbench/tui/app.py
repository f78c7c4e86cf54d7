"""The post-editing UI: a thin Textual layer over :class:`workbench.core.session.Session`.

Layout: the segment list (line API, virtualised) on the left; on the right the raw MT
(read-only, glossary hits highlighted: auto fixes green, suggestions yellow, near misses
magenta) beside the editable target; under them the offers, QA findings and (ctrl+d) the
word diff MT -> target; a status line with progress, document HTER and where the project
is saved.

Nothing typed is lost: each change of the target is saved through the Session (one SQLite
transaction) 0.5 s after the last keystroke, and at once on navigation, confirm, undo and
quit; the status line says "saved" only after the commit returned.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from workbench.core.edits import diff_chunks
from workbench.core.errors import WorkbenchError
from workbench.core.glossary_engine import GlossaryEngine, Hit
from workbench.core.metrics import ActiveTimer
from workbench.core.session import SegmentState, Session
from workbench.tui.keymap import DESCRIPTIONS, EDITOR_BINDINGS, load_user_keymap
from workbench.tui.literal import has_controls, safe
from workbench.tui.widgets.segment_list import SegmentList

SAVE_DELAY = 0.5
PANEL_DELAY = 0.15
HIT_STYLES = {"auto": "black on green", "suggest": "black on yellow", "near": "black on magenta"}


def highlighted(text: str, hits: Iterable[Hit]) -> Text:
    """``text`` shown literally, with glossary hits styled by kind."""
    out = Text()
    pos = 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < pos:
            continue
        out.append(safe(text[pos : hit.start]))
        out.append(safe(text[hit.start : hit.end]), HIT_STYLES.get(hit.kind, "reverse"))
        pos = hit.end
    out.append(safe(text[pos:]))
    return out


def word_diff(before: str, after: str) -> Text:
    """A word diff: each changed stretch shows the removed words (red, struck through)
    followed by the words that replaced them (green)."""
    out = Text()
    for chunk in diff_chunks(before, after):
        if chunk.equal:
            out.append(safe(chunk.removed) + " ")
            continue
        if chunk.removed:
            out.append(safe(chunk.removed), "red strike")
            out.append(" ")
        if chunk.added:
            out.append(safe(chunk.added), "bold green")
            out.append(" ")
    return out


class TargetArea(TextArea):
    """The editable target; counts the translator's keystrokes for the effort figures."""

    EDIT_KEYS: ClassVar[set[str]] = {"backspace", "delete", "enter", "tab"}

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable or event.key in self.EDIT_KEYS:
            screen = self.screen
            if isinstance(screen, EditorScreen):
                screen.count_keystroke()
        await super()._on_key(event)


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

    # --- layout ---------------------------------------------------------------------------
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
        self.query_one("#target").border_title = "Target"
        self.query_one("#diff").display = False
        self.load_segment(self.index)
        # Document-wide figures and QA markers are background work: start them once the
        # editor is on screen and interactive, not before.
        self.set_timer(0.3, self.refresh_hter)
        self.set_timer(0.6, self.refresh_markers)

    def refresh_markers(self) -> None:
        """QA markers for every segment: the project is read here, the checks run in a
        worker thread, the list is updated when they are done."""
        try:
            from workbench.qa.runner import session_segments
        except ImportError:  # pragma: no cover
            return
        self._markers_worker(
            session_segments(self.session), self.session.engine, self.session.ignored_findings()
        )

    @work(thread=True, exclusive=True, group="markers")
    def _markers_worker(self, segments: Any, engine: GlossaryEngine, ignored: Any) -> None:
        from workbench.qa.runner import run_checks

        try:
            findings = run_checks(segments, engine, ignored=ignored)
        except Exception:  # QA trouble must never take the editor down
            return
        flags: dict[str, str] = {}
        for f in findings:
            if f.ignored:
                continue
            if f.severity == "error":
                flags[f.segment_id] = "!"
            elif f.severity == "warning":
                flags.setdefault(f.segment_id, "?")
        self.app.call_from_thread(self._set_markers, flags)

    def _set_markers(self, flags: dict[str, str]) -> None:
        seg_list = self.query_one(SegmentList)
        current = seg_list.flags.get(self.state.id)
        seg_list.flags = flags
        if current is None:
            flags.pop(self.state.id, None)
        else:
            flags[self.state.id] = current
        seg_list.refresh()

    # --- helpers --------------------------------------------------------------------------
    @property
    def target(self) -> TextArea:
        return self.query_one("#target", TextArea)

    @property
    def state(self) -> SegmentState:
        return self.session.segments[self.index]

    def load_segment(self, index: int) -> None:
        self.index = max(0, min(index, len(self.session.segments) - 1))
        self.session.set_current(self.index)
        state = self.state
        self._loading = True
        text = safe(state.target) if has_controls(state.target) else state.target
        self.target.load_text(text)
        self.target.move_cursor(self.target.document.end)
        self.saved_text = state.target
        self._loading = False
        self.keystrokes = 0
        self.timer = ActiveTimer()
        seg_list = self.query_one(SegmentList)
        seg_list.move_to(self.index)
        self.query_one("#mt", Static).update(highlighted(state.mt, self.session.mt_hits(state.id)))
        self.query_one("#target").border_title = f"Target {state.id} ({state.status})"
        self.refresh_panels()
        self.target.focus()

    def refresh_panels(self) -> None:
        text = self.target.text
        state = self.state
        offers = self.session.engine.offers(text)
        lines = Text()
        if not offers:
            lines.append("No glossary offers in the target.", "dim")
        for n, hit in enumerate(offers, start=1):
            label = {
                "auto": "MT error",
                "suggest": "suggestion",
                "near": f"near miss {hit.score:.0f}",
            }
            lines.append(f"{n}. {label.get(hit.kind, hit.kind)}: ", "bold")
            lines.append(safe(hit.matched, one_line=True))
            lines.append(" -> ")
            lines.append(safe(hit.replacement, one_line=True), "green")
            if hit.entry.note:
                lines.append(f"  ({safe(hit.entry.note, one_line=True)})", "dim")
            lines.append("\n")
        if offers:
            lines.append("ctrl+g applies the first offer", "dim")
        self.query_one("#offers", Static).update(lines)
        findings = self.findings(text)
        f_text = Text()
        for f in findings:
            style = {"error": "bold red", "warning": "yellow"}.get(f.severity, "cyan")
            f_text.append(f"{f.severity}: ", style)
            f_text.append(safe(f.message, one_line=True) + "\n")
        self.query_one("#findings", Static).update(f_text)
        flags = self.query_one(SegmentList).flags
        if any(f.severity == "error" for f in findings):
            flags[state.id] = "!"
        elif findings:
            flags[state.id] = "?"
        else:
            flags.pop(state.id, None)
        if self.show_diff:
            self.query_one("#diff", Static).update(
                Text("Diff MT -> target: ", "bold") + word_diff(state.mt, text)
            )
        self.update_status()

    def findings(self, text: str) -> list[Any]:
        try:
            from workbench.qa.runner import qa_segment, run_checks
        except ImportError:  # pragma: no cover - QA is part of the package
            return []
        try:
            found = run_checks(
                [qa_segment(self.state, target=text)],
                self.session.engine,
                ignored=self.session.ignored_findings(),
            )
        except Exception:  # a QA bug must never take the editor down
            return []
        return [f for f in found if not f.ignored]

    def update_status(self) -> None:
        segs = self.session.segments
        done = sum(1 for s in segs if s.status == "confirmed")
        project = self.session.project_path.name
        text = Text()
        text.append(f"{self.state.id} ", "bold")
        text.append(f"{done}/{len(segs)} confirmed ({100 * done // max(1, len(segs))}%)  ")
        if self.hter_text:
            text.append(self.hter_text + "  ")
        text.append(self.status_note, "green" if self.status_note.startswith("saved") else "")
        text.append(f"  project: {project}", "dim")
        self.query_one("#status", Static).update(text)

    def refresh_hter(self) -> None:
        """Recompute document HTER in a worker (the database is read here, on the UI
        thread; only the TER computation runs in the thread)."""
        self._hter_worker(self.session.effort())

    @work(thread=True, exclusive=True, group="hter")
    def _hter_worker(self, effort: dict[str, tuple[int, int]]) -> None:
        figures = self.session.figures(effort)
        self.app.call_from_thread(self._show_hter, figures.hter, figures.hter_pre)

    def _show_hter(self, hter: float, hter_pre: float) -> None:
        self.hter_text = f"HTER {hter:.3f} (after glossary {hter_pre:.3f})"
        self.update_status()

    # --- saving ---------------------------------------------------------------------------
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
        self.query_one(SegmentList).refresh()
        self.query_one("#target").border_title = f"Target {self.state.id} ({self.state.status})"
        self.update_status()
        self.refresh_hter()
        return True

    def reload_current(self, note: str) -> None:
        self.load_segment(self.index)
        self.status_note = note
        self.query_one(SegmentList).refresh()
        self.update_status()
        self.refresh_hter()

    # --- actions --------------------------------------------------------------------------
    def go(self, index: int) -> None:
        if not self.flush():
            return
        self.load_segment(index)

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
        self.status_note = f"saved: {self.state.id} confirmed"
        self.query_one(SegmentList).refresh()
        self.refresh_hter()
        nxt = self.next_unconfirmed_index()
        if nxt is None:
            self.notify("Every segment is confirmed.", markup=False)
            self.load_segment(self.index)
        else:
            self.load_segment(nxt)
        self.status_note = "saved: confirmed"
        self.update_status()

    def action_revert(self) -> None:
        if not self.flush():
            return
        self._session_call(self.session.revert, "saved: reverted to MT after glossary")

    def action_undo(self) -> None:
        if not self.flush():
            return
        if self.session.undo(self.state.id) is None:
            self.status_note = "nothing to undo"
            self.update_status()
            return
        self.reload_current("saved: undone")

    def action_redo(self) -> None:
        if not self.flush():
            return
        if self.session.redo(self.state.id) is None:
            self.status_note = "nothing to redo"
            self.update_status()
            return
        self.reload_current("saved: redone")

    def _session_call(self, call: Any, note: str) -> None:
        try:
            call(self.state.id)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reload_current(note)

    def action_apply_offer(self) -> None:
        if not self.flush():
            return
        offers = self.session.offers(self.state.id)
        if not offers:
            self.status_note = "no offer to apply"
            self.update_status()
            return
        hit = offers[0]
        try:
            self.session.apply_offer(self.state.id, hit)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reload_current(f"saved: applied '{safe(hit.replacement, one_line=True)}'")

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
            self.reload_current(f"saved: replaced in {count} segment(s)")

        self.app.push_screen(FindReplaceScreen(), done)

    def action_add_term(self) -> None:
        from workbench.core.glossary_loader import glossary_files, load_glossaries
        from workbench.core.glossary_writer import append_entry
        from workbench.tui.screens.dialogs import AddTermScreen

        paths = list(self.session.glossary_paths)
        files = [f for f in glossary_files(paths)] if paths else []
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
                append_entry(
                    target_file,
                    values["mt"],
                    values["correct"],
                    apply=values["apply"],
                    note=values["note"],
                    layers=paths,
                )
                self.session.engine = GlossaryEngine(load_glossaries(paths).entries)
            except WorkbenchError as exc:
                self.notify(str(exc), title="Entry refused", severity="error", markup=False)
                return
            self.reload_current(f"added '{safe(values['mt'], one_line=True)}' to the glossary")

        self.app.push_screen(AddTermScreen(selected.strip(), str(target_file)), done)

    def action_export(self) -> None:
        if not self.flush():
            return
        from workbench.tui.screens.dialogs import ExportScreen

        formats = export_formats()
        article = self.session.article_path
        base = article if article is not None else self.session.project_path
        default = base.with_name(f"{base.stem}.corrected{base.suffix or '.txt'}")
        try:
            from workbench.formats.exporters import EXPORT_FORMATS

            extensions = {name: f.extension for name, f in EXPORT_FORMATS.items()}
        except ImportError:  # pragma: no cover
            extensions = {}

        def done(choice: tuple[str, str] | None) -> None:
            if choice:
                self.run_export(choice[0], Path(choice[1]))

        self.app.push_screen(ExportScreen(formats, str(default), extensions), done)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, fmt: str, out: Path) -> None:
        self.app.call_from_thread(self._note, f"exporting {fmt} to {out.name}…")
        try:
            # SQLite connections belong to their thread: the worker reads the project
            # through its own read-only session (WAL lets it read while the editor writes).
            with Session.open_project(self.session.project_path, read_only=True) as reader:
                reader.engine = self.session.engine
                written = export(reader, fmt, out)
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
                index = next(
                    (s.index for s in self.session.segments if s.id == segment_id), self.index
                )
                self.load_segment(index)

        self.app.push_screen(QaScreen(self.session), done)

    def action_glossary(self) -> None:
        if not self.flush():
            return
        from workbench.core.glossary_loader import load_glossaries
        from workbench.tui.screens.glossary import GlossaryScreen

        paths = list(self.session.glossary_paths)

        def done(changed: bool | None) -> None:
            if changed:
                try:
                    self.session.engine = GlossaryEngine(load_glossaries(paths).entries)
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


def export_formats() -> list[tuple[str, str]]:
    """(name, description) of the export formats available."""
    try:
        from workbench.formats.exporters import EXPORT_FORMATS
    except ImportError:
        return [("txt", "Corrected article (original layout)")]
    return [(name, fmt.description) for name, fmt in EXPORT_FORMATS.items()]


def export(session: Session, fmt: str, out: Path) -> Path:
    try:
        from workbench.formats.exporters import export_session
    except ImportError:
        from workbench.core.textio import atomic_write

        protect = [session.project_path]
        if session.article_path is not None:
            protect.append(session.article_path)
        return atomic_write(out, session.encode_target(), protect=protect)
    written: Path = export_session(session, fmt, out)
    return written


class WorkbenchApp(App[None]):
    """``workbench edit``: opens on a Session (or asks for a file when given none)."""

    CSS_PATH = "app.tcss"
    TITLE = "Workbench"

    def __init__(self, session: Session | None = None, **open_args: Any) -> None:
        super().__init__()
        self.session = session
        self.open_args = open_args

    def on_mount(self) -> None:
        keymap, warning = load_user_keymap()
        if keymap:
            self.set_keymap(keymap)
        if warning:
            self.notify(warning, severity="warning", markup=False)
        if self.session is not None:
            self.push_screen(EditorScreen(self.session))
        else:
            from workbench.tui.screens.dialogs import OpenFileScreen

            self.push_screen(OpenFileScreen(), self._open)

    def _open(self, path: Path | None) -> None:
        if path is None:
            self.exit()
            return
        try:
            self.session = Session.open(path, **self.open_args)
        except WorkbenchError as exc:
            from workbench.tui.screens.dialogs import OpenFileScreen

            self.notify(str(exc), severity="error", markup=False)
            self.push_screen(OpenFileScreen(), self._open)
            return
        self.push_screen(EditorScreen(self.session))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, EditorScreen):
            for binding in EDITOR_BINDINGS:
                action = binding.action
                yield SystemCommand(
                    f"{binding.description} ({binding.key})",
                    DESCRIPTIONS.get(binding.id or "", binding.description),
                    lambda action=action, screen=screen: screen.run_action(action),
                )

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()


__all__ = ["Binding", "EditorScreen", "WorkbenchApp"]
