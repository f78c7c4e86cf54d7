"""Fixtures for driving the editor with Pilot on a small fixed article and glossary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.app.projects import open_article
from workbench.core.session import Session

DATA = Path(__file__).with_name("data")


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    article = tmp_path / "article.txt"
    shutil.copy(DATA / "article.txt", article)
    glossary = tmp_path / "glossary.yaml"
    shutil.copy(DATA / "glossary.yaml", glossary)
    return article, glossary


@pytest.fixture
def session(workspace: tuple[Path, Path]) -> Session:
    article, glossary = workspace
    return open_article(article, glossaries=[glossary])
