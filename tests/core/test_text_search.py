"""Searching targets with what a translator typed: matches with context, replace plans that
leave confirmed segments alone unless asked, and a deadline no pattern can hang past."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from workbench.app.projects import open_article
from workbench.core.errors import WorkbenchError
from workbench.core.segment_filter import SegmentFilter, filtered
from workbench.core.text_search import (
    Deadline,
    SearchSpec,
    SearchTimeout,
    find_matches,
    replacement_plan,
)

ARTICLE = "Title.\n\nThe plant makes plate. Plate is thick.\n\nNo match here.\n\nA plate.\n"
STUCK = "a" * 40 + "b"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    return path


def test_matches_come_with_their_segment_and_context(article: Path) -> None:
    with open_article(article) as s:
        s.confirm("p4s1")
        found = find_matches(s.segments, SearchSpec("plate"))
        assert [(m.segment_id, m.matched, m.confirmed) for m in found] == [
            ("p2s1", "plate", False),
            ("p2s2", "Plate", False),
            ("p4s1", "plate", True),
        ]
        assert (found[0].before, found[0].after) == ("The plant makes ", ".")
        assert find_matches(s.segments, SearchSpec("plate", case_sensitive=True))[1].index == 4


def test_a_replace_skips_confirmed_segments_unless_asked(article: Path) -> None:
    with open_article(article) as s:
        s.confirm("p4s1")
        plan = replacement_plan(s.segments, SearchSpec("plate", "sheet"))
        assert plan == {"p2s1": "The plant makes sheet.", "p2s2": "sheet is thick."}
        everything = replacement_plan(
            s.segments, SearchSpec("plate", "sheet", include_confirmed=True)
        )
        assert everything["p4s1"] == "A sheet."
        assert s.replace_all("plate", "sheet") == 2
        assert s.segment("p4s1").status == "confirmed" and s.segment("p4s1").target == "A plate."


def test_replace_one_match_and_regular_expression_groups(article: Path) -> None:
    with open_article(article) as s:
        s.set_target("p2s1", "plate and plate")
        second = find_matches(s.segments, SearchSpec("plate"))[1]
        assert replacement_plan(s.segments, SearchSpec("plate", "sheet"), at=second) == {
            "p2s1": "plate and sheet"
        }
        spec = SearchSpec(r"(\w+) is (\w+)", r"\2 is \1", regex=True)
        assert replacement_plan(s.segments, spec, only={"p2s2"}) == {"p2s2": "thick is Plate."}
        with pytest.raises(WorkbenchError, match="not a valid regular expression"):
            find_matches(s.segments, SearchSpec("(", regex=True))


def test_a_backtracking_pattern_gives_up_at_its_deadline(article: Path) -> None:
    with open_article(article) as s:
        s.set_target("p4s1", STUCK)
        started = time.monotonic()
        with pytest.raises(SearchTimeout, match=r"gave up after 0\.2 s"):
            find_matches(s.segments, SearchSpec("(a|aa)+$", regex=True), Deadline(0.2))
        with pytest.raises(SearchTimeout):
            filtered(s.segments, SegmentFilter(text="(a|aa)+$", regex=True), (), Deadline(0.2))
        assert time.monotonic() - started < 10
        # the pattern of the bug report is answered at once by this engine
        assert filtered(s.segments, SegmentFilter(text="(a+)+$", regex=True)) == []
        assert find_matches(s.segments, SearchSpec("(a+)+b", regex=True))[0].segment_id == "p4s1"


def test_redo_after_undo_puts_back_the_confirmed_status(article: Path) -> None:
    with open_article(article) as s:
        s.set_target("p2s1", "one")
        s.set_target("p2s1", "two")
        s.confirm("p2s1")
        assert s.undo("p2s1") is not None and s.segment("p2s1").status == "draft"
        assert s.undo("p2s1") is not None
        assert s.redo("p2s1") is not None and s.segment("p2s1").status == "draft"
        state = s.redo("p2s1")
        assert state is not None and (state.target, state.status) == ("two", "confirmed")
        # reopening keeps it: the status is in the store
    with open_article(article) as s:
        assert s.segment("p2s1").status == "confirmed"
