"""Showing text from files literally.

Article and glossary text never becomes Rich/Textual markup (it is always put in
``rich.text.Text`` objects, never markup strings), and control characters never reach the
terminal: C0 controls (but newline and tab) become the visible symbols of the Unicode
"Control Pictures" block (ESC -> ␛, BEL -> ␇), DEL becomes ␡, C1 controls and other
format characters that could reorder or hide text become ``<U+XXXX>``.
"""

from __future__ import annotations

import unicodedata

from rich.text import Text

_C0 = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_C0[0x7F] = "\u2421"
_TABLE: dict[int, str] = dict(_C0)
for code in range(0x80, 0xA0):
    _TABLE[code] = f"<U+{code:04X}>"
for code in (
    0x200E,
    0x200F,
    0x202A,
    0x202B,
    0x202C,
    0x202D,
    0x202E,
    0x2066,
    0x2067,
    0x2068,
    0x2069,
):
    _TABLE[code] = f"<U+{code:04X}>"


def safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with control characters replaced by visible placeholders."""
    out = text.translate(_TABLE)
    if one_line:
        out = out.replace("\n", "⏎ ").replace("\t", " ")
    return out


def has_controls(text: str) -> bool:
    return any(
        ord(ch) in _TABLE or (unicodedata.category(ch) == "Cc" and ch not in "\n\t") for ch in text
    )


def literal(text: str, style: str = "", *, one_line: bool = False) -> Text:
    """A Rich ``Text`` showing ``text`` exactly, controls made visible. Never markup."""
    return Text(safe(text, one_line=one_line), style=style)
