"""The review screen as ``workbench review`` opens it (the editor in its review mode),
driven by the keyboard only: marking an error on words selected with shift+arrows,
accepting and rejecting, a reviewer's correction recorded as a ``review`` edit that the
marked span follows; and its snapshots at 120x40 and 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, TextArea

from workbench.app.projects import open_article, open_existing
from workbench.app.reviewing import start_review
from workbench.core.lqa.annotation import Span
from workbench.core.session import Session
from workbench.core.storage.review_store import ReviewStore
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import MarkErrorScreen, ReviewArea

SIZES = [(120, 40), (80, 24)]


def reviewed_project(article: Path) -> Session:
    """The test article post-edited by a translator in two segments."""
    with open_article(article) as s:
        s.set_target("p2s1", "Southwest Aluminum serves aerospace, rail transit and cars.")
        s.set_target("p2s2", "The company make heavy plate.")
        s.confirm("p2s1")
        s.confirm("p2s2")
    session = open_existing(article, read_only=False)
    start_review(session, user="someone", reviewer="rita")  # as `workbench review` does
    return session


async def press(pilot: Any, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def test_keyboard_only_marking_of_a_span(workspace: tuple[Path, Path]) -> None:
    article, _ = workspace
    session = reviewed_project(article)
    app = WorkbenchApp(session, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "alt+down", "alt+down", "alt+down")  # to p2s2
        area = app.screen.query_one(ReviewArea)
        assert area.text == "The company make heavy plate."
        # select "make": ctrl+right twice lands after "company", then shift+right x5
        await press(pilot, "ctrl+home", "ctrl+right", "ctrl+right", "right")
        await press(pilot, *["shift+right"] * 4)
        assert area.selected_text == "make"
        await press(pilot, "f3")
        assert isinstance(app.screen, MarkErrorScreen)
        await press(pilot, *"gram min")  # filters the list as it is typed
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        assert str(options.get_option_at_index(0).prompt) == "Fluency/Grammar · Minor"
        await press(pilot, "tab", *"agreement", "enter")
        assert not isinstance(app.screen, MarkErrorScreen)
        # the reviewer fixes it, then accepts: the correction is a review edit
        await press(pilot, "end", "ctrl+left", "ctrl+left", "ctrl+left", "left", "s")
        assert area.text == "The company makes heavy plate."
        await press(pilot, "ctrl+s")
        assert app.screen.query_one(ReviewArea).text.startswith("He said")  # next segment
        await press(pilot, "ctrl+r")  # p3s1 rejected, whatever its errors
    with open_existing(article) as s:
        review = ReviewStore(s.store)
        errors = review.errors_on("p2s2", s.segment("p2s2").target)
        verdicts = {k: v.verdict for k, v in review.verdicts().items()}
        events = [(e.origin, e.after) for e in s.events("p2s2")]
        target = s.segment("p2s2").target
    assert len(errors) == 1
    e = errors[0]
    assert (e.category, e.severity, e.comment, e.reviewer) == (
        "Fluency/Grammar",
        "Minor",
        "agreement",
        "rita",
    )
    assert e.span is not None and target[e.span.start : e.span.end] == "makes"
    assert verdicts == {"p2s2": "accepted", "p3s1": "rejected"}
    assert events[-1] == ("review", "The company makes heavy plate.")


async def test_escape_marks_nothing_and_no_match_refuses(workspace: tuple[Path, Path]) -> None:
    article, _ = workspace
    session = reviewed_project(article)
    app = WorkbenchApp(session, review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "f3", *"zzz", "enter")
        assert isinstance(app.screen, MarkErrorScreen)  # nothing matches: still open
        await press(pilot, "escape")
        assert not isinstance(app.screen, MarkErrorScreen)
        # no selection: an error on the whole segment
        await press(pilot, "f3", *"non-tr", "enter")
        await press(pilot, "ctrl+q")
    with open_existing(article) as s:
        errors = ReviewStore(s.store).errors()
    assert [(e.segment_id, e.category, e.severity, e.span) for e in errors] == [
        ("p1s1", "Non-translation", "Major", None)
    ]


def settle_keys(*keys: str) -> Any:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
            area._line_cache.clear()  # lines drawn while the cursor blinked off
            area.refresh()
        await pilot.pause()

    return run_before


@pytest.fixture
def review_app(workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> WorkbenchApp:
    article, _ = workspace
    monkeypatch.chdir(article.parent)
    session = reviewed_project(article)
    review = ReviewStore(session.store)
    text = session.segment("p2s2").target
    from workbench.core.storage.review_store import NewError

    review.add_errors(
        [
            NewError("p2s2", "rita", "Fluency/Grammar", "Minor", Span(12, 16), text, "agreement"),
            NewError("p2s2", "rita", "Terminology", "Major", None, text),
        ],
        now=0,
    )
    return WorkbenchApp(session, review=True, clock=lambda: 0.0)


SCREENS = {
    "review": ("alt+down", "alt+down", "alt+down"),
    "mark_error": ("alt+down",) * 3 + ("ctrl+right", "right", "ctrl+shift+right", "f3", "m"),
}


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_review_snapshots(
    snap_compare: Any, review_app: WorkbenchApp, screen: str, size: tuple[int, int]
) -> None:
    assert snap_compare(review_app, terminal_size=size, run_before=settle_keys(*SCREENS[screen]))
