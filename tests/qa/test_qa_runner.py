"""The registry, whole runs, ignoring, and the text/JSON reports."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from workbench.core.document import Document, Segment
from workbench.core.findings import Finding
from workbench.qa.model import QaSegment
from workbench.qa.report import finding_dict, has_open_errors, report_json, report_text, summary
from workbench.qa.runner import CHECKS, QaRun, article_run, run

if TYPE_CHECKING:
    from tests.qa.conftest import SampleSentences


def test_registry_lists_every_check_once_with_a_severity() -> None:
    assert set(CHECKS) >= {
        "glossary-mt-error",
        "glossary-forbidden",
        "glossary-preferred-missing",
        "source-script",
        "untranslated",
        "numbers",
        "unbalanced",
        "double-space",
        "repeated-word",
        "empty-target",
        "unchanged-confirmed",
        "length-ratio",
    }
    for check in CHECKS.values():
        assert check.severity in ("error", "warning", "info") and check.description


def _post_edited(sample: SampleSentences) -> list[QaSegment]:
    mt1 = sample.pick("Tang Liangzhi is full of confidence")
    mt2 = sample.pick("he sincerely invites")
    return [
        QaSegment("p7s1", mt1.replace("100 billion", "10 billion"), mt=mt1),
        QaSegment("p7s2", mt2.replace("he sincerely", "He  sincerely 轨道交通"), mt=mt2),
        QaSegment("p7s3", "", mt="Scan the QR code and join the SMM metal communication group."),
    ]


@pytest.mark.usefixtures("sample_names_known")
def test_run_orders_by_segment_then_position(sample: SampleSentences) -> None:
    found = run(QaRun(tuple(_post_edited(sample))))
    assert [(f.segment_id, f.check) for f in found] == [
        ("p7s1", "numbers"),  # missing: whole segment (-1) first
        ("p7s1", "numbers"),
        ("p7s2", "double-space"),
        ("p7s2", "source-script"),
        ("p7s3", "empty-target"),
    ]
    assert has_open_errors(found)


def test_ignored_findings_are_marked_with_their_reason(sample: SampleSentences) -> None:
    segments = _post_edited(sample)
    ignored = {
        ("p7s2", "source-script", "轨道交通"): "kept on purpose",
        ("p7s3", "empty-target", ""): "dropped boilerplate",
    }
    found = run(QaRun(tuple(segments), ignored=ignored))
    marked = [(f.check, f.reason) for f in found if f.ignored]
    assert marked == [("source-script", "kept on purpose"), ("empty-target", "dropped boilerplate")]
    assert not has_open_errors(found)


@pytest.mark.usefixtures("sample_names_known")
def test_clean_sample_article_has_no_findings(sample: SampleSentences) -> None:
    segments = [QaSegment(f"s{i}", s, mt=s) for i, s in enumerate(sample.sentences)]
    assert run(QaRun(tuple(segments))) == ()


def test_article_run_uses_the_documents_sources_and_skips_mt_checks() -> None:
    doc = Document(
        name="a.txt",
        segments=(
            Segment("p1s1", 1, "On July 12, Tang visited Southwest Aluminum."),
            Segment("p1s2", 1, "It is a a pillar."),
        ),
        gaps=("", " ", "\n"),
    )
    found = run(article_run(doc))
    assert [(f.segment_id, f.check, f.matched) for f in found] == [("p1s2", "repeated-word", "a a")]
    sourced = Document(
        name="a.txt",
        segments=(
            Segment("p1s1", 1, doc.segments[0].text, source="7月21日，唐良智到西南铝调研。"),
            Segment("p1s2", 1, doc.segments[1].text, source="它是国之重器。"),
        ),
        gaps=doc.gaps,
    )
    found = run(article_run(sourced))
    assert [(f.segment_id, f.check, f.matched) for f in found] == [
        ("p1s1", "numbers", "21"),
        ("p1s1", "numbers", "12"),
        ("p1s2", "repeated-word", "a a"),
    ]


def test_reports() -> None:
    findings = (
        Finding("p2s1", "glossary-mt-error", "error", "MT error 'orbital ships' is still in"),
        Finding("p2s1", "double-space", "warning", "2 spaces in a row", 3, 5, "a  b"),
        Finding("p3s1", "empty-target", "error", "the target is empty", ignored=True, reason="ok"),
    )
    text = report_text(findings, segments=4)
    assert text.splitlines() == [
        "p2s1 error glossary-mt-error: MT error 'orbital ships' is still in",
        "p2s1 warning double-space: 2 spaces in a row",
        "p3s1 error empty-target: the target is empty [ignored: ok]",
        "1 error, 1 warning, 0 info (1 ignored) in 4 segments",
    ]
    data = json.loads(report_json(findings, segments=4))
    assert data["summary"] == {"segments": 4, "error": 1, "warning": 1, "info": 0, "ignored": 1}
    assert data["findings"][1] == {
        "segment": "p2s1",
        "check": "double-space",
        "severity": "warning",
        "message": "2 spaces in a row",
        "start": 3,
        "end": 5,
        "matched": "a  b",
        "ignored": False,
        "reason": "",
    }


def test_text_report_never_passes_control_codes_through() -> None:
    finding = Finding("p1s1", "numbers", "warning", "a\x1b[31mred\nb", ignored=True, reason="\x07")
    line = report_text([finding]).splitlines()[0]
    assert line == "p1s1 warning numbers: a␛[31mred⏎ b [ignored: ␇]"


def test_json_report_is_what_json_dumps_writes(sample: SampleSentences) -> None:
    """The report is written piece by piece; it is exactly ``json.dumps(..., indent=2)``."""
    for found in ((), run(QaRun(tuple(_post_edited(sample))))):
        payload = {
            "findings": [finding_dict(f) for f in found],
            "summary": summary(found, segments=3),
        }
        expected = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        assert report_json(found, segments=3) == expected
