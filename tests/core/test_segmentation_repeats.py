"""An article's reader makes its segments without the dataclass's ``__init__`` and splits a
paragraph met again as it did the first time: the same segments as made the ordinary way."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.core.document import Segment, article_segment
from workbench.core.segmentation import REPEAT_CHARS, segment_text

SENTENCES = st.sampled_from(
    [
        "The plant opened in May.",
        "Output rose 5.2% to 1.3 mt!",
        "Join us!--",
        "Prices, it said, fell.",
        "what the MT wrote after a stop.",
        "Source: the company",
        "Jul 27,2020 15:01CST",
    ]
)
PARAGRAPHS = st.lists(SENTENCES, min_size=1, max_size=4).map(" ".join)


@given(st.text(max_size=8), st.integers(0, 10**6), st.text(max_size=30))
def test_article_segment_is_the_dataclass(id: str, paragraph: int, text: str) -> None:
    made = article_segment(id, paragraph, text)
    expected = Segment(id=id, paragraph=paragraph, text=text)
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)


@given(st.lists(PARAGRAPHS, min_size=1, max_size=6), st.lists(st.integers(0, 5), max_size=12))
def test_a_repeated_paragraph_is_split_as_alone(paragraphs: list[str], order: list[int]) -> None:
    chosen = [paragraphs[i % len(paragraphs)] for i in order] or paragraphs
    text = "\n\n".join(chosen) + "\n"
    gaps, segments = segment_text(text)
    expected: list[Segment] = []
    for number, paragraph in enumerate(chosen, start=1):
        _, alone = segment_text(paragraph)  # split on its own: nothing remembered
        expected.extend(
            Segment(id=f"p{number}s{s.id.split('s')[1]}", paragraph=number, text=s.text)
            for s in alone
        )
    assert list(segments) == expected
    assert "".join(g + s.text for g, s in zip(gaps, segments, strict=False)) + gaps[-1] == text


def test_a_long_paragraph_is_not_remembered_but_split_the_same() -> None:
    long = " ".join(["The plant opened in May and output rose."] * (REPEAT_CHARS // 40 + 5))
    _, once = segment_text(long)
    _, twice = segment_text(long + "\n\n" + long)
    assert [s.text for s in twice] == [s.text for s in once] * 2
