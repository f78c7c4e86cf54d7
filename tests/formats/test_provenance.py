"""Where a target came from -- the MT, the file's own target, the memory, the translator --
is stored with the project and labelled truthfully in new XLIFF 1.2, XLIFF 2.0 and TMX
files, which validate against the official schemas and read in translate-toolkit. Nothing
empty is labelled MT, and a file's own targets never are."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from lxml import etree
from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff

from tests.schemas import validate_tmx, validate_xliff2, validate_xliff12
from workbench.app.editing import Editing
from workbench.app.projects import open_article, open_existing
from workbench.cli import main
from workbench.core.memory import open_memory
from workbench.core.session import Session

X = "{urn:oasis:names:tc:xliff:document:1.2}"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"
MTC = "{urn:oasis:names:tc:xliff:matches:2.0}"
DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"
ARTICLE = "Copper output rose in May.\n\nZinc prices fell sharply.\n\nThe smelter restarted.\n"


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def export(project: Path, to: str, out: Path) -> bytes:
    result = cli("export", project, "--to", to, "-o", out, "--force")
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def origin_of(session: Session, segment_id: str) -> str:
    return session.segment(segment_id).target_origin


def _worked_article(tmp_path: Path) -> Path:
    """An article project: segment 1 typed by the translator, 2 filled from the memory,
    3 left as the MT; all confirmed."""
    article = tmp_path / "metals.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    earlier = tmp_path / "earlier.txt"
    earlier.write_text("Zinc prices fell sharply.\n", encoding="utf-8")
    memory = open_memory(tmp_path / "memory.wbmem")
    with open_article(earlier, project=tmp_path / "earlier.wbproj") as old:
        editing = Editing(old, memory=memory)
        old.set_target(old.segments[0].id, "Zinc prices dropped steeply.")
        editing.confirm(old.segments[0].id)
    project = tmp_path / "metals.wbproj"
    with open_article(article, project=project) as session:
        editing = Editing(session, memory=memory)
        one, two, three = (s.id for s in session.segments)
        session.set_target(one, "Copper output climbed in May.")
        match = editing.matches(1)[0]
        session.insert_match(two, match)
        for sid in (one, two, three):
            editing.confirm(sid, propagate=False)
    memory.close()
    return project


def test_the_project_stores_where_each_target_came_from_and_undo_restores_it(
    tmp_path: Path,
) -> None:
    project = _worked_article(tmp_path)
    with open_existing(project, read_only=False) as session:
        assert [s.target_origin for s in session.segments] == ["translator", "memory", "mt"]
        assert {s.mt_origin for s in session.segments} == {"mt"}
        two = session.segments[1].id
        session.set_target(two, session.segment(two).target, keystrokes=3)  # typed, deleted
        assert origin_of(session, two) == "memory"  # the text did not change
        session.set_target(two, "Zinc prices slid.")
        assert origin_of(session, two) == "translator"
        session.undo(two)  # back to the memory's text: labelled memory again
        assert origin_of(session, two) == "memory"
        session.revert(two)  # the MT after glossary fixes
        assert origin_of(session, two) == "mt"
        session.undo(two)
        session.propagate(two)  # no repetition here: nothing copied
    with open_existing(project) as again:
        assert [s.target_origin for s in again.segments] == ["translator", "memory", "mt"]


def test_xliff12_labels_each_target_by_where_it_came_from(tmp_path: Path) -> None:
    data = export(_worked_article(tmp_path), "xliff", tmp_path / "out.xlf")
    assert validate_xliff12(data) == []
    units = etree.fromstring(data).findall(f".//{X}trans-unit")
    qualifiers = [u.find(f"{X}target").get("state-qualifier") for u in units]
    assert qualifiers == [None, "leveraged-tm", "leveraged-mt"]
    assert [u.find(f"{X}alt-trans").get("origin") for u in units] == ["machine-translation"] * 3
    store = tt_xliff.xlifffile.parsestring(data)  # type: ignore[no-untyped-call]
    units_tt = [u for u in store.units if not u.isheader()]
    assert [u.target for u in units_tt][1] == "Zinc prices dropped steeply."
    assert [u.getalttrans()[0].target for u in units_tt][2] == "The smelter restarted."


def test_xliff2_and_tmx_label_each_target_by_where_it_came_from(tmp_path: Path) -> None:
    project = _worked_article(tmp_path)
    data = export(project, "xliff2", tmp_path / "out.xliff2.xlf")
    assert validate_xliff2(data) == []
    root = etree.fromstring(data)
    assert [s.get("subState") for s in root.iter(f"{X2}segment")] == [
        "workbench:translator",
        "workbench:memory",
        "workbench:mt",
    ]
    assert [m.get("type") for m in root.iter(f"{MTC}match")] == ["mt"] * 3
    tmx = export(project, "tmx", tmp_path / "out.tmx")
    assert validate_tmx(tmx) == []
    props = [p.text for p in etree.fromstring(tmx).iter("prop") if p.get("type") == "x-origin"]
    assert props == ["translator", "memory", "mt"]
    read_back = tt_tmx.tmxfile.parsestring(tmx)  # type: ignore[no-untyped-call]
    assert len(read_back.units) == 3


def test_a_files_own_targets_are_the_files_not_mt(tmp_path: Path) -> None:
    """A Trados file's targets: labelled as inherited from the file, never MT; typed over,
    the translator's."""
    original = tmp_path / "news.docx.sdlxliff"
    original.write_bytes((DATA / "trados" / "news.docx.sdlxliff").read_bytes())
    project = tmp_path / "p.wbproj"
    assert cli("import", original, "--project", project).exit_code == 0
    with open_existing(project, read_only=False) as session:
        filled = [s for s in session.segments if s.target]
        assert filled and {s.mt_origin for s in filled} == {"file"}
        assert {s.target_origin for s in filled} == {"file"}
        session.set_target(filled[0].id, filled[0].target + " (checked)")
        typed = filled[0].id
    data = export(project, "xliff", tmp_path / "out.xlf")
    assert validate_xliff12(data) == []
    assert b"machine-translation" not in data and b"leveraged-mt" not in data
    assert b'state-qualifier="leveraged-inherited"' in data
    xliff2 = export(project, "xliff2", tmp_path / "out2.xlf")
    assert validate_xliff2(xliff2) == []
    states = {s.get("subState") for s in etree.fromstring(xliff2).iter(f"{X2}segment")}
    assert "workbench:file" in states and "workbench:translator" in states
    assert b"mtc:match" not in xliff2
    with open_existing(project) as session:
        assert session.segment(typed).target_origin == "translator"


