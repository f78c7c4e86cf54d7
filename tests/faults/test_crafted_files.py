"""Crafted files are one line and exit 2, never a traceback, never text silently dropped
(issue 28, items 4, 9, 10 and 11)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.faults.conftest import cli, one_line_error

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xliff [<!ENTITY foo "bar">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a" source-language="en" target-language="fr" datatype="plaintext"><body>
<trans-unit id="1"><source>Hello {src} world.</source><target>Bonjour {tgt} monde.</target>
</trans-unit>
</body></file></xliff>
"""
XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xliff [<!ENTITY foo "bar">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
<file id="f1"><unit id="u1">
<originalData><data id="d1">{data}</data></originalData>
<segment><source>Hello <ph id="1" dataRef="d1"/> world.</source>
<target>Bonjour <ph id="1" dataRef="d1"/> monde.</target></segment>
</unit></file></xliff>
"""
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx [<!ENTITY foo "bar">]>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence"
 adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>
<body><tu><tuv xml:lang="en"><seg>Hello {src} world.</seg></tuv>
<tuv xml:lang="fr"><seg>Bonjour {tgt} monde.</seg></tuv></tu></body></tmx>
"""

CASES = {
    "ph-in-xliff12.xlf": XLIFF12.format(src='<ph id="1">&foo;</ph>', tgt='<ph id="1">&foo;</ph>'),
    "data-in-xliff20.xlf": XLIFF20.format(data="&foo;"),
    "ph-in-tmx.tmx": TMX.format(src='<ph x="1">&foo;</ph>', tgt='<ph x="1">&foo;</ph>'),
    "text-in-xliff12.xlf": XLIFF12.format(src="pre &foo; post", tgt="pre &foo; post"),
    "text-in-tmx.tmx": TMX.format(src="pre &foo; post", tgt="pre &foo; post"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_doctype_entity_is_refused_by_every_reader(tmp_path: Path, name: str) -> None:
    """A DOCTYPE entity in an inline code was a traceback (``Entity 'foo' not defined``);
    in ordinary text it vanished (``pre  post``) without a word. Every command that reads
    the file refuses it, naming the entity and the line."""
    path = tmp_path / name
    path.write_text(CASES[name])
    memory = tmp_path / "m.wbmem"
    for args in (
        ("import", path, "--project", tmp_path / "p.wbproj"),
        ("memory", "import", path, "--memory", memory),
        ("qa", path),
        ("edit", path, "--project", tmp_path / "e.wbproj", "--memory", memory),
    ):
        one_line_error(cli(*args), f"{name}:", "&foo;")
    assert not (tmp_path / "p.wbproj").exists() and not (tmp_path / "e.wbproj").exists()


def test_export_to_original_of_an_original_with_an_entity_is_one_line(tmp_path: Path) -> None:
    """A project whose stored original holds an entity inside an inline code (made before
    such files were refused): ``export --to original`` says so in one line."""
    clean = tmp_path / "clean.xlf"
    clean.write_text(XLIFF12.format(src='<ph id="1">x</ph>', tgt='<ph id="1">x</ph>'))
    project = tmp_path / "p.wbproj"
    assert cli("import", clean, "--project", project).exit_code == 0
    crafted = XLIFF12.format(src='<ph id="1">&foo;</ph>', tgt='<ph id="1">&foo;</ph>')
    with sqlite3.connect(project) as conn:
        conn.execute("UPDATE original SET data = ?", (crafted.encode(),))
    conn.close()
    out = tmp_path / "out.xlf"
    one_line_error(cli("export", project, "--to", "original", "-o", out), "&foo;")
    assert not out.exists()


def test_more_inline_codes_than_placeholders_is_one_line(tmp_path: Path) -> None:
    codes = "".join(f'w{i} <ph id="{i}">&lt;b{i}/&gt;</ph> ' for i in range(6500))
    path = tmp_path / "many.xlf"
    path.write_text(
        XLIFF12.replace('<!DOCTYPE xliff [<!ENTITY foo "bar">]>\n', "").format(src="x", tgt=codes)
    )
    memory = tmp_path / "m.wbmem"
    for args in (
        ("import", path, "--project", tmp_path / "p.wbproj"),
        ("memory", "import", path, "--memory", memory),
        ("qa", path),
    ):
        one_line_error(cli(*args), "many.xlf:", "6,400 inline codes")


def test_xml_reader_limits_are_worded_for_a_user(tmp_path: Path) -> None:
    path = tmp_path / "deep.xlf"
    path.write_text("<xliff>" + "<g>" * 300 + "</g>" * 300 + "</xliff>")
    line = one_line_error(cli("import", path, "--project", tmp_path / "p.wbproj"), "deep.xlf:1")
    assert "XML_PARSE_HUGE" not in line and "limits" in line


def test_glossary_lint_refuses_an_absurd_pattern_at_once(tmp_path: Path) -> None:
    """One 300,000-character pattern took 55 s to lint (quadratic); now it is an error
    line naming the limit, in well under a second."""
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "glossary: g\nentries:\n  - mt: " + "a" * 300_000 + "\n    correct: b\n    note: n\n"
    )
    started = time.monotonic()
    result = cli("glossary", "lint", glossary)
    elapsed = time.monotonic() - started
    assert (result.exit_code != 0 and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
    assert "g.yaml:3: error: mt is 300,000 characters long" in result.stdout + result.stderr
    assert elapsed < 5, elapsed
    article = tmp_path / "a.txt"
    article.write_text("a" * 1000)
    one_line_error(cli("apply", article, "-g", glossary, "-o", tmp_path / "o.txt"), "g.yaml:3")


def test_an_empty_or_damaged_project_file_is_named_as_such(tmp_path: Path, project: Path) -> None:
    memory = tmp_path / "m.wbmem"
    assert cli("memory", "import", project, "--memory", memory).exit_code == 0
    empty = tmp_path / "empty.wbproj"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.wbproj"
    junk.write_bytes(bytes(range(256)) * 4)
    for path, why in ((empty, "empty"), (junk, "not an SQLite database")):
        for args in (
            ("stats", path),
            ("export", path, "--to", "txt", "-o", tmp_path / "x.txt"),
            ("edit", path, "--read-only", "--memory", memory),
        ):
            line = one_line_error(cli(*args), "not a workbench project", why)
            assert "no project for this article" not in line


def test_a_folder_given_as_an_article_reads_well(tmp_path: Path) -> None:
    (tmp_path / "d.txt").mkdir()
    line = one_line_error(cli("import", tmp_path / "d.txt", "--project", tmp_path / "p.wbproj"))
    assert "expected an article" in line


def test_memory_import_of_an_article_is_refused_before_reading_it(tmp_path: Path) -> None:
    article = tmp_path / "big.txt"
    article.write_text("A sentence of an article. " * 400_000)  # 10 MB
    started = time.monotonic()
    one_line_error(
        cli("memory", "import", article, "--memory", tmp_path / "m.wbmem"), "not a TMX, XLIFF"
    )
    assert time.monotonic() - started < 1.0
