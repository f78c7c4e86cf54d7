"""The memo file (results remembered between runs): what is stored is read back, at most
``max_rows`` per table (the earliest forgotten first), and a file it cannot use is no error."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.storage.memo_cache import MemoCache


def test_read_back_per_table(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "memo.sqlite"
    findings, figures = MemoCache(path, "findings"), MemoCache(path, "figures")
    assert findings.lookup([b"k1"]) == {}  # no file yet: nothing, and no file made
    assert not path.exists()
    findings.store([(b"k1", "[]"), (b"k2", '[["numbers"]]')])
    figures.store([(b"k1", "[1, 2, 1, 5]")])
    assert findings.lookup([b"k2", b"k1", b"k3"]) == {b"k1": "[]", b"k2": '[["numbers"]]'}
    assert figures.lookup([b"k1", b"k2"]) == {b"k1": "[1, 2, 1, 5]"}
    findings.store([(b"k1", "[[]]")])  # stored again: the newer wins
    assert findings.lookup([b"k1"]) == {b"k1": "[[]]"}


def test_the_earliest_stored_are_forgotten_first(tmp_path: Path) -> None:
    memo = MemoCache(tmp_path / "memo.sqlite", "findings", max_rows=10)
    keys = [f"k{i}".encode() for i in range(25)]
    for start in range(0, 25, 5):
        memo.store([(k, k.decode()) for k in keys[start : start + 5]])
    assert sorted(memo.lookup(keys)) == sorted(keys[15:])


def test_many_keys_in_one_lookup(tmp_path: Path) -> None:
    memo = MemoCache(tmp_path / "memo.sqlite", "figures")
    items = [(i.to_bytes(4, "big"), str(i)) for i in range(2_345)]
    memo.store(items)
    assert memo.lookup([k for k, _ in items]) == dict(items)


def test_an_unusable_file_is_no_error(tmp_path: Path) -> None:
    path = tmp_path / "memo.sqlite"
    path.write_bytes(b"this is not a database, " * 200)
    memo = MemoCache(path, "findings")
    memo.store([(b"k", "[]")])
    assert memo.lookup([b"k"]) == {}
    folder = MemoCache(tmp_path, "findings")  # a folder where the file should be
    folder.store([(b"k", "[]")])
    assert folder.lookup([b"k"]) == {}


def test_only_known_tables() -> None:
    with pytest.raises(ValueError, match="no memo table"):
        MemoCache(Path("memo.sqlite"), "segments; DROP TABLE findings")
