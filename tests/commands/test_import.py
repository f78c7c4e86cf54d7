"""``workbench import`` (a project without the UI, and what it imported) and
``workbench record --confirm``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workbench.app.projects import open_article, open_existing
from workbench.cli import main
from workbench.core.storage.project_store import SCHEMA_VERSION

DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_import_prints_units_languages_codes_and_statuses(tmp_path: Path) -> None:
    xlf = tmp_path / "metals-news.de-DE.xlf"
    xlf.write_bytes((DATA / "xliff2" / "metals-news.de-DE.xlf").read_bytes())
    project = tmp_path / "m.wbproj"
    result = cli("import", xlf, "--project", project)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"imported metals-news.de-DE.xlf (xliff2) into {project}",
        "units      6 (8 segments) in 1 file(s)",
        "languages  en -> de-DE",
        "codes      9 inline code(s) in 6 segment(s)",
        "statuses   1 confirmed, 3 draft, 4 new",
        "note       source language en (the file)",
        "note       target language de-DE (the file)",
    ]
    again = cli("import", xlf, "--project", project)
    assert again.exit_code == 2
    assert "the project exists already" in again.stderr and len(again.stderr.splitlines()) == 1


def test_omegat_project_save_imports_every_unit_even_a_space(tmp_path: Path) -> None:
    """A translator-typed single space is a translation (OmegaT's way of leaving a segment
    empty on purpose): it used to be dropped without a word."""
    tmx = tmp_path / "project_save.tmx"
    tmx.write_bytes((DATA / "omegat" / "project_save.tmx").read_bytes())
    result = cli("import", tmx, "--project", tmp_path / "o.wbproj")
    assert result.exit_code == 0, result.stderr
    assert "units      8 (8 segments)" in result.stdout
    assert "statuses   8 confirmed, 0 draft, 0 new" in result.stdout
    with open_existing(tmp_path / "o.wbproj") as session:
        assert [s.target for s in session.segments].count(" ") == 1
        assert session.document.source_language == "zh-CN"
        assert session.document.target_language == "en-GB"


def test_import_then_export_converts_in_a_script(tmp_path: Path) -> None:
    tmx = tmp_path / "inline-codes.tmx"
    tmx.write_bytes((DATA / "tmx" / "inline-codes.tmx").read_bytes())
    project = tmp_path / "t.wbproj"
    assert cli("import", tmx, "--project", project).exit_code == 0
    out = tmp_path / "t.xlf"
    exported = cli("export", project, "--to", "xliff2", "-o", out)
    assert exported.exit_code == 0, exported.stderr
    assert b'srcLang="en-US" trgLang="de-DE"' in out.read_bytes()
    assert cli("export", project, "--to", "xliff2", "-o", out).exit_code == 2  # exists
    assert cli("export", project, "--to", "xliff2", "-o", out, "--force").exit_code == 0


def test_import_of_a_missing_or_bad_file_writes_nothing(tmp_path: Path) -> None:
    missing = cli("import", tmp_path / "nope.xlf", "--project", tmp_path / "p.wbproj")
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(b"\x00\x01binary")
    result = cli("import", bad, "--project", tmp_path / "p.wbproj")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "p.wbproj").exists()


def test_record_confirm_counts_a_finished_post_edit_as_confirmed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./glossaries here: recorded without a glossary
    art = tmp_path / "a.txt"
    art.write_text("The orbital ships grew. Prices rose.\n\nThanks.\n")
    pe = tmp_path / "a.pe.txt"
    pe.write_text("Rail transit and shipbuilding grew. Prices rose.\n\nThank you.\n")
    result = cli("record", art, "--pe", pe, "--confirm")
    assert result.exit_code == 0, result.output
    assert "recorded 2 of 3 segments" in result.stdout and "(all confirmed)" in result.stdout
    with open_existing(art) as s:
        assert [x.status for x in s.segments] == ["confirmed"] * 3
        origins = [(e.segment_id, e.origin) for e in s.events()]
    assert origins == [("p1s1", "import"), ("p1s2", "status"), ("p2s1", "import")]


def test_record_of_merged_sentences_is_one_edit_across_both(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(
        "The company said the orders cover thick plate and forgings. The total is 2 billion "
        "yuan. Prices rose.\n"
    )
    pe = tmp_path / "a.pe.txt"
    pe.write_text(
        "The company said the orders, which cover heavy plate and forgings, are worth 2 "
        "billion yuan. Prices rose.\n"
    )
    result = cli("record", art, "--pe", pe)
    assert result.exit_code == 0, result.output
    with open_existing(art) as s:
        first, second, third = s.segments
        assert first.target.endswith("forgings,") and second.target.startswith("are worth")
        assert third.target == "Prices rose."
        details = {e.segment_id: e.detail for e in s.events() if e.origin == "import"}
    assert details["p1s1"] == details["p1s2"] == f"{pe} (merged: p1s1+p1s2)"


def test_an_older_project_opens_and_is_upgraded(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("One sentence here.\n")
    project = tmp_path / "a.wbproj"
    open_article(art, project=project).close()
    conn = sqlite3.connect(project)
    for table in ("codes", "origins", "original"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE events DROP COLUMN author")  # added in schema 4
    for table, column in (("segments", "mt_origin"), ("segments", "target_origin"),
                          ("history", "origin")):  # fmt: skip
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # added in schema 5
    conn.execute("PRAGMA user_version=2")
    conn.commit()
    conn.close()
    with open_existing(project) as read_only:  # read-only: nothing to upgrade, nothing missing
        assert read_only.segments[0].codes == ()
        assert read_only.document.original == b""
        assert read_only.events() == []  # read without the author column
        assert (read_only.segments[0].mt_origin, read_only.segments[0].target_origin) == ("", "")
    with open_existing(project, read_only=False) as writable:
        assert writable.segments[0].mt == "One sentence here."
        writable.author = "ana"
        first = writable.segments[0]
        writable.set_target(first.id, first.target, keystrokes=2)  # effort, text unchanged
        assert writable.events()[-1].author == "ana"
        writable.set_target(first.id, "One sentence, typed.")
        origins = [writable.segment(first.id).target_origin]
        writable.undo(first.id)
        origins.append(writable.segment(first.id).target_origin)
        assert origins == ["translator", ""]  # the step from before the upgrade: not known
    conn = sqlite3.connect(project)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    out = tmp_path / "o.txt"
    assert cli("export", project, "--to", "original", "-o", out).exit_code == 0
    assert out.read_text() == "One sentence here.\n"
    xliff = tmp_path / "o.xlf"
    assert cli("export", project, "--to", "xliff", "-o", xliff).exit_code == 0
    assert b'origin="machine-translation"' in xliff.read_bytes()  # an article: its MT is MT
