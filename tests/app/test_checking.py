"""QA of an article through the pool (``app.checking``): the findings, and the process
left as it was (the collector's settings, paused while the findings are made)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from workbench.app.checking import Checking, check_article
from workbench.formats.registry import read_document
from workbench.qa.runner import article_run, run


def test_an_article_checked_through_the_pool_has_its_findings_and_the_collector_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_WORKERS", "1")
    article = tmp_path / "a.txt"
    article.write_text(
        "The the company said it wil grow.\n\nSales rose 5 % in in March, teh report says.\n",
        encoding="utf-8",
    )
    before = gc.get_threshold()
    found, segments = check_article(Checking(None), article, None)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert segments == 2
    assert found == run(article_run(read_document(article)))
    assert {f.matched for f in found if f.check == "spelling"} >= {"wil", "teh"}
