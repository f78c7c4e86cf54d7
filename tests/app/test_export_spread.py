"""Exports and ``workbench qa PROJECT`` check a large project's segments (and compute its
TER) over every core: the same bytes as one process, results in order, a bounded number of
batches ahead, no worker left behind; and ``workbench qa PROJECT`` remembers its findings
so that the export after it checks nothing again."""

from __future__ import annotations

import multiprocessing
import os
import random
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.app.exporting import MEMO_FILE, export_project
from workbench.app.pool import spread_batches, stream_tasks
from workbench.app.projects import open_article, open_existing
from workbench.cli import main
from workbench.core import metrics, session
from workbench.core.projects import data_dir
from workbench.qa import runner

WORDS = [
    "the",
    "plant",
    "made",
    "tonnes",
    "in",
    "May",
    "prices",
    "rose",
    "per",
    "cent",
    "on",
    "July",
    "qorbix",
    "furniture",
    "are",
    "an",
    "hour",
]


def _pid_and_square(offset: int, task: int) -> tuple[int, int]:
    return os.getpid(), task * task + offset


def test_stream_tasks_gives_results_in_order_the_first_made_here() -> None:
    out = list(stream_tasks(_pid_and_square, 1, range(40), workers=2))
    assert [r for _, r in out] == [t * t + 1 for t in range(40)]
    assert out[0][0] == os.getpid()  # the first task here, the workers fork after it
    assert {pid for pid, _ in out[1:]} - {os.getpid()}  # the others in workers
    assert not multiprocessing.active_children()


def test_stream_tasks_reads_a_bounded_number_of_tasks_ahead() -> None:
    read: list[int] = []

    def tasks() -> Iterator[int]:
        for t in range(100):
            read.append(t)
            yield t

    results = stream_tasks(_pid_and_square, 0, tasks(), workers=2, ahead=2)
    for n, (_, r) in enumerate(results):
        assert r == n * n
        assert len(read) <= n + 1 + 2 * 2 + 1  # this one, the first, 2 workers x 2 ahead
        if n == 10:
            break
    results.close()  # no longer read: the workers are stopped
    assert len(read) < 20
    assert not multiprocessing.active_children()


def _article(path: Path, paragraphs: int) -> Path:
    rng = random.Random(5)
    text = "\n\n".join(
        " ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))).capitalize() + "."
            for _ in range(rng.randint(1, 4))
        )
        for _ in range(paragraphs)
    )
    path.write_text(text + "\n")
    return path


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project of some hundreds of segments, checked 25 at a time (many batches)."""
    art = _article(tmp_path / "a.txt", 120)
    with open_article(art) as s:
        rng = random.Random(9)
        for seg in list(s.segments)[::3]:
            words = seg.target.split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            s.set_target(seg.id, " ".join(words), keystrokes=2)
    monkeypatch.setattr(runner, "PREPARED", 25)
    monkeypatch.setattr(session, "_FIGURES_BATCH", 25)
    monkeypatch.setenv("WORKBENCH_WORKERS", "2")
    return art


def _forget() -> None:
    for memo in (data_dir() / "cache").glob(MEMO_FILE + "*"):
        memo.unlink()


@pytest.mark.parametrize("fmt", ["csv", "report"])
def test_spread_export_writes_the_bytes_of_one_process(
    large: Path, tmp_path: Path, fmt: str
) -> None:
    with open_existing(large) as s:
        alone = export_project(s, fmt, tmp_path / "alone", spread=False).read_bytes()
    _forget()
    result = CliRunner().invoke(
        main, ["export", str(large), "--to", fmt, "-o", str(tmp_path / "spread")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "spread").read_bytes() == alone
    assert alone.count(b"qorbix") > 20  # findings in many batches
    assert not multiprocessing.active_children()


def test_an_export_after_qa_checks_nothing_again(
    large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_existing(large) as s:
        expected = export_project(s, "csv", tmp_path / "alone").read_bytes()
        project = s.project_path
    _forget()
    checked = CliRunner().invoke(main, ["qa", str(project)])
    assert checked.exit_code in (0, 1), checked.output
    assert "qorbix" in checked.output

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a segment was checked again")

    monkeypatch.setattr(runner, "_check_batch", refuse)  # (forked workers inherit it)
    result = CliRunner().invoke(
        main, ["export", str(large), "--to", "csv", "-o", str(tmp_path / "after")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "after").read_bytes() == expected


def test_spread_figures_are_the_figures_of_one_process(large: Path) -> None:
    with open_existing(large) as s:
        alone = s.figures()
    with open_existing(large) as s:
        spread = s.figures(spread=stream_tasks)
    assert spread == alone
    assert any(f.edits for f in spread.segments)
    assert metrics.text_figures_many([]) == []


def _pid_and_length(_: None, batch: Sequence[int]) -> tuple[int, int]:
    return os.getpid(), len(batch)


def test_empty_batches_are_done_here_without_workers() -> None:
    batches = [[1, 2], [], [], [3], [], [4, 5, 6]]
    out = list(spread_batches(_pid_and_length, None, iter(batches)))
    assert [n for _, n in out] == [2, 0, 0, 1, 0, 3]
    assert [pid == os.getpid() for pid, _ in out] == [True, True, True, False, True, False]
    quiet = list(spread_batches(_pid_and_length, None, iter([[1], [], [], []])))
    assert {pid for pid, _ in quiet} == {os.getpid()}  # nothing to spread: no worker


def test_the_edit_log_read_without_word_operations(large: Path) -> None:
    with open_existing(large) as s:
        full = list(s.events())
        light = list(s.events(ops=False))
    assert any(e.ops for e in full)
    assert all(not e.ops for e in light)
    assert [replace(e, ops=()) for e in full] == light
