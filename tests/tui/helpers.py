"""What the TUI tests share: the editor screen of an app, and the text a Static shows."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static

from workbench.tui.screens.editor import EditorScreen


def editor(app: App[None]) -> EditorScreen:
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen


def shown(app: App[None], selector: str) -> str:
    """The plain text a Static shows (Textual 8 renders a Content; Rich Text also has .plain)."""
    content = app.screen.query_one(selector, Static).render()
    return str(getattr(content, "plain", content))
