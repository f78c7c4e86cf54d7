"""SIGTERM or SIGHUP (a terminal closed, a shutdown) within the save delay of typing: the
editor saves what was typed before it exits (issue 28, item 8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.conftest import REPO
from workbench.app.projects import open_article

DRIVER = Path(__file__).with_name("term_driver.py")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_typed_text_is_saved_on_sigterm_and_sighup(
    tmp_path: Path, article: Path, sig: signal.Signals
) -> None:
    open_article(article).close()
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), str(article)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "typed"
        proc.send_signal(sig)
        proc.wait(20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
    with open_article(article, read_only=True) as session:
        target = session.segment("p2s1").target
        assert target.endswith(" typed"), target
