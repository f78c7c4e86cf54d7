"""The English "a"/"an": by sound, found where it disagrees, and kept agreeing by the
glossary's automatic fixes (only the article right before a replaced span, in its case)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.articles import (
    article_mismatches,
    fix_article,
    plural_verb_after_uncountable,
    wants_an,
)
from workbench.core.glossary.engine import GlossaryEngine, apply_found, apply_hit
from workbench.core.glossary.model import Entry


@pytest.mark.parametrize(
    ("word", "an"),
    [
        ("apple", True),
        ("pillar", False),
        ("all-aluminum", True),
        ("important", True),
        ("hour", True),
        ("honest", True),
        ("heir", True),
        ("house", False),
        ("university", False),
        ("unimportant", True),
        ("uninformed", True),
        ("European", False),
        ("one-off", False),
        ("user", False),
        ("umbrella", True),
        ("MT", True),
        ("SMM", True),
        ("FBI", True),
        ("URL", False),
        ("UK", False),
        ("NATO", False),
        ("OPEC", True),
        ("X-ray", True),
        ("8-hour", True),
        ("11-year", True),
        ("18.5%", True),
        ("80", True),
        ("100", False),
        ("1", False),
        ("iPhone", True),
    ],
)
def test_the_article_a_word_takes(word: str, an: bool) -> None:
    assert wants_an(word) is an


@pytest.mark.parametrize("word", ["herb", "historic", "1100", "NASDAQ", "", "—"])
def test_where_the_sound_cannot_be_told_nothing_is_said(word: str) -> None:
    assert wants_an(word) is None


def test_mismatches_found_in_a_text() -> None:
    text = (
        "The company is an pillar of the nation. A hour later an university said: "
        "an MT engine, a SMM report, a URL, an 18% rise, a honest man. An apple."
    )
    found = [(m.article, m.word, m.wanted, text[m.start : m.end]) for m in article_mismatches(text)]
    assert found == [
        ("an", "pillar", "a", "an"),
        ("A", "hour", "An", "A"),
        ("an", "university", "a", "an"),
        ("a", "SMM", "an", "a"),
        ("a", "honest", "an", "a"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Vitamin A is good; Class A shares and Plan A apply.",  # "A" not starting a sentence
        "Point a and point b, option a or b.",  # a letter
        "It rose by a 110 tons, a history, an historic day, a herb, an herb.",
        "a.m. and p.m., e.g. a),",
        "AN APPLE",  # capitals: not told
    ],
)
def test_no_false_alarms(text: str) -> None:
    assert list(article_mismatches(text)) == []


def test_plural_verb_after_an_uncountable_noun() -> None:
    text = (
        "The all-aluminum furniture are light. Pieces of furniture are heavy. "
        "Furniture and fittings are cheap. The equipment were old; the information is new."
    )
    found = [
        (d.noun, d.verb, d.wanted, text[d.start : d.end])
        for d in plural_verb_after_uncountable(text)
    ]
    assert found == [
        ("furniture", "are", "is", "furniture are"),
        ("equipment", "were", "was", "equipment were"),
    ]


def _entry(mt: str, correct: str, language: str = "en") -> Entry:
    return Entry(
        key=f"g:{mt}",
        kind="fix",
        patterns=(mt,),
        correction=correct,
        apply="auto",
        target_language=language,
    )


WEAPON = _entry("important weapon of the country", "pillar of the nation")


def test_the_demo_fix_makes_its_article_agree() -> None:
    engine = GlossaryEngine([WEAPON, _entry("orbital ships", "all-aluminum furniture")])
    text = "The company is an important weapon of the country and a orbital ships maker."
    result = engine.apply_auto(text)
    # "a orbital ships" did not agree before the fix: not the fix's doing, left alone
    assert result.text == (
        "The company is a pillar of the nation and a all-aluminum furniture maker."
    )
    assert engine.apply_auto("An important weapon of the country.").text == (
        "A pillar of the nation."
    )
    assert engine.apply_auto("AN IMPORTANT WEAPON OF THE COUNTRY").text == (
        "AN PILLAR OF THE NATION"  # all capitals: not told, nothing changed but the fix
    )
    text = "It is an important weapon of the country."
    (hit,) = engine.find(text)
    assert apply_hit(text, hit) == "It is a pillar of the nation."


def test_other_languages_are_left_alone() -> None:
    german = _entry("Brett", "Platte", "de")
    engine = GlossaryEngine([german])
    assert engine.apply_auto("Er hängt an Brett.").text == "Er hängt an Platte."
    spanish = GlossaryEngine([_entry("casa", "oficina", "es-ES")])
    assert spanish.apply_auto("Va a casa.").text == "Va a oficina."
    unstated = GlossaryEngine([_entry("important weapon of the country", "pillar", "")])
    assert unstated.apply_auto("is an important weapon of the country").text == "is a pillar"


# --- properties: only the article right before a replaced span changes, in its case -------
_WORDS = ["apple", "pillar", "hour", "the", "an", "a", "An", "A", "AN", "x", "tree", "egg"]


def _texts() -> st.SearchStrategy[str]:
    piece = st.sampled_from([*_WORDS, "important weapon", "thick plate", ".", ",", "\n"])
    return st.lists(piece, max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_texts(), st.booleans())
def test_only_the_article_before_a_replacement_changes(text: str, swap: bool) -> None:
    entries = [
        _entry("important weapon", "pillar" if swap else "egg"),
        _entry("thick plate", "upper plate" if swap else "heavy plate"),
    ]
    engine = GlossaryEngine(entries)
    hits = engine.find(text)
    result = apply_found(text, hits).text
    # the same replacements without the article rule
    plain, pos = [], 0
    for hit in hits:
        plain += [text[pos : hit.start], hit.replacement]
        pos = hit.end
    expected = "".join([*plain, text[pos:]])
    a = re.split(r"(\s+)", result)
    b = re.split(r"(\s+)", expected)
    assert len(a) == len(b)  # token for token
    replaced_at = _tokens_before_replacements(expected, hits)
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x == y:
            continue
        assert i in replaced_at, (text, result, expected)
        assert {x.lower(), y.lower()} == {"a", "an"}
        assert x[0].isupper() == y[0].isupper()  # case kept


def _tokens_before_replacements(expected: str, hits: tuple[object, ...]) -> set[int]:
    """Indexes (in ``re.split(r"(\\s+)", expected)``) of the tokens right before the
    replaced spans."""
    from workbench.core.glossary.engine import Hit

    tokens = re.split(r"(\s+)", expected)
    starts: set[int] = set()
    pos = shift = 0
    for hit in hits:
        assert isinstance(hit, Hit)
        starts.add(hit.start + shift)
        shift += len(hit.replacement) - (hit.end - hit.start)
    out: set[int] = set()
    for i, token in enumerate(tokens):
        if pos + len(token) in starts and i % 2 == 1:  # a gap that ends where a fix starts
            out.add(i - 1)
        pos += len(token)
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["a ", "an ", "A ", "An ", "AN ", "the ", "Plan A ", "x. A ", "and a  "]),
    st.sampled_from(["apple", "pillar", "hour", "MT", "university", "8"]),
    st.sampled_from(["apple", "pillar", "hour", "MT", "university", "8"]),
    st.booleans(),
)
def test_fix_article_changes_at_most_the_last_article(
    before: str, old: str, new: str, at_start: bool
) -> None:
    fixed = fix_article(before, old, new, at_start=at_start)
    if fixed == before:
        return
    head, _, _tail = before.rstrip().rpartition(" ")
    assert fixed.startswith(head)
    word = before.rstrip().split()[-1]
    new_word = fixed.rstrip().split()[-1]
    assert {word.lower(), new_word.lower()} == {"a", "an"}
    assert word[0].isupper() == new_word[0].isupper()
    assert (new_word.lower() == "an") is wants_an(new)  # it agrees now
    assert (word.lower() == "an") is wants_an(old)  # and it agreed before
