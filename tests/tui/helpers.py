"""What the TUI tests share: the editor screen of an app, and the text a Static shows."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot
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


async def until(pilot: Pilot[None], what: Callable[[], bool], seconds: float = 5.0) -> None:
    """Let the app run until ``what`` holds (for work behind a timer or a worker, which a
    loaded machine may delay past any fixed pause); fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not what():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s")
        await pilot.pause(0.05)
