"""Benchmark: the editor on a 5,000-segment article, headless (``App.run_test``).

Prints, beside each target of SPEC section 8:
* open: creating the project (segmentation, glossary pre-editing, store) is reported
  apart from opening an existing project and mounting the UI until the target has focus;
* move: the work of one alt+down (save, load the segment, highlight the MT, offers, QA);
* keystroke: the work one keystroke triggers (the edit plus the offers/QA panel refresh);
* memory: peak resident set size of the process.

    .venv/bin/python bench/tui.py [--segments N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def article(segments: int) -> str:
    demo = (REPO / "samples" / "chinalco-demo.mt.txt").read_text().split("\n\n")[1:-2]
    sentences = [s for p in demo for s in p.replace(". ", ".\n").splitlines() if s.strip()]
    out = []
    n = 0
    while n < segments:
        para = []
        for _ in range(4):
            para.append(sentences[n % len(sentences)])
            n += 1
        out.append(" ".join(para))
    return "\n\n".join(out) + "\n"


async def measure(path: Path, segments: int) -> None:
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.editor import EditorScreen
    from workbench.workspace import open_article

    glossaries = [REPO / "glossaries"]
    t0 = time.perf_counter()
    open_article(path, glossaries=glossaries).close()
    create = time.perf_counter() - t0

    t0 = time.perf_counter()
    session = open_article(path, glossaries=glossaries)
    app = WorkbenchApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, EditorScreen) and app.focused is app.screen.target):
            await pilot.pause(0.001)
        opened = time.perf_counter() - t0
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        t0 = time.perf_counter()
        await pilot.pause(0.7)  # the background work starts 0.3-0.6 s after opening
        await app.workers.wait_for_complete()  # document HTER and QA markers
        hter_worker = time.perf_counter() - t0
        moves = []
        for _ in range(200):
            t = time.perf_counter()
            screen.action_next()
            moves.append(time.perf_counter() - t)
        await pilot.pause()
        keys = []
        for _ in range(200):
            t = time.perf_counter()
            screen.target.insert("x")  # the edit; the Changed handler runs on the next pause
            screen.count_keystroke()
            screen._changed()
            keys.append(time.perf_counter() - t)
        panels = []
        for _ in range(50):
            t = time.perf_counter()
            screen.refresh_panels()  # offers + QA, once typing pauses
            panels.append(time.perf_counter() - t)
        await pilot.pause()
        screen.flush()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"segments: {len(session.segments)}")
    print(f"create project (first open):  {create * 1000:7.0f} ms  (one-off)")
    print(f"open to interactive:          {opened * 1000:7.0f} ms   target < 1000 ms")
    print(
        f"background HTER + QA markers: {hter_worker * 1000:7.0f} ms  (workers after open; "
        "figures below are measured after them)"
    )
    for name, xs in (
        ("move to next segment:", moves),
        ("keystroke (edit + handler):", keys),
        ("panels after a pause:", panels),
    ):
        q = statistics.quantiles(xs, n=20)
        print(
            f"{name:<29} {statistics.median(xs) * 1000:7.2f} ms median, "
            f"{q[-1] * 1000:.2f} ms p95, {max(xs) * 1000:.2f} ms max   target < 16 ms"
        )
    print(f"peak memory (RSS):            {rss_mb:7.0f} MB   target < 200 MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WORKBENCH_HOME"] = tmp
        path = Path(tmp) / "long.txt"
        path.write_text(article(args.segments))
        asyncio.run(measure(path, args.segments))


if __name__ == "__main__":
    main()
