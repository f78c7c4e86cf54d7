"""Files of the big CAT tools (Trados Studio SDLXLIFF, MadCap Lingo, WorldServer): segments
wrapped in formatting, and each tool's own workflow status read and written back.

Fixtures in ``tests/data/bilingual/{trados,madcap,worldserver}`` (shapes in its README)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result
from lxml import etree

from tests.schemas import validate_tmx, validate_xliff2
from workbench.app.projects import open_existing
from workbench.cli import main
from workbench.core.inline_codes import display
from workbench.formats.registry import read_document

DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"
X = "{urn:oasis:names:tc:xliff:document:1.2}"
SDL = "{http://sdl.com/FileTypes/SdlXliff/1.0}"
MADCAP = "{http://www.madcapsoftware.com/Schemas/MadCap.xsd}"
IWS = "{http://www.idiominc.com/ws/asset}"


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _import(tmp_path: Path, rel: str) -> Path:
    original = tmp_path / Path(rel).name
    original.write_bytes((DATA / rel).read_bytes())
    project = tmp_path / "p.wbproj"
    result = cli("import", original, "--project", project)
    assert result.exit_code == 0, result.stderr
    return project


def _export(project: Path, tmp_path: Path, to: str = "original") -> bytes:
    out = tmp_path / f"out.{to}"
    result = cli("export", project, "--to", to, "-o", out, "--force")
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def _unit(data: bytes, unit_id: str) -> etree._Element:
    unit = etree.fromstring(data).find(f".//{X}trans-unit[@id='{unit_id}']")
    assert unit is not None
    return unit


def _sdl_seg(unit: etree._Element, mid: str) -> etree._Element:
    seg = unit.find(f"{SDL}seg-defs/{SDL}seg[@id='{mid}']")
    assert seg is not None
    return seg


TRADOS = "trados/news.docx.sdlxliff"
U1 = "a1b2c3d4-0001-4000-8000-000000000001"
U3 = "a1b2c3d4-0003-4000-8000-000000000003"


def test_trados_segments_inside_formatting_are_segments() -> None:
    doc = read_document(DATA / TRADOS)
    shown = [(display(s.source or "", s.codes).text, s.status) for s in doc.segments]
    assert shown[:2] == [
        ("Aluminium prices rose sharply in March.", "confirmed"),  # conf="Translated"
        ("Traders expect a stable second quarter.", "draft"),  # conf="Draft"
    ]
    assert [s.paragraph for s in doc.segments[:2]] == [1, 1]  # one unit, two segments
    assert shown[2][1] == "confirmed"  # ApprovedSignOff
    assert shown[3][1] == "draft"  # RejectedTranslation
    assert shown[4] == ("Zinc is unchanged.", "new")  # no conf: not translated
    assert shown[5][1] == "confirmed"  # ApprovedTranslation
    assert not any("mrk:" in display(s.text, s.codes).text for s in doc.segments)


def test_typed_text_goes_inside_the_segment_inside_the_formatting(tmp_path: Path) -> None:
    project = _import(tmp_path, TRADOS)
    with open_existing(project, read_only=False) as session:
        second = session.segments[1]
        session.set_target(second.id, "Händler rechnen mit einem ruhigen zweiten Quartal.")
        session.confirm(second.id)
        session.set_target(session.segments[4].id, "Zink ist unverändert.")
        session.confirm(session.segments[4].id)
    unit = _unit(_export(project, tmp_path), U1)
    target = unit.find(f"{X}target")
    assert target is not None
    g = target.find(f"{X}g")
    assert g is not None and g.get("id") == "pt2" and g.tail is None  # nothing after </g>
    mrks = g.findall(f"{X}mrk")
    assert [m.get("mid") for m in mrks] == ["1", "2"]
    assert mrks[1].text == "Händler rechnen mit einem ruhigen zweiten Quartal."
    assert mrks[0].tail == " "  # the space between the segments is kept
    seg2 = _sdl_seg(unit, "2")
    assert seg2.get("conf") == "Translated" and seg2.get("origin") == "interactive"
    assert seg2.get("origin-system") is None  # no longer Language Weaver's
    seg1 = _sdl_seg(unit, "1")
    assert (seg1.get("conf"), seg1.get("origin")) == ("Translated", "interactive")  # untouched
    assert target.get("state") is None  # Trados keeps its statuses in sdl:seg, not state
    zinc = _sdl_seg(_unit(_export(project, tmp_path), U3), "5")
    assert zinc.get("conf") == "Translated" and zinc.get("origin") == "interactive"


def test_an_edited_confirmed_trados_segment_becomes_a_draft_there_too(tmp_path: Path) -> None:
    project = _import(tmp_path, TRADOS)
    with open_existing(project, read_only=False) as session:
        first = session.segments[0]
        session.set_target(first.id, "Die Aluminiumpreise stiegen im März deutlich.")
        assert session.segment(first.id).status == "draft"
    seg1 = _sdl_seg(_unit(_export(project, tmp_path), U1), "1")
    assert (seg1.get("conf"), seg1.get("origin")) == ("Draft", "interactive")


def test_new_bilingual_files_carry_the_sentence_as_text_not_as_a_code(tmp_path: Path) -> None:
    project = _import(tmp_path, TRADOS)
    xliff2 = _export(project, tmp_path, "xliff2")
    assert validate_xliff2(xliff2) == []
    assert b"Aluminium prices rose sharply in March." in xliff2
    root = etree.fromstring(xliff2)
    data = " ".join(d.text or "" for d in root.iter("{urn:oasis:names:tc:xliff:document:2.0}data"))
    assert "Aluminium" not in data and "Traders" not in data
    tmx = _export(project, tmp_path, "tmx")
    assert validate_tmx(tmx) == []
    seg_texts = [
        "".join(s.itertext())
        for s in etree.fromstring(tmx).iter("seg")
        if s.getparent() is not None
    ]
    assert "Aluminium prices rose sharply in March." in seg_texts


def test_madcap_segment_status_is_read_and_written_back(tmp_path: Path) -> None:
    doc = read_document(DATA / "madcap" / "online-help.htm.xlf")
    assert [s.status for s in doc.segments] == ["confirmed", "new", "new", "confirmed", "new"]
    project = _import(tmp_path, "madcap/online-help.htm.xlf")
    with open_existing(project, read_only=False) as session:
        seg = session.segments[1]
        session.set_target(seg.id, "Les prix de l'aluminium ont augmenté.")
        session.confirm(seg.id)
    unit = _unit(_export(project, tmp_path), "2")
    mrks = unit.findall(f"{X}target/{X}mrk")
    assert [m.get(f"{MADCAP}segmentStatus") for m in mrks] == ["Translated", "Untranslated"]
    assert mrks[0].text == "Les prix de l'aluminium ont augmenté."


def test_worldserver_translation_status_is_read_and_written_back(tmp_path: Path) -> None:
    doc = read_document(DATA / "worldserver" / "metals_de_DE.xlf")
    assert [s.status for s in doc.segments] == [
        "confirmed",
        "new",
        "new",
        "new",
        "confirmed",
    ]
    project = _import(tmp_path, "worldserver/metals_de_DE.xlf")
    with open_existing(project, read_only=False) as session:
        seg = session.segments[1]
        codes = seg.target  # the placeholder-only target: keep its code, add the words
        session.set_target(seg.id, "Die Kupferförderung sank " + codes + ".")
        session.confirm(seg.id)
    status = _unit(_export(project, tmp_path), "2").find(f".//{IWS}status")
    assert status is not None
    assert status.get("translation_status") == "finished"
    assert status.get("translation_type") == "manual_translation"
    assert status.get("target_content") is None


def test_strict_xliff_drops_other_tools_attributes_and_names_them(tmp_path: Path) -> None:
    from tests.schemas import validate_xliff12

    for rel, named in (
        ("worldserver/metals_de_DE.xlf", "x on <ph>"),
        (TRADOS, "sdl:cid on <mrk>"),
    ):
        folder = tmp_path / rel.split("/")[0]
        folder.mkdir()
        project = _import(folder, rel)
        data = _export(project, folder, "xliff")
        assert validate_xliff12(data) == [], rel
        note = etree.fromstring(data).find(f"{X}file/{X}header/{X}note")
        assert note is not None and note.get("from") == "workbench"
        assert named in (note.text or "")
        assert any(s.codes for s in read_document(folder / "out.xliff").segments), rel


def test_only_machine_translation_is_labelled_machine_translation(tmp_path: Path) -> None:
    """A file's own targets (a Trados file, a TM) are not MT in a new XLIFF; an XLIFF's
    separate MT stays MT; nothing empty is labelled MT."""
    project = _import(tmp_path, TRADOS)
    assert b"machine-translation" not in _export(project, tmp_path, "xliff")
    xliff2 = _export(project, tmp_path, "xliff2")
    assert b"mtc:match" not in xliff2 and validate_xliff2(xliff2) == []
    with_mt = tmp_path / "mt" / "done.xlf"
    with_mt.parent.mkdir()
    with_mt.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a" source-language="zh" target-language="en" datatype="plaintext">'
        "<body>"
        '<trans-unit id="1"><source>价格坚挺。</source>'
        '<target state="translated">Prices remain firm.</target>'
        '<alt-trans origin="machine-translation"><target>Price is strong.</target></alt-trans>'
        "</trans-unit>"
        '<trans-unit id="2"><source>订单。</source></trans-unit></body></file></xliff>',
        encoding="utf-8",
    )
    mt_project = with_mt.parent / "p.wbproj"
    assert cli("import", with_mt, "--project", mt_project).exit_code == 0
    data = _export(mt_project, with_mt.parent, "xliff")
    alts = etree.fromstring(data).findall(f".//{X}alt-trans")
    assert [a.get("origin") for a in alts] == ["machine-translation"]  # unit 2: no empty MT
    assert "".join(alts[0].itertext()).strip() == "Price is strong."
    matches = etree.fromstring(_export(mt_project, with_mt.parent, "xliff2")).findall(
        ".//{urn:oasis:names:tc:xliff:matches:2.0}match"
    )
    assert len(matches) == 1


def test_a_tmx_whose_header_names_no_language_of_its_units_reads_its_one_pair(
    tmp_path: Path,
) -> None:
    tmx = tmp_path / "tw4win.tmx"
    data = (DATA / "omegat" / "project_save.tmx").read_text(encoding="utf-8")
    tmx.write_text(re.sub(r'srclang="[^"]*"', 'srclang="fr-FR"', data), encoding="utf-8")
    doc = read_document(tmx)
    assert (doc.source_language, doc.target_language) == ("zh-CN", "en-GB")
    assert "header srclang fr-FR names no language of the file; ignored" in doc.notices


def test_glossary_files_are_told_by_content_and_a_comment_only_omegat_one_is_empty(
    tmp_path: Path,
) -> None:
    glossaries = DATA.parent / "glossaries"
    renamed = tmp_path / "terms.tbx2"
    renamed.write_bytes((glossaries / "tbx-basic-v2.tbx").read_bytes())
    out = tmp_path / "g.yaml"
    result = cli("glossary", "import", renamed, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("imported 6 entries")
    comments = tmp_path / "empty.txt"
    comments.write_text("# OmegaT glossary\n# nothing yet\n", encoding="utf-8")
    result = cli("glossary", "import", comments, "-o", tmp_path / "e.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("imported 0 entries")
    unknown = tmp_path / "x.foo"
    unknown.write_text("hello\n", encoding="utf-8")
    result = cli("glossary", "import", unknown, "-o", tmp_path / "u.yaml")
    assert result.exit_code == 2 and "unknown glossary format" in result.stderr
