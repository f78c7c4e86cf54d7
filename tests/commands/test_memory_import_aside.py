"""``workbench memory import`` of a large TMX makes its records in a second process, which
starts reading the file with the pair the file's start names while the command checks the
whole file. The memory is the one made in a single process; a file whose start names
another pair than the whole file is read again with the right one; a file refused by the
check writes nothing and leaves no process behind."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import workbench.formats.bilingual.tmx_stream as tmx_stream
from workbench.cli import main

COLUMNS = "key, source, mt, target, source_lang, target_lang, mt_norm, src_norm, mt_hash"


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def contents(memory: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sqlite3.connect(memory) as conn:
        units = conn.execute(f"SELECT id, {COLUMNS} FROM units ORDER BY id").fetchall()
        index = conn.execute("SELECT p.term, p.chunk, p.ids, t.df FROM postings p "
                             "JOIN terms t USING (term) ORDER BY 1, 2").fetchall()  # fmt: skip
    return units, index


def tu(n: int, *sides: tuple[str, str]) -> str:
    tuvs = "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in sides)
    return f'<tu tuid="{n}">{tuvs}</tu>'


def write(path: Path, header: str, units: list[str]) -> Path:
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">{header}'
                    f"<body>{''.join(units)}</body></tmx>\n", encoding="utf-8")  # fmt: skip
    return path


@pytest.fixture(autouse=True)
def _streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tmx_stream, "STREAM_ABOVE", 0)


def test_records_made_aside_make_the_memory_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = [
        tu(n, ("en-x-mt", f"The copper price rose {n % 97} percent in week {n}."),
           ("en", f"Copper prices rose {n % 89}% in week {n}."))
        for n in range(9000)
    ]  # fmt: skip
    units[17] = tu(17, ("en-x-mt", "An MT text."), ("en", " "))  # left out
    tmx = write(tmp_path / "big.tmx", '<header srclang="en-x-mt"/>', units)
    results = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("WORKBENCH_WORKERS", workers)
        results[workers] = invoke(
            "memory", "import", tmx, "--memory", tmp_path / f"{workers}.wbmem"
        )
        assert results[workers].exit_code == 0, results[workers].output
    assert results["2"].stdout.replace("2.wbmem", "1.wbmem") == results["1"].stdout
    assert "8999 units (8999 added, 0 updated, 0 unchanged; skipped 1 empty target)" in (
        results["2"].stdout
    )
    aside, here = contents(tmp_path / "2.wbmem"), contents(tmp_path / "1.wbmem")
    assert aside == here and len(aside[0]) == 8999
    assert multiprocessing.active_children() == []


def test_a_file_whose_start_names_another_pair_is_read_with_the_checked_pair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_WORKERS", "2")
    # the first unit alone says en -> de (the header's fr is not in it); the whole file,
    # with --target-lang de, says fr -> de
    units = [tu(0, ("en", "An English text."), ("de", "Ein deutscher Text."))] + [
        tu(n, ("fr", f"Un texte français {n}."), ("de", f"Ein deutscher Text {n}."))
        for n in range(1, 300)
    ]
    tmx = write(tmp_path / "three.tmx", '<header srclang="fr"/>', units)
    streamed = invoke("memory", "import", tmx, "--target-lang", "de", "--memory",
                      tmp_path / "s.wbmem")  # fmt: skip
    monkeypatch.setattr(tmx_stream, "STREAM_ABOVE", 1 << 40)
    whole = invoke("memory", "import", tmx, "--target-lang", "de", "--memory",
                   tmp_path / "w.wbmem")  # fmt: skip
    assert streamed.exit_code == whole.exit_code == 0, streamed.output
    assert streamed.stdout.replace("s.wbmem", "w.wbmem") == whole.stdout
    assert "299 units" in streamed.stdout
    assert contents(tmp_path / "s.wbmem") == contents(tmp_path / "w.wbmem")
    with sqlite3.connect(tmp_path / "s.wbmem") as conn:
        assert conn.execute("SELECT DISTINCT source_lang, target_lang FROM units").fetchall() == [
            ("fr", "de")
        ]
    assert multiprocessing.active_children() == []


def test_a_file_refused_after_the_reading_started_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_WORKERS", "2")
    # the start says en -> de; the whole file holds three languages and no option
    units = [tu(0, ("en", "An English text."), ("de", "Ein deutscher Text."))] + [
        tu(n, ("fr", f"Un texte français {n}."), ("de", f"Ein deutscher Text {n}."))
        for n in range(1, 5000)
    ]
    tmx = write(tmp_path / "three.tmx", '<header srclang="fr"/>', units)
    memory = tmp_path / "m.wbmem"
    result = invoke("memory", "import", tmx, "--memory", memory)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "3 languages" in lines[0] and "--source-lang" in lines[0]
    assert not memory.exists()
    assert multiprocessing.active_children() == []
