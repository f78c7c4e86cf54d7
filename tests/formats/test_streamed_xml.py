"""XML exports written a unit at a time (``formats/bilingual/streamed_xml.py``) are the
bytes lxml writes for the whole document's tree: the exported file, parsed with its
whitespace and serialised again whole, comes back byte for byte (no namespace declaration
repeated on a unit, no placeholder left, the indentation of the whole tree), for files
with groups, several ``<file>`` s, notes, inline codes and strict XLIFF's dropped
attributes, and for a project larger than one compressed block of units."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from workbench.app.projects import open_article
from workbench.cli import main
from workbench.formats.xmlfile import xml_bytes

DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"
FILES = [
    "angular/messages.fr.xlf",
    "madcap/online-help.htm.xlf",
    "okapi/chinalco-news.html.xlf",
    "symfony/messages+intl-icu.fr.xlf",
    "trados/news.docx.sdlxliff",
    "worldserver/metals_de_DE.xlf",
    "xcode/fr.xliff",
    "xliff2/metals-news.de-DE.xlf",
    "tmx/inline-codes.tmx",
    "omegat/project_save.tmx",
]
N = 1000  # paragraphs of the large project
DOCTYPE = {"tmx": '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'}


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def whole_tree_bytes(data: bytes, fmt: str) -> bytes:
    """``data`` parsed (whitespace kept) and written again from its whole tree."""
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=False))
    return xml_bytes(root, DOCTYPE.get(fmt, ""))


def export(project: Path, fmt: str, out: Path) -> bytes:
    result = cli("export", project, "--to", fmt, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.mark.parametrize("name", FILES)
def test_a_streamed_export_is_the_whole_trees_bytes(tmp_path: Path, name: str) -> None:
    source = tmp_path / Path(name).name
    source.write_bytes((DATA / name).read_bytes())
    project = tmp_path / "p.wbproj"
    assert cli("import", source, "--project", project).exit_code == 0
    for fmt in ("xliff", "xliff2", "tmx"):
        data = export(project, fmt, tmp_path / f"out.{fmt}")
        assert b"workbench-unit" not in data
        assert data == whole_tree_bytes(data, fmt), (name, fmt)


def test_a_project_of_many_blocks_comes_out_whole_and_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Units compressed in many blocks (10 kB each here, a megabyte in use) come out every
    one once, in the project's order, and still as the whole tree's bytes."""
    from workbench.formats.bilingual import streamed_xml

    monkeypatch.setattr(streamed_xml, "_BLOCK", 10_000)
    article = tmp_path / "long.txt"
    article.write_text(
        "\n\n".join(f"Paragraph {n} says something about aluminium plate." for n in range(N))
        + "\n",
        encoding="utf-8",
    )
    project = tmp_path / "long.wbproj"
    with open_article(article, project=project) as session:
        ids = [s.id for s in session.segments]
        for sid in ids:
            session.confirm(sid)
    for fmt in ("xliff", "xliff2", "tmx"):
        data = export(project, fmt, tmp_path / f"long.{fmt}")
        assert len(data) > 20 * streamed_xml._BLOCK
        assert data == whole_tree_bytes(data, fmt), fmt
        root = etree.fromstring(data)
        texts = [
            "".join(el.itertext())
            for el in root.iter("{*}source", "seg")
            if el.getparent() is not None and etree.QName(el.getparent()).localname != "match"
        ]
        wanted = [f"Paragraph {n} says something about aluminium plate." for n in range(N)]
        if fmt == "tmx":
            texts = texts[0::2]  # the MT side of each unit, then the target
        assert texts == wanted, fmt
