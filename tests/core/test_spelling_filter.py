"""The filter that turns words down without Hunspell never turns down a word Hunspell has:
on the shipped English dictionary (random words, Hunspell's own suggestions, the words of the
sample articles) and on small dictionaries of our own with strips, prefixes and continued
rules; dictionaries it cannot handle safely get no filter."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import hunspell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core import spelling_filter
from workbench.core.spelling import checker

ROOT = Path(__file__).resolve().parents[2]
LETTERS = st.text(alphabet="abcdeilnorstuyABEIS", min_size=1, max_size=12)


@functools.cache
def _english() -> tuple[object, spelling_filter.Possible]:
    spell = checker("en")
    assert spell is not None
    possible = spelling_filter.load(spell._folder / "en_US.aff", spell._folder / "en_US.dic")
    assert possible is not None
    return spell._hunspell, possible


def test_a_long_text_gets_the_filter_and_the_same_words_misspelt() -> None:
    """After enough questions to Hunspell the checker builds its filter; misspelt words
    found before and after are the same as Hunspell alone finds."""
    spell = checker("en")
    assert spell is not None
    words = [f"{a}{b}{c}ing" for a in "bcdfgkmpqx" for b in "aeiou" for c in "lmnrstvxz"]
    words += ["shipments", "running", "Unhappiness", "recieve", "orbital", "teh"] * 20
    text = " ".join(words)
    found = {s.word for s in spell.misspelt(text)} | {s.word for s in spell.misspelt(text + ".")}
    expected = {w for w in set(words) if not spell._hunspell.spell(w)}
    assert found == expected
    for w in words:  # questions enough: the filter is there now, and agrees
        spell.quick_suggestions(w, thorough=True)
    assert spell._possible is not None
    assert {s.word for s in spell.misspelt(text + " x")} == expected


@settings(max_examples=3000, deadline=None)
@given(LETTERS)
def test_no_english_word_is_turned_down(word: str) -> None:
    h, possible = _english()
    if h.spell(word):  # type: ignore[attr-defined]
        assert possible.may_be_word(word), word


def test_the_sample_articles_words_and_hunspells_suggestions_pass() -> None:
    h, possible = _english()
    words: set[str] = set()
    for path in [*ROOT.glob("samples/**/*.txt"), *ROOT.glob("tests/**/*.txt")]:
        words |= set(re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8", errors="ignore")))
    for typo in ("recieve", "aluminum", "shipps", "orbitl", "teh", "goverment", "runing"):
        words |= set(h.suggest(typo))  # type: ignore[attr-defined]
    accepted = [w for w in words if w.isascii() and h.spell(w)]  # type: ignore[attr-defined]
    assert len(accepted) > 100
    assert [w for w in accepted if not possible.may_be_word(w)] == []


def test_random_letters_are_mostly_told_without_hunspell() -> None:
    _, possible = _english()
    told = [w for w in ("xqzvbk", "mtrwpl", "zzkqj", "vbnmxq") if not possible.may_be_word(w)]
    assert len(told) == 4
    assert possible.may_be_word("shipments") and possible.may_be_word("Unhappiness")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_the_variants_made_are_every_variant_the_filter_keeps(word: str) -> None:
    """Quick suggestions' variants (two letters swapped, then one dropped) made only where
    they may be words: the same, in the same order, as all of them less those the filter
    turns down."""
    _, possible = _english()
    every = [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
    every += [word[:i] + word[i + 1 :] for i in range(len(word))]
    made = possible.swaps_and_drops(word)
    assert [v for v in made if possible.may_be_word(v)] == [
        v for v in every if possible.may_be_word(v)
    ]
    assert all(v in every for v in made)


def test_random_letters_have_pieces_no_word_has() -> None:
    _, possible = _english()
    assert possible.swaps_and_drops("qwhfkz") == []  # no variant to ask about
    assert "receive" in possible.swaps_and_drops("recieve")


AFF = """SET UTF-8
PFX U Y 1
PFX U 0 un .
PFX R Y 1
PFX R 0 re .
SFX S Y 2
SFX S y ies [^aeiou]y
SFX S 0 s [^y]
SFX N Y 1
SFX N 0 ness/S .
SFX D Y 2
SFX D e ed e
SFX D 0 ed [^e]
"""
DIC = "5\nhappy/UNS\nship/RS\nmove/RD\nberry/S\ncolor/DS\n"


def _own_dictionary(tmp_path: Path, aff: str = AFF, dic: str = DIC) -> tuple[object, Path]:
    (tmp_path / "xx_XX.aff").write_text(aff, encoding="utf-8")
    (tmp_path / "xx_XX.dic").write_text(dic, encoding="utf-8")
    return hunspell.Hunspell("xx_XX", hunspell_data_dir=str(tmp_path)), tmp_path


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["un", "re", "happ", "y", "ies", "i", "ness", "s", "ship", "mov", "e",
                         "ed", "berr", "color", "x", "d"]),
        min_size=1,
        max_size=5,
    ).map("".join)
)  # fmt: skip
def test_own_dictionary_with_strips_prefixes_and_continued_rules(
    tmp_path_factory: object, word: str
) -> None:
    folder = tmp_path_factory.mktemp("dic")  # type: ignore[attr-defined]
    h, _ = _own_dictionary(folder)
    possible = spelling_filter.load(folder / "xx_XX.aff", folder / "xx_XX.dic")
    assert possible is not None
    for form in (word, word.capitalize(), word.upper()):
        if h.spell(form):  # type: ignore[attr-defined]
            assert possible.may_be_word(form), form


def test_own_dictionary_forms(tmp_path: Path) -> None:
    h, folder = _own_dictionary(tmp_path)
    possible = spelling_filter.load(folder / "xx_XX.aff", folder / "xx_XX.dic")
    assert possible is not None
    for word in ("unhappy", "happyness", "happynesss", "berries", "reships", "moved", "colored"):
        assert h.spell(word) and possible.may_be_word(word), word  # type: ignore[attr-defined]
    assert not possible.may_be_word("shipqz") and not h.spell("shipqz")  # type: ignore[attr-defined]


def test_no_filter_where_words_of_letters_compound(tmp_path: Path) -> None:
    _own_dictionary(tmp_path, AFF + "COMPOUNDFLAG Z\n", DIC.replace("ship/RS", "ship/RSZ"))
    assert spelling_filter.load(tmp_path / "xx_XX.aff", tmp_path / "xx_XX.dic") is None
    rules = AFF + "COMPOUNDRULE 1\nCOMPOUNDRULE Z*\n"
    _own_dictionary(tmp_path, rules, DIC.replace("ship/RS", "ship/RSZ"))
    assert spelling_filter.load(tmp_path / "xx_XX.aff", tmp_path / "xx_XX.dic") is None
    _own_dictionary(tmp_path, rules, DIC + "1/Z\n")  # only numbers compound: a filter
    assert spelling_filter.load(tmp_path / "xx_XX.aff", tmp_path / "xx_XX.dic") is not None


def test_the_filter_is_kept_between_runs_and_made_again_when_the_dictionary_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The filter is written to a cache file once made; the next run reads the same filter
    from it without making it; a changed dictionary file, or a damaged cache, makes it
    anew (and a dictionary that gets no filter is kept as such)."""
    _, made = _english()
    aff, dic = tmp_path / "en_US.aff", tmp_path / "en_US.dic"
    spell = checker("en")
    assert spell is not None
    aff.write_bytes((spell._folder / "en_US.aff").read_bytes())
    dic.write_bytes((spell._folder / "en_US.dic").read_bytes())
    cache = tmp_path / "cache" / "filter.json"
    assert spelling_filter.load(aff, dic, cache) == made
    assert cache.is_file()
    built: list[Path] = []
    real = spelling_filter._load

    def counted(a: Path, d: Path) -> spelling_filter.Possible | None:
        built.append(d)
        return real(a, d)

    monkeypatch.setattr(spelling_filter, "_load", counted)
    assert spelling_filter.load(aff, dic, cache) == made
    assert built == []  # read from the cache
    dic.write_text("2\nzyx\nwvu\n", encoding="utf-8")
    os.utime(dic, ns=(1, 1))
    small = spelling_filter.load(aff, dic, cache)
    assert built == [dic] and small is not None and small.cores == {"zyx", "wvu"}
    assert spelling_filter.load(aff, dic, cache) == small and len(built) == 1
    cache.write_text("{not json", encoding="utf-8")
    assert spelling_filter.load(aff, dic, cache) == small and len(built) == 2
    aff.write_text("FLAG long\n", encoding="utf-8")  # a dictionary the filter cannot handle
    assert spelling_filter.load(aff, dic, cache) is None
    assert spelling_filter.load(aff, dic, cache) is None and len(built) == 3
