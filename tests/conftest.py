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


# The names in tests/data/metals-news.mt.txt (and the British "aluminium" of Southwest
# Aluminium's own name, and "carmakers" of its post-edit) that en_US does not hold.
SAMPLE_NAMES = (
    "carmakers",
    "Aluminium",
    "aluminium",
    "Chinalco",
    "Gongyi",
    "Henan",
    "Jiangsu",
    "Jiulongpo",
    "Liangzhi",
    "Shandong",
    "Shenzhou",
    "Xipeng",
)


@pytest.fixture
def sample_names_known(_isolated_home: Path) -> Path:
    """The sample's names in the user's personal word list, as a translator of such news
    adds them (``i`` in the editor); returns the list's path."""
    from workbench.core.spelling import add_word

    path = Path()
    for name in SAMPLE_NAMES:
        path = add_word(name)
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``make test`` (pytest-xdist, ``--dist loadgroup``) the tests that share one
    resource run on one worker: the PostgreSQL tests share one server (one start, and no
    two workers creating its system user at once)."""
    for item in items:
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("postgresql"))
