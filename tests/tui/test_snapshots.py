"""Snapshots of the main screen at 120x40 and 80x24 (pytest-textual-snapshot).

Regenerate after an intended change with ``pytest tests/tui/test_snapshots.py
--snapshot-update`` and look at the SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workbench.tui.app import WorkbenchApp
from workbench.workspace import open_article


async def settle(pilot: Any) -> None:
    await pilot.pause(0.8)  # background HTER and QA markers start after opening
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_main_screen(
    snap_compare: Any, workspace: tuple[Path, Path], size: tuple[int, int]
) -> None:
    article, glossary = workspace
    session = open_article(article, glossaries=[glossary], project=article.with_name("demo.wbproj"))
    app = WorkbenchApp(session)

    async def run_before(pilot: Any) -> None:
        pilot.app.screen.target.cursor_blink = False  # a blinking cursor is not deterministic
        await pilot.press("alt+down", "alt+down", "ctrl+d")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
