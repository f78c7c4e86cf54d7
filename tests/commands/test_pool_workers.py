"""Workers never outlive the command: a ``kill -9`` of a running ``workbench qa`` (or an
interruption) leaves no worker process behind (``app/pool.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SENTENCE = "Southwest Aluminium signed new orders for the the plant, sagte der Sprecher. "


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        found += [int(c) for c in children]
    return found


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"  # a zombie has ended (only its exit status is left)


def _busy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(12):
        (folder / f"a{i}.txt").write_text((SENTENCE * 40 + "\n\n") * 300, encoding="utf-8")
    return folder


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_killed_qa_leaves_no_worker(tmp_path: Path, how: str) -> None:
    folder = _busy_folder(tmp_path)
    env = {**os.environ, "WORKBENCH_WORKERS": "2"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "qa", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            workers = [c for c in _children(proc.pid) if _alive(c)]
        assert len(workers) >= 2, "the pool never started"
        os.kill(proc.pid, getattr(signal, how))
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "workers outlived the command"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
