"""The spelling, a-an and agreement checks, as QA reports them."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.findings import Finding
from workbench.core.glossary.load import engine_for
from workbench.core.spelling import add_word
from workbench.qa.model import QaSegment
from workbench.qa.report import finding_dict, report_json, report_text, summary
from workbench.qa.runner import CHECKS, QaRun, run

REPO = Path(__file__).resolve().parents[2]


def _run(
    *targets: str, language: str = "en", checks: tuple[str, ...] = ("spelling",)
) -> list[Finding]:
    segments = tuple(QaSegment(f"s{i}", t, status="draft") for i, t in enumerate(targets))
    return list(run(QaRun(segments, target_language=language), list(checks)))


def test_spelling_is_registered_with_its_suggestions() -> None:
    assert {"spelling", "a-an", "agreement"} <= set(CHECKS)
    (found,) = _run("The output of aerospace materails increased.")
    assert (found.check, found.severity, found.matched) == ("spelling", "warning", "materails")
    assert found.suggestions[0] == "materials"
    assert found.message == ("'materails' is not in the en_US dictionary; did you mean materials?")
    data = json.loads(report_json([found]))["findings"][0]
    assert data["suggestions"] == list(found.suggestions)
    assert "did you mean materials?" in report_text([found])


def test_spelling_in_the_target_language() -> None:
    assert _run("Das Unternehmen wird die Versorgung stärken.", language="de") == []
    (found,) = _run("Das Unternehmen wird die Versorgnug stärken.", language="de")
    assert found.matched == "Versorgnug" and "Versorgung" in found.suggestions
    assert _run("西南铝签约", language="zh") == []  # no dictionary: nothing said


def test_glossary_wording_and_the_personal_list_are_never_flagged() -> None:
    text = "Chinalco and Jiulongpo met Xipeng."
    assert [f.matched for f in _run(text)] == ["Chinalco", "Jiulongpo", "Xipeng"]
    engine = engine_for([REPO / "glossaries"])  # terms "Chinalco", "Jiulongpo District"
    segment = QaSegment("s0", text, status="draft")
    flagged = run(QaRun((segment,), engine, "en"), ["spelling"])
    assert [f.matched for f in flagged] == ["Xipeng"]
    add_word("Xipeng")
    assert run(QaRun((segment,), engine, "en"), ["spelling"]) == ()


def test_a_an_and_agreement_on_the_demo_fixes() -> None:
    found = _run(
        "The company is an pillar of the nation.",
        "The all-aluminum furniture are light, fire-resistant and recyclable.",
        "An hour later a university and an MT engine.",
        checks=("a-an", "agreement"),
    )
    assert [(f.segment_id, f.check, f.matched, f.message) for f in found] == [
        ("s0", "a-an", "an", "'an pillar': 'pillar' takes 'a'"),
        (
            "s1",
            "agreement",
            "furniture are",
            "'furniture are': 'furniture' is uncountable, so 'furniture is'",
        ),
    ]
    assert found[0].start == 15 and found[0].end == 17


def test_english_rules_only_for_an_english_target() -> None:
    checks = ("a-an", "agreement")
    assert _run("Er hängt an Platte.", language="de", checks=checks) == []
    assert _run("Va a oficina.", language="es", checks=checks) == []
    assert len(_run("It is an pillar.", language="en-GB", checks=checks)) == 1


_TEXT = st.text(max_size=12)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.builds(
            Finding,
            segment_id=_TEXT,
            check=st.sampled_from(["spelling", "numbers"]),
            severity=st.sampled_from(["error", "warning", "info"]),
            message=_TEXT,
            start=st.integers(-1, 99),
            end=st.integers(-1, 99),
            matched=_TEXT,
            ignored=st.booleans(),
            reason=_TEXT,
            suggestions=st.lists(_TEXT, max_size=3).map(tuple),
        ),
        max_size=4,
    )
)
def test_json_report_is_what_json_dumps_writes(findings: list[Finding]) -> None:
    payload = {
        "findings": [finding_dict(f) for f in findings],
        "summary": summary(findings),
    }
    assert report_json(findings) == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
