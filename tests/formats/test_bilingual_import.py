"""Bilingual files written by other CAT tools open for post-editing (shapes made by hand
after OmegaT, Okapi, memoQ and Angular output)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.app.projects import open_article
from workbench.cli import main
from workbench.core.errors import InputError
from workbench.core.inline_codes import display
from workbench.formats.registry import read_document

OMEGAT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="6.0.0" segtype="sentence" srclang="ZH-CN"/>
  <body>
    <tu>
      <tuv lang="ZH-CN"><seg>西南铝加快发展。</seg></tuv>
      <tuv lang="EN-US" changeid="mt" changedate="20200727T150100Z"
        ><seg>Southwest Aluminium accelerates development.</seg></tuv>
    </tu>
    <tu>
      <tuv lang="ZH-CN"><seg>轨道交通、船舶</seg></tuv>
      <tuv lang="EN-US"><seg>orbital ships</seg></tuv>
    </tu>
  </body>
</tmx>
"""

OKAPI_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"
       xmlns:okp="okapi-framework:xliff-extensions">
<file original="news.html" source-language="zh-CN" target-language="en" datatype="x-undefined">
<body>
<trans-unit id="1" okp:engine="mt">
<source xml:lang="zh-CN">西南铝 <g id="1">加快</g>发展。</source>
<seg-source><mrk mid="0" mtype="seg">西南铝 <g id="1">加快</g>发展。</mrk></seg-source>
<target xml:lang="en"><mrk mid="0"
 mtype="seg">Southwest Aluminium <g id="1">accelerates</g> development.</mrk></target>
</trans-unit>
</body>
</file>
</xliff>
"""

MEMOQ_XLIFF = """<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff" version="1.2">
  <file original="news.docx" source-language="zh-cn" target-language="en-us" datatype="x-memoq">
    <body>
      <trans-unit id="1" mq:status="MachineTranslated" mq:segmentguid="a1">
        <source xml:space="preserve">轨道交通、船舶</source>
        <target xml:space="preserve">orbital ships</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

ANGULAR_XLIFF = """<?xml version="1.0" encoding="UTF-8" ?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" datatype="plaintext" original="ng2.template">
    <body>
      <trans-unit id="greeting" datatype="html">
        <source>Hello <x id="INTERPOLATION" equiv-text="{{ name }}"/>, welcome.</source>
        <target>Bonjour <x id="INTERPOLATION" equiv-text="{{ name }}"/>, bienvenue.</target>
        <context-group purpose="location">
          <context context-type="sourcefile">src/app/app.component.html</context>
        </context-group>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_omegat_project_save_tmx(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "project_save.tmx", OMEGAT_TMX))
    assert [(s.source, s.text) for s in doc.segments] == [
        ("西南铝加快发展。", "Southwest Aluminium accelerates development."),
        ("轨道交通、船舶", "orbital ships"),
    ]


@pytest.mark.parametrize(
    ("text", "source", "mt"),
    [
        (
            OKAPI_XLIFF,
            "西南铝 ⟨1⟩加快⟨/1⟩发展。",
            "Southwest Aluminium ⟨1⟩accelerates⟨/1⟩ development.",
        ),
        (MEMOQ_XLIFF, "轨道交通、船舶", "orbital ships"),
        (
            ANGULAR_XLIFF,
            "Hello ⟨x:INTERPOLATION⟩, welcome.",
            "Bonjour ⟨x:INTERPOLATION⟩, bienvenue.",
        ),
    ],
)
def test_cat_tool_xliff(tmp_path: Path, text: str, source: str, mt: str) -> None:
    """Inline codes are protected placeholders, shown as tag tokens."""
    (seg,) = read_document(write(tmp_path, "f.xlf", text)).segments
    assert seg.source is not None
    assert " ".join(display(seg.source, seg.codes).text.split()) == source
    assert " ".join(display(seg.text, seg.codes).text.split()) == mt


def test_tsv_and_editing_an_imported_file(tmp_path: Path) -> None:
    p = write(tmp_path, "pairs.tsv", "source\ttarget\n西南铝\tSouthwest Aluminium\n船舶\tships\n")
    with open_article(p) as s:
        assert [(x.source, x.mt) for x in s.segments] == [
            ("西南铝", "Southwest Aluminium"),
            ("船舶", "ships"),
        ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.xlf", "<xliff><file>", "not well-formed XML"),
        ("bad.tmx", "<notatmx/>", "not a TMX file"),
        ("bad.tsv", "one column only\n", "two tab-separated columns"),
        (
            "empty.xlf",
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"/>',
            "no translation units",
        ),
    ],
)
def test_bad_bilingual_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    p = write(tmp_path, name, text)
    with pytest.raises(InputError, match=message):
        read_document(p)
    result = CliRunner().invoke(main, ["qa", str(p)])
    assert result.exit_code == 2 and message in result.stderr
