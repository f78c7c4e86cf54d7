"""The program's log: a rotating file in the data folder, stderr with --verbose, no secret
ever written."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from workbench.app.logs import log_path, redact, setup_logging


def test_redact_masks_url_passwords_and_tokens() -> None:
    line = "open postgresql://ana:s3cret@db.example/desk?token=abc123&x=1 password=hunter2"
    masked = redact(line)
    assert "s3cret" not in masked and "abc123" not in masked and "hunter2" not in masked
    assert "postgresql://ana:***@db.example/desk" in masked and "x=1" in masked


def test_log_file_in_the_data_folder_and_secrets_masked(tmp_path: Path) -> None:
    path = setup_logging()
    assert path == log_path() and path is not None
    assert path.parent == Path(os.environ["WORKBENCH_HOME"]) / "logs"
    logging.getLogger("workbench.test").info("connecting to %s", "postgresql://u:pw@h/db")
    for handler in logging.getLogger("workbench").handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "connecting to postgresql://u:***@h/db" in text and "pw@" not in text


def test_verbose_shows_the_log_on_stderr_and_a_refusal_is_logged(tmp_path: Path) -> None:
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path / "home")}
    quiet = subprocess.run(
        [sys.executable, "-m", "workbench", "stats", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert quiet.returncode == 2
    assert quiet.stderr.count("\n") == 1  # one line, no log lines without --verbose
    loud = subprocess.run(
        [sys.executable, "-m", "workbench", "--verbose", "stats", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert loud.returncode == 2
    assert "workbench.cli INFO refused:" in loud.stderr
    logged = (tmp_path / "home" / "logs" / "workbench.log").read_text(encoding="utf-8")
    assert logged.count("refused:") == 2


def test_unwritable_data_folder_still_runs(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    env = {**os.environ, "WORKBENCH_HOME": str(blocker / "home")}  # under a file: no folder
    article = tmp_path / "a.txt"
    article.write_text("Copper prices rose.\n")
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "qa", str(article)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
