"""Glossary checks against the real engine: MT errors left in, forbidden terms, preferred
terms missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.model import Entry
from workbench.qa.glossary_checks import forbidden_term, mt_error_present, preferred_term_missing
from workbench.qa.model import QaContext, QaSegment

if TYPE_CHECKING:
    from tests.qa.conftest import SampleSentences

ENTRIES = (
    Entry(
        key="orbital-ships",
        kind="fix",
        patterns=("orbital ships",),
        correction="rail transit and shipbuilding",
        apply="auto",
        source="轨道交通、船舶",
    ),
    Entry(
        key="weapon",
        kind="fix",
        patterns=("important weapon of the country",),
        correction="pillar of the nation",
        apply="suggest",
        source="国之重器",
    ),
    Entry(
        key="swa",
        kind="fix",
        patterns=("SWA",),
        correction="Southwest Aluminum (SWA)",
        apply="suggest",
        case_sensitive=True,
    ),
    Entry(
        key="southwest-aluminum",
        kind="term",
        patterns=("Southwest Aluminium",),
        correction="Southwest Aluminum",
        source="西南铝",
    ),
)
CTX = QaContext(engine=GlossaryEngine(ENTRIES))


def test_auto_fix_still_present_is_an_error(sample: SampleSentences) -> None:
    mt = sample.pick("Southwest Aluminum should establish")
    (found,) = mt_error_present(QaSegment("p5s1", mt, mt=mt), CTX)
    assert found.check == "glossary-mt-error"
    assert found.severity == "error"
    assert mt[found.start : found.end] == "orbital ships" == found.matched
    assert "rail transit and shipbuilding" in found.message


def test_fixed_target_has_no_mt_error(sample: SampleSentences) -> None:
    mt = sample.pick("Southwest Aluminum should establish")
    target = mt.replace("orbital ships", "rail transit and shipbuilding")
    assert mt_error_present(QaSegment("p5s1", target, mt=mt), CTX) == ()


def test_suggested_fix_still_present_is_a_warning(sample: SampleSentences) -> None:
    mt = sample.pick("Tang Liangzhi showed great interest")
    found = mt_error_present(QaSegment("p3s2", mt, mt=mt), CTX)
    by_match = {f.matched: f.severity for f in found}
    assert by_match["important weapon of the country"] == "warning"
    assert by_match["SWA"] == "warning"


def test_an_error_pattern_inside_its_own_correction_is_fixed_not_left_in() -> None:
    target = "praising Southwest Aluminum (SWA) as a pillar of the nation"
    assert mt_error_present(QaSegment("s", target), CTX) == ()


def test_forbidden_term() -> None:
    target = "Tang Liangzhi visited Southwest Aluminium on July 21."
    (found,) = forbidden_term(QaSegment("s", target), CTX)
    assert found.check == "glossary-forbidden" and found.severity == "error"
    assert target[found.start : found.end] == "Southwest Aluminium"
    assert forbidden_term(QaSegment("s", target.replace("Aluminium", "Aluminum")), CTX) == ()
    assert mt_error_present(QaSegment("s", target), CTX) == ()  # a term is not a fix


def test_preferred_term_missing_needs_the_source() -> None:
    source = "7月21日，重庆市委副书记、市长唐良智到西南铝调研。"
    target = "On July 21, Mayor Tang Liangzhi visited SWA."
    (found,) = preferred_term_missing(QaSegment("s", target, source=source), CTX)
    assert found.check == "glossary-preferred-missing" and found.severity == "warning"
    assert found.matched == "Southwest Aluminum"
    good = "On July 21, Mayor Tang Liangzhi visited Southwest Aluminum."
    assert preferred_term_missing(QaSegment("s", good, source=source), CTX) == ()
    assert preferred_term_missing(QaSegment("s", target), CTX) == ()


def test_no_engine_no_glossary_findings(sample: SampleSentences) -> None:
    mt = sample.pick("Southwest Aluminum should establish")
    seg = QaSegment("s", mt, mt=mt, source="轨道交通、船舶")
    for check in (mt_error_present, forbidden_term, preferred_term_missing):
        assert check(seg, QaContext()) == ()
