"""The document-wide QA screen over a real project: findings listed, enter jumps, i ignores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable

from workbench.app.projects import open_article
from workbench.core.session import Session
from workbench.tui.screens.qa import QaScreen

ARTICLE = (
    "Southwest Aluminum will expand applications in aerospace, 轨道交通 and cars.\n\n"
    "Tang Liangzhi praised the the [bold]plant[/] and [@click=app.quit]quit[/].\n\n"
    "Scan the QR code and join the SMM metal communication group.\n"
)
UNSET = "unset"


class Host(App[None]):
    """The smallest app that shows the screen and keeps what it dismissed with."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.result: str | None = UNSET

    def on_mount(self) -> None:
        self.push_screen(QaScreen(self.session), self._done)

    def _done(self, value: str | None) -> None:
        self.result = value


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with open_article(article, project=tmp_path / "article.wbproj") as opened:
        yield opened


async def _checked(app: Host, pilot: Pilot[None]) -> QaScreen:
    screen = app.screen
    assert isinstance(screen, QaScreen)
    for _ in range(200):
        if screen.checked:
            break
        await pilot.pause(0.02)
    assert screen.checked
    return screen


def _rows(screen: QaScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    rows = []
    for n in range(table.row_count):
        cells = table.get_row_at(n)
        assert all(isinstance(c, Text) for c in cells)
        rows.append([c.plain for c in cells])
    return rows


async def test_lists_findings_and_enter_returns_the_segment(session: Session) -> None:
    app = Host(session)
    async with app.run_test() as pilot:
        screen = await _checked(app, pilot)
        rows = _rows(screen)
        assert [r[:3] for r in rows] == [
            ["p1s1", "error", "source-script"],
            ["p2s1", "warning", "repeated-word"],
        ]
        assert "轨道交通" in rows[0][3]
        status = screen.query_one("#qa-status").render()
        assert "1 error, 1 warning, 0 info in 3 segments" in str(status)
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.result == "p2s1"


async def test_file_text_is_shown_literally(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "glossary: markup\ntitle: t\nlanguages: {source: zh, target: en}\nentries:\n"
        '  - mt: orbital ships\n    correct: "rail [bold]transit[/] [@click=app.quit]x"\n'
        "    apply: suggest\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text("Aluminum for [red]orbital ships[/red] and cars.\n", encoding="utf-8")
    with open_article(article, project=tmp_path / "a.wbproj", glossaries=[glossary]) as opened:
        app = Host(opened)
        async with app.run_test() as pilot:
            screen = await _checked(app, pilot)
            (row,) = _rows(screen)
            assert row[:3] == ["p1s1", "warning", "glossary-mt-error"]
            assert "'rail [bold]transit[/] [@click=app.quit]x'" in row[3]
            await pilot.press("enter")
            await pilot.pause()
        assert app.result == "p1s1"


async def test_ignore_with_a_reason_is_recorded_and_shown(session: Session) -> None:
    app = Host(session)
    async with app.run_test() as pilot:
        screen = await _checked(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*"client keeps it", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert _rows(screen)[0][4] == "client keeps it"
        assert screen.findings[0].ignored
        status = str(screen.query_one("#qa-status").render())
        assert "0 errors, 1 warning, 0 info (1 ignored) in 3 segments" in status
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert session.ignored_findings() == {("p1s1", "source-script", "轨道交通"): "client keeps it"}


async def test_escape_in_the_reason_prompt_ignores_nothing(session: Session) -> None:
    app = Host(session)
    async with app.run_test() as pilot:
        screen = await _checked(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*"no", "escape")
        await pilot.pause()
        assert app.screen is screen
        assert not screen.findings[0].ignored
    assert session.ignored_findings() == {}


async def test_an_ignore_is_taken_back_with_u_and_ignored_stays_on_screen(
    session: Session, tmp_path: Path
) -> None:
    app = Host(session)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _checked(app, pilot)
        table = screen.query_one(DataTable)
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= table.size.width  # the "Ignored" column is on screen
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*"client keeps it", "enter")
        await pilot.pause()
        assert session.ignored_findings() != {}
        await pilot.press("u")
        await pilot.pause()
        assert _rows(screen)[0][4] == "" and not screen.findings[0].ignored
        assert "ignore taken back" in str(screen.query_one("#qa-status").render())
    assert session.ignored_findings() == {}
    with Session.open_project(tmp_path / "article.wbproj", read_only=True) as reader:
        assert reader.ignored_findings() == {}  # taken back in the store too
