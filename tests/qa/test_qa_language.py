"""Source-language and untranslated text left in an English target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from langdetect import DetectorFactory, detect

from workbench.core.findings import Finding
from workbench.qa.language import (
    detect_language,
    fullwidth_punctuation,
    source_script_left,
    untranslated,
    wrong_language,
)
from workbench.qa.model import QaContext, QaSegment

if TYPE_CHECKING:
    from tests.qa.conftest import SampleSentences

EN = QaContext()


def _seg(target: str, *, source: str | None = None, mt: str | None = None) -> QaSegment:
    return QaSegment(id="p1s1", target=target, mt=mt, source=source)


def test_chinese_word_left_in_target_is_an_error_although_langdetect_says_korean(
    sample: SampleSentences,
) -> None:
    mt = sample.pick("Southwest Aluminum should establish")
    target = mt.replace("orbital ships", "轨道交通 and ships")
    DetectorFactory.seed = 0
    assert detect("轨道交通") == "ko"  # why langdetect alone is not enough
    (found,) = source_script_left(_seg(target, mt=mt), EN)
    assert found.check == "source-script"
    assert found.severity == "error"
    assert found.matched == "轨道交通"
    assert target[found.start : found.end] == "轨道交通"
    assert "Chinese" in found.message


def test_cjk_run_keeps_its_inner_punctuation_and_one_character_is_a_warning() -> None:
    (run,) = source_script_left(_seg("applications in 航空航天、轨道交通 and cars"), EN)
    assert run.matched == "航空航天、轨道交通"
    (single,) = source_script_left(_seg("the 铝 industry"), EN)
    assert single.severity == "warning"


def test_other_scripts_are_found_but_greek_symbols_and_accents_are_not() -> None:
    found = source_script_left(_seg("Rusal (Русал) and ニッケル prices"), EN)
    assert [(f.matched, f.severity) for f in found] == [("Русал", "error"), ("ニッケル", "error")]
    assert source_script_left(_seg("a 5 μm foil, α-alumina, café naïve Zürich"), EN) == ()


def test_clean_sample_sentences_have_no_foreign_script(sample: SampleSentences) -> None:
    for sentence in sample.sentences:
        assert source_script_left(_seg(sentence), EN) == ()
        assert fullwidth_punctuation(_seg(sentence), EN) == ()


def test_script_test_is_off_for_a_chinese_target() -> None:
    assert source_script_left(_seg("轨道交通"), QaContext(target_language="zh-CN")) == ()


def test_fullwidth_punctuation_left_by_mt() -> None:
    target = "Chinalco（the Aluminum Corporation of China）said，prices rose。"
    found = fullwidth_punctuation(_seg(target), EN)
    assert [f.matched for f in found] == ["（", "）", "，", "。"]
    assert all(f.severity == "warning" for f in found)
    assert fullwidth_punctuation(_seg("Chinalco (Aluminum Corporation of China) said"), EN) == ()


def test_untranslated_target_identical_to_source() -> None:
    source = "西南铝是国之重器。"
    (found,) = untranslated(_seg(source, source=source), EN)
    assert found.check == "untranslated" and found.severity == "error"
    latin = "Southwest Aluminum accompanied the investigation."
    assert untranslated(_seg(latin, source=latin), EN)[0].check == "untranslated"


def test_untranslated_leaves_names_codes_and_real_translations_alone() -> None:
    assert untranslated(_seg("SMM", source="SMM"), EN) == ()
    assert untranslated(_seg("2020", source="2020"), EN) == ()
    assert untranslated(_seg("Southwest Aluminum", source="西南铝"), EN) == ()
    assert untranslated(_seg("Southwest Aluminum"), EN) == ()  # no source known


def test_wrong_language_for_a_longer_latin_passage() -> None:
    target = "Die Produktion von Aluminium ist im Juli deutlich gestiegen, sagte der Bürgermeister."
    (found,) = wrong_language(_seg(target), EN)
    assert found.check == "wrong-language"
    assert found.matched == "de"
    assert found.severity == "warning"


def test_wrong_language_is_silent_on_english_and_short_text(sample: SampleSentences) -> None:
    for sentence in sample.sentences:
        assert wrong_language(_seg(sentence), EN) == (), sentence
    assert detect_language("Produktion gestiegen") is None  # too short to trust
    assert wrong_language(_seg("Die Produktion stieg."), EN) == ()


def test_wrong_language_of_a_run_is_the_per_segment_answer(sample: SampleSentences) -> None:
    """The runner finds langdetect's answers for all segments at once; the findings are
    those of asking segment by segment (each answer cleared from the cache first)."""
    from workbench.core import language as core_language
    from workbench.qa.runner import QaRun, run

    german = "Die Produktion von Aluminium ist im Juli deutlich gestiegen, sagte der Sprecher."
    czech = "Výroba hliníku v první polovině roku výrazně vzrostla, uvedla společnost ve zprávě."
    texts = [*sample.sentences[:20], german, czech, "Die Produktion stieg."]
    segments = tuple(_seg(t) for t in texts)
    batched = run(QaRun(segments), ["wrong-language"])
    assert {f.matched for f in batched} == {"de", "cs"}
    one_by_one: list[Finding] = []
    for segment in segments:
        core_language._FOREIGN.clear()
        one_by_one.extend(wrong_language(segment, EN))
    assert [(f.segment_id, f.matched, f.message) for f in batched] == [
        (f.segment_id, f.matched, f.message) for f in one_by_one
    ]
