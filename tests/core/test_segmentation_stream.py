"""Sentences found one at a time are the sentences found in one list (the list-building
implementation this replaced is kept here as the reference)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sentencex import segment as sentencex_segment

from workbench.core.segmentation import iter_segments, segment_units, split_sentences, text_units


def reference_split(text: str, language: str = "en") -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for sentence in sentencex_segment(language or "en", text):
        core = sentence.strip()
        if not core:
            continue
        found = text.find(core, pos)
        if found < 0:
            rest = text[pos:]
            stripped = rest.strip()
            if stripped:
                s = pos + rest.index(stripped)
                spans.append((s, s + len(stripped)))
            return reference_join(text, spans)
        spans.append((found, found + len(core)))
        pos = found + len(core)
    return reference_join(text, spans)


def reference_join(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and not any(ch.isalnum() for ch in text[start:end]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    if len(out) > 1 and not any(ch.isalnum() for ch in text[out[0][0] : out[0][1]]):
        out[0:2] = [(out[0][0], out[1][1])]
    return out


PIECES = ["Join us!", "--", "...", "!!", " ", "  ", "\n", "\n\n", "Dr.", "Mr. Li", "said.",
          "Plates", "rose 10%.", "“Quoted.”", "(Aside.)", "e.g.", "3.5", "?", "—", "铝业。",
          "Die Produktion stieg.", "U.S.", "a", "B"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=25).map("".join), st.sampled_from(["en", "de", "zh"])
)
def test_sentences_one_at_a_time_equal_the_list(text: str, language: str) -> None:
    assert split_sentences(text, language=language) == reference_split(text, language)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_segments_streamed_are_the_documents(text: str) -> None:
    gaps, segments = segment_units(text, text_units(text))
    streamed = list(iter_segments(text, text_units(text)))
    assert tuple(s for _, _, s in streamed) == segments
    rebuilt, pos = [], 0
    for (start, end, segment), gap in zip(streamed, gaps, strict=False):
        assert text[pos:start] == gap and text[start:end] == segment.text
        rebuilt += [gap, segment.text]
        pos = end
    assert "".join(rebuilt) + gaps[-1] == text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=20, max_size=120).map("".join),
    st.sampled_from(["en", "de"]),
    st.integers(30, 120),
)
def test_a_long_paragraph_split_a_window_at_a_time_gives_the_same_sentences(
    text: str, language: str, window: int
) -> None:
    """A paragraph longer than the window (a one-line article) is split by sentencex a
    window at a time: the same sentences as split at once."""
    import workbench.core.segmentation as segmentation

    whole = reference_split(text, language)
    saved = segmentation.WINDOW, segmentation.WINDOW_MARGIN
    segmentation.WINDOW, segmentation.WINDOW_MARGIN = window, 20
    try:
        assert split_sentences(text, language=language) == whole
    finally:
        segmentation.WINDOW, segmentation.WINDOW_MARGIN = saved
