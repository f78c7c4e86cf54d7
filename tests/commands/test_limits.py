"""The documented limits (README "Limits"): a file too large for what is asked of it is
refused at once, one line on stderr, exit 2, nothing written; an over-long "sentence" is
cut into segments a translator can edit (tests/core/test_segmentation.py)."""

from __future__ import annotations

import time
from pathlib import Path

from click.testing import CliRunner, Result

from workbench.cli import main
from workbench.core.textio import (
    MAX_INPUT_BYTES,
    MAX_LINE_WORDS,
    MAX_PROJECT_BYTES,
    MAX_SCORE_BYTES,
)

GLOSSARY = "glossary: g\nentries:\n  - mt: orbital ships\n    correct: rail transit\n"


def _cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room (and no time) to make."""
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def _refused(result: Result, limit: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and limit in lines[0], lines


def test_files_over_the_input_limit_are_refused_at_once(tmp_path: Path) -> None:
    big = _sparse(tmp_path / "huge.txt", MAX_INPUT_BYTES + 1)
    glossary = tmp_path / "g.yaml"
    glossary.write_text(GLOSSARY)
    limit = f"{MAX_INPUT_BYTES // 1_000_000} MB limit"
    started = time.monotonic()
    _refused(_cli("apply", big, "-g", glossary, "-o", tmp_path / "out.txt"), limit)
    _refused(_cli("qa", big, "-g", glossary), limit)
    _refused(_cli("score", "--mt", big, "--pe", big), "MB limit for a file to score")
    _refused(
        _cli(
            "qa", tmp_path / "article.txt", "-g", _sparse(tmp_path / "g2.yaml", MAX_INPUT_BYTES + 1)
        ),
        limit,
    )
    assert time.monotonic() - started < 30  # nothing of it was read
    assert not (tmp_path / "out.txt").exists()


def test_articles_over_the_project_limit_are_refused_before_a_project_exists(
    tmp_path: Path,
) -> None:
    big = _sparse(tmp_path / "book.txt", MAX_PROJECT_BYTES + 1)
    project = tmp_path / "book.wbproj"
    limit = f"{MAX_PROJECT_BYTES // 1_000_000} MB limit for an article made into a project"
    _refused(_cli("record", big, "--pe", big, "--project", project), limit)
    _refused(_cli("edit", big, "--project", project), limit)
    _refused(_cli("import", big, "--project", project), limit)
    assert not project.exists()


def test_score_refuses_files_over_its_size_limit(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("one line\n")
    big = _sparse(tmp_path / "big.txt", MAX_SCORE_BYTES + 1)
    limit = f"{MAX_SCORE_BYTES // 1_000_000} MB limit for a file to score"
    _refused(_cli("score", "--mt", small, "--pe", big), limit)
    _refused(_cli("score", "--mt", big, "--pe", small), limit)


def test_score_refuses_a_line_over_the_word_limit(tmp_path: Path) -> None:
    mt = tmp_path / "mt.txt"
    pe = tmp_path / "pe.txt"
    mt.write_text("a short line\n" + "word " * (MAX_LINE_WORDS + 1) + "\n")
    pe.write_text("a short line\n" + "word " * MAX_LINE_WORDS + "\n")
    result = _cli("score", "--mt", mt, "--pe", pe)
    _refused(result, f"{MAX_LINE_WORDS:,} words score takes a line")
    assert "mt.txt:2: a line longer than" in result.stderr
    mt.write_text("a short line\n" + "word " * MAX_LINE_WORDS + "\n")
    assert _cli("score", "--mt", mt, "--pe", pe).exit_code == 0


def test_score_refuses_a_long_line_before_reading_the_other_file(tmp_path: Path) -> None:
    """The long line of --mt is named even when --pe could not be read at all: the run is
    refused before the second file is read (a one-line 10 MB file is never held twice)."""
    mt = tmp_path / "mt.txt"
    pe = tmp_path / "pe.txt"
    mt.write_text("x\u00a0" * 1000 + "word " * MAX_LINE_WORDS + "\n")  # NBSP separates too
    pe.write_bytes(b"\xff\xfe\x00broken")
    result = _cli("score", "--mt", mt, "--pe", pe)
    _refused(result, f"{MAX_LINE_WORDS:,} words score takes a line")
    assert "mt.txt:1: a line longer than" in result.stderr
