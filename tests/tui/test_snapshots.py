"""Snapshots of every screen and dialog at 120x40 and 80x24 (pytest-textual-snapshot).

Regenerate after an intended change with ``pytest tests/tui/test_snapshots.py
--snapshot-update`` and look at every SVG in ``__snapshots__`` before committing them
(``rsvg-convert x.svg -o x.png`` turns one into a picture): a snapshot of a broken screen
is a broken test.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from workbench.app.projects import open_article
from workbench.tui.app import WorkbenchApp

SIZES = [(120, 40), (80, 24)]


async def settle(pilot: Any) -> None:
    await pilot.pause(0.8)  # background HTER and QA markers start after opening
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for screen in pilot.app.screen_stack:  # the editor under a dialog shows its cursor too
        for widget in screen.query(Input):
            widget.cursor_blink = False  # a blinking cursor is not deterministic
        for area in screen.query(TextArea):
            area.cursor_blink = False
            area._line_cache.clear()  # lines drawn while the cursor blinked off
            area.refresh()


def keys(*pressed: str) -> Callable[[Any], Awaitable[None]]:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)

    return run_before


SCREENS: dict[str, tuple[str, ...]] = {
    "main": ("alt+down", "alt+down", "ctrl+d"),
    "list": ("f2",),
    "help": ("f1",),
    "qa": ("f5",),
    "ignore": ("f5", "down", "i"),
    "glossary": ("f6",),
    "edit_entry": ("f6", "e"),
    "find_replace": ("ctrl+f",),
    # the matches listed before anything is replaced
    "find_matches": ("ctrl+f", *"the", "tab", *"THE"),
    # a finding ignored, with its reason on screen (u takes it back)
    "ignored": ("f5", "down", "i", *"ok", "enter"),
    # the segment list with the keys (f2), its highlight moved with the arrows
    "list_keys": ("f2", "down", "down"),
    "filter": ("f4",),
    "add_term": ("ctrl+t",),
    "export": ("ctrl+e",),
    # an MT error typed back into the target: confirming asks first
    "confirm": ("alt+down",) * 4 + ("space", *"orbital", "space", *"ships", "ctrl+s"),
}


@pytest.fixture
def app(workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> WorkbenchApp:
    article, glossary = workspace
    monkeypatch.chdir(article.parent)  # paths in dialogs relative and the same every run
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/translator/.config")  # shown in the help
    session = open_article(Path(article.name), glossaries=[glossary], project=Path("demo.wbproj"))
    return WorkbenchApp(session)


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare: Any, app: WorkbenchApp, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=keys(*SCREENS[screen]))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_error_page(snap_compare: Any, size: tuple[int, int]) -> None:
    app = WorkbenchApp(
        error="article.wbproj: the project is open in another workbench process (pid 4242); "
        "open it read-only or close the other one"
    )
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_open_file(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(WorkbenchApp(), terminal_size=size, run_before=keys("a", "b"))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_offer_list(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("g.yaml").write_text(
        "glossary: g\nentries:\n"
        "  - mt: thick plate\n    correct: heavy plate\n"
        "  - mt: forgings\n    correct: forged parts\n    note: Trade usage.\n"
    )
    Path("a.txt").write_text("It makes thick plate and forgings.\n")
    session = open_article(Path("a.txt"), glossaries=[Path("g.yaml")], project=Path("a.wbproj"))
    assert snap_compare(WorkbenchApp(session), terminal_size=size, run_before=keys("ctrl+g"))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_tags(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """A bilingual file's inline codes as tag tokens in the source, MT and target."""
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copy(
        Path(__file__).parents[1] / "data" / "bilingual" / "angular" / "messages.fr.xlf", "."
    )
    session = open_article(Path("messages.fr.xlf"), project=Path("m.wbproj"))
    index = next(s.index for s in session.segments if s.codes)
    session.set_current(index)
    assert snap_compare(WorkbenchApp(session), terminal_size=size, run_before=keys("ctrl+d"))


def _memory_app(folder: Path, monkeypatch: pytest.MonkeyPatch) -> WorkbenchApp:
    """Today's article with a memory holding yesterday's post-edit."""
    from click.testing import CliRunner

    from workbench.cli import main
    from workbench.core.memory import open_memory

    monkeypatch.chdir(folder)
    monkeypatch.setenv("USER", "ana")
    Path("earlier.txt").write_text(
        "The plant makes thick plate for ships.\n\nIt sells orbital ships.\n"
    )
    Path("earlier.pe.txt").write_text(
        "The plant makes heavy plate for ships.\n\nIt sells rail cars.\n"
    )
    args = ["record", "earlier.txt", "--pe", "earlier.pe.txt", "--confirm", "--memory", "tm.wbmem"]
    assert CliRunner().invoke(main, args).exit_code == 0
    Path("today.txt").write_text("The plant makes thick plate for trains.\n")
    session = open_article(Path("today.txt"), project=Path("today.wbproj"))
    return WorkbenchApp(session, memory=open_memory(Path("tm.wbmem")))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_memory_matches(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    app = _memory_app(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_concordance(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    app = _memory_app(tmp_path, monkeypatch)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await pilot.pause()
        pilot.app.screen.query_one("#query", Input).value = "plate"
        await pilot.pause(0.6)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
