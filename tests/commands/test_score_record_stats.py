"""``workbench score``, ``record`` and ``stats`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workbench.app.projects import open_article, open_existing
from workbench.cli import main

REPO = Path(__file__).resolve().parents[2]


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_score_tsv_and_summary(tmp_path: Path) -> None:
    mt = tmp_path / "mt.txt"
    pe = tmp_path / "pe.txt"
    mt.write_text("a b c d e\nthe cat sat\n")
    pe.write_text("c d e a b\nthe cat sat on the mat\n")
    result = invoke("score", "--mt", mt, "--pe", pe)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "line\thter\tedits\tref_words\tchar_distance",
        "1\t0.2000\t1\t5\t5",  # five letters substituted in place
        "2\t0.5000\t3\t6\t11",
        "# lines=2 hter=0.3636 edits=4 ref_words=11 char_distance=16",
    ]


@pytest.mark.parametrize(
    ("mt", "pe", "message"),
    [
        (b"a\nb\n", b"a\n", "must pair line by line"),
        (b"a\n", b"", "empty"),
        (b"a\n", b"\xff\n", "not valid UTF-8"),
        (b"a\x00\n", b"a\n", "binary"),
    ],
)
def test_score_bad_input(tmp_path: Path, mt: bytes, pe: bytes, message: str) -> None:
    (tmp_path / "mt.txt").write_bytes(mt)
    (tmp_path / "pe.txt").write_bytes(pe)
    result = invoke("score", "--mt", tmp_path / "mt.txt", "--pe", tmp_path / "pe.txt")
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    missing = invoke("score", "--mt", tmp_path / "nope.txt", "--pe", tmp_path / "pe.txt")
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_record_then_stats(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("The orbital ships grew. Prices rose.\n\nThanks.\n")
    pe = tmp_path / "a.pe.txt"
    pe.write_text("Rail transit and shipbuilding grew. Prices rose.\n\nThank you.\n")
    result = invoke("record", art, "--pe", pe)
    assert result.exit_code == 0, result.output
    assert "recorded 2 of 3 segments" in result.stdout
    with open_existing(art) as s:
        imports = [e for e in s.events() if e.origin == "import"]
        assert [e.after for e in imports] == ["Rail transit and shipbuilding grew.", "Thank you."]
        (op,) = imports[0].ops  # one merged word-level replace
        assert (op.tag, op.a, op.b) == (
            "replace",
            "The orbital ships",
            "Rail transit and shipbuilding",
        )
    stats = invoke("stats", art, "--format", "json")
    assert stats.exit_code == 0, stats.output
    data = json.loads(stats.stdout)
    assert data["total"] == 3 and data["statuses"]["draft"] == 2
    assert data["events"] == {"import": 2}
    assert data["hter"] == pytest.approx((3 + 2) / (8 + 2), abs=0.2)
    text = invoke("stats", art)
    assert "3: 0 confirmed, 2 draft, 1 new" in text.stdout


def test_record_and_stats_bad_input(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("One. Two.\n\nThree.\n")
    pe = tmp_path / "pe.txt"
    pe.write_text("One. Two. Three. Four. Five.\n")
    result = invoke("record", art, "--pe", pe)
    assert result.exit_code == 2 and "cannot align" in result.stderr
    assert invoke("stats", tmp_path / "other.txt").exit_code == 2
    (tmp_path / "other.txt").write_text("x\n")
    missing = invoke("stats", tmp_path / "other.txt")
    assert missing.exit_code == 2 and "no project for this article" in missing.stderr


def test_stats_console_script(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("One.\n")
    open_article(art).close()
    proc = subprocess.run(
        [sys.executable, "-m", "workbench", "stats", str(art)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    assert "HTER" in proc.stdout
