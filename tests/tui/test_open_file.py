"""``workbench edit`` without an article asks for one."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.dialogs import OpenFileScreen
from workbench.tui.screens.editor import EditorScreen


async def test_asks_for_a_file_then_opens_it(workspace: tuple[Path, Path]) -> None:
    article, _ = workspace
    app = WorkbenchApp(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpenFileScreen)
        app.screen.query_one("#path", Input).value = str(article.with_name("missing.txt"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OpenFileScreen)  # stays, with an error
        app.screen.query_one("#path", Input).value = str(article)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.state.id == "p1s1"
