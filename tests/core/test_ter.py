"""TER/HTER equal to TERCOM: hand-checked cases and agreement with sacrebleu's TERCOM port."""

from __future__ import annotations

import math
import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein
from sacrebleu.metrics import TER
from sacrebleu.metrics.lib_ter import (
    BeamEditDistance,
    _find_shifted_pairs,
    _flip_trace,
    trace_to_alignment,
    translation_edit_rate,
)

from workbench.core.ter import (
    _alignment,
    _band_bound,
    _candidates,
    corpus_ter,
    ter,
    ter_many,
)

# Scale the property tests up for a thorough local run, e.g. WORKBENCH_TER_EXAMPLES=25.
SCALE = int(os.environ.get("WORKBENCH_TER_EXAMPLES", "1"))

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


# --- identity with lib_ter's translation_edit_rate on whitespace tokens -------------------

VOCAB = [f"w{k}" for k in range(40)] + ["the", "The", ",", "."]


def assert_same_as_sacrebleu(words_h: list[str], words_r: list[str]) -> None:
    result = ter(" ".join(words_h), " ".join(words_r))
    assert (result.edits, result.ref_words) == translation_edit_rate(words_h, words_r)


@st.composite
def post_edited(
    draw: st.DrawFn,
    words: st.SearchStrategy[str],
    min_size: int,
    max_size: int,
    max_ops: int,
) -> tuple[list[str], list[str]]:
    """A hypothesis and a post-edit of it: substitutions, insertions, deletions and block
    moves of up to 12 words (lib_ter tries blocks of up to 10)."""
    hyp = draw(st.lists(words, min_size=min_size, max_size=max_size))
    ref = list(hyp)
    for _ in range(draw(st.integers(0, max_ops))):
        op = draw(st.sampled_from(["sub", "ins", "del", "move", "move"]))
        i = draw(st.integers(0, max(0, len(ref) - 1)))
        if op == "sub" and ref:
            ref[i] = draw(words)
        elif op == "ins":
            ref.insert(i, draw(words))
        elif op == "del" and ref:
            del ref[i]
        elif op == "move" and len(ref) > 1:
            block = ref[i : i + draw(st.integers(1, 12))]
            del ref[i : i + len(block)]
            j = draw(st.integers(0, len(ref)))
            ref[j:j] = block
    if draw(st.booleans()):
        return ref, hyp
    return hyp, ref


@settings(max_examples=150 * SCALE, deadline=None)
@given(
    st.lists(st.sampled_from(VOCAB[:6] + VOCAB[-4:]), max_size=30),
    st.lists(st.sampled_from(VOCAB[:6] + VOCAB[-4:]), max_size=30),
)
def test_random_sentences_equal_lib_ter(words_h: list[str], words_r: list[str]) -> None:
    assert_same_as_sacrebleu(words_h, words_r)


@settings(max_examples=150 * SCALE, deadline=None)
@given(post_edited(st.sampled_from(VOCAB), 0, 40, 8))
def test_block_moves_equal_lib_ter(pair: tuple[list[str], list[str]]) -> None:
    assert_same_as_sacrebleu(*pair)


@settings(max_examples=6 * SCALE, deadline=None)
@given(post_edited(st.sampled_from(VOCAB), 60, 90, 15))
def test_long_sentences_equal_lib_ter(pair: tuple[list[str], list[str]]) -> None:
    """Beyond 25 words lib_ter's beam cuts the matrix; long edit lists approach its edge."""
    assert_same_as_sacrebleu(*pair)


@settings(max_examples=25 * SCALE, deadline=None)
@given(post_edited(st.sampled_from(["a", "b", "c"]), 10, 40, 10))
def test_repeated_words_equal_lib_ter(pair: tuple[list[str], list[str]]) -> None:
    """Few distinct words: many shift candidates, often lib_ter's 1,000-candidate cap."""
    assert_same_as_sacrebleu(*pair)


@settings(max_examples=40 * SCALE, deadline=None)
@given(
    st.lists(st.sampled_from(VOCAB[:8]), min_size=1, max_size=12),
    st.lists(st.sampled_from(VOCAB[:8]), min_size=30, max_size=90),
    st.booleans(),
)
def test_very_different_lengths_equal_lib_ter(
    short: list[str], long: list[str], swap: bool
) -> None:
    """Length ratios far from 1: distances at or past the beam bound (lib_ter's own beam)."""
    if swap:
        assert_same_as_sacrebleu(long, short)
    else:
        assert_same_as_sacrebleu(short, long)


