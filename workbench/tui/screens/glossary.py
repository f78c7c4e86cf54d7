"""The glossary screen: every entry of the loaded glossaries, filtered as you type.

The filter has the keys when the screen opens: typing filters at once; down or enter goes
to the table, ``/`` back to the filter. The columns fit the screen: apply, hits and where
keep their width, the MT and the correction share the rest (long ones are cut).

``e`` edits the highlighted entry (correction, apply mode, note), ``d`` deletes it after a
confirmation; both go through :mod:`workbench.core.glossary_writer`, which validates the new
file with the strict loader before an atomic write, so a conflicting edit is refused with the
loader's message and the file stays as it was. The "hits" column counts where the entry
fires in the current document's MT. The screen dismisses with ``True`` when a glossary
changed, so the editor reloads its engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static

from workbench.core.errors import WorkbenchError
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.load import load_glossaries
from workbench.core.glossary.model import Entry
from workbench.core.glossary.schema import entry_fields
from workbench.core.glossary.writer import delete_entry, replace_entry
from workbench.core.session import Session
from workbench.tui.literal import cell as _cell
from workbench.tui.literal import short_path
from workbench.tui.screens.dialogs import MODAL_CSS, ConfirmScreen, Modal, titled


class EditEntryScreen(Modal):
    """Edits an entry's correction, apply mode and note (its other fields are kept)."""

    DEFAULT_CSS = MODAL_CSS.format(name="EditEntryScreen")

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        e = self.entry
        with Vertical():
            yield Label(Text(f"Edit {' | '.join(e.patterns) or e.correction}"))
            yield titled(Input(e.correction, placeholder="correction", id="correction"))
            yield titled(
                Select(
                    [("auto (pre-applied)", "auto"), ("suggest (offered)", "suggest")],
                    value=e.apply,
                    allow_blank=False,
                    id="apply",
                ),
                "apply",
            )
            yield titled(Input(e.note or "", placeholder="note", id="note"))
            yield Static("", id="error")
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        correction = self.query_one("#correction", Input).value
        if not correction.strip():
            self.show_error("the correction is empty")
            return
        apply = str(self.query_one("#apply", Select).value)
        note = self.query_one("#note", Input).value
        self.dismiss({"correction": correction, "apply": apply, "note": note})

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class GlossaryScreen(Screen[bool]):
    """Lists, filters, edits and deletes glossary entries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("e", "edit", "Edit entry"),
        Binding("d", "delete", "Delete entry"),
        Binding("slash", "focus_filter", "Filter"),
    ]
    DEFAULT_CSS = """
    GlossaryScreen #status { height: 1; color: $text-muted; padding: 0 1; }
    GlossaryScreen #filter { margin: 0; }
    GlossaryScreen DataTable { height: 1fr; }
    """

    def __init__(self, glossary_paths: Sequence[str], session: Session | None = None) -> None:
        super().__init__()
        self.glossary_paths = list(glossary_paths)
        self.session = session
        self.changed = False
        self.entries: list[Entry] = []
        self.shown: list[Entry] = []
        self.hits: Counter[str] = Counter()

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter entries (pattern, correction, source, note)", id="filter")
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._add_columns(self.app.size.width)
        self.reload()
        self.query_one("#filter", Input).focus()

    def _add_columns(self, width: int) -> None:
        table = self.query_one(DataTable)
        fixed = {"apply": 8, "hits": 5, "where": 24}
        padding = 2 * (len(fixed) + 2) + 2  # cell padding and the scrollbar
        rest = max(20, width - sum(fixed.values()) - padding)
        table.add_column("MT / forbidden", width=rest // 2)
        table.add_column("correction", width=rest - rest // 2)
        for name, size in fixed.items():
            table.add_column(name, width=size)

    def on_key(self, event: events.Key) -> None:
        """down in the filter goes to the table."""
        if event.key == "down" and self.focused is self.query_one("#filter", Input):
            event.stop()
            self.query_one(DataTable).focus()

    def reload(self) -> None:
        try:
            gset = load_glossaries(self.glossary_paths) if self.glossary_paths else None
        except WorkbenchError as exc:
            self._status(str(exc))
            self.entries = []
        else:
            self.entries = list(gset.entries) if gset else []
        self.hits = Counter()
        if self.session is not None and self.entries:
            engine = GlossaryEngine(self.entries)
            for seg in self.session.segments:
                self.hits.update(h.entry.key for h in engine.find(seg.mt))
        self.refilter()

    def refilter(self) -> None:
        needle = self.query_one("#filter", Input).value.casefold()
        self.shown = [
            e
            for e in self.entries
            if not needle
            or needle
            in " ".join([*e.patterns, e.correction, e.source or "", e.note or ""]).casefold()
        ]
        table = self.query_one(DataTable)
        table.clear()
        for e in self.shown:
            table.add_row(
                _cell(" | ".join(e.patterns)),
                _cell(e.correction, "bold" if e.kind == "term" else ""),
                _cell(e.apply),
                _cell(str(self.hits.get(e.key, 0))),
                _cell(f"{short_path(e.file)}:{e.line}"),
            )
        if not self.glossary_paths:
            self._status("no glossary loaded (start with --glossary PATH)")
        else:
            self._status(
                f"{len(self.shown)} of {len(self.entries)} entries"
                "  (type to filter; down: the table, e: edit, d: delete, /: the filter)"
            )

    def _status(self, text: str) -> None:
        self.query_one("#status", Static).update(_cell(text))

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def _current(self) -> Entry | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def action_edit(self) -> None:
        entry = self._current()
        if entry is None:
            return

        def save(values: dict[str, str] | None) -> None:
            if values is None:
                return
            fields = entry_fields(entry)  # every field kept: domain, pos, source...
            fields["term" if entry.kind == "term" else "correct"] = values["correction"]
            fields["apply"] = values["apply"]
            fields["note"] = values["note"] or None
            try:
                replace_entry(entry.file, entry.key, fields, layers=self.glossary_paths)
            except WorkbenchError as exc:
                self._status(f"not saved: {exc}")
                return
            self.changed = True
            self.reload()
            self._status(f"saved {entry.key}")

        self.app.push_screen(EditEntryScreen(entry), save)

    def action_delete(self) -> None:
        entry = self._current()
        if entry is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                delete_entry(entry.file, entry.key, layers=self.glossary_paths)
            except WorkbenchError as exc:
                self._status(f"not deleted: {exc}")
                return
            self.changed = True
            self.reload()
            self._status(f"deleted {entry.key}")

        label = " | ".join(entry.patterns) or entry.correction
        self.app.push_screen(ConfirmScreen(f"Delete '{label}' -> '{entry.correction}'?"), answer)

    def action_close(self) -> None:
        self.dismiss(self.changed)
