"""The post-edit memory in the editor: matches for the segment (score, what changed since,
the earlier final text), ctrl+l inserts one as a ``memory`` edit, confirming remembers the
segment and fills its repetitions, ctrl+k searches the memory and the glossary."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Input, OptionList

from tests.tui.helpers import editor, shown
from workbench.app.projects import open_article
from workbench.cli import main
from workbench.core.memory import Memory, open_memory
from workbench.core.session import Session
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.concordance import ConcordanceScreen
from workbench.tui.screens.dialogs import ChoiceScreen

SIZE = (120, 40)
EARLIER_MT = "The plant makes thick plate for ships.\n\nIt sells orbital ships to buyers.\n"
EARLIER_PE = "The plant makes heavy plate for ships.\n\nIt sells rail vehicles to buyers.\n"
TODAY = (
    "The plant makes thick plate for ships.\n\n"
    "The plant makes thick plate for trains.\n\n"
    "The plant makes thick plate for ships.\n"
)


@pytest.fixture
def memory_file(tmp_path: Path) -> Path:
    """A memory holding yesterday's post-edit (recorded and confirmed from the CLI)."""
    (tmp_path / "earlier.txt").write_text(EARLIER_MT)
    (tmp_path / "earlier.pe.txt").write_text(EARLIER_PE)
    memory = tmp_path / "tm.wbmem"
    result = CliRunner().invoke(
        main,
        [
            "record",
            str(tmp_path / "earlier.txt"),
            "--pe",
            str(tmp_path / "earlier.pe.txt"),
            "--confirm",
            "--memory",
            str(memory),
        ],
    )
    assert result.exit_code == 0, result.output
    return memory


@pytest.fixture
def today(tmp_path: Path, memory_file: Path) -> Session:
    (tmp_path / "today.txt").write_text(TODAY)
    return open_article(tmp_path / "today.txt", project=tmp_path / "today.wbproj")


@pytest.fixture
def today_memory(memory_file: Path) -> Memory:
    return open_memory(memory_file)


async def settle(pilot: object, app: WorkbenchApp) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_matches_are_shown_and_inserted_as_memory_edits(
    today: Session, today_memory: Memory
) -> None:
    app = WorkbenchApp(today, memory=today_memory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle(pilot, app)
        panel = shown(app, "#memory")
        assert "M1. 100% exact" in panel
        assert "final:  The plant makes heavy plate for ships." in panel
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert editor(app).target.text == "The plant makes heavy plate for ships."
        assert today.events()[-1].origin == "memory"
        await pilot.press("alt+down")
        await settle(pilot, app)
        panel = shown(app, "#memory")
        assert "M1." in panel and "fuzzy" in panel
        assert "was MT: The plant makes thick plate for ships. trains." in panel
        await pilot.press("ctrl+z")  # nothing inserted here yet: nothing to undo
        await pilot.pause()
        assert "nothing to undo" in shown(app, "#status")


async def test_confirm_remembers_and_fills_repetitions(
    today: Session, today_memory: Memory, memory_file: Path
) -> None:
    app = WorkbenchApp(today, memory=today_memory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle(pilot, app)
        await pilot.press("ctrl+l", "ctrl+s")
        await pilot.pause()
        assert "1 repetition(s) filled" in shown(app, "#status")
        third = today.segments[2]
        assert (third.target, third.status) == ("The plant makes heavy plate for ships.", "draft")
        assert today.events()[-1].origin == "propagation"
    with open_memory(memory_file, read_only=True) as memory:
        assert memory.counts().units == 3  # two recorded yesterday, one confirmed today


async def test_several_matches_are_chosen_by_number(today: Session, today_memory: Memory) -> None:
    app = WorkbenchApp(today, memory=today_memory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ed = editor(app)
        ed.go(1)
        await settle(pilot, app)
        assert ed.matches is not None and len(ed.matches) >= 1
        ed.matches = (*ed.matches, *ed.matches)  # two offers: the list opens
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("2")
        await pilot.pause()
        assert ed.target.text == "The plant makes heavy plate for ships."


async def test_concordance_finds_and_inserts(today: Session, today_memory: Memory) -> None:
    app = WorkbenchApp(today, memory=today_memory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ed = editor(app)
        ed.target.load_text("")
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, ConcordanceScreen)
        app.screen.query_one("#query", Input).value = "rail vehicles"
        await pilot.pause(0.5)
        await settle(pilot, app)
        hits = app.screen.query_one("#hits", OptionList)
        assert hits.option_count == 1
        assert "1 in the memory, 0 in the glossary" in shown(app, "#count")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert ed.target.text == "It sells rail vehicles to buyers."
