"""Text shown literally: every control character, bidi control, directional mark and line
separator as a visible symbol, whatever the text; a text with none of them as it is."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.core.visible import has_controls, visible

_SHOWN = [
    *range(0x09),
    *range(0x0B, 0x20),
    0x7F,
    *range(0x80, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    0x2028,
    0x2029,
]
_SHOWN += [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
texts = st.text(
    st.one_of(st.sampled_from([chr(c) for c in _SHOWN]), st.characters(), st.sampled_from("a\n\t"))
)


def test_what_each_control_becomes() -> None:
    assert visible("a\x1b[31mred\x07\x7f") == "a\u241b[31mred\u2407\u2421"
    assert visible("l\u200e\u202er\u2066x\u2069") == "l<U+200E><U+202E>r<U+2066>x<U+2069>"
    assert visible("one\ntwo\tthree") == "one\ntwo\tthree"
    assert visible("one\ntwo\tthree", one_line=True) == "one⏎ two three"
    assert visible("plain text, «quoted» 中文") == "plain text, «quoted» 中文"


@given(texts)
def test_no_control_reaches_the_screen_and_nothing_else_changes(text: str) -> None:
    for one_line in (False, True):
        shown = visible(text, one_line=one_line)
        assert not any(ord(c) in _SHOWN for c in shown)
        assert not (one_line and ("\n" in shown or "\t" in shown))
        if not any(ord(c) in _SHOWN for c in text):
            assert shown == (text.replace("\n", "⏎ ").replace("\t", " ") if one_line else text)
    assert has_controls(text) == any(ord(c) in _SHOWN for c in text)
