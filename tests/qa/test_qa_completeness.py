"""Empty targets, confirmed-unchanged MT with glossary hits, length ratios."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.model import Entry
from workbench.qa.completeness import empty_target, length_ratio, unchanged_confirmed
from workbench.qa.model import QaContext, QaSegment

if TYPE_CHECKING:
    from tests.qa.conftest import SampleSentences

ENGINE = GlossaryEngine(
    (
        Entry(
            key="orbital-ships",
            kind="fix",
            patterns=("orbital ships",),
            correction="rail transit and shipbuilding",
            apply="auto",
        ),
    )
)
CTX = QaContext(engine=ENGINE)


def test_empty_target() -> None:
    (found,) = empty_target(QaSegment("s", "  ", mt="Scan the QR code."), CTX)
    assert found.check == "empty-target" and found.severity == "error"
    assert empty_target(QaSegment("s", "Scan the QR code.", mt="Scan the QR code."), CTX) == ()
    assert empty_target(QaSegment("s", "", mt=""), CTX) == ()  # nothing to translate


def test_confirmed_unchanged_mt_with_glossary_hits(sample: SampleSentences) -> None:
    mt = sample.pick("Southwest Aluminum should establish")
    seg = QaSegment("p5s1", mt, mt=mt, status="confirmed")
    (found,) = unchanged_confirmed(seg, CTX)
    assert found.check == "unchanged-confirmed" and found.severity == "warning"
    assert "'orbital ships'" in found.message


def test_unchanged_but_not_confirmed_or_no_hits_or_edited(sample: SampleSentences) -> None:
    mt = sample.pick("Southwest Aluminum should establish")
    assert unchanged_confirmed(QaSegment("s", mt, mt=mt, status="draft"), CTX) == ()
    edited = mt.replace("orbital ships", "rail transit and shipbuilding")
    assert unchanged_confirmed(QaSegment("s", edited, mt=mt, status="confirmed"), CTX) == ()
    plain = sample.pick("Scan the QR code")
    assert unchanged_confirmed(QaSegment("s", plain, mt=plain, status="confirmed"), CTX) == ()
    assert unchanged_confirmed(QaSegment("s", mt, mt=mt, status="confirmed"), QaContext()) == ()


def test_length_ratio(sample: SampleSentences) -> None:
    mt = sample.pick("Tang Liangzhi said that the aluminum industry")
    (short,) = length_ratio(QaSegment("s", "Tang Liangzhi spoke.", mt=mt), CTX)
    assert short.check == "length-ratio" and short.severity == "info"
    assert "shorter" in short.message
    (long,) = length_ratio(QaSegment("s", mt + " " + mt + " And more.", mt=mt), CTX)
    assert "longer" in long.message
    edited = mt.replace("very broad", "broad")
    assert length_ratio(QaSegment("s", edited, mt=mt), CTX) == ()
    assert length_ratio(QaSegment("s", "SMN", mt="Source:"), CTX) == ()  # too short to judge
    assert length_ratio(QaSegment("s", "Tang spoke."), CTX) == ()  # article: no MT
