"""The line-break check: a break the source (or the MT) does not have is reported where it
is; breaks the reference has are allowed."""

from __future__ import annotations

from workbench.qa.line_breaks import extra_line_break
from workbench.qa.model import QaContext, QaSegment
from workbench.qa.runner import CHECKS, QaRun, run


def test_a_break_in_a_one_line_segment_is_reported_where_it_is() -> None:
    seg = QaSegment("s1", "The plant makes\nheavy plate.", mt="The plant makes thick plate.")
    (found,) = extra_line_break(seg, QaContext())
    assert (found.check, found.severity, found.start, found.matched) == (
        "line-break",
        "warning",
        15,
        "\n",
    )
    assert "the MT does not have" in found.message


def test_the_source_is_the_reference_when_there_is_one() -> None:
    seg = QaSegment("s1", "One\nTwo\nThree", mt="One Two Three", source="一\n二 三")
    (found,) = extra_line_break(seg, QaContext())
    assert found.start == len("One\nTwo") and "the source has 1" in found.message


def test_breaks_the_reference_has_are_fine() -> None:
    assert extra_line_break(QaSegment("s1", "a\nb", mt="x\ny"), QaContext()) == ()
    assert extra_line_break(QaSegment("s1", "a b", mt="x y"), QaContext()) == ()
    # an article checked as a finished target has nothing to compare with
    assert extra_line_break(QaSegment("s1", "a\nb"), QaContext()) == ()


def test_the_check_is_registered_and_runs() -> None:
    assert CHECKS["line-break"].severity == "warning"
    found = run(QaRun(segments=(QaSegment("s1", "a\r\nb", mt="a b"),)))
    assert [f.check for f in found] == ["line-break"]
