"""F1: every key of the editor with what it does (after the user's keymap)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui.keymap import EDITOR_BINDINGS, keymap_path


def key_table(keymap: dict[str, str]) -> Table:
    table = Table(title="Workbench keys", expand=True)
    table.add_column("key", style="bold cyan", no_wrap=True)
    table.add_column("does")
    for binding in EDITOR_BINDINGS:
        keys = keymap.get(binding.id or "", binding.key)
        table.add_row(keys, binding.tooltip or binding.description)
    table.add_row("ctrl+p", "Command palette: every action by name")
    table.caption = f"Rebind keys in {keymap_path()} (JSON: binding id -> keys)"
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; height: 80%; border: round $accent;
        background: $surface; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, app: App[Any]) -> None:
        super().__init__()
        self.keymap = dict(getattr(app, "_keymap", {}))

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(key_table(self.keymap))

    def action_close(self) -> None:
        self.dismiss(None)