@pytest.mark.parametrize(
    ("words_h", "words_r"),
    [([], []), ([], ["a"]), (["a"], []), ([], ["a", "b", "c"]), (["a", "b", "a"], [])],
)
def test_empty_sides_equal_lib_ter(words_h: list[str], words_r: list[str]) -> None:
    assert_same_as_sacrebleu(words_h, words_r)


def test_whitespace_only_is_empty() -> None:
    assert ter("  \t ", "a b") == ter("", "a b")
    assert (ter("a  b", " a\tb ").edits, ter("a  b", " a\tb ").ref_words) == (0, 2)


# --- the pieces of the re-implementation against lib_ter's own ---------------------------


def _beam_bound_brute(n_hyp: int, n_ref: int) -> int:
    """Least ``|i - j| + |(n_hyp - i) - (n_ref - j)|`` over the cells lib_ter's beam skips."""
    ratio = n_ref / n_hyp
    width = math.ceil(ratio / 2 + 25) if ratio / 2 > 25 else 25
    best = n_hyp + n_ref + 1
    for i in range(1, n_hyp + 1):
        diag = math.floor(i * ratio)
        lo, hi = max(0, diag - width), min(n_ref + 1, diag + width)
        if i == n_hyp:
            hi = n_ref + 1
        for j in [*range(lo), *range(hi, n_ref + 1)]:
            best = min(best, abs(j - i) + abs((n_hyp - i) - (n_ref - j)))
    return best


@pytest.mark.parametrize("n_hyp", [1, 2, 5, 24, 25, 26, 40, 51, 77, 130])
def test_band_bound_is_the_cheapest_path_outside_the_beam(n_hyp: int) -> None:
    for n_ref in [*range(1, 140, 3), 300]:
        assert _band_bound(n_hyp, n_ref) == _beam_bound_brute(n_hyp, n_ref)


def _peq(words_r: list[str]) -> dict[str, int]:
    peq: dict[str, int] = {}
    for pos, word in enumerate(words_r):
        peq[word] = peq.get(word, 0) | (1 << pos)
    return peq


ALIGN_WORDS = st.sampled_from(VOCAB[:5])


@settings(max_examples=200 * SCALE, deadline=None)
@given(
    st.one_of(
        st.tuples(
            st.lists(ALIGN_WORDS, min_size=1, max_size=20),
            st.lists(ALIGN_WORDS, min_size=1, max_size=20),
        ),
        post_edited(st.sampled_from(VOCAB[:12]), 1, 70, 12),
    )
)
def test_alignment_equals_lib_ter_trace(pair: tuple[list[str], list[str]]) -> None:
    """Below the beam bound, the bit-parallel matrix gives lib_ter's distance and the same
    alignment and error flags as its beam matrix's flipped trace."""
    words_h, words_r = pair
    if not words_h or not words_r:
        return
    beam_distance, trace = BeamEditDistance(words_r)(words_h)
    distance, align, ref_err, hyp_err = _alignment(words_h, words_r, _peq(words_r))
    if beam_distance >= _band_bound(len(words_h), len(words_r)):
        assert distance <= beam_distance
        return
    expected_align, expected_ref_err, expected_hyp_err = trace_to_alignment(_flip_trace(trace))  # type: ignore[no-untyped-call]
    assert distance == beam_distance
    assert align == [expected_align[j] for j in range(len(words_r))]
    assert (ref_err, hyp_err) == (expected_ref_err, expected_hyp_err)


def _lib_ter_candidates(
    words_h: list[str],
    words_r: list[str],
    align: dict[int, int],
    ref_err: list[int],
    hyp_err: list[int],
) -> list[tuple[int, int, int]]:
    """The candidate loop of lib_ter's ``_shift``, without the distances."""
    out = []
    for start_h, start_r, length in _find_shifted_pairs(words_h, words_r):
        if sum(hyp_err[start_h : start_h + length]) == 0:
            continue
        if sum(ref_err[start_r : start_r + length]) == 0:
            continue
        if start_h <= align[start_r] < start_h + length:
            continue
        prev_idx = -1
        for offset in range(-1, length):
            idx = 0 if start_r + offset == -1 else align[start_r + offset] + 1
            if idx == prev_idx:
                continue
            prev_idx = idx
            out.append((start_h, length, idx))
    return out


