"""Quitting a large project while its background QA runs: the QA worker sees the
cancellation and stops at its next chunk instead of checking the rest of the project, and
the app's workers run in daemon threads (its exit never waits for one)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from textual.worker import Worker, WorkerState

from tests.tui.helpers import editor
from workbench.app.projects import open_article
from workbench.tui.app import WorkbenchApp
from workbench.tui.editor.checks import MARKER_CHUNK

SEGMENTS = 20_000


def _markers_worker(app: WorkbenchApp) -> Worker[object] | None:
    return next((w for w in app.workers if w.group == "markers"), None)


async def test_ctrl_q_stops_the_background_qa_of_a_large_project(tmp_path: Path) -> None:
    article = tmp_path / "big.txt"
    sentences = [
        f"Sentence number {n} says that the plant in Baotou rose by {n % 97} percent."
        for n in range(SEGMENTS)
    ]
    article.write_text(
        "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, SEGMENTS, 5)) + "\n",
        encoding="utf-8",
    )
    session = open_article(article)
    assert len(session.segments) == SEGMENTS
    app = WorkbenchApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        checks = editor(app).checks  # the editor starts its QA markers on opening
        worker = None
        for _ in range(6000):  # ... and its worker has checked a first chunk
            worker = _markers_worker(app)
            if worker is not None and checks.markers_checked:
                break
            await pilot.pause(0.01)
        assert worker is not None and worker.state is WorkerState.RUNNING
        assert checks.markers_checked < SEGMENTS
        thread_daemon = [t.daemon for t in threading.enumerate() if t.name == "workbench-worker"]
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running
    assert worker.is_cancelled
    assert thread_daemon and all(thread_daemon)
    # the worker stops at its next chunk: wait (generously) for its thread to end
    deadline = time.monotonic() + 120
    while (
        any(t.name == "workbench-worker" for t in threading.enumerate())
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    checked = checks.markers_checked
    time.sleep(0.5)
    assert checks.markers_checked == checked  # it has stopped
    assert checked < SEGMENTS - MARKER_CHUNK  # ... long before the end of the project
