"""F1: every key of the editor with what it does (after the preset and the user's keymap),
then the target's editing keys, then the keys of the review mode (f8)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui.keymap import EDITING_KEYS, EDITOR_BINDINGS, keymap_path


def key_table(keymap: dict[str, str]) -> Table:
    table = Table(title="Workbench keys", expand=True, show_edge=False)
    table.add_column("key", style="bold cyan", no_wrap=True)
    table.add_column("does")
    for binding in EDITOR_BINDINGS:
        keys = keymap.get(binding.id or "", binding.key)
        table.add_row(keys, binding.tooltip or binding.description)
    table.add_row("ctrl+p", "Command palette: every action by name")
    table.caption = f"Rebind keys in {keymap_path()} (JSON: binding id -> keys)"
    return table


def editing_table() -> Table:
    table = Table(title="Editing the target", expand=True, show_edge=False)
    table.add_column("key", style="bold cyan", no_wrap=True)
    table.add_column("does")
    for key in EDITING_KEYS:
        table.add_row(key.keys.replace(",", ", "), key.description)
    return table


REVIEW_KEYS = (
    ("shift+arrows, ctrl+shift+arrows", "Select the words of an error in your text"),
    (
        "f3",
        "Mark an error on the selection (none: the whole segment): type to filter the"
        " categories and severities, up/down, tab to a comment, enter marks, escape cancels",
    ),
    ("ctrl+d", "Remove the segment's last error"),
    ("ctrl+s", "Accept the segment and go to the next"),
    ("ctrl+r", "Reject the segment and go to the next"),
    ("alt+down, alt+up", "Next, previous segment (your corrections are saved as review edits)"),
)


def review_table(keymap: dict[str, str]) -> Table:
    table = Table(title="Review mode", expand=True, show_edge=False)
    table.add_column("key", style="bold cyan", no_wrap=True)
    table.add_column("does")
    for keys, does in REVIEW_KEYS:
        table.add_row(keys, does)
    table.add_row(keymap.get("review_mode", "f8"), "Back to the editor, on the segment reviewed")
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, app: App[Any]) -> None:
        super().__init__()
        self.keymap = dict(getattr(app, "_keymap", {}))

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(
                Group(key_table(self.keymap), "", editing_table(), "", review_table(self.keymap))
            )

    def action_close(self) -> None:
        self.dismiss(None)
