"""Strict reading and atomic writing of user files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.core.errors import InputError, OutputError
from workbench.core.textio import atomic_write, read_text


def test_reads_utf8_and_reports_bom_and_newlines(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffline one\r\nline two\r\n".encode())
    tf = read_text(p)
    assert tf.bom is True
    assert tf.text == "line one\r\nline two\r\n"
    assert tf.newline == "\r\n"
    assert tf.encode() == p.read_bytes()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"abc\x00def", "binary"),
        (b"ok\nbad \xff byte\n", ":2: not valid UTF-8"),
    ],
)
def test_bad_files_are_refused_with_one_line(tmp_path: Path, content: bytes, expected: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_text(p)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message
    assert str(p) in message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path)


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old")
    atomic_write(out, "new content")
    assert out.read_text() == "new content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_atomic_write_refuses_input_and_symlink(tmp_path: Path) -> None:
    src = tmp_path / "article.txt"
    src.write_text("precious")
    with pytest.raises(OutputError, match="would overwrite the input"):
        atomic_write(src, "x", protect=[src])
    link = tmp_path / "link.txt"
    link.symlink_to(src)
    with pytest.raises(OutputError, match="symbolic link"):
        atomic_write(link, "x", protect=[])
    with pytest.raises(OutputError, match="no such folder"):
        atomic_write(tmp_path / "missing" / "x.txt", "x")
    assert src.read_text() == "precious"


@pytest.mark.parametrize("fail_on", ["fsync", "replace"])
def test_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on: str
) -> None:
    out = tmp_path / "out.txt"
    out.write_text("previous")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, fail_on, boom)
    with pytest.raises(OutputError, match="No space left on device"):
        atomic_write(out, "new")
    monkeypatch.undo()
    assert out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_reads_utf16_with_bom_and_writes_it_back(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "glossary.txt"
    p.write_bytes("\ufeff# 术语\r\n轨道交通\trail transit\r\n".encode(encoding))
    tf = read_text(p)
    assert (tf.text, tf.bom, tf.encoding) == (
        "# 术语\r\n轨道交通\trail transit\r\n",
        True,
        encoding,
    )
    assert tf.newline == "\r\n"
    assert tf.encode() == p.read_bytes()
    assert tf.encode("x\n") == "\ufeffx\n".encode(encoding)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe", "empty"),
        ("\ufeff  \n".encode("utf-16-le"), "empty"),
        (b"\xff\xfea\x00b", ":1: not valid UTF-16LE (an odd number of bytes)"),
        # a lone high surrogate on line 2
        (b"\xfe\xff\x00a\x00\n\xd8\x00\x00b", ":2: not valid UTF-16BE (byte 0xd8 at offset 6)"),
        ("\ufeffok\n\x00bin".encode("utf-16-le"), ":2: a NUL character in UTF-16LE text"),
        (b"\xff\xfe\x00\x00a\x00\x00\x00", "UTF-32 text is not supported"),
        ("plain text".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
    ],
)
def test_bad_utf16_is_refused_with_one_line(tmp_path: Path, content: bytes, expected: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_text(p)
    message = str(info.value)
    assert expected in message, message
    assert "\n" not in message and str(p) in message
