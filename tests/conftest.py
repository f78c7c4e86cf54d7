"""Shared fixtures: every test runs with its own WORKBENCH_HOME, so no test touches the
user's real project folder or another test's projects."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
METALS_NEWS = DATA / "metals-news.mt.txt"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("workbench-home")
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home


@pytest.fixture
def metals_news() -> Path:
    """A realistic MT news article written for the tests (tests/data/README.md)."""
    return METALS_NEWS
