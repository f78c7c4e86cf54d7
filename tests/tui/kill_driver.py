"""Runs the editor headless, types into a segment, waits until the status line says it was
saved, prints ``ack``, then keeps running until killed (tests/tui/test_kill.py)."""

from __future__ import annotations

import asyncio
import sys

from workbench.app.projects import open_article
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.editor import EditorScreen


async def main(article: str) -> None:
    session = open_article(article)
    app = WorkbenchApp(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")  # confirm p1s1, move to p1s2
        await pilot.press("alt+down")  # p2s1
        await pilot.press(*"Fixed")
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.status_note == "saved":
                break
        print("ack", screen.state.id, flush=True)
        while True:
            await asyncio.sleep(1)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
