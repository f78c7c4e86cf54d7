"""The glossary screen: filter as you type, edit and delete with validation, literal text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Static

from workbench.app.projects import open_article
from workbench.core.glossary.yaml_reader import load_glossary
from workbench.core.session import Session
from workbench.tui.screens.glossary import GlossaryScreen

GLOSSARY = (
    "# team glossary\nglossary: g\nentries:\n"
    "  - mt: orbital ships\n    correct: rail transit and shipbuilding\n    apply: auto\n"
    "    note: MT misread\n"
    "  - mt: thick plate\n    correct: heavy plate\n"
    '  - mt: "[bold]x[/]"\n    correct: "[@click=app.quit]q"\n'
)


class Host(App[None]):
    def __init__(self, paths: list[str], session: Session | None) -> None:
        super().__init__()
        self.paths = paths
        self.session = session
        self.result: bool | None = None

    def on_mount(self) -> None:
        self.push_screen(GlossaryScreen(self.paths, self.session), self._done)

    def _done(self, changed: bool | None) -> None:
        self.result = changed


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Session]:
    gl = tmp_path / "g.yaml"
    gl.write_text(GLOSSARY)
    art = tmp_path / "a.txt"
    art.write_text("The orbital ships and more orbital ships.\n")
    return gl, open_article(art)


def rows(app: App[None]) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_filter_edit_delete(setup: tuple[Path, Session]) -> None:
    gl, session = setup
    app = Host([str(gl)], session)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert [r[0] for r in rows(app)] == ["orbital ships", "thick plate", "[bold]x[/]"]
        assert rows(app)[0][3] == "2"  # hits in the current document
        assert rows(app)[2][1] == "[@click=app.quit]q"  # literal, not markup
        for ch in "thick":  # the filter has the keys at once
            await pilot.press(ch)
        assert [r[0] for r in rows(app)] == ["thick plate"]
        await pilot.press("enter", "e")
        await pilot.pause()
        field = app.screen.query_one("#correction", Input)
        field.value = "heavy plates"
        await pilot.press("enter")
        await pilot.pause()
        entry = next(e for e in load_glossary(gl).entries if e.patterns == ("thick plate",))
        assert entry.correction == "heavy plates"
        assert gl.read_text().startswith("# team glossary\n")
        app.screen.query_one("#filter", Input).value = ""
        await pilot.pause()
        app.screen.query_one(DataTable).focus()
        await pilot.press("d", "y")
        await pilot.pause()
        assert [e.patterns[0] for e in load_glossary(gl).entries] == ["thick plate", "[bold]x[/]"]
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is True
    session.close()


async def test_edit_that_would_make_a_cycle_is_refused(setup: tuple[Path, Session]) -> None:
    gl, session = setup
    gl.write_text(GLOSSARY + "  - mt: heavy plate\n    correct: big plate\n")
    before = gl.read_bytes()
    app = Host([str(gl)], session)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        # down goes from the filter to the table, then to "heavy plate" -> "big plate"
        await pilot.press("down", "down", "down", "down", "e")
        await pilot.pause()
        app.screen.query_one("#correction", Input).value = "thick plate"
        await pilot.press("enter")
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert status.startswith("not saved:") and "cycle" in status
        await pilot.press("escape")
        await pilot.pause()
    assert gl.read_bytes() == before
    assert app.result is False
    session.close()


async def test_typing_filters_at_once_and_every_column_is_on_screen(
    setup: tuple[Path, Session],
) -> None:
    gl, session = setup
    gl.write_text(GLOSSARY + "  - mt: " + "very long pattern " * 8 + "\n    correct: x\n")
    app = Host([str(gl)], session)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= table.size.width  # apply, hits and where are on screen
        await pilot.press(*"plate")  # no "/" first: the filter has the keys
        await pilot.pause()
        assert [r[0] for r in rows(app)] == ["thick plate"]
        await pilot.press("down")
        assert app.focused is table
    session.close()
