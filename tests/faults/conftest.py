"""The fault-injection suite (issue 28): crafted files, read-only and full file systems,
SIGKILL and SIGTERM at chosen moments. Each test reproduces one fault the workbench once
turned into lost work or a traceback, and asserts what the user sees now: one line on
stderr and exit 2, the work kept, nothing replaced that is not ours.

Read-only and full file systems are real: a read-only bind mount and a 1 MB tmpfs (the
tests run as root in CI; where ``mount`` is not allowed they are skipped, never faked).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workbench.cli import main

REPO = Path(__file__).resolve().parents[2]
ARTICLE = (
    "The orbital ships arrived at the port.\n\nThe second paragraph has two sentences. Here.\n"
)
GLOSSARY = (
    "glossary: g\nentries:\n  - mt: orbital ships\n    correct: rail transit\n    apply: auto\n"
)


def cli(*args: object, input: str | None = None) -> Result:
    """``workbench ARGS`` in this process (exceptions become exit 1, as a traceback would)."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def one_line_error(result: Result, *words: str) -> str:
    """Assert ``result`` is the promised refusal: exit 2, one line on stderr naming
    ``words``, no traceback; the line."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback: {result.exception!r}\n{result.output}"
    )
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("workbench: error: "), lines
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def run_workbench(
    *args: object, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``workbench ARGS`` as its own process (what a user runs)."""
    return subprocess.run(
        [sys.executable, "-m", "workbench", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        timeout=timeout,
        check=False,
    )


def _mount(*args: str) -> bool:
    return (
        subprocess.run(["mount", *args], capture_output=True, check=False, timeout=30).returncode
        == 0
    )


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False, timeout=30)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` on a read-only file system for the duration (a read-only bind mount of
    itself); skips the test where mounting is not allowed."""
    if os.geteuid() != 0 or not _mount("--bind", str(folder), str(folder)):
        pytest.skip("mounting a read-only file system needs root")
    try:
        if not _mount("-o", "remount,ro,bind", str(folder)):
            pytest.skip("cannot remount read-only here")
        probe = folder / f".probe-{uuid.uuid4().hex}"
        with pytest.raises(OSError):
            probe.write_text("x")
        yield folder
    finally:
        _umount(folder)


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "1m") -> Iterator[Path]:
    """An empty tmpfs of ``size`` mounted on ``folder`` (a disk that fills up)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield folder
    finally:
        _umount(folder)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE)
    return path


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "g.yaml"
    path.write_text(GLOSSARY)
    return path


@pytest.fixture
def project(tmp_path: Path, article: Path) -> Path:
    """The project of ``article`` at ``tmp_path/article.wbproj``."""
    path = tmp_path / "article.wbproj"
    result = cli("import", article, "--project", path)
    assert result.exit_code == 0, result.output
    return path
