"""TER/HTER equal to TERCOM: hand-checked cases and agreement with sacrebleu's TERCOM port."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import TER

from workbench.core.ter import corpus_ter, ter, ter_many

# Hand-verified TERCOM cases (default TERCOM: case-sensitive, shifts, no normalisation).
CASES = [
    # Snover et al. (2006), the paper that defines TER: 1 shift ("this week"),
    # 2 substitutions (the saudis -> saudi arabia), 1 insertion (american) = 4 / 13.
    (
        "this week the saudis denied information published in the new york times",
        "saudi arabia denied this week information published in the american new york times",
        4,
        13,
    ),
    ("a b c d e", "c d e a b", 1, 5),  # one block shift
    ("the cat sat", "the cat sat on the mat", 3, 6),  # three insertions
    ("The cat", "the cat", 1, 2),  # case-sensitive: one substitution
    ("the cat.", "the cat .", 2, 3),  # no tokenisation of punctuation
    ("same words here", "same words here", 0, 3),
    ("x y", "", 2, 0),  # empty reference: every hypothesis word deleted
]


@pytest.mark.parametrize(("hyp", "ref", "edits", "words"), CASES)
def test_hand_verified_tercom_cases(hyp: str, ref: str, edits: int, words: int) -> None:
    result = ter(hyp, ref)
    assert (result.edits, result.ref_words) == (edits, words)


def test_scores_and_corpus_level() -> None:
    assert ter(*CASES[0][:2]).score == pytest.approx(4 / 13)
    assert ter("x y", "").score == 1.0
    assert ter("", "").score == 0.0
    results = [ter(h, r) for h, r, _, _ in CASES]
    assert corpus_ter(results) == pytest.approx(sum(c[2] for c in CASES) / sum(c[3] for c in CASES))


WORDS = st.sampled_from(
    ["a", "b", "c", "d", "e", "the", "cat", "sat", "on", "mat", "Saudi", "saudi", ",", "."]
)
SENTENCES = st.lists(WORDS, max_size=14).map(" ".join)
SACREBLEU = TER(case_sensitive=True)


@st.composite
def shifted(draw: st.DrawFn) -> tuple[str, str]:
    words = draw(st.lists(WORDS, min_size=2, max_size=14))
    out = list(words)
    i = draw(st.integers(0, len(out) - 1))
    size = draw(st.integers(1, 3))
    block = out[i : i + size]
    del out[i : i + size]
    j = draw(st.integers(0, len(out)))
    out[j:j] = block
    if draw(st.booleans()):
        out.insert(draw(st.integers(0, len(out))), draw(WORDS))
    return " ".join(words), " ".join(out)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.tuples(SENTENCES, SENTENCES), shifted()))
def test_equals_sacrebleu_tercom_port(pair: tuple[str, str]) -> None:
    hyp, ref = pair
    expected = SACREBLEU.sentence_score(hyp, [ref])
    result = ter(hyp, ref)
    assert result.edits == expected.num_edits
    assert 100 * result.score == pytest.approx(expected.score)


def test_parallel_batch_equals_serial() -> None:
    pairs = [(h, r) for h, r, _, _ in CASES] * 100
    assert ter_many(pairs, workers=2, min_parallel=10) == [ter(h, r) for h, r in pairs]
