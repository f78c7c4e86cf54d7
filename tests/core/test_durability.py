"""Every acknowledged edit survives SIGKILL: the project store is durable.

A writer process edits a project through the Session API and prints an acknowledgement
after each commit; it is killed with SIGKILL at a random moment, 50 times over. After each
kill the project must hold every acknowledged edit, nothing half-written, and pass
``PRAGMA integrity_check``. Seeds are printed in any failure message.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.app.projects import open_article
from workbench.core.session import Session

WRITER = Path(__file__).with_name("writer_proc.py")
# Each round starts a writer process and kills it at a random point; a soak run sets more
# (WORKBENCH_DURABILITY_ROUNDS=500) and another seed (WORKBENCH_DURABILITY_SEED).
ROUNDS = int(os.environ.get("WORKBENCH_DURABILITY_ROUNDS", "20"))


@pytest.mark.slow
def test_acknowledged_edits_survive_sigkill(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("\n\n".join(f"Sentence number {i}. Another one {i}." for i in range(20)))
    project = tmp_path / "article.wbproj"
    open_article(article, project=project).close()
    master = random.Random(int(os.environ.get("WORKBENCH_DURABILITY_SEED", "20261123")))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    total_acks = 0
    for round_no in range(ROUNDS):
        seed = master.randrange(1_000_000)
        wait_acks = master.randrange(1, 40)
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(article), str(project), str(seed)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        acks: list[tuple[int, str, str, str]] = []
        assert proc.stdout.readline().strip() == "ready", f"round {round_no} seed {seed}"
        while len(acks) < wait_acks:
            line = proc.stdout.readline()
            if not line:
                break
            _, seq_text, sid_text, digest_text, status_text = line.split()
            acks.append((int(seq_text), sid_text, digest_text, status_text))
        time.sleep(master.random() * 0.01)  # kill mid-transaction now and then
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        total_acks += len(acks)
        where = f"round {round_no}, seed {seed}, {len(acks)} acks"
        conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", where
        conn.close()
        with Session.open_project(project, read_only=True) as s:
            events = {e.seq: e for e in s.events()}
            for seq, sid, _digest, _status in acks:
                assert seq in events, f"acknowledged event {seq} lost ({where})"
                assert events[seq].segment_id == sid, where
            # nothing half-written: each target is the text of its segment's last event
            last: dict[str, str] = {}
            for e in sorted(events.values(), key=lambda e: e.seq):
                last[e.segment_id] = e.after
            for seg in s.segments:
                assert seg.target == last.get(seg.id, seg.pre), f"{seg.id} torn ({where})"
            # the last acknowledgement per segment is no newer than what is stored
            for seq, sid, digest, status in acks:
                newer = [e for e in events.values() if e.segment_id == sid and e.seq > seq]
                if not newer:
                    stored = s.segment(sid)
                    assert hashlib.sha1(stored.target.encode()).hexdigest() == digest, where
                    assert stored.status == status, f"{sid} status lost ({where})"
    assert total_acks >= ROUNDS
