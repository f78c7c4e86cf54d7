"""A writer for the two-writer memory test: confirms every segment of its own project one
by one, putting each into the shared memory as the editor does (one short transaction per
confirmation), and prints ``done <count>`` at the end.

    python memory_writer_proc.py ARTICLE PROJECT MEMORY NAME
"""

from __future__ import annotations

import sys

from workbench.app.editing import Editing
from workbench.app.projects import open_article
from workbench.core.memory import Memory


def main() -> None:
    article, project, memory, name = sys.argv[1:5]
    session = open_article(article, project=project)
    with Editing(session, memory=Memory.open(memory, who=name)) as editing:
        print("ready", flush=True)
        sys.stdin.readline()  # both writers start together
        count = 0
        for seg in list(session.segments):
            session.set_target(seg.id, f"{name}: {seg.mt}")
            if editing.confirm(seg.id, propagate=False).remembered:
                count += 1
        print(f"done {count}", flush=True)


if __name__ == "__main__":
    main()
