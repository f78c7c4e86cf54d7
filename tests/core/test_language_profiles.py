"""The compact langdetect profiles give langdetect's own lists and answers."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

from workbench.core.language_profiles import ProfileProbabilities, load_factory

TEXTS = [
    "Die Produktion stieg im vergangenen Jahr um zehn Prozent, sagte der Sprecher des Werks.",
    "The production of rail transit and shipbuilding aluminium rose by ten percent last year.",
    "La production a augmenté de dix pour cent l'année dernière, selon le porte-parole.",
    "La producción aumentó un diez por ciento el año pasado, dijo el portavoz de la planta.",
    "Производство выросло на десять процентов в прошлом году, сообщил представитель завода.",
    "西南铝业的轨道交通和船舶用铝材产量去年增长了百分之十。",
    "Southwest Aluminum SMM 2025 orders rail-transit, 7xxx ... plates!",
    "a",
]


WORDS = ["der", "die", "und", "ist", "the", "of", "and", "is", "le", "la", "est", "el", "los",
         "que", "сто", "на", "铝", "的", "Ünter", "über", "café", "niño", "aluminium", "plate",
         "rail"]  # fmt: skip


@functools.cache
def stock() -> Any:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


@functools.cache
def compact() -> Any:
    factory = load_factory()
    assert factory.seed == 0  # seeded: the same text always gets the same answer
    return factory


def answer(factory: Any, text: str) -> list[tuple[str, float]] | str:
    try:
        detector = factory.create()
        detector.append(text)
        return [(g.lang, g.prob) for g in detector.get_probabilities()]
    except LangDetectException as exc:
        return f"error {exc.code}"


def test_every_list_equals_langdetects() -> None:
    ours, theirs = compact(), stock()
    assert isinstance(ours.word_lang_prob_map, ProfileProbabilities)
    assert ours.langlist == theirs.langlist
    assert len(ours.word_lang_prob_map) == len(theirs.word_lang_prob_map) > 80_000
    assert set(ours.word_lang_prob_map) == set(theirs.word_lang_prob_map)
    for word, probabilities in theirs.word_lang_prob_map.items():
        assert ours.word_lang_prob_map[word] == probabilities
    assert "qqqqq" not in ours.word_lang_prob_map


@pytest.mark.parametrize("text", TEXTS)
def test_same_answers_on_samples(text: str) -> None:
    assert answer(compact(), text) == answer(stock(), text)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(WORDS),
        min_size=0,
        max_size=30,
    ).map(" ".join)
    | st.text(max_size=60)
)
def test_same_answers_on_any_text(text: str) -> None:
    assert answer(compact(), text) == answer(stock(), text)


def test_missing_profiles_are_langdetects_error(tmp_path: Any) -> None:
    with pytest.raises(LangDetectException):
        load_factory(str(tmp_path))
    (tmp_path / "xx").write_text("{not json", "utf-8")
    with pytest.raises(LangDetectException):
        load_factory(str(tmp_path))
