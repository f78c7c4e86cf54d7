"""How the memory cuts a text into tokens: words (letters and digits; ``_`` and every other
character apart), a character each in scripts written without spaces. ASCII text takes a
shorter way to the same tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.memory.index import _TOKEN, tokens


def test_words_and_characters_of_unspaced_scripts() -> None:
    assert tokens("the a_b-c 3.5 don't") == ["the", "a", "b", "c", "3", "5", "don", "t"]
    assert tokens("copper 铜价 rose") == ["copper", "铜", "价", "rose"]
    assert tokens("größe über") == ["größe", "über"]
    assert tokens(" \t\n") == []


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=127)) | st.text())
def test_tokens_are_what_the_pattern_finds(text: str) -> None:
    assert tokens(text) == _TOKEN.findall(text)
