"""Spelling in the editor: misspelt words are marked as the translator types, f7 goes through
them, a digit takes a suggestion, ``i`` adds the word to the personal list, ``n`` goes on."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tests.tui.helpers import editor, shown
from workbench.core.session import Session
from workbench.core.spelling import personal_words, words_path
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.spelling import SpellingScreen
from workbench.tui.widgets.target import MISSPELT

SIZE = (120, 40)


def _marked(app: WorkbenchApp) -> list[str]:
    return [word for _, _, word in editor(app).target.misspelt]


def _highlighted_words(app: WorkbenchApp) -> list[str]:
    """The words the target draws in the misspelt style (what the user sees marked)."""
    target = editor(app).target
    words = []
    for row, spans in target._highlights.items():
        line = target.document.get_line(row).encode()
        words += [line[a:b].decode() for a, b, name in spans if name == MISSPELT]
    return words


async def _type_segment(pilot: object, app: WorkbenchApp, text: str) -> None:
    await pilot.press("ctrl+a", "backspace", *text)  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause(0.4)  # type: ignore[attr-defined]  # the typing pause before marks


async def test_misspelt_words_are_marked_as_you_type(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _marked(app) == []  # the loaded MT is spelt right
        await _type_segment(pilot, app, "Teh plant makes thik plate.")
        assert _marked(app) == ["Teh", "thik"]
        assert _highlighted_words(app) == ["Teh", "thik"]
        await pilot.press("ctrl+home", "delete", "delete", "delete", *"The")
        await pilot.pause(0.4)
        assert _marked(app) == ["thik"]


async def test_glossary_wording_and_personal_words_are_never_marked(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # "Chinalco" is in the personal list (conftest); the glossary's corrections are
        # its own wording.
        await _type_segment(pilot, app, "Chinalco makes plate.")
        assert _marked(app) == []


async def test_f7_digit_takes_a_suggestion_and_moves_to_the_next_word(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _type_segment(pilot, app, "Teh plant makes thik plate.")
        screen = editor(app)
        sid = screen.state.id
        assert screen.flush()
        keys_before = session.effort()[sid].keystrokes
        await pilot.press("ctrl+home", "f7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SpellingScreen)
        assert dialog.word == "Teh"
        assert dialog.offers[0] == "The"
        await pilot.press("1")
        await pilot.pause()
        assert screen.target.text == "The plant makes thik plate."
        # the dialog comes back for the next misspelt word
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SpellingScreen)
        assert app.screen.word == "thik"
        offers = app.screen.query_one("#offers", OptionList)
        assert offers.option_count >= 2
        assert "thick" in app.screen.offers
        first = app.screen.offers[0]
        await pilot.press("enter")  # the highlighted (first) suggestion
        await pilot.pause(0.8)  # saved after the typing pause
        assert not isinstance(app.screen, SpellingScreen)
        assert screen.target.text == f"The plant makes {first} plate."
        assert session.segments[screen.index].target == f"The plant makes {first} plate."
        assert session.effort()[sid].keystrokes == keys_before + 2  # one key took each
        assert _marked(app) == []


async def test_i_adds_the_word_to_the_personal_list(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _type_segment(pilot, app, "Xinjiangcorp makes plate.")
        assert _marked(app) == ["Xinjiangcorp"]
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, SpellingScreen)
        await pilot.press("i")
        await pilot.pause()
        assert "Xinjiangcorp" in words_path().read_text(encoding="utf-8").splitlines()
        assert "Xinjiangcorp" in personal_words()
        assert _marked(app) == []
        assert "Xinjiangcorp" not in shown(app, "#findings")
        assert "added to words.txt" in shown(app, "#status")


async def test_n_skips_and_escape_changes_nothing(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _type_segment(pilot, app, "Teh plant makes thik plate.")
        await pilot.press("ctrl+home", "f7")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SpellingScreen)
        assert app.screen.word == "thik"
        await pilot.press("escape")
        await pilot.pause()
        assert editor(app).target.text == "Teh plant makes thik plate."
        assert not Path(words_path()).exists() or "thik" not in personal_words()


async def test_f7_without_misspelt_words_says_so(session: Session) -> None:
    app = WorkbenchApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        assert not isinstance(app.screen, SpellingScreen)
        assert "no misspelt word in this segment" in shown(app, "#status")
