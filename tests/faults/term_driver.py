"""Runs the editor headless, types into a segment and prints ``typed`` at once (before the
save timer fires), then waits for a signal (tests/faults/test_signals.py)."""

from __future__ import annotations

import asyncio
import sys

from workbench.app.projects import open_article
from workbench.tui.app import WorkbenchApp


async def main(article: str) -> None:
    session = open_article(article)
    app = WorkbenchApp(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("alt+down")  # p2s1
        await pilot.press(*" typed")
        print("typed", flush=True)
        while app.is_running:
            await asyncio.sleep(0.02)
    print("exited", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
