"""The editor's review mode (f8): the current project reviewed on the review screen from the
segment the editor is on, driven by the keyboard only, and back to the editor with f8 on the
segment reviewed last, showing the reviewer's correction; its snapshots at 120x40 and 80x24."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import OptionList

from tests.tui.helpers import editor, shown
from tests.tui.test_review_screen import press, settle_keys
from workbench.app.projects import open_article, open_existing
from workbench.core.config import Config
from workbench.core.review_split import review_split
from workbench.core.storage.review_store import ReviewStore
from workbench.tui.app import WorkbenchApp
from workbench.tui.keymap import EDITOR_BINDINGS
from workbench.tui.screens.editor import EditorScreen
from workbench.tui.screens.help import HelpScreen, key_table, review_table
from workbench.tui.screens.review import MarkErrorScreen, ReviewArea, ReviewScreen

SIZES = [(120, 40), (80, 24)]
TRANSLATED = "The company make heavy plate."


def post_edited(article: Path) -> None:
    with open_article(article) as s:
        s.set_target("p2s2", TRANSLATED)
        s.confirm("p2s2")


async def test_f8_reviews_from_the_editor_with_the_keyboard_only(
    workspace: tuple[Path, Path],
) -> None:
    article, _ = workspace
    post_edited(article)
    session = open_existing(article, read_only=False)
    app = WorkbenchApp(session, config=Config(user="vera"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "alt+down", "alt+down", "alt+down")
        assert editor(app).state.id == "p2s2"
        await press(pilot, "f8")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        # the review starts where the editor was: MT, the translator's text and its diff
        assert screen.segment_id == "p2s2"
        area = screen.query_one(ReviewArea)
        assert area.text == TRANSLATED
        assert shown(app, "#rv-mt") == "The company makes thick plate."
        # the word diff MT -> translator: deleted words, then the inserted ones
        diff = re.sub(r"\s+", " ", shown(app, "#rv-diff")).strip()
        assert diff == "The company makes thick make heavy plate."
        # select "make" with the keyboard, mark it, fix it
        await press(pilot, "ctrl+home", "ctrl+right", "ctrl+right", "right")
        await press(pilot, *["shift+right"] * 4)
        assert area.selected_text == "make"
        await press(pilot, "f3")
        assert isinstance(app.screen, MarkErrorScreen)
        await press(pilot, *"agree")
        assert app.screen.query_one(OptionList).option_count == 0  # nothing matches "agree"
        await press(pilot, *["backspace"] * 5, *"gram maj")
        options = app.screen.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt) == "Fluency/Grammar · Major"
        await press(pilot, "enter")
        assert not isinstance(app.screen, MarkErrorScreen)  # the dialog closed
        assert "1. Major Fluency/Grammar: «make»" in shown(app, "#rv-errors")
        await press(pilot, "end", "ctrl+left", "ctrl+left", "ctrl+left", "left", "s")
        assert area.text == "The company makes heavy plate."
        await press(pilot, "ctrl+s")  # accepted: on to p3s1
        assert screen.segment_id == "p3s1"
        await press(pilot, "alt+up", "f8")  # back to the editor, on p2s2
        assert isinstance(app.screen, EditorScreen)
        assert editor(app).state.id == "p2s2"
        assert editor(app).target.text == "The company makes heavy plate."
        assert "review mode left: 1 segment(s) corrected" in shown(app, "#status")
    with open_existing(article) as s:
        review = ReviewStore(s.store)
        target = s.segment("p2s2").target
        (error,) = review.errors_on("p2s2", target)
        verdicts = {k: (v.reviewer, v.verdict) for k, v in review.verdicts().items()}
        origins = [e.origin for e in s.events("p2s2")]
        split = review_split(s.segments, s.events())
    assert (error.category, error.severity, error.reviewer) == ("Fluency/Grammar", "Major", "vera")
    assert error.span is not None and target[error.span.start : error.span.end] == "makes"
    assert verdicts == {"p2s2": ("vera", "accepted")}
    assert origins[-1] == "review" and "review" not in origins[:-1]
    (seg,) = [x for x in split.segments if x.segment_id == "p2s2"]
    assert seg.translated == TRANSLATED and seg.reviewer_edits == 1


async def test_ctrl_q_in_review_mode_saves_the_correction(workspace: tuple[Path, Path]) -> None:
    article, _ = workspace
    post_edited(article)
    app = WorkbenchApp(open_existing(article, read_only=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "alt+down", "alt+down", "alt+down", "f8", "end", "!", "ctrl+q")
    with open_existing(article) as s:
        assert s.segment("p2s2").target == TRANSLATED + "!"
        assert s.events("p2s2")[-1].origin == "review"


async def test_read_only_review_mode_changes_nothing(workspace: tuple[Path, Path]) -> None:
    article, _ = workspace
    post_edited(article)
    app = WorkbenchApp(open_existing(article, read_only=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "f8", "f3")
        assert isinstance(app.screen, ReviewScreen)  # no dialog: nothing can be marked
        await press(pilot, "ctrl+s", "f8")
        assert isinstance(app.screen, EditorScreen)
    with open_existing(article) as s:
        assert ReviewStore(s.store).errors() == [] and ReviewStore(s.store).verdicts() == {}


async def test_a_bad_model_says_why_and_stays_in_the_editor(
    workspace: tuple[Path, Path],
) -> None:
    article, _ = workspace
    post_edited(article)
    model = article.parent / "house.yaml"
    model.write_text("model: house\n")  # no severities, no categories
    with open_existing(article, read_only=False) as s:
        ReviewStore(s.store).set_meta({"model": str(model)})
    app = WorkbenchApp(open_existing(article, read_only=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "f8")
        assert isinstance(app.screen, EditorScreen)
        (note,) = list(app._notifications)
        assert note.title == "No review" and f"{model}:1: the model has no" in note.message


async def test_the_key_is_in_the_help_and_the_palette_and_a_keymap_moves_it(
    workspace: tuple[Path, Path],
) -> None:
    article, _ = workspace
    (binding,) = [b for b in EDITOR_BINDINGS if b.id == "review_mode"]
    assert binding.key == "f8"
    app = WorkbenchApp(open_article(article))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Review (f8)" in commands
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        app.set_keymap({"review_mode": "f9"})
        await press(pilot, "f8")
        assert isinstance(app.screen, EditorScreen)
        await press(pilot, "f9")
        assert isinstance(app.screen, ReviewScreen)
        await press(pilot, "f9")  # the same id leaves
        assert isinstance(app.screen, EditorScreen)


def test_help_lists_the_review_keys_with_the_keymap_applied() -> None:
    out = io.StringIO()
    Console(file=out, width=120).print(review_table({"review_mode": "f9"}))
    text = out.getvalue()
    assert "Review mode" in text and "Mark an error on the selection" in text
    assert re.search(r"f9 +│ Back to the editor", text)
    out = io.StringIO()
    Console(file=out, width=120).print(key_table({}))
    assert re.search(r"f8 +│ Review mode: source, MT", out.getvalue())


@pytest.fixture
def editor_app(workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> WorkbenchApp:
    article, _ = workspace
    monkeypatch.chdir(article.parent)
    post_edited(article)
    return WorkbenchApp(
        open_existing(article, read_only=False), config=Config(user="vera"), clock=lambda: 0.0
    )


SCREENS = {
    # from the editor on p2s2: the review of that segment, an error marked on "make"
    "review_mode": (
        *("alt+down",) * 3,
        "f8",
        "ctrl+right",
        "ctrl+right",
        "right",
        "ctrl+shift+right",
        "f3",
        *"gram min",
        "enter",
    ),
}


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_review_mode_snapshots(
    snap_compare: Any, editor_app: WorkbenchApp, screen: str, size: tuple[int, int]
) -> None:
    assert snap_compare(editor_app, terminal_size=size, run_before=settle_keys(*SCREENS[screen]))
