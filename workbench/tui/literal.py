"""Showing text from files literally in the UI.

Article and glossary text never becomes Rich/Textual markup: it is always put in
``rich.text.Text`` objects, never markup strings, and goes through
:func:`workbench.core.visible.visible` so control characters never reach the terminal.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from workbench.core.visible import visible


def literal(text: str, style: str = "", *, one_line: bool = False) -> Text:
    """A Rich ``Text`` showing ``text`` exactly, controls made visible. Never markup."""
    return Text(visible(text, one_line=one_line), style=style)


def cell(text: str, style: str = "") -> Text:
    """A one-line table cell showing ``text`` literally (controls and newlines visible)."""
    return Text(visible(text, one_line=True), style=style, no_wrap=True)


def short_path(path: Path | str) -> str:
    """A path as a user reads it best: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
