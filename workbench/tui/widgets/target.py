"""The editable target pane.

Its keys are the editing keys of :data:`workbench.tui.keymap.EDITING_KEYS` only (the
TextArea's own defaults are not inherited: several of them, such as f6 "select line", took
keys the app uses). It reports every key that edits text through ``on_keystroke`` (the
effort figures count them) and marks where the glossary's automatic fixes are in the text
(:meth:`set_marks`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

from workbench.tui.keymap import editing_bindings

MARK = "workbench.autofix"
THEME = "workbench"


def _theme() -> TextAreaTheme:
    base = TextAreaTheme.get_builtin_theme("css")
    assert base is not None
    return dataclasses.replace(
        base,
        name=THEME,
        syntax_styles={MARK: Style(color="green", underline=True)},
    )


class TargetArea(TextArea, inherit_bindings=False):
    """The editable target. ``on_keystroke`` is called (synchronously, before the key is
    applied) for each key that edits text, so the editor counts the translator's
    keystrokes exactly; ``on_activity`` for every key."""

    BINDINGS: ClassVar[list[BindingType]] = list(editing_bindings())
    EDIT_KEYS: ClassVar[set[str]] = {
        "backspace",
        "delete",
        "enter",
        "tab",
        "ctrl+backspace",
        "ctrl+w",
        "alt+backspace",
        "ctrl+delete",
        "alt+delete",
        "ctrl+x",
        "ctrl+v",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.on_keystroke: Callable[[], None] | None = None
        self._marks: tuple[str, ...] = ()
        self.register_theme(_theme())
        self.theme = THEME

    async def _on_key(self, event: events.Key) -> None:
        edits = event.is_printable or event.key in self.EDIT_KEYS
        if edits and not self.read_only and self.on_keystroke:
            self.on_keystroke()
        await super()._on_key(event)

    # --- keys ------------------------------------------------------------------------------
    def action_cursor_document_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_cursor_document_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)

    # --- marks -----------------------------------------------------------------------------
    def set_marks(self, texts: Sequence[str]) -> None:
        """Underline every occurrence of these texts (the glossary's automatic corrections
        of this segment) while they stay in the target."""
        self._marks = tuple(t for t in texts if t.strip())
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        marks = getattr(self, "_marks", ())
        if not marks:
            return
        for row in range(self.document.line_count):
            line = self.document.get_line(row)
            for start, end in mark_spans(line, marks):
                highlights[row].append((len(line[:start].encode()), len(line[:end].encode()), MARK))


def mark_spans(text: str, marks: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping spans of ``text`` where one of ``marks`` occurs (longest first)."""
    spans: list[tuple[int, int]] = []
    for mark in sorted(set(marks), key=len, reverse=True):
        pos = text.find(mark)
        while pos >= 0:
            end = pos + len(mark)
            if all(end <= s or pos >= e for s, e in spans):
                spans.append((pos, end))
            pos = text.find(mark, end)
    return sorted(spans)
