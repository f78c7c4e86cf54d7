"""``workbench edit`` and ``serve`` refuse bad input before any UI starts."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.app.projects import open_article
from workbench.cli import main
from workbench.tui.web.launch import ServeRequest, editor_command

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01", "binary"),
        (b"ok \xfa", "not valid UTF-8"),
        (b"\xff\xfe\xfa", "not valid UTF-16LE (an odd number of bytes)"),
        ("\ufeffOne.\n".encode("utf-16-le"), "a UTF-16 article; save it as UTF-8"),
    ],
)
def test_bad_article(tmp_path: Path, content: bytes, message: str) -> None:
    art = tmp_path / "a.txt"
    art.write_bytes(content)
    result = CliRunner().invoke(main, ["edit", str(art)])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_missing_article_and_bad_glossary(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["edit", str(tmp_path / "none.txt")])
    assert result.exit_code == 2 and "no such article" in result.stderr
    art = tmp_path / "a.txt"
    art.write_text("One.\n")
    bad = tmp_path / "g.yaml"
    bad.write_text("glossary: g\nentries:\n  - mt: &a x\n    correct: y\n")
    result = CliRunner().invoke(main, ["edit", str(art), "--glossary", str(bad)])
    assert result.exit_code == 2 and f"{bad}:3:" in result.stderr


def test_locked_project_is_refused_in_a_real_process(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("One.\n")
    with open_article(art):
        proc = subprocess.run(
            [sys.executable, "-m", "workbench", "edit", str(art)],
            capture_output=True,
            text=True,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
        )
    assert proc.returncode == 2
    assert "open in another workbench process" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_serve_runs_the_editor_command(tmp_path: Path) -> None:
    request = ServeRequest(Path("a b.txt"), (Path("glossaries"),), idle_minutes=0.5)
    line = shlex.join(editor_command(request, tmp_path))
    assert line.endswith(
        "-m workbench edit 'a b.txt' --errors-in-ui --glossary glossaries "
        f"--export-root {tmp_path} --idle-timeout 30"
    )
