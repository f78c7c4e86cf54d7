"""The compact langdetect profiles give langdetect's own lists and answers."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path
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


def _tables(factory: Any) -> tuple[object, ...]:
    table = factory.word_lang_prob_map
    return (factory.langlist, table._keys, table._starts, table._indices, table._values)


def test_the_packed_profiles_kept_between_runs_give_the_same_answers(tmp_path: Path) -> None:
    """A first run keeps the packed profiles in the cache file; the next reads them from it,
    with every list and answer as langdetect's; a damaged cache is read again from the
    profiles and made anew."""
    cache = tmp_path / "cache" / "profiles.bin"
    first = load_factory(cache=cache)
    assert cache.is_file()
    again = load_factory(cache=cache)
    assert _tables(again) == _tables(first) == _tables(compact())
    for text in TEXTS:
        assert answer(again, text) == answer(stock(), text), text
    cache.write_bytes(cache.read_bytes()[:-100])  # cut short
    assert _tables(load_factory(cache=cache)) == _tables(first)
    assert _tables(load_factory(cache=cache)) == _tables(first)  # (made anew, and read)


def test_a_cache_of_other_profiles_is_not_used(tmp_path: Path) -> None:
    """Profiles changed since the cache was made (or another folder's) are read again."""
    folder = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIRECTORY, folder)
    cache = tmp_path / "profiles.bin"
    load_factory(str(folder), cache=cache)
    de = folder / "de"
    data = json.loads(de.read_text(encoding="utf-8"))
    del data["freq"]["die"]
    de.write_text(json.dumps(data), encoding="utf-8")
    changed = load_factory(str(folder), cache=cache).word_lang_prob_map
    index = load_factory(str(folder)).langlist.index("de")
    assert changed["die"][index] == 0.0 < compact().word_lang_prob_map["die"][index]


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    factory = load_factory(cache=blocker / "cache" / "profiles.bin")
    assert _tables(factory) == _tables(compact())
