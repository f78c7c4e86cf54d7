"""Error spans stay on their words when the text around them is edited."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.lqa.annotation import Span
from workbench.core.lqa.spans import map_span

words = st.lists(st.sampled_from(["a", "bb", "abc", "c,", "(b)", "a.", "–", "ça"]), max_size=6)
marked = st.lists(st.sampled_from(["XY", "Z", "XZ.", "Y,"]), min_size=1, max_size=3)


@settings(max_examples=400, deadline=None)
@given(words, marked, words, st.data())
def test_an_edit_before_or_after_the_span_keeps_it_on_its_words(
    head: list[str], w: list[str], tail: list[str], data: st.DataObject
) -> None:
    """Words before or after the span replaced, inserted or deleted (one edit, as typing
    makes): the span moves with its words, exactly."""

    def text(h: list[str], t: list[str]) -> tuple[str, Span]:
        left = " ".join(h) + (" " if h else "")
        return left + " ".join(w) + (" " if t else "") + " ".join(t), Span(
            len(left), len(left) + len(" ".join(w))
        )

    before, span = text(head, tail)
    side = head if data.draw(st.booleans()) else tail
    i = data.draw(st.integers(0, len(side)))
    j = data.draw(st.integers(i, len(side)))
    edited = side[:i] + data.draw(words) + side[j:]
    after, expected = text(edited, tail) if side is head else text(head, edited)
    assert map_span(before, after, span) == expected


@settings(max_examples=200, deadline=None)
@given(words, marked, words, words, words)
def test_edits_on_both_sides_keep_the_span_on_its_words(
    head: list[str], w: list[str], tail: list[str], new_head: list[str], new_tail: list[str]
) -> None:
    before = " ".join([*head, *w, *tail])
    after = " ".join([*new_head, *w, *new_tail])
    start = len(" ".join([*head, ""])) if head else 0
    mapped = map_span(before, after, Span(start, start + len(" ".join(w))))
    assert mapped is not None
    assert after[mapped.start : mapped.end] == " ".join(w)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20), st.data())
def test_a_mapped_span_is_always_inside_the_new_text(
    before: str, after: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(before)))
    end = data.draw(st.integers(start, len(before)))
    mapped = map_span(before, after, Span(start, end))
    if mapped is not None:
        assert 0 <= mapped.start <= mapped.end <= len(after)
        if start < end:
            assert mapped.start < mapped.end


def test_an_edit_inside_the_span_keeps_the_span_around_the_rewrite() -> None:
    before = "Er hat das Haus gekauft."
    span = Span(7, 15)  # "das Haus"
    assert before[7:15] == "das Haus"
    after = "Er hat das große Haus gekauft."
    m = map_span(before, after, span)
    assert m is not None and after[m.start : m.end] == "das große Haus"
    moved = "Today, prices rose sharply."
    m3 = map_span("Prices rose sharply today.", moved, Span(12, 19))
    assert m3 is not None and moved[m3.start : m3.end] == "sharply"
    after2 = "Gestern hat er das Haus gekauft."
    m2 = map_span(before, after2, span)
    assert m2 is not None and after2[m2.start : m2.end] == "das Haus"
    assert map_span(before, "Er hat  gekauft.", span) is None  # its words deleted
