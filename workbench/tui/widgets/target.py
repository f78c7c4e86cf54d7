"""The editable target pane."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.widgets import TextArea


class TargetArea(TextArea):
    """The editable target. ``on_keystroke`` is called (synchronously, before the key is
    applied) for each key that edits text, so the editor counts the translator's
    keystrokes for the effort figures exactly."""

    EDIT_KEYS: ClassVar[set[str]] = {"backspace", "delete", "enter", "tab"}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.on_keystroke: Callable[[], None] | None = None

    async def _on_key(self, event: events.Key) -> None:
        if (event.is_printable or event.key in self.EDIT_KEYS) and self.on_keystroke:
            self.on_keystroke()
        await super()._on_key(event)
