"""``workbench memory import`` of a large TMX reads it as a stream (a unit at a time): the
memory it makes holds the same units as reading the file whole, its report says the same,
and a file it must refuse is refused before anything is written. (The size above which a
TMX is streamed is lowered here, so the test files take that path.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import workbench.formats.bilingual.tmx_stream as tmx_stream
from workbench.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
TMX_FILES = sorted(
    [
        DATA / "bilingual" / "omegat" / "project_save.tmx",
        DATA / "bilingual" / "trados" / "tw4win-en-de.tmx",
        DATA / "bilingual" / "tmx" / "inline-codes.tmx",
        *(DATA / "tmx-compliance-kit").glob("*.tmx"),
    ]
)
COLUMNS = (
    "key, source, mt, target, source_lang, target_lang, project, article, segment_id, who,"
    " origin, mt_norm, src_norm, mt_hash, src_hash, ctx_mt, ctx_src"
)


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def units_of(memory: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(memory) as conn:
        return conn.execute(f"SELECT {COLUMNS} FROM units ORDER BY id").fetchall()


def index_of(memory: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(memory) as conn:
        return conn.execute("SELECT p.term, p.chunk, p.ids, t.df FROM postings p "
                            "JOIN terms t USING (term) ORDER BY 1, 2").fetchall()  # fmt: skip


def import_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: object
) -> tuple[Result, Result, Path, Path]:
    whole, streamed = tmp_path / "whole.wbmem", tmp_path / "streamed.wbmem"
    monkeypatch.setattr(tmx_stream, "STREAM_ABOVE", 1 << 40)
    a = invoke("memory", "import", *args, "--memory", whole)
    monkeypatch.setattr(tmx_stream, "STREAM_ABOVE", 0)
    b = invoke("memory", "import", *args, "--memory", streamed)
    return a, b, whole, streamed


@pytest.mark.parametrize("tmx", TMX_FILES, ids=lambda p: p.name)
def test_a_streamed_tmx_makes_the_same_memory_and_report(
    tmx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole, streamed, whole_mem, streamed_mem = import_both_ways(tmp_path, monkeypatch, tmx)
    assert (streamed.exit_code, streamed.stderr) == (whole.exit_code, whole.stderr)
    assert streamed.stdout.replace("streamed.wbmem", "whole.wbmem") == whole.stdout
    if whole.exit_code == 0:
        assert units_of(streamed_mem) == units_of(whole_mem)
        assert index_of(streamed_mem) == index_of(whole_mem)
        if "omegat" in str(tmx):
            assert len(units_of(streamed_mem)) == 7


def test_a_streamed_tmx_of_three_languages_takes_the_chosen_pair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    three = DATA / "bilingual" / "tmx" / "three-languages.tmx"
    whole, streamed, *_ = import_both_ways(tmp_path, monkeypatch, three)
    assert streamed.exit_code == whole.exit_code == 2
    assert streamed.stderr == whole.stderr and "--source-lang" in streamed.stderr
    whole, streamed, whole_mem, streamed_mem = import_both_ways(
        tmp_path / "pair", monkeypatch, three, "--source-lang", "en", "--target-lang", "fr"
    )
    assert streamed.exit_code == whole.exit_code == 0, streamed.stderr
    assert units_of(streamed_mem) == units_of(whole_mem) != []


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("<tmx><body><tu>", "not well-formed XML"),
        ('<?xml version="1.0"?><tmx><body><tu><tuv xml:lang="en"><seg>a\xff</seg>', "UTF-8"),
        ("<tmx><header srclang='en'/><body></body></tmx>", "languages"),
        ("<xliff><file/></xliff>", "not a TMX file"),
    ],
)
def test_a_streamed_tmx_that_is_refused_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, says: str
) -> None:
    good = DATA / "bilingual" / "omegat" / "project_save.tmx"
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(content.encode("latin-1"))
    monkeypatch.setattr(tmx_stream, "STREAM_ABOVE", 0)
    memory = tmp_path / "m.wbmem"
    result = invoke("memory", "import", good, bad, "--memory", memory)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "bad.tmx" in lines[0] and says in lines[0], result.stderr
    assert not memory.exists() or units_of(memory) == []


def test_a_streamed_tmx_with_a_unit_of_too_many_codes_is_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = "".join(f'<ph x="{i}">{{{i}}}</ph>' for i in range(7000))
    units = [
        '<tu><tuv xml:lang="en-x-mt"><seg>An MT text.</seg></tuv>'
        '<tuv xml:lang="en"><seg>A final text.</seg></tuv></tu>',
        f'<tu><tuv xml:lang="en-x-mt"><seg>Tags {codes}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>Tagged {codes}</seg></tuv></tu>',
    ]
    many = tmp_path / "many.tmx"
    many.write_text(f"<tmx version='1.4'><header srclang='en-x-mt'/><body>{''.join(units)}"
                    "</body></tmx>", encoding="utf-8")  # fmt: skip
    whole, streamed, _whole_mem, streamed_mem = import_both_ways(tmp_path, monkeypatch, many)
    assert streamed.exit_code == whole.exit_code == 2
    assert streamed.stderr == whole.stderr and "6,400 inline codes" in streamed.stderr
    assert not streamed_mem.exists() or units_of(streamed_mem) == []
