"""Crashes and files pulled away under a running process (issue 28, items 4, 5 and 6): the
editor notices its -wal deleted and says NOT SAVED; a memory import that fills the disk
says truly what it did and leaves no large -wal behind; a kill between `record --confirm`'s
project commit and its memory commit is completed by the next opening."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.conftest import REPO, cli, run_workbench, small_disk
from workbench.app.editing import Editing
from workbench.app.projects import open_article
from workbench.core.errors import WorkbenchError
from workbench.core.memory import Memory, open_memory, units_from_document
from workbench.core.session import Session
from workbench.formats.registry import read_document


def test_the_editor_notices_its_wal_deleted(tmp_path: Path, project: Path) -> None:
    """Another program deletes the project's -wal while it is open for writing: the next
    change is not reported saved, and other commands say one line, not a traceback."""
    with Session.open_project(project) as session:
        first, second = session.segments[0].id, session.segments[1].id
        session.set_target(first, "Edit one.", keystrokes=1, active_ms=1)
        project.with_name(project.name + "-wal").unlink()
        with pytest.raises(WorkbenchError, match="NOT SAVED"):
            session.set_target(second, "Edit two.", keystrokes=1, active_ms=1)
        other = run_workbench("stats", project)
        assert other.returncode in (0, 2), other.stderr
        assert "Traceback" not in other.stderr and len(other.stderr.splitlines()) <= 1
    with Session.open_project(project, read_only=True) as reader:
        assert reader.segment(first).target == "Edit one."  # acknowledged: kept


def _tmx(path: Path, units: int) -> Path:
    body = "\n".join(
        f'<tu><tuv xml:lang="en"><seg>Source sentence {i} about ships number {i * 7}.</seg>'
        f'</tuv><tuv xml:lang="fr"><seg>Phrase cible {i} sur les navires {i * 7}.</seg></tuv></tu>'
        for i in range(units)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
        'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
        f'creationtoolversion="1" o-tmf="t"/><body>\n{body}\n</body></tmx>\n'
    )
    return path


def test_a_memory_import_that_fills_the_disk_is_honest_and_leaves_no_large_wal(
    tmp_path: Path,
) -> None:
    tmx = _tmx(tmp_path / "many.tmx", 3000)
    units = units_from_document(read_document(tmx), tmx)
    with small_disk(tmp_path / "disk", "1m") as disk:
        path = disk / "m.wbmem"
        with open_memory(path) as memory:
            before = memory.counts().units
            with pytest.raises(WorkbenchError) as failure:
                memory.add_units(units, batch=400)
        with Memory.open(path, read_only=True) as memory:
            after = memory.counts().units
        message = str(failure.value)
        assert "disk is full" in message or "disk is nearly full" in message
        if after == before:
            assert "not changed" in message
        else:  # resumable: it says how many went in and how to add the rest
            assert f"{after - before:,} units" in message and "again" in message
        wal = path.with_name(path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size < 64 * 1024, wal.stat().st_size


KILL_BEFORE_MEMORY = """
import os, signal, sys
import workbench.core.memory as memory
def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
memory.remember_confirmed = killed
from workbench.cli import main
sys.argv = ["workbench", *sys.argv[1:]]
main()
"""


def test_a_kill_between_the_project_and_memory_commits_is_completed_on_next_open(
    tmp_path: Path, article: Path
) -> None:
    pe = tmp_path / "pe.txt"
    pe.write_text(article.read_text().replace("orbital ships", "rail transit"))
    project = tmp_path / "p.wbproj"
    memory = tmp_path / "m.wbmem"
    assert cli("memory", "import", _tmx(tmp_path / "one.tmx", 1), "--memory", memory).exit_code == 0
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            KILL_BEFORE_MEMORY,
            "record",
            str(article),
            "--pe",
            str(pe),
            "--confirm",
            "--project",
            str(project),
            "--memory",
            str(memory),
        ],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == -signal.SIGKILL
    with Session.open_project(project, read_only=True) as s:
        confirmed = [x.id for x in s.segments if x.status == "confirmed"]
    assert len(confirmed) == 3
    with Memory.open(memory, read_only=True) as m:
        assert m.counts().units == 1  # the kill came between the two commits
    # the next opening for editing (the editor and `record` open through Editing)
    with Editing(open_article(article, project=project), memory=open_memory(memory)):
        pass
    with Memory.open(memory, read_only=True) as m:
        assert m.counts().units == 1 + len(confirmed)
    again = cli(
        "record", article, "--pe", pe, "--confirm", "--project", project, "--memory", memory
    )
    assert again.exit_code == 0, again.output
    assert "0 added, 0 updated, 3 unchanged" in again.stdout
