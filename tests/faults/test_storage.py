"""Projects and the memory under faults (issue 28, items 3, 4 and 11): a planted lock
symlink, a read-only file system, damaged project files. What the user sees is the work
read, or one line and exit 2; never a traceback, never a file that is not ours rewritten."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from tests.faults.conftest import cli, one_line_error, read_only, small_disk
from workbench.commands.edit import make_app
from workbench.core.errors import WorkbenchError
from workbench.core.session import Session

BOOK = "\n\n".join(
    f"Sentence number {i} of the article about orbital ships. Another sentence {i} here."
    for i in range(300)
)


def test_a_lock_symlink_is_never_followed(tmp_path: Path, project: Path, article: Path) -> None:
    """``p.wbproj.lock -> important.txt``: opening the project for writing once rewrote
    important.txt to a pid. Now it is refused and the file is untouched."""
    important = tmp_path / "important.txt"
    important.write_text("precious\n")
    lock = project.with_name(project.name + ".lock")
    lock.unlink(missing_ok=True)
    lock.symlink_to(important)
    pe = tmp_path / "pe.txt"
    pe.write_text(article.read_text().replace("orbital ships", "rail transit"))
    one_line_error(cli("record", article, "--pe", pe, "--project", project), "lock")
    assert important.read_text() == "precious\n"
    assert lock.is_symlink()


def test_a_lock_file_that_is_not_ours_is_not_truncated(tmp_path: Path, project: Path) -> None:
    """A ``.lock`` holding something other than a pid (a file that happens to have that
    name) is never truncated."""
    lock = project.with_name(project.name + ".lock")
    lock.write_text("my notes about the project\n" * 10)
    with pytest.raises(WorkbenchError, match="lock"):
        Session.open_project(project).close()
    assert lock.read_text() == "my notes about the project\n" * 10


@pytest.fixture
def ro_project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A folder with an article, its project (closed cleanly: no -wal, no -shm) and a
    memory, to be mounted read-only."""
    folder = tmp_path / "ro"
    folder.mkdir()
    article = folder / "art.txt"
    article.write_text("The orbital ships arrived.\n\nSecond paragraph here.\n")
    project = folder / "art.wbproj"
    memory = folder / "m.wbmem"
    assert cli("import", article, "--project", project).exit_code == 0
    with Session.open_project(project) as s:
        s.confirm(s.segments[0].id)
    assert cli("memory", "import", project, "--memory", memory).exit_code == 0
    for p in folder.iterdir():
        if p.name.endswith(("-wal", "-shm", ".lock")):
            p.unlink()
    return article, project, memory


def test_read_only_file_system_readers_work(
    tmp_path: Path, ro_project: tuple[Path, Path, Path]
) -> None:
    _article, project, memory = ro_project
    out = tmp_path / "out.txt"
    other = tmp_path / "other.wbmem"
    with read_only(project.parent):
        stats = cli("stats", project)
        assert stats.exit_code == 0, stats.output
        export = cli("export", project, "--to", "txt", "-o", out)
        assert export.exit_code == 0, export.output
        assert out.read_text().startswith("The orbital ships arrived.")
        qa = cli("qa", project)
        assert (qa.exit_code in (0, 1) and qa.exception is None) or isinstance(
            qa.exception, SystemExit
        ), qa.output
        imported = cli("memory", "import", project, "--memory", other)
        assert imported.exit_code == 0, imported.output
        assert "1 added" in imported.stdout
        mstats = cli("memory", "stats", "--memory", memory)
        assert mstats.exit_code == 0, mstats.output
        app = make_app(project.with_suffix(".txt"), None, (), project, True, False, memory)
        assert app.session is not None and len(app.session.segments) == 2
        app.session.close()
    assert sorted(p.name for p in project.parent.iterdir()) == ["art.txt", "art.wbproj", "m.wbmem"]


def test_read_only_file_system_writers_say_so(
    tmp_path: Path, ro_project: tuple[Path, Path, Path]
) -> None:
    article, project, memory = ro_project
    pe = tmp_path / "pe.txt"
    pe.write_text("The rail transit arrived.\n\nSecond paragraph here.\n")
    clean = tmp_path / "clean.wbproj"
    assert cli("import", article, "--project", clean).exit_code == 0
    with read_only(project.parent):
        line = one_line_error(
            cli("record", article, "--pe", pe, "--project", project), "read-only file system"
        )
        assert "permission" not in line
        one_line_error(cli("memory", "import", clean, "--memory", memory), "read-only file system")


def _book_project(tmp_path: Path) -> Path:
    article = tmp_path / "book.txt"
    article.write_text(BOOK)
    project = tmp_path / "book.wbproj"
    assert cli("import", article, "--project", project).exit_code == 0
    for ending in ("-wal", "-shm"):
        assert not project.with_name(project.name + ending).exists()
    return project


def _truncated(project: Path) -> None:
    data = project.read_bytes()
    project.write_bytes(data[: len(data) // 2])


def _segments_page_overwritten(project: Path) -> None:
    conn = sqlite3.connect(project)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'segments'").fetchone()[0]
    conn.close()
    with open(project, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(bytes((i * 7 + 13) % 256 for i in range(page_size)))


def _text_bytes_flipped(project: Path) -> None:
    data = bytearray(project.read_bytes())
    at = data.find(b"Sentence number 150 ")
    assert at > 0
    data[at : at + 8] = b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8"  # no longer UTF-8
    project.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncated, _segments_page_overwritten, _text_bytes_flipped])
def test_a_damaged_project_is_one_line_in_every_command(
    tmp_path: Path, damage: object, project: Path
) -> None:
    memory = tmp_path / "m.wbmem"
    assert cli("memory", "import", project, "--memory", memory).exit_code == 0
    project = _book_project(tmp_path)
    assert callable(damage)
    damage(project)
    for args in (
        ("stats", project),
        ("export", project, "--to", "txt", "-o", tmp_path / "o.txt"),
        ("qa", project),
        ("memory", "import", project, "--memory", memory),
    ):
        one_line_error(cli(*args), str(project), "damaged")
    with pytest.raises(WorkbenchError, match="damaged"):
        make_app(tmp_path / "book.txt", None, (), project, True, False, memory)
    assert not (tmp_path / "o.txt").exists()


def test_a_full_disk_is_named_and_reading_still_works(tmp_path: Path) -> None:
    """On a full disk a writer said "not a usable project database (disk I/O error)" and
    readers failed too; now the writer says the disk is full and readers read."""
    pe = tmp_path / "pe.txt"
    pe.write_text("The rail transit arrived.\n\nSecond paragraph here.\n")
    with small_disk(tmp_path / "disk", "1m") as disk:
        article = disk / "a.txt"
        article.write_text("The orbital ships arrived.\n\nSecond paragraph here.\n")
        project = disk / "a.wbproj"
        assert cli("import", article, "--project", project).exit_code == 0
        with open(disk / "filler", "wb", buffering=0) as fh, contextlib.suppress(OSError):
            while True:
                fh.write(b"\0" * 65536)
        line = one_line_error(
            cli("record", article, "--pe", pe, "--project", project), "disk is full"
        )
        assert "not a usable project database" not in line
        stats = cli("stats", project)
        assert stats.exit_code == 0, stats.output
        assert "2: 0 confirmed" in stats.stdout
