"""The editable target pane.

Its keys are the editing keys of :data:`workbench.tui.keymap.EDITING_KEYS` only (the
TextArea's own defaults are not inherited: several of them, such as f6 "select line", took
keys the app uses). It reports every key that edits text through ``on_keystroke`` (the
effort figures count them), marks where the glossary's automatic fixes are in the text
(:meth:`TargetArea.set_marks`) and keeps inline-code tokens (``⟨1⟩``,
``⟨x:INTERPOLATION⟩``) whole (:meth:`TargetArea.set_tokens`): an edit that touches a token
takes the whole token (backspace after it deletes it, typing inside it types after it, a
selection that cuts into it covers it), so a tag can be deleted or moved (cut and pasted)
as a whole but never broken.

Line breaks: where the segment may have them (:attr:`TargetArea.allow_breaks`, the source or
the MT has one) each is shown as a dim ``¶`` at the end of its line; where it may not, enter
inserts nothing and calls ``on_enter`` instead (the editor confirms or says why), and a
pasted line break becomes a space.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.widgets import TextArea
from textual.widgets.text_area import Document, EditResult, Location, Selection, TextAreaTheme

from workbench.tui.keymap import editing_bindings

MARK = "workbench.autofix"
TAG = "workbench.tag"
MISSPELT = "workbench.misspelt"
THEME = "workbench"
DELETE_LEFT = {"backspace", "ctrl+backspace", "ctrl+w", "alt+backspace"}
DELETE_RIGHT = {"delete", "ctrl+delete", "alt+delete"}
PILCROW = "¶"
_BREAK = re.compile(r"[ \t]*(?:\r\n|[\n\r\u2028\u2029])[ \t]*")
PILCROW_STYLE = Style(color="grey50")


def _theme() -> TextAreaTheme:
    base = TextAreaTheme.get_builtin_theme("css")
    assert base is not None
    return dataclasses.replace(
        base,
        name=THEME,
        syntax_styles={
            MARK: Style(color="green", underline=True),
            TAG: Style(color="magenta", bold=True),
            MISSPELT: Style(color="red", underline=True),
        },
    )


class TargetArea(TextArea, inherit_bindings=False):
    """The editable target. ``on_keystroke`` is called (synchronously, before the key is
    applied) for each key that edits text, so the editor counts the translator's
    keystrokes exactly."""

    BINDINGS: ClassVar[list[BindingType]] = list(editing_bindings())
    EDIT_KEYS: ClassVar[set[str]] = {
        "enter",
        "tab",
        "ctrl+x",
        "ctrl+v",
        *DELETE_LEFT,
        *DELETE_RIGHT,
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.on_keystroke: Callable[[], None] | None = None
        self._marks: tuple[str, ...] = ()
        self._tokens: tuple[str, ...] = ()
        self._misspelt: tuple[tuple[int, int, str], ...] = ()
        self.allow_breaks = True
        self.on_enter: Callable[[], None] | None = None
        self.register_theme(_theme())
        self.theme = THEME

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.allow_breaks:
            event.stop()
            event.prevent_default()
            if self.on_enter:
                self.on_enter()
            return
        edits = event.is_printable or event.key in self.EDIT_KEYS
        if edits and not self.read_only:
            self._keep_tokens_whole(event.key)
            if self.on_keystroke:
                self.on_keystroke()
        await super()._on_key(event)

    async def _on_paste(self, event: events.Paste) -> None:
        """The terminal's paste (not a key): one keystroke, as ctrl+v is. (Textual then
        calls the TextArea's own handler, which inserts the text.)"""
        if not self.read_only and event.text and self.on_keystroke:
            self.on_keystroke()

    def _replace_via_keyboard(
        self, insert: str, start: Location, end: Location
    ) -> EditResult | None:
        """Typing and pasting (ctrl+v, the terminal's paste) go through here: in a segment
        without line breaks a pasted break becomes a space, as enter adds none."""
        if not self.allow_breaks and _BREAK.search(insert):
            insert = _BREAK.sub(" ", insert)
        return super()._replace_via_keyboard(insert, start, end)

    # --- keys ------------------------------------------------------------------------------
    def action_cursor_document_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_cursor_document_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)

    def get_line(self, line_index: int) -> Text:
        """A line as drawn: a line followed by a break ends in a dim pilcrow."""
        line = super().get_line(line_index)
        if line_index < self.document.line_count - 1:
            line.append(PILCROW, PILCROW_STYLE)
        return line

    # --- marks and tokens -------------------------------------------------------------------
    def set_marks(self, texts: Sequence[str]) -> None:
        """Underline every occurrence of these texts (the glossary's automatic corrections
        of this segment) while they stay in the target."""
        self._marks = tuple(t for t in texts if t.strip())
        self._build_highlight_map()
        self.refresh()

    def set_tokens(self, tokens: Sequence[str]) -> None:
        """The tag tokens of this segment: kept whole, shown in their own style."""
        self._tokens = tuple(tokens)
        self._build_highlight_map()
        self.refresh()

    def set_misspelt(self, spans: Sequence[tuple[int, int, str]]) -> None:
        """Mark misspelt words: ``(start, end, word)`` index the text as it was checked; a
        span whose text has changed since is not drawn (the next check marks it again)."""
        self._misspelt = tuple(spans)
        self._build_highlight_map()
        self.refresh()

    @property
    def misspelt(self) -> tuple[tuple[int, int, str], ...]:
        """The misspelt words marked now, those still in the text as checked."""
        text = self.text
        return tuple(s for s in self._misspelt if text[s[0] : s[1]] == s[2])

    def _keep_tokens_whole(self, key: str) -> None:
        spans = token_spans(self.text, self._tokens)
        if not spans:
            return
        doc = self.document
        assert isinstance(doc, Document)  # a plain-text TextArea holds a Document
        a = doc.get_index_from_location(self.selection.start)
        b = doc.get_index_from_location(self.selection.end)
        start, end = whole_tokens(spans, min(a, b), max(a, b), key)
        if (start, end) != (min(a, b), max(a, b)):
            self.selection = Selection(
                doc.get_location_from_index(start), doc.get_location_from_index(end)
            )

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        marks = getattr(self, "_marks", ())
        tokens = getattr(self, "_tokens", ())
        misspelt = getattr(self, "_misspelt", ())
        if not marks and not tokens and not misspelt:
            return
        if misspelt:
            self._highlight_misspelt(misspelt)
        for row in range(self.document.line_count):
            line = self.document.get_line(row)
            for name, spans in ((MARK, mark_spans(line, marks)), (TAG, token_spans(line, tokens))):
                for start, end in spans:
                    highlights[row].append(
                        (len(line[:start].encode()), len(line[:end].encode()), name)
                    )

    def _highlight_misspelt(self, spans: Sequence[tuple[int, int, str]]) -> None:
        doc = self.document
        assert isinstance(doc, Document)
        text = self.text
        for start, end, word in spans:
            if end > len(text) or text[start:end] != word:
                continue  # the text changed since it was checked
            row, col = doc.get_location_from_index(start)
            end_row, end_col = doc.get_location_from_index(end)
            if end_row != row:
                continue
            line = doc.get_line(row)
            self._highlights[row].append(
                (len(line[:col].encode()), len(line[:end_col].encode()), MISSPELT)
            )


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


def token_spans(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Where whole tag tokens are in ``text``."""
    if not tokens:
        return []
    pattern = "|".join(re.escape(t) for t in sorted(set(tokens), key=len, reverse=True))
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def whole_tokens(
    spans: Sequence[tuple[int, int]], start: int, end: int, key: str
) -> tuple[int, int]:
    """The selection an editing ``key`` must act on so that no token is broken: a selection
    cutting into a token covers it; with no selection, deleting left right after a token or
    right before one selects it, and a cursor inside a token moves after it (typing) or
    selects it (deleting)."""
    if start != end:
        for s, e in spans:
            if s < end and start < e:
                start, end = min(start, s), max(end, e)
        return start, end
    left, right = key in DELETE_LEFT, key in DELETE_RIGHT
    for s, e in spans:
        if s < start < e:
            return (s, e) if left or right else (e, e)
        if (left and start == e) or (right and start == s):
            return s, e
    return start, start
