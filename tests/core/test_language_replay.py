"""langdetect replayed with numpy (``core/language_replay.py``) answers what langdetect
answers: the same languages, the same probabilities, the same "surely another language"
decision for QA, on texts of many languages, on random letters and on odd text."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langdetect.lang_detect_exception import LangDetectException

from workbench.core.language import _factory, base_language, foreign_language, foreign_languages
from workbench.core.language_replay import replayed, surely_other

# sentences in several languages and scripts (Latin, Cyrillic, Greek, Arabic, Vietnamese)
SENTENCES = [
    "The production of aluminium rose sharply in the first half of the year, the company said.",
    "Die Produktion von Aluminium ist im ersten Halbjahr deutlich gestiegen, sagte der Sprecher.",
    "Výroba hliníku v první polovině roku výrazně vzrostla, uvedla společnost ve zprávě.",
    "Produkcja aluminium wyraźnie wzrosła w pierwszej połowie roku, poinformowała spółka.",
    "Produktionen av aluminium ökade kraftigt under första halvåret, sade företaget i dag.",
    "Alüminyum üretimi yılın ilk yarısında keskin bir şekilde arttı, dedi şirket yetkilisi.",
    "Alumiinin tuotanto kasvoi voimakkaasti alkuvuonna, yhtiö kertoi tiedotteessaan tänään.",
    "Az alumíniumgyártás az első félévben jelentősen nőtt, közölte a vállalat szóvivője.",
    "La production d'aluminium a fortement augmenté au premier semestre, a déclaré la société.",
    "Производство алюминия резко выросло в первой половине года, сообщила компания сегодня.",
    "Η παραγωγή αλουμινίου αυξήθηκε απότομα το πρώτο εξάμηνο του έτους, δήλωσε η εταιρεία.",
    "ارتفع إنتاج الألومنيوم بشكل حاد في النصف الأول من العام، حسبما ذكرت الشركة اليوم.",
    "Sản lượng nhôm tăng mạnh trong nửa đầu năm, công ty cho biết trong báo cáo hôm nay.",
    "Sản lượng nhôm tăng mạnh trong nửa đầu năm",  # decomposed marks: normalize_vi
    "THE NATO SUMMIT IN BRUSSELS ENDED WITHOUT AGREEMENT ON THE NEW BUDGET FOR DEFENCE.",
    "Visit https://example.com/page?x=1 or write to press@example.com for the full report.",
    "Aluminium 铝 production in Guangxi rose 18.5% year on year, analysts said on Monday.",
    "Ελληνικά με λίγα Latin words μέσα στο κείμενο για να δούμε τι γίνεται εδώ σήμερα.",
    "emoji 😀 in the middle of an English sentence about the market prices of aluminium.",
    "",
    "1234 5678 — ... !!!",
]


def reference(text: str) -> list[tuple[str, float]] | None:
    """langdetect itself (the project's factory: the same profiles, seeded with 0)."""
    detector = _factory().create()
    detector.append(text)
    try:
        guesses = detector.get_probabilities()
    except LangDetectException:
        return None
    return [(g.lang, g.prob) for g in guesses]


def same(a: list[tuple[str, float]] | None, b: list[tuple[str, float]] | None) -> bool:
    if a is None or b is None:
        return a is b
    return [x for x, _ in a] == [x for x, _ in b] and all(
        abs(p - q) < 1e-9 for (_, p), (_, q) in zip(a, b, strict=True)
    )


def random_words(rng: random.Random, words: int) -> str:
    letters = string.ascii_lowercase
    return " ".join("".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(words))


@pytest.mark.parametrize("text", SENTENCES)
def test_replay_answers_as_langdetect(text: str) -> None:
    assert same(replayed(text), reference(text)), text


def test_replay_on_random_letters_answers_as_langdetect() -> None:
    rng = random.Random(3)
    for _ in range(30):
        text = random_words(rng, rng.randint(8, 30))
        assert same(replayed(text), reference(text)), text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [w for s in SENTENCES for w in s.split()] + ["HELLO", "McDonald", "  ", "\n", "ǅ"]
        ),
        min_size=1,
        max_size=25,
    )
)
def test_replay_on_mixed_words_answers_as_langdetect(words: list[str]) -> None:
    text = " ".join(words)
    assert same(replayed(text), reference(text)), text


def _decision(text: str, expected: str) -> tuple[str, float] | None:
    guesses = reference(text)
    if not guesses:
        return None
    lang, prob = guesses[0]
    return (lang, prob) if base_language(lang) != expected and prob >= 0.9 else None


@pytest.mark.parametrize("expected", ["en", "de", "cs", "ru", "eu"])
def test_surely_other_in_one_batch_is_langdetect_decision(expected: str) -> None:
    rng = random.Random(5)
    texts = [*SENTENCES, *(random_words(rng, rng.randint(8, 20)) for _ in range(20))]
    found = surely_other(texts, expected, 0.9)
    for text, got in zip(texts, found, strict=True):
        want = _decision(text, expected)
        assert (got is None) == (want is None), (text, got, want)
        if got is not None and want is not None:
            assert got[0] == want[0] and abs(got[1] - want[1]) < 1e-9


def test_foreign_language_skips_short_text_and_caches_batches() -> None:
    assert foreign_language("Die Produktion stieg.", "en") is None  # under eight words
    german = SENTENCES[1]
    foreign_languages([german, SENTENCES[0]], "en")
    found, want = foreign_language(german, "en"), _decision(german, "en")
    assert found is not None and want is not None
    assert found[0] == want[0] == "de" and abs(found[1] - want[1]) < 1e-9
    assert foreign_language(SENTENCES[0], "en") is None


def test_answers_on_worker_threads_are_the_serial_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor checks segments on worker threads: the shared random stream grows under a
    lock, and the cache never loses an answer a thread is about to read."""
    import threading

    from workbench.core import language, language_replay

    rng = random.Random(9)
    texts = [random_words(rng, rng.randint(8, 30)) for _ in range(24)]
    serial = surely_other(texts, "en", 0.9)
    monkeypatch.setattr(language_replay, "_STREAM", language_replay._Stream())
    monkeypatch.setattr(language, "_FOREIGN_CACHED", 4)
    language._FOREIGN.clear()
    found: dict[int, object] = {}

    def work(i: int) -> None:
        found[i] = foreign_language(texts[i], "en")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i, want in enumerate(serial):
        got = found[i]
        assert (got is None) == (want is None)
        if got is not None and want is not None:
            assert isinstance(got, tuple) and got[0] == want[0]


def test_a_few_texts_without_numpy_get_langdetect_s_own_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An English article asks about a handful of segments: langdetect answers them, numpy is
    not loaded for them, and the answers are the replay's."""
    from workbench.core import language, language_replay

    texts = [SENTENCES[1], SENTENCES[2], SENTENCES[0]]
    replay = surely_other(texts, "en", 0.9)
    language._FOREIGN.clear()
    monkeypatch.setattr(language, "_numpy_loaded", lambda: False)

    def no_replay(*args: object) -> None:
        raise AssertionError("the replay was asked")

    monkeypatch.setattr(language_replay, "surely_other", no_replay)
    found = foreign_languages(texts, "en")
    assert [f and f[0] for f in found] == [r and r[0] for r in replay] == ["de", "cs", None]
