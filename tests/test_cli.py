"""The command line as a user meets it."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from workbench.cli import main


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("edit", "apply", "qa", "export", "score", "record", "stats", "glossary"):
        assert name in result.stdout


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert "workbench" in result.stdout


def test_console_script_runs_as_module() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "workbench", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert "Usage" in out.stdout