@settings(max_examples=200 * SCALE, deadline=None)
@given(post_edited(st.sampled_from(VOCAB[:10]), 1, 70, 10))
def test_candidates_equal_lib_ter_shift_loop(pair: tuple[list[str], list[str]]) -> None:
    words_h, words_r = pair
    if not words_h or not words_r:
        return
    _, trace = BeamEditDistance(words_r)(words_h)
    align, ref_err, hyp_err = trace_to_alignment(_flip_trace(trace))  # type: ignore[no-untyped-call]
    positions: dict[str, list[int]] = {}
    for pos, word in enumerate(words_r):
        positions.setdefault(word, []).append(pos)
    align_list = [align[j] for j in range(len(words_r))]
    ours = _candidates(words_h, words_r, positions, align_list, ref_err, hyp_err)
    assert ours == _lib_ter_candidates(words_h, words_r, align, ref_err, hyp_err)
    # with a limit, a prefix that reaches it (or everything)
    limit = len(ours) // 2 + 1
    head = _candidates(words_h, words_r, positions, align_list, ref_err, hyp_err, limit=limit)
    assert head == ours[: len(head)]
    assert len(head) >= limit or head == ours


def test_heavily_edited_long_pairs_past_the_beam_bound() -> None:
    """Long sentences with many edits whose exact distance is at or past the bound, where
    the beam distance and trace come from lib_ter's ``BeamEditDistance`` (seeded pairs)."""
    rng = random.Random(2)
    past_bound = 0
    for _ in range(2):
        hyp = [rng.choice(VOCAB[:30]) for _ in range(rng.randint(60, 70))]
        ref = list(hyp)
        for _ in range(20):
            i = rng.randrange(len(ref))
            if rng.random() < 0.5:
                ref[i] = rng.choice(VOCAB)
            else:
                block = ref[i : i + rng.randint(1, 10)]
                del ref[i : i + len(block)]
                j = rng.randrange(len(ref) + 1)
                ref[j:j] = block
        if Levenshtein.distance(hyp, ref) < _band_bound(len(hyp), len(ref)):
            continue  # (lib_ter is slow on these; the property tests cover this side)
        past_bound += 1
        assert_same_as_sacrebleu(hyp, ref)
    assert past_bound > 0


@st.composite
def edited_in_place(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """A post-edit without moves: words substituted (often by words of the sentence itself),
    inserted and deleted in place, as most post-edits are."""
    pool = st.sampled_from(VOCAB[:8])
    hyp = draw(st.lists(pool, min_size=2, max_size=40))
    ref = list(hyp)
    for _ in range(draw(st.integers(2, 8))):
        if not ref:
            break
        j = draw(st.integers(0, len(ref) - 1))
        op = draw(st.sampled_from(["sub", "ins", "del"]))
        if op == "sub":
            ref[j] = draw(st.one_of(pool, st.sampled_from(VOCAB[-4:])))
        elif op == "ins":
            ref.insert(j, draw(pool))
        else:
            del ref[j]
    return hyp, ref


@settings(max_examples=300 * SCALE, deadline=None)
@given(edited_in_place())
def test_distance_at_the_common_words_floor_needs_no_shift_search(
    pair: tuple[list[str], list[str]],
) -> None:
    """Where the Levenshtein distance is already the least the shared words allow, the
    shift search is skipped (``_no_shift_can_help``) and the result still equals lib_ter's;
    elsewhere the search runs and equals it too."""
    assert_same_as_sacrebleu(*pair)


def test_the_floor_shortcut_fires_on_substitutions_and_not_on_a_move() -> None:
    from workbench.core.ter import _no_shift_can_help

    table: dict[str, int] = {}

    def ids(words: str) -> list[int]:
        return [table.setdefault(w, len(table)) for w in words.split()]

    mt = ids("a b c d e f x y")
    substituted = ids("a B c D e f x y")  # two new words: distance 2, the floor
    assert _no_shift_can_help(mt, substituted, Levenshtein.distance(mt, substituted))
    moved = ids("c d a b e f x y")  # a block moved: distance 4, the floor 0
    assert not _no_shift_can_help(mt, moved, Levenshtein.distance(mt, moved))
    assert ter("a b c d e f x y", "c d a b e f x y").edits == 1  # one shift, as TERCOM
