"""What the TUI tests share: the editor screen of an app, and the text a Static shows."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static, TextArea

from workbench.tui.screens.editor import EditorScreen


def editor(app: App[None]) -> EditorScreen:
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen


def shown(app: App[None], selector: str) -> str:
    """The plain text a Static shows (Textual 8 renders a Content; Rich Text also has .plain),
    or a text area holds (the MT pane)."""
    widget = app.screen.query_one(selector)
    if isinstance(widget, TextArea):
        return widget.text
    assert isinstance(widget, Static)
    content = widget.render()
    return str(getattr(content, "plain", content))
