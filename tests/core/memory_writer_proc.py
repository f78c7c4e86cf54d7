"""A writer for the two-writer memory test: confirms every segment of its own project one
by one, putting each into the shared memory as the editor does (one short transaction per
confirmation), and prints ``done <count>`` at the end.

    python memory_writer_proc.py ARTICLE PROJECT MEMORY NAME
"""

from __future__ import annotations

import sys

from workbench.core.memory import Memory, confirm_segment
from workbench.workspace import open_article


def main() -> None:
    article, project, memory, name = sys.argv[1:5]
    with open_article(article, project=project) as session:
        session.attach_memory(Memory.open(memory, who=name))
        print("ready", flush=True)
        sys.stdin.readline()  # both writers start together
        count = 0
        for seg in list(session.segments):
            session.set_target(seg.id, f"{name}: {seg.mt}")
            if confirm_segment(session, seg.id, propagate=False).remembered:
                count += 1
        print(f"done {count}", flush=True)


if __name__ == "__main__":
    main()
