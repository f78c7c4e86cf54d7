"""Unbalanced quotes and brackets, double spaces, repeated words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.qa.model import QaContext, QaSegment
from workbench.qa.punctuation import PAIRS, double_spaces, unbalanced, unbalanced_marks
from workbench.qa.repeats import repeated_words

if TYPE_CHECKING:
    from tests.qa.conftest import SampleSentences

CTX = QaContext()


def test_balanced_sample_sentences(sample: SampleSentences) -> None:
    assert '"' in sample.text and "(" in sample.text  # quotes and brackets to check
    for sentence in sample.sentences:
        seg = QaSegment("s", sentence)
        assert unbalanced(seg, CTX) == (), sentence
        assert double_spaces(seg, CTX) == ()
        assert repeated_words(seg, CTX) == ()


def test_quote_lost_in_post_editing(sample: SampleSentences) -> None:
    mt = sample.pick("Tang Liangzhi showed great interest")
    assert '"important weapon of the country"' in mt
    target = mt.replace('"important weapon', "important weapon")
    (found,) = unbalanced(QaSegment("p3s2", target, mt=mt), CTX)
    assert found.check == "unbalanced" and found.matched == '"'
    assert "quote" in found.message


def test_curly_quotes_and_brackets() -> None:
    text = "SWA, a real “important weapon of the country, (the state’s pillar]"
    assert unbalanced_marks(text) == ((12, "“"), (46, "("), (65, "]"))
    assert unbalanced_marks("a real “important weapon” (and ‘pillar’) [sic] {x} （注）") == ()
    assert unbalanced_marks("the country’s and Chinalco’s") == ()  # apostrophes


def test_imbalance_already_in_the_mt_is_not_blamed_on_the_target() -> None:
    # A quotation spanning two sentences opens in one segment and closes in the next.
    mt = "“Rooted in science and technology, established in the market."
    assert unbalanced(QaSegment("s", mt.replace("the market", "markets"), mt=mt), CTX) == ()
    assert len(unbalanced(QaSegment("s", mt), CTX)) == 1  # article mode: no MT to excuse it


def test_double_spaces(sample: SampleSentences) -> None:
    mt = sample.pick("Tang Liangzhi said that the all-aluminum")
    target = mt.replace("market is", "market  is")
    (found,) = double_spaces(QaSegment("s", target, mt=mt), CTX)
    assert target[found.start : found.end] == "  "
    assert found.severity == "warning"
    assert double_spaces(QaSegment("s", "Line end.  "), CTX) == ()  # trailing, not between


def test_repeated_words(sample: SampleSentences) -> None:
    mt = sample.pick("Tang Liangzhi is full of confidence")
    target = mt.replace("build a 100", "build a a 100").replace("in Chongqing", "in in Chongqing")
    found = repeated_words(QaSegment("s", target, mt=mt), CTX)
    assert [f.matched for f in found] == ["a a", "in in"]
    assert target[found[0].start : found[0].end] == "a a"
    (cased,) = repeated_words(QaSegment("s", "The the aluminum industry"), CTX)
    assert cased.matched == "The the"


def test_repeats_that_are_not_slips() -> None:
    for text in (
        "Output rose 20 20 times",  # numbers: the numbers check looks at them
        "What it is is a plan",
        "He had had enough",
        "the theme of the event",
        "Chinalco's co-co-operation",
    ):
        assert repeated_words(QaSegment("s", text), CTX) == (), text


_balanced = st.recursive(
    st.text(alphabet="abc ,.’", max_size=5),
    lambda inner: (
        st.builds(lambda o, body: o + body + PAIRS[o], st.sampled_from(sorted(PAIRS)), inner)
        | st.builds(lambda a, b: a + b, inner, inner)
        | st.builds(lambda body: '"' + body + '"', inner)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(_balanced)
def test_nested_balanced_marks_are_never_reported(text: str) -> None:
    assert unbalanced_marks(text) == ()


@settings(max_examples=150, deadline=None)
@given(_balanced, st.sampled_from(["(", ")", "“", "”", "[", "]", "【", "）"]))
def test_one_extra_mark_is_always_reported(text: str, extra: str) -> None:
    assert extra in {char for _, char in unbalanced_marks(text + extra)}


def test_terminal_escape_sequences_are_not_brackets() -> None:
    assert unbalanced_marks("a \x1b[31mred\x1b[0m word") == ()
