"""A writer for the durability test: edits a project through the Session API and prints
``ack <seq> <segment> <sha1 of text> <status>`` after each commit that recorded an event.
Runs until killed."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys

from workbench.app.projects import open_article


def main() -> None:
    article, project, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    with open_article(article, project=project) as s:
        # A second, read-only connection sees what the session committed.
        log = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
        print("ready", flush=True)
        n = 0
        last_seq = log.execute("SELECT MAX(seq) FROM events").fetchone()[0] or 0
        while True:
            n += 1
            seg = rng.choice(list(s.segments))
            action = rng.random()
            if action < 0.15:
                state = s.confirm(seg.id)
            elif action < 0.25:
                s.set_current(seg.index)
                state = seg
            elif action < 0.35:
                state = s.undo(seg.id) or seg
            else:
                text = f"seed {seed} edit {n} " + "x" * rng.randrange(0, 2000)
                state = s.set_target(seg.id, text, keystrokes=1, active_ms=10)
            seq = log.execute("SELECT MAX(seq) FROM events").fetchone()[0] or 0
            if seq == last_seq:
                continue  # nothing recorded (no-op confirm/undo, or a move): nothing to ack
            last_seq = seq
            digest = hashlib.sha1(state.target.encode()).hexdigest()
            print(f"ack {seq} {state.id} {digest} {state.status}", flush=True)


if __name__ == "__main__":
    main()
