"""Spelling: Hunspell dictionaries per language, what is a word, the personal word list."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.errors import InputError
from workbench.core.spelling import (
    Span,
    add_word,
    checker,
    misspelt_spans,
    personal_words,
    suggestions,
    supported,
    words_path,
)

# One right sentence and the same with one typo, in each language the issue names.
SENTENCES = {
    "en": ("The company will continue to serve the main urban area.", "compnay"),
    "de": ("Das Unternehmen wird die Versorgung mit Aluminium weiter stärken.", "Versorgnug"),
    "fr": ("L'entreprise continuera à renforcer l'approvisionnement en aluminium.", "continura"),
    "es": ("La empresa seguirá reforzando el suministro de aluminio.", "reforsando"),
    "it": ("L'azienda continuerà a rafforzare la fornitura di alluminio.", "forntura"),
    "pt": ("A empresa vai continuar a reforçar o fornecimento de alumínio.", "fornecimeto"),
    "nl": ("Het bedrijf zal de levering van aluminium blijven versterken.", "leverign"),
    "cs": ("Společnost bude nadále posilovat dodávky hliníku.", "dodávkky"),
    "pl": ("Firma będzie nadal wzmacniać dostawy aluminium.", "dostway"),
    "ru": ("Компания продолжит укреплять поставки алюминия.", "поствки"),
}
_RIGHT = {
    "en": "company",
    "de": "Versorgung",
    "fr": "continuera",
    "es": "reforzando",
    "it": "fornitura",
    "pt": "fornecimento",
    "nl": "levering",
    "cs": "dodávky",
    "pl": "dostawy",
    "ru": "поставки",
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_each_language_knows_its_words_and_flags_a_typo(language: str) -> None:
    right, typo = SENTENCES[language]
    assert supported(language)
    assert misspelt_spans(right, language) == ()
    wrong = right.replace(_RIGHT[language], typo, 1)
    assert wrong != right
    spans = misspelt_spans(wrong, language)
    assert [s.word for s in spans] == [typo]
    assert wrong[spans[0].start : spans[0].end] == typo


def test_regional_tags_and_unknown_languages() -> None:
    assert misspelt_spans("The colour of aluminium.", "en-GB") == ()
    assert [s.word for s in misspelt_spans("The colour of aluminium.", "en-US")] == [
        "colour",
        "aluminium",
    ]
    assert misspelt_spans("Die Farbe", "de-AT") == ()
    assert checker("zh") is None and misspelt_spans("西南铝 xyzzyq", "zh") == ()
    assert suggestions("xyzzyq", "zh") == ()


def test_what_is_never_flagged() -> None:
    text = (
        "Qqqzzx SMM iPhone x86 COVID-19 B2B abc123 4th snake_case_word "
        "https://exmpl.test/zzqq www.zzqq.test zzqq@exmpl.test ⟨1⟩ ⟨b⟩ 轨道交通 Москва x."
    )
    assert [s.word for s in misspelt_spans(text, "en")] == ["Qqqzzx"]


def test_spans_index_the_text_and_hyphenated_words_are_checked_by_part() -> None:
    text = "An all-aluminum recieve, the non-ferous year-on-year plan’s teh."
    spans = misspelt_spans(text, "en")
    assert [s.word for s in spans] == ["recieve", "ferous", "teh"]
    for span in spans:
        assert text[span.start : span.end] == span.word
    assert misspelt_spans("The company’s plan isn’t done.", "en") == ()


def test_glossary_words_given_to_ignore_are_not_flagged() -> None:
    text = "Chinalco and Jiulongpo signed."
    assert [s.word for s in misspelt_spans(text, "en")] == ["Chinalco", "Jiulongpo"]
    assert misspelt_spans(text, "en", ignore=["Chinalco", "Jiulongpo District"]) == ()


def test_the_personal_word_list_is_a_file_beside_the_config(tmp_path: Path) -> None:
    text = "Jiulongpo grows."
    assert [s.word for s in misspelt_spans(text, "en")] == ["Jiulongpo"]
    path = add_word("Jiulongpo")
    assert path == words_path() and path.parent.name == "workbench"
    assert path.read_text(encoding="utf-8") == "Jiulongpo\n"
    assert misspelt_spans(text, "en") == ()
    assert misspelt_spans("Jiulongpo's plant and Jiulongpo’s.", "en") == ()  # possessive
    add_word("Jiulongpo")  # not twice
    add_word("Gongyi")
    assert path.read_text(encoding="utf-8") == "Jiulongpo\nGongyi\n"
    assert {"Jiulongpo", "Gongyi"} <= personal_words()
    with pytest.raises(InputError):
        add_word("two words")
    with pytest.raises(InputError):
        add_word("  ")


def test_a_list_edited_by_hand_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# my names\nXipeng\n", encoding="utf-8")
    assert "Xipeng" in personal_words(path) and "# my names" not in personal_words(path)
    path.write_text("Xipeng\nShenzhou\n", encoding="utf-8")
    assert "Shenzhou" in personal_words(path)


def test_suggestions_best_first() -> None:
    assert suggestions("recieve", "en")[0] == "receive"
    spell = checker("en")
    assert spell is not None
    assert spell.quick_suggestions("thhe")[0] == "the"
    assert spell.quick_suggestions("Aluminium") == ("Aluminum",)
    assert spell.quick_suggestions("goverment") == ()  # QA: swaps and drops only
    assert "government" in spell.quick_suggestions("goverment", thorough=True)
    assert "government" in suggestions("goverment", "en")
    assert "hliníku" in suggestions("hliníkku", "cs")


_LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_LETTERS, st.sampled_from(["the", "plan", "x86", "SMM", "’s"]))))
def test_every_span_is_a_word_of_the_text(words: list[str]) -> None:
    text = " ".join(words)
    spans = misspelt_spans(text, "en")
    assert list(spans) == sorted(spans, key=lambda s: s.start)
    for span in spans:
        assert isinstance(span, Span)
        assert text[span.start : span.end] == span.word
        assert span.start == 0 or not text[span.start - 1].isalnum()
