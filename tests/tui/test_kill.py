"""Killing a running editor with SIGKILL loses nothing the status line called saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from workbench.app.projects import open_article
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.editor import EditorScreen

DRIVER = Path(__file__).with_name("kill_driver.py")


async def test_sigkill_then_reopen(workspace: tuple[Path, Path]) -> None:
    article, _ = workspace
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), str(article)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert line.split() == ["ack", "p2s1"], line
    with open_article(article) as s:
        assert s.segments[0].status == "confirmed"
        assert s.segments[2].target.endswith("Fixed")
        assert s.segments[2].status == "draft"
        assert s.current == 2
    session = open_article(article)
    app = WorkbenchApp(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        assert screen.state.id == "p2s1"
        assert screen.target.text.endswith("Fixed")
