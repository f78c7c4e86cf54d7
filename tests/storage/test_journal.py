"""The local journal of writes a team store has not acknowledged (no server needed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.core.model.project import Change
from workbench.core.storage.journal import Journal, Pending


def _pending(n: int) -> Pending:
    change = Change(
        segment_id=f"s{n}",
        origin="typing",
        before="old",
        after=f"typed {n}",
        status_before="draft",
        status_after="draft",
        history="push",
        hist_pos=1,
    )
    return Pending(f"w{n}", "ana", {f"s{n}": n}, (change,))


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Journal:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "data"))
    return Journal("postgresql://desk.example/team#article")


def test_an_acknowledged_write_leaves_the_others_waiting_in_order(journal: Journal) -> None:
    for n in range(3):
        journal.add(_pending(n))
    journal.done("w1")
    assert [p.write_id for p in journal.pending()] == ["w0", "w2"]
    assert journal.pending()[1].changes[0].after == "typed 2"
    journal.done("w0")
    journal.done("w2")
    assert journal.pending() == []
    assert not journal.path.exists()


def test_a_failure_while_taking_a_write_out_loses_none_of_the_others(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process dies (here: the disk fails) while the journal is rewritten: the old
    journal is still there, whole; before, it was emptied first and the waiting writes
    added back one by one."""
    for n in range(3):
        journal.add(_pending(n))

    def failing_write(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", failing_write)
    with pytest.raises(OSError):
        journal.done("w0")
    monkeypatch.undo()
    assert [p.write_id for p in journal.pending()] == ["w0", "w1", "w2"]
