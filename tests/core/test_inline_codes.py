"""Inline codes as placeholders: tokens shown, edits parsed back, text without codes for
matching and TER, and the tag comparison QA and exports use."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.errors import TagError
from workbench.core.inline_codes import (
    InlineCode,
    display,
    nesting_error,
    parse_display,
    placeholder,
    strip_codes,
    stripped,
    tag_issues,
)

P0, P1, P2, P3 = (placeholder(n) for n in range(4))
ANGULAR_X = '<x id="INTERPOLATION" equiv-text="{{ name }}"/>'
CODES = (
    InlineCode(P0, "open", "1", '<g id="1">', "1", nests=True),
    InlineCode(P1, "close", "1", "</g>", "/1", nests=True),
    InlineCode(P2, "standalone", "", ANGULAR_X, "x:INTERPOLATION"),
    InlineCode(P3, "standalone", "", "<ph>%1$s</ph>", "ph:%1$s"),
)
STORED = f"Hello {P2}, {P0}welcome{P1} to {P3}."


def test_display_shows_tokens_and_maps_offsets_both_ways() -> None:
    shown = display(STORED, CODES)
    assert shown.text == "Hello ⟨x:INTERPOLATION⟩, ⟨1⟩welcome⟨/1⟩ to ⟨ph:%1$s⟩."
    assert [t.code.label for t in shown.tokens] == ["x:INTERPOLATION", "1", "/1", "ph:%1$s"]
    for tok in shown.tokens:
        assert shown.text[tok.start : tok.end] == tok.code.token
        assert STORED[tok.stored] == tok.code.char
        assert shown.shown_offset(tok.stored) == tok.start
        assert shown.stored_offset(tok.start) == tok.stored
        assert shown.stored_offset(tok.start + 2) == tok.stored  # inside a token
    start = STORED.index("welcome")
    s, e = shown.shown_span(start, start + len("welcome"))
    assert shown.text[s:e] == "welcome"
    assert shown.stored_offset(shown.text.index("to ⟨")) == STORED.index("to ")


def test_a_token_moved_whole_is_kept() -> None:
    shown = display(STORED, CODES).text
    moved = shown.replace("⟨x:INTERPOLATION⟩, ", "").replace(
        "⟨ph:%1$s⟩.", "⟨ph:%1$s⟩ ⟨x:INTERPOLATION⟩."
    )
    assert parse_display(moved, CODES) == f"Hello {P0}welcome{P1} to {P3} {P2}."
    typed = shown + " ⟨/1⟩"  # a token typed whole is a tag too
    assert parse_display(typed, CODES).endswith(f". {P1}")


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (lambda s: s.replace("⟨/1⟩", "⟨/1"), "⟨/1⟩"),
        (lambda s: s.replace("⟨1⟩", "1⟩"), "⟨1⟩"),
        (lambda s: s.replace("INTERPOLATION", "INTERPOL"), "unknown tag ⟨x:INTERPOL⟩"),
        (lambda s: s.replace("⟨ph:%1$s⟩", "⟨ph:%1$s"), "⟨ph:%1$s⟩"),
    ],
)
def test_a_broken_token_is_an_error_that_names_it(edit: object, named: str) -> None:
    shown = display(STORED, CODES).text
    assert callable(edit)
    with pytest.raises(TagError, match=named.replace("$", r"\$")):
        parse_display(edit(shown), CODES)


def test_literal_angle_brackets_the_text_had_are_allowed() -> None:
    stored = f"The set ⟨a, b⟩ {P2}"
    shown = display(stored, CODES).text
    assert parse_display(shown, CODES, original=stored) == stored
    with pytest.raises(TagError):
        parse_display(shown, CODES)  # without knowing the text had them: an error
    assert parse_display("no codes ⟨here⟩", ()) == "no codes ⟨here⟩"


def test_text_without_codes_and_the_span_map() -> None:
    assert strip_codes(STORED) == "Hello , welcome to ."
    view = stripped(STORED)
    start = view.text.index("welcome")
    assert view.span(start, start + 7) == (STORED.index("welcome"), STORED.index(P1))
    assert stripped("plain").positions == ()


def test_tag_issues_missing_extra_and_order() -> None:
    source = f"{P0}Save{P1} now {P2}"
    assert tag_issues(f"{P0}Sichern{P1} jetzt {P2}", source, CODES) == []
    assert tag_issues(f"{P2} jetzt {P0}Sichern{P1}", source, CODES) == []  # moved: fine
    kinds = [(i.kind, i.code.label) for i in tag_issues(f"Sichern{P1} {P2}{P2}", source, CODES)]
    assert kinds == [("missing", "1"), ("extra", "x:INTERPOLATION"), ("order", "/1")]
    order = tag_issues(f"{P1}Sichern{P0} {P2}", source, CODES)
    assert [(i.kind, i.code.label) for i in order] == [("order", "/1"), ("order", "1")]
    assert nesting_error(f"{P1}x{P0}", CODES) is not None
    assert nesting_error(f"{P0}x{P1}", CODES) is None


# --- properties ---------------------------------------------------------------------------------

words = st.text(alphabet="abc ⟨⟩.,é漢", max_size=6)


@st.composite
def texts_with_codes(draw: st.DrawFn) -> tuple[str, tuple[InlineCode, ...]]:
    """Random text with nested, properly paired codes and standalone ones."""
    n_pairs = draw(st.integers(0, 3))
    codes: list[InlineCode] = []
    for k in range(n_pairs):
        codes.append(InlineCode(placeholder(2 * k), "open", str(k), f'<g id="{k}">', str(k), True))
        codes.append(InlineCode(placeholder(2 * k + 1), "close", str(k), "</g>", f"/{k}", True))
    codes.append(InlineCode(placeholder(20), "standalone", "", "<x/>", "x:a"))

    def build(pairs: list[int]) -> str:
        parts = [draw(words)]
        while pairs:
            if not draw(st.booleans()):
                break
            k = pairs.pop()
            inner = build(pairs)
            parts.append(codes[2 * k].char + inner + codes[2 * k + 1].char + draw(words))
        if draw(st.booleans()):
            parts.append(codes[-1].char + draw(words))
        return "".join(parts)

    return build(list(range(n_pairs))), tuple(codes)


@given(texts_with_codes())
@settings(max_examples=200, deadline=None)
def test_display_then_parse_gives_the_stored_text_back(
    case: tuple[str, tuple[InlineCode, ...]],
) -> None:
    text, codes = case
    shown = display(text, codes)
    assert parse_display(shown.text, codes, original=text) == text
    assert strip_codes(text) == "".join(ch for ch in text if ch not in {c.char for c in codes})
    for i in range(len(text) + 1):
        assert shown.stored_offset(shown.shown_offset(i)) == i
    assert nesting_error(text, codes) is None
    assert [i for i in tag_issues(text, text, codes)] == []
