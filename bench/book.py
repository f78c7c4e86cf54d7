"""Benchmark: a book in the editor, without the UI: project creation, opening, and the
background QA over every segment, on the ``bench/tui.py`` article of ``--segments``
segments (the demo article's sentences repeated) with the shipped glossary.

* creation: ``workspace.open_article`` on an article without a project (read, segment,
  pre-edit with the glossary, write the project, open it), as ``workbench edit`` does
  before the editor shows;
* opening: ``open_article`` again on the existing project (``Session.open_project`` and
  reading every row);
* QA: ``qa.runner.run`` over every segment of the open project (what the editor's
  background QA markers compute).

Targets (issue 15): creation <= 2 s, open <= 0.5 s, background work <= 5 s, each judged
on the **median** of the runs (issue 27; the minimum flattered them). Beside them, a floor
measured in the same run: reading the project's segment rows as bare tuples with sqlite3
(what any opening pays), so a loaded machine shows as a higher floor, not as a regression.

    .venv/bin/python bench/book.py [--segments 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tui import article

REPO = Path(__file__).resolve().parents[1]


def _bare_read(project: Path) -> float:
    """Seconds to read every segment row of ``project`` as tuples (the floor of opening)."""
    import sqlite3

    t0 = time.perf_counter()
    conn = sqlite3.connect(project)
    conn.execute("SELECT * FROM segments ORDER BY idx").fetchall()
    conn.close()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from workbench.app.projects import open_article
    from workbench.qa.runner import project_run, run

    glossaries = [REPO / "glossaries"]
    create: list[float] = []
    opened: list[float] = []
    qa: list[float] = []
    floor: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.txt"
        path.write_text(article(args.segments))
        size = path.stat().st_size
        for i in range(args.runs):
            project = Path(tmp) / f"book{i}.wbproj"
            t0 = time.perf_counter()
            open_article(path, project=project, glossaries=glossaries).close()
            create.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            session = open_article(path, project=project, glossaries=glossaries)
            count = len(session.segments)
            opened.append(time.perf_counter() - t0)
            floor.append(_bare_read(project))
            qa_run = project_run(session)
            t0 = time.perf_counter()
            findings = run(qa_run)
            qa.append(time.perf_counter() - t0)
            session.close()
    print(f"book: {count:,} segments, {size / 1e6:.1f} MB, shipped glossary; {args.runs} runs")
    for name, times, target in (
        ("create the project (open_article, first time)", create, 2.0),
        ("open it (open_article on the project)", opened, 0.5),
        (f"QA of every segment (qa.runner.run, {len(findings)} findings)", qa, 5.0),
    ):
        met = "yes" if statistics.median(times) <= target else "NO"
        print(
            f"  {name}: min {min(times):.2f} s  median {statistics.median(times):.2f} s"
            f"  (target <= {target:g} s: {met})"
        )

    print(
        f"  floor: the segment rows read as bare tuples (sqlite3): median "
        f"{statistics.median(floor):.2f} s"
    )


if __name__ == "__main__":
    main()
