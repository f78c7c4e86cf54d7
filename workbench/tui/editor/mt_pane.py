"""The raw MT as a read-only text area: it can take the focus (f3) and its text can be
selected from the keyboard (shift+arrows), so ctrl+t (a glossary entry from the selected
MT) needs no mouse. Glossary hits and tag tokens keep the styles the Rich rendering gives
them (:func:`workbench.tui.render.highlighted`)."""

from __future__ import annotations

import dataclasses

from rich.style import Style
from rich.text import Text
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

from workbench.tui.render import HIT_STYLES, TAG_STYLE

THEME = "workbench-mt"
STYLES = (*HIT_STYLES.values(), TAG_STYLE)


def _theme() -> TextAreaTheme:
    base = TextAreaTheme.get_builtin_theme("css")
    assert base is not None
    return dataclasses.replace(
        base,
        name=THEME,
        cursor_line_style=None,
        syntax_styles={style: Style.parse(style) for style in STYLES},
    )


def line_spans(text: Text) -> dict[int, list[tuple[int, int, str]]]:
    """The styled spans of ``text`` per line, as a TextArea highlight map wants them (byte
    offsets in the line, and the style as the highlight name)."""
    plain = text.plain
    starts = [0]
    for n, char in enumerate(plain):
        if char == "\n":
            starts.append(n + 1)
    out: dict[int, list[tuple[int, int, str]]] = {}
    for span in text.spans:
        style = str(span.style)
        if style not in STYLES:
            continue
        for row, line_start in enumerate(starts):
            line_end = starts[row + 1] - 1 if row + 1 < len(starts) else len(plain)
            start, end = max(span.start, line_start), min(span.end, line_end)
            if start >= end:
                continue
            line = plain[line_start:line_end]
            a = len(line[: start - line_start].encode())
            b = len(line[: end - line_start].encode())
            out.setdefault(row, []).append((a, b, style))
    return out


class MtArea(TextArea):
    """Read-only MT with its glossary hits highlighted."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(read_only=True, soft_wrap=True, show_line_numbers=False, **kwargs)  # type: ignore[arg-type]
        self._spans: dict[int, list[tuple[int, int, str]]] = {}
        self.register_theme(_theme())
        self.theme = THEME

    def show(self, text: Text) -> None:
        self._spans = line_spans(text)
        self.load_text(text.plain)
        self.move_cursor((0, 0))

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        for row, spans in getattr(self, "_spans", {}).items():
            highlights[row].extend(spans)
