"""``script_language`` answers a long English article without a pass over each character;
the answer is the per-character count's (kept here as the reference)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.language import CJK_SHARE, script_language


def reference(text: str) -> str:
    han = kana = hangul = letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF:
            kana += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
            hangul += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            han += 1
    if not letters or (han + kana + hangul) < CJK_SHARE * letters:
        return ""
    if kana:
        return "ja"
    if hangul > han:
        return "ko"
    return "zh"


@settings(max_examples=500)
@given(st.text(alphabet="ab Z1.é轨道交通ア・ー한글ᄀ가\u30fb\ud7a5Ωж", max_size=40))
def test_script_language_equals_the_character_count(text: str) -> None:
    assert script_language(text) == reference(text)
