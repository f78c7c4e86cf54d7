"""Outputs never replace what is not theirs (issue 28, items 1, 2, 4 and 7): a device node
or a FIFO is written into, never renamed over; a project's or the memory's database and the
files SQLite keeps beside it are refused as outputs, ``--force`` or not; a read-only folder
is one line; and temporary files of a killed run are removed by the next run."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.faults.conftest import REPO, cli, one_line_error, read_only
from workbench.core.session import Session


def _null_device(path: Path) -> Path:
    """A character device node like the system's /dev/null (major 1, minor 3)."""
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


def test_force_writes_into_a_device_node_and_never_replaces_it(
    tmp_path: Path, project: Path, article: Path, glossary: Path
) -> None:
    try:
        null = _null_device(tmp_path / "null")
    except PermissionError:
        pytest.skip("mknod needs root")
    runs = [
        ("export", project, "--to", "txt", "-o", null, "--force"),
        ("export", project, "--to", "txt", "-o", null),  # nothing replaced: no --force needed
        ("apply", article, "-g", glossary, "-o", null, "--force"),
        ("glossary", "export", glossary, "--to", "csv", "-o", null, "--force"),
    ]
    for args in runs:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        mode = os.lstat(null).st_mode
        assert stat.S_ISCHR(mode), f"{args}: the device node was replaced"
        assert os.major(os.lstat(null).st_rdev) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_force_writes_into_a_fifo(tmp_path: Path, project: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    result = cli("export", project, "--to", "txt", "-o", fifo, "--force")
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    thread.join(5)
    assert b"The orbital ships arrived" in received[0]


def test_a_socket_is_refused(tmp_path: Path, project: Path) -> None:
    path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        one_line_error(
            cli("export", project, "--to", "txt", "-o", path, "--force"), "not a regular file"
        )
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        sock.close()


@pytest.mark.parametrize("ending", ["-wal", "-shm", ".lock", "-journal", ""])
def test_export_never_replaces_a_projects_own_files(
    tmp_path: Path, project: Path, ending: str
) -> None:
    """An editor has the project open (its -wal holds acknowledged edits); an export with
    --force onto one of the files beside it is refused and the edit survives."""
    with Session.open_project(project) as session:
        sid = session.segments[0].id
        session.set_target(sid, "An acknowledged edit.", keystrokes=1, active_ms=1)
        target = project.with_name(project.name + ending)
        before = os.stat(target).st_ino if target.exists() else None
        one_line_error(
            cli("export", project, "--to", "txt", "-o", target, "--force"),
            "refusing" if ending else "input",
        )
        assert (os.stat(target).st_ino if target.exists() else None) == before
    with Session.open_project(project, read_only=True) as reader:
        assert reader.segment(sid).target == "An acknowledged edit."


def test_no_output_replaces_the_memory_or_its_log(tmp_path: Path, project: Path) -> None:
    memory = tmp_path / "m.wbmem"
    tmx = tmp_path / "one.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
        'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
        'creationtoolversion="1" o-tmf="t"/><body><tu><tuv xml:lang="en"><seg>Ships.</seg>'
        '</tuv><tuv xml:lang="fr"><seg>Navires.</seg></tuv></tu></body></tmx>\n'
    )
    assert cli("memory", "import", tmx, "--memory", memory).exit_code == 0
    for target in (memory, memory.with_name(memory.name + "-wal")):
        one_line_error(cli("export", project, "--to", "txt", "-o", target, "--force"), "refusing")
        one_line_error(
            cli("memory", "export", "--to", "tmx", "-o", target, "--force", "--memory", memory),
            "refusing" if target.name.endswith("-wal") else "would overwrite the input",
        )
    assert cli("memory", "stats", "--memory", memory).exit_code == 0


def test_read_only_folder_import_and_apply_say_one_line(tmp_path: Path, glossary: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    art = folder / "art.txt"
    art.write_text("The orbital ships arrived.\n")
    with read_only(folder):
        one_line_error(
            cli("import", art, "--project", folder / "art.wbproj"), "Read-only file system"
        )
        one_line_error(cli("apply", art, "-g", glossary, "-o", folder / "out.txt"), "Read-only")
        one_line_error(
            cli("export", art, "--to", "txt", "-o", folder / "x.txt"), "no project for this"
        )
    assert sorted(p.name for p in folder.iterdir()) == ["art.txt"]


SLOW_WRITE = """
import os, sys, time
real_fsync = os.fsync
def stall(fd):
    if "/.out.txt." in os.readlink(f"/proc/self/fd/{fd}"):
        print("writing", flush=True)
        time.sleep(60)
    real_fsync(fd)
os.fsync = stall
from workbench.cli import main
sys.argv = ["workbench", *sys.argv[1:]]
main()
"""


def test_a_killed_writer_leaves_no_temporary_file_after_the_next_run(
    tmp_path: Path, article: Path, glossary: Path
) -> None:
    """SIGKILL while `apply` writes its output (stalled at the fsync): the temporary file
    stays, and the next run writing that output removes it (its maker is gone)."""
    out = tmp_path / "out.txt"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE, "apply", article, "-g", glossary, "-o", out],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".out.txt.")]
    assert len(left) == 1 and not out.exists()
    # a live writer's temporary file is not touched
    live = tmp_path / f".out.txt.{os.getpid()}.abcdefgh.tmp"
    live.write_text("being written")
    result = cli("apply", article, "-g", glossary, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("The rail transit")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == [live.name]


CREATE_KILLED = """
import os, sys, time
import workbench.core.storage.project_store as store
def stall(path):
    print("creating", flush=True)
    time.sleep(60)
store.fsync_path = stall
from workbench.cli import main
sys.argv = ["workbench", *sys.argv[1:]]
main()
"""


def test_a_killed_import_leaves_no_creating_file_after_the_next_import(
    tmp_path: Path, article: Path
) -> None:
    project = tmp_path / "p.wbproj"
    proc = subprocess.Popen(
        [sys.executable, "-c", CREATE_KILLED, "import", str(article), "--project", str(project)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "creating"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    # the journal of a build killed mid-transaction, as SQLite leaves it
    (leftover,) = [p for p in tmp_path.iterdir() if p.name.endswith(".creating")]
    journal = leftover.with_name(leftover.name + "-journal")
    journal.write_bytes(b"\0" * 1024)
    assert not project.exists()
    time.sleep(0.01)
    result = cli("import", article, "--project", project)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".p.")) == []