def test_a_file_without_targets_gets_no_empty_mt_and_no_label(tmp_path: Path) -> None:
    empty = tmp_path / "todo.xlf"
    empty.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a" source-language="en" target-language="de" datatype="plaintext">'
        '<body><trans-unit id="1"><source>Copper rose.</source></trans-unit>'
        '<trans-unit id="2"><source>Zinc fell.</source></trans-unit></body></file></xliff>',
        encoding="utf-8",
    )
    project = tmp_path / "p.wbproj"
    assert cli("import", empty, "--project", project).exit_code == 0
    with open_existing(project) as session:
        assert [(s.mt_origin, s.target_origin) for s in session.segments] == [("", "")] * 2
    for to in ("xliff", "xliff2"):
        data = export(project, to, tmp_path / f"out.{to}")
        assert b"machine-translation" not in data and b"mtc:match" not in data
        assert b"state-qualifier" not in data and b"subState" not in data
        assert b"<target" not in data  # untranslated stays without a target


def test_a_tmx_memorys_targets_are_its_own_and_go_into_the_memory_without_mt(
    tmp_path: Path,
) -> None:
    """OmegaT's project_save.tmx: its targets are the file's (human) translations; their
    memory units are source -> final, with no MT to label."""
    tmx = tmp_path / "project_save.tmx"
    tmx.write_bytes((DATA / "omegat" / "project_save.tmx").read_bytes())
    project = tmp_path / "p.wbproj"
    assert cli("import", tmx, "--project", project).exit_code == 0
    memory_file = tmp_path / "m.wbmem"
    result = cli("memory", "import", project, "--memory", memory_file)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "mem.tmx"
    result = cli("memory", "export", "--to", "tmx", "-o", out, "--memory", memory_file)
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert validate_tmx(data) == []
    assert b'type="x-mt"' not in data and b"-x-mt" not in data
    with Session.open_project(project, read_only=True) as session:
        assert {s.target_origin for s in session.segments if s.target} == {"file"}
