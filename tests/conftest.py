"""Shared fixtures: every test runs with its own WORKBENCH_HOME, so no test touches the
user's real project folder or another test's projects."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_SAMPLES = REPO.parent / "shared" / "samples"
SHARED_SAMPLE = SHARED_SAMPLES / "smm-chinalco-2020-07-27.mt.txt"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("workbench-home")
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home


@pytest.fixture
def shared_sample() -> Path:
    """The real MT article from ../shared/samples (skipped where the checkout has none)."""
    if not SHARED_SAMPLE.exists():
        pytest.skip("../shared/samples is not beside this checkout")
    return SHARED_SAMPLE
