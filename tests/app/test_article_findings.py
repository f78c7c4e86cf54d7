"""``workbench qa ARTICLE``'s findings come as its chunks are checked (the report is made
meanwhile: never all held, no core idle waiting for it at the end), in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.app import checking
from workbench.app.checking import CHUNK, FIRST_CHUNK, Checking, article_findings

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
