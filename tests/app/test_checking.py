"""QA of an article through the pool (``app.checking``): the findings, as its chunks are
checked (the report is made meanwhile: never all held, no core idle waiting for it at the
end), in order, and the process left as it was (the collector's settings, paused while the
findings are made)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from workbench.app import checking
from workbench.app.checking import CHUNK, FIRST_CHUNK, Checking, article_findings
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
    counted = [0]
    found = tuple(article_findings(Checking(None), article, None, counted=counted))
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert counted == [2]
    assert found == run(article_run(read_document(article)))
    assert {f.matched for f in found if f.check == "spelling"} >= {"wil", "teh"}


SENTENCE = "The plant made the the tonnes in May."


def test_findings_come_before_the_later_chunks_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_WORKERS", "1")  # in this process: the tasks can be counted
    article = tmp_path / "long.txt"
    segments = FIRST_CHUNK + 2 * CHUNK + 7
    article.write_text("\n\n".join([SENTENCE] * segments) + "\n", encoding="utf-8")
    checked: list[int] = []
    real = checking._segments_task

    def counting(ctx: Checking, task: tuple[tuple[object, ...], str]) -> object:
        checked.append(len(task[0]))
        return real(ctx, task)  # type: ignore[arg-type]

    monkeypatch.setattr(checking, "_segments_task", counting)
    counted = [0]
    found = article_findings(Checking(None), article, None, counted=counted)
    first = next(found)
    assert (first.check, first.matched) == ("repeated-word", "the the")
    assert checked == [FIRST_CHUNK]  # only the first (small) chunk so far
    rest = list(found)
    assert checked == [FIRST_CHUNK, CHUNK, CHUNK, 7]
    assert 1 + len(rest) == segments  # one repeated word a segment, in order
    ids = [first.segment_id, *(f.segment_id for f in rest)]
    assert ids == [f"p{n}s1" for n in range(1, segments + 1)]  # the document's order
    assert counted == [segments]
