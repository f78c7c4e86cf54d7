"""The spelling filter's first test in arrays (``spelling_batch``) gives the word-by-word
answers, and a checker that answers a run's new words together (``SpellChecker.prepare``,
as QA does) finds the same misspelt words with the same suggestions as one that does not."""

from __future__ import annotations

import functools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core import spelling_batch, spelling_filter
from workbench.core.spelling import SpellChecker, checker

WORDS = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14))


@functools.cache
def _english() -> tuple[spelling_filter.Possible, spelling_batch.Table]:
    spell = checker("en")
    assert spell is not None
    possible = spelling_filter.load(spell._folder / "en_US.aff", spell._folder / "en_US.dic")
    assert possible is not None
    return possible, spelling_batch.piece_table(possible.pieces)


def _every_piece_known(possible: spelling_filter.Possible, word: str) -> bool:
    marked = f"^{word}$"
    return all(marked[k : k + 4] in possible.pieces for k in range(len(marked) - 3))


@settings(max_examples=300, deadline=None)
@given(WORDS)
def test_the_pieces_test_in_arrays_is_the_word_by_word_one(words: list[str]) -> None:
    possible, table = _english()
    assert spelling_batch.may_be_words(table, words) == [
        _every_piece_known(possible, w) for w in words
    ]


@settings(max_examples=300, deadline=None)
@given(WORDS)
def test_the_variants_in_arrays_are_the_word_by_word_ones(words: list[str]) -> None:
    possible, table = _english()
    assert spelling_batch.swaps_and_drops(table, words) == [
        possible.swaps_and_drops(w) for w in words
    ]


def _text(seed: int) -> list[str]:
    """Segments of random letters, English words, typos, names, capitals and hyphens."""
    rng = random.Random(seed)
    real = ["the", "company", "recieve", "receive", "shipments", "orbital", "teh", "Aluminium"]
    real += ["goverment", "runing", "well-known", "x-rayy", "NASA", "iPhone", "Qwzrt", "don't"]
    real += ["cafe", "naïve"]
    segments = []
    for _ in range(600):
        words = []
        for _ in range(rng.randint(3, 15)):
            if rng.random() < 0.3:
                words.append(rng.choice(real))
            else:
                n = rng.randint(2, 9)
                w = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))
                words.append(w.capitalize() if rng.random() < 0.2 else w)
        segments.append(" ".join(words) + ".")
    return segments


def test_a_run_answered_together_finds_the_same_words_and_suggestions() -> None:
    segments = _text(3)
    one_by_one, together = SpellChecker("en"), SpellChecker("en")
    together.prepare(segments)
    assert together._prepared  # (the batch was answered together)
    for text in segments:
        expected = one_by_one.misspelt(text)
        assert together.misspelt(text) == expected
        assert [together.quick_suggestions(s.word) for s in expected] == [
            one_by_one.quick_suggestions(s.word) for s in expected
        ]


def test_misspelt_words_seen_in_an_earlier_batch_get_their_suggestions_together() -> None:
    """A word misspelt in an earlier batch, seen again (a long text of unusual words: its
    suggestions no longer remembered), is answered with the new batch's words: the same
    suggestions as word by word, without the word-by-word search."""
    first, second = _text(3), _text(4)
    again = [s for s in first if any(c.isalpha() for c in s)][:40]
    one_by_one, together = SpellChecker("en"), SpellChecker("en")
    together.prepare(first)
    for text in first:
        together.misspelt(text)
    together._quick.clear()
    together.prepare(second + again)
    seen = {s.word for text in again for s in together.misspelt(text)}
    joined = " ".join(again)
    whole = {w for w in seen if w.isascii() and w.isalpha() and f"-{w}" not in joined}
    assert whole and all(w in together._prepared for w in whole)  # (not a hyphenated part)
    for text in again:
        expected = one_by_one.misspelt(text)
        assert together.misspelt(text) == expected
        assert [together.quick_suggestions(s.word) for s in expected] == [
            one_by_one.quick_suggestions(s.word) for s in expected
        ]
