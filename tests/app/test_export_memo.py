"""Exports remember QA findings and the TER work of the figures between runs (the data
folder's cache): a project exported again gives the same bytes without checking its
segments again, and whatever the findings depend on (the segment's texts, the translator's
word list, the glossary, the findings ignored) is seen at once."""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.app.exporting import MEMO_FILE
from workbench.app.projects import open_article
from workbench.cli import main
from workbench.core import metrics
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.model import Entry
from workbench.core.projects import data_dir
from workbench.core.spelling import add_word
from workbench.qa import runner
from workbench.qa.model import QaSegment
from workbench.qa.runner import QaRun, iter_findings, run

ARTICLE = (
    "Chinalco news\n\n"
    "The plant made 100 billion tonnes in May. The plant is big.\n\n"
    "Prices rose 3.5 per cent on July 27. The qorbix rose too.\n"
)


class DictMemo:
    """A memo in a dict (what the cache file does, without the file)."""

    def __init__(self) -> None:
        self.rows: dict[bytes, str] = {}
        self.asked = 0

    def lookup(self, keys: Sequence[bytes]) -> Mapping[bytes, str]:
        self.asked += len(keys)
        return {k: self.rows[k] for k in keys if k in self.rows}

    def store(self, items: Sequence[tuple[bytes, str]]) -> None:
        self.rows.update(items)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    with open_article(art) as s:
        s.set_target("p2s1", "The plant made 10 billion tonnes in June.", keystrokes=3)
        s.set_target("p3s1", "Prices rose 3,5 per cent on July 28.", keystrokes=2)
    return art


def _export(project: Path, fmt: str, out: Path) -> bytes:
    result = CliRunner().invoke(
        main, ["export", str(project), "--to", fmt, "-o", str(out), "--force"]
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def _no_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a segment was checked again")

    monkeypatch.setattr(runner, "_check_batch", refuse)


def _row(csv: bytes, segment_id: str) -> str:
    return next(line for line in csv.decode().splitlines() if line.startswith(segment_id + ","))


@pytest.mark.parametrize("fmt", ["csv", "report"])
def test_exported_again_from_memory_the_same_bytes(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    first = _export(project, fmt, tmp_path / "first")
    assert (data_dir() / "cache" / MEMO_FILE).is_file()
    _no_checks(monkeypatch)  # every segment's findings are remembered now
    monkeypatch.setattr(metrics, "text_figures", lambda *a: pytest.fail("TER computed again"))
    assert _export(project, fmt, tmp_path / "second") == first
    assert b"qorbix" in first  # (the spelling finding is in both)


def test_an_edited_segment_is_checked_again(project: Path, tmp_path: Path) -> None:
    before = _export(project, "csv", tmp_path / "a.csv")
    assert "repeated-word" not in _row(before, "p2s2")
    with open_article(project) as s:
        s.set_target("p2s2", "The the plant is big.", keystrokes=4)
    after = _export(project, "csv", tmp_path / "b.csv")
    assert "warning:repeated-word" in _row(after, "p2s2")
    assert _row(after, "p3s1") == _row(before, "p3s1")
    (data_dir() / "cache" / MEMO_FILE).unlink()  # without the memo: the same table
    assert _export(project, "csv", tmp_path / "c.csv") == after


def test_ignoring_a_finding_shows_in_the_next_export(project: Path, tmp_path: Path) -> None:
    _export(project, "csv", tmp_path / "a.csv")
    with open_article(project) as s:
        s.ignore_finding("p3s2", "spelling", "qorbix", "a brand")
    row = _row(_export(project, "csv", tmp_path / "b.csv"), "p3s2")
    assert "warning:spelling (a brand)" in row


def test_a_word_added_to_the_word_list_is_no_longer_misspelt(project: Path, tmp_path: Path) -> None:
    assert "warning:spelling" in _row(_export(project, "csv", tmp_path / "a.csv"), "p3s2")
    add_word("qorbix")
    assert "spelling" not in _row(_export(project, "csv", tmp_path / "b.csv"), "p3s2")


def test_an_unreadable_memo_file_only_means_checking_again(project: Path, tmp_path: Path) -> None:
    first = _export(project, "csv", tmp_path / "a.csv")
    memo = data_dir() / "cache" / MEMO_FILE
    for stale in memo.parent.glob(MEMO_FILE + "*"):
        stale.unlink()
    memo.write_bytes(b"not a database" * 100)
    assert _export(project, "csv", tmp_path / "b.csv") == first


def _forbidding(word: str) -> GlossaryEngine:
    return GlossaryEngine((Entry(key=word, kind="term", patterns=(word,), correction="works"),))


def test_another_glossary_is_another_memo() -> None:
    segments = (
        QaSegment(id="a", target="The plant is big.", mt="The plant is big."),
        QaSegment(id="b", target="The mill is big.", mt="The mill is big."),
    )
    memo = DictMemo()
    for word in ("plant", "mill", "plant"):
        qa = QaRun(segments, _forbidding(word))
        remembered = list(iter_findings(qa, memo=memo))
        assert remembered == list(run(qa))
        assert [f.segment_id for f in remembered if f.check == "glossary-forbidden"] == [
            "a" if word == "plant" else "b"
        ]
    assert len(memo.rows) == 4  # two segments under two glossaries


def test_findings_of_identical_segments_get_their_own_ids() -> None:
    text = "The the plant made 5 tonnes."
    segments = tuple(
        QaSegment(id=f"s{i}", target=text, mt="The plant made 6 tonnes.") for i in range(3)
    )
    memo = DictMemo()
    fresh = list(iter_findings(QaRun(segments), memo=memo))
    again = list(iter_findings(QaRun(segments), memo=memo))
    assert fresh == again == list(run(QaRun(segments)))
    assert {f.segment_id for f in again} == {"s0", "s1", "s2"}
    assert len(memo.rows) == 1


words = st.lists(st.sampled_from(["a", "b", "c", "d", "<x>"]), max_size=8).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(words, words, words), max_size=6))
def test_figures_from_memory_equal_the_computed(texts: list[tuple[str, str, str]]) -> None:
    memo = DictMemo()
    computed = [metrics.text_figures(*t) for t in texts]
    assert metrics.text_figures_many(texts, memo) == computed
    assert metrics.text_figures_many(texts, memo) == computed  # now read back
    assert memo.asked == 2 * len(texts)


def test_the_collector_is_as_it_was_after_an_export(project: Path, tmp_path: Path) -> None:
    before = gc.get_threshold()
    _export(project, "csv", tmp_path / "a.csv")  # (run with fewer collections)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
