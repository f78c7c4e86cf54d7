"""New XLIFF 1.2, XLIFF 2.0 and TMX files keep what the original said about each unit: the
``<group>``s around it (ids, names, nesting; groups written alike stay apart), its name
(XLIFF 1.2 ``resname`` <-> 2.0 ``name``), its id, and its notes one by one. Every export
validates against the official schemas."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from lxml import etree
from translate.storage import tmx as tt_tmx

from tests.schemas import validate_tmx, validate_xliff2, validate_xliff12
from workbench.cli import main

X = "{urn:oasis:names:tc:xliff:document:1.2}"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"
DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _project(tmp_path: Path, name: str, data: bytes) -> Path:
    original = tmp_path / name
    original.write_bytes(data)
    project = tmp_path / (name + ".wbproj")
    result = cli("import", original, "--project", project)
    assert result.exit_code == 0, result.stderr
    return project


def _export(project: Path, to: str) -> bytes:
    out = project.with_suffix(f".out.{to}")
    result = cli("export", project, "--to", to, "-o", out, "--force")
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def _tree(el: etree._Element, unit: str, group: str, name: str) -> list[object]:
    """The groups and units under ``el`` as nested lists: (group id, name, [...]) and
    (unit id, name)."""
    out: list[object] = []
    for child in el:
        tag = etree.QName(child).localname
        if tag == "group":
            out.append((child.get("id"), child.get(name), _tree(child, unit, group, name)))
        elif tag == unit:
            out.append((child.get("id"), child.get(name)))
        elif tag == "body":
            out.extend(_tree(child, unit, group, name))
    return out


XLIFF2_GROUPS = [
    ("g-head", "headline", [("u1", "title")]),
    ("g-body", "body", [("u2", "lead"), ("u3", "products"), ("u4", "price"),
                        ("u5", "italic-open"), ("u6", "italic-close")]),
]  # fmt: skip


def test_xliff2_groups_names_and_notes_survive_both_xliff_exports(tmp_path: Path) -> None:
    source = (DATA / "xliff2" / "metals-news.de-DE.xlf").read_bytes()
    project = _project(tmp_path, "metals-news.de-DE.xlf", source)
    xliff2 = _export(project, "xliff2")
    assert validate_xliff2(xliff2) == []
    file2 = etree.fromstring(xliff2).find(f"{X2}file")
    assert file2 is not None
    assert _tree(file2, "unit", "group", "name") == XLIFF2_GROUPS
    xliff = _export(project, "xliff")
    assert validate_xliff12(xliff) == []
    file1 = etree.fromstring(xliff).find(f"{X}file")
    assert file1 is not None
    assert _tree(file1, "trans-unit", "group", "resname") == XLIFF2_GROUPS
    lead = file1.find(f".//{X}trans-unit[@id='u2']")
    assert lead is not None
    assert [n.text for n in lead.findall(f"{X}note")] == ["Three sentences in one paragraph."]


def test_trados_paragraph_groups_stay_one_group_each(tmp_path: Path) -> None:
    """Trados writes one anonymous ``<group>`` per paragraph: four groups alike, four
    groups out (not merged into one), and the ids of their units."""
    source = (DATA / "trados" / "news.docx.sdlxliff").read_bytes()
    project = _project(tmp_path, "news.docx.sdlxliff", source)
    xliff = _export(project, "xliff")
    assert validate_xliff12(xliff) == []
    body = etree.fromstring(xliff).find(f"{X}file/{X}body")
    assert body is not None
    groups = body.findall(f"{X}group")
    assert len(groups) == 4
    ids = [[tu.get("id") for tu in g.findall(f"{X}trans-unit")] for g in groups]
    assert ids == [[f"a1b2c3d4-000{n}-4000-8000-00000000000{n}"] for n in (1, 2, 3, 5)]
    xliff2 = _export(project, "xliff2")
    assert validate_xliff2(xliff2) == []
    file2 = etree.fromstring(xliff2).find(f"{X2}file")
    assert file2 is not None
    assert len(file2.findall(f"{X2}group")) == 4
    group_ids = [g.get("id") for g in file2.findall(f"{X2}group")]
    assert len(set(group_ids)) == 4  # made up (the file had none), unique in the file


def test_two_notes_on_one_tmx_unit_stay_two_notes(tmp_path: Path) -> None:
    tmx = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tmx version="1.4"><header creationtool="TW4Win" creationtoolversion="8" '
        'segtype="sentence" adminlang="en-US" srclang="en-US" datatype="rtf" o-tmf="TW4Win"/>'
        '<body><tu tuid="7"><note>Client: Metals Desk</note><note>Checked by the editor'
        "\nin May</note>"
        '<tuv xml:lang="en-US"><seg>Copper rose.</seg></tuv>'
        '<tuv xml:lang="de-DE"><seg>Kupfer stieg.</seg></tuv></tu></body></tmx>'
    )
    project = _project(tmp_path, "notes.tmx", tmx.encode("utf-8"))
    notes = ["Client: Metals Desk", "Checked by the editor\nin May"]
    out = _export(project, "tmx")
    assert validate_tmx(out) == []
    assert [n.text for n in etree.fromstring(out).iter("note")] == notes
    read_back = tt_tmx.tmxfile.parsestring(out)  # type: ignore[no-untyped-call]
    assert read_back.units[0].getnotes() == "\n".join(notes)
    xliff = _export(project, "xliff")
    assert validate_xliff12(xliff) == []
    assert [n.text for n in etree.fromstring(xliff).iter(f"{X}note")] == notes
    xliff2 = _export(project, "xliff2")
    assert validate_xliff2(xliff2) == []
    assert [n.text for n in etree.fromstring(xliff2).iter(f"{X2}note")] == notes
    unit = etree.fromstring(xliff2).find(f".//{X2}unit")
    assert unit is not None and unit.get("id") == "7"
