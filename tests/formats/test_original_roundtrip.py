"""``workbench import`` then ``workbench export --to original``: the file goes back to where
it came from. Files in the shapes of Angular, Xcode (many ``<file>``s), Okapi (``seg-source``,
``mrk``), memoQ, Symfony 1.2/2.0, XLIFF 2.0 with modules, OmegaT project_save (TMX 1.1), a
UTF-16 TMX, a 3-language TMX and a TMX with bpt/ept/ph/it/hi (``tests/data/bilingual``).

Compared as XML trees (canonical XML): untouched, the export is the same document; with
every target changed and half the segments confirmed, it is the same document except its
targets and states, the targets hold what was typed with the inline codes written back as
they were, and importing it again gives the same texts and statuses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from tests.schemas import requires_schemas, validate_tmx, validate_xliff2, validate_xliff12
from workbench.app.projects import open_existing
from workbench.cli import main
from workbench.core.inline_codes import display
from workbench.formats.registry import read_document

DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# fixture -> (extra import options, how the targets are found, schema the original passes);
# "xliff-seg": XLIFF 1.2 whose tool keeps a status per segment (Trados, MadCap)
TOOL_STATUS_ATTRS = (
    "{http://sdl.com/FileTypes/SdlXliff/1.0}conf",
    "{http://sdl.com/FileTypes/SdlXliff/1.0}origin",
    "conf",
    "origin",
    "origin-system",
    "percent",
    "{http://www.madcapsoftware.com/Schemas/MadCap.xsd}segmentStatus",
    "translation_status",
    "translation_type",
    "target_content",
)
FIXTURES: dict[str, tuple[tuple[str, ...], str, Callable[[bytes], list[str]] | None]] = {
    "angular/messages.fr.xlf": ((), "xliff", validate_xliff12),
    "angular/messages.xlf": (("--target-lang", "fr"), "xliff", validate_xliff12),
    "xcode/fr.xliff": ((), "xliff", lambda d: validate_xliff12(d, strict=False)),
    "okapi/chinalco-news.html.xlf": ((), "xliff", lambda d: validate_xliff12(d, strict=False)),
    "memoq/chinalco-news_eng-GB.mqxliff": (
        (),
        "xliff",
        lambda d: validate_xliff12(d, strict=False),
    ),
    "symfony/messages.fr.xlf": ((), "xliff", validate_xliff12),
    "trados/news.docx.sdlxliff": ((), "xliff-seg", lambda d: validate_xliff12(d, strict=False)),
    "madcap/online-help.htm.xlf": ((), "xliff-seg", lambda d: validate_xliff12(d, strict=False)),
    "worldserver/metals_de_DE.xlf": ((), "xliff", lambda d: validate_xliff12(d, strict=False)),
    "symfony/messages+intl-icu.fr.xlf": ((), "xliff2", validate_xliff2),
    "xliff2/metals-news.de-DE.xlf": ((), "xliff2", validate_xliff2),
    "omegat/project_save.tmx": ((), "tmx", lambda d: validate_tmx(d, version="1.1")),
    "trados/tw4win-en-de.tmx": ((), "tmx", validate_tmx),
    "tmx/three-languages.tmx": (
        ("--source-lang", "en", "--target-lang", "de"),
        "tmx",
        validate_tmx,
    ),
    "tmx/inline-codes.tmx": ((), "tmx", validate_tmx),
}


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def without_targets(data: bytes, kind: str, target_lang: str = "") -> list[str]:
    """A document (:func:`tree_lines`) with its targets and states taken out: XLIFF
    ``<target>`` elements (and the whitespace after them), ``state``/``subState``/
    ``approved`` (and memoQ's ``mq:status``, Trados' ``sdl:seg`` ``conf``/``origin``,
    WorldServer's ``iws:status``), a ``trgLang`` that may be added, and the
    content of a TMX target ``<seg>``."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, strip_cdata=False))
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        for attr in ("state", "subState", "approved", "trgLang", "{MQXliff}status"):
            el.attrib.pop(attr, None)
        if _local(el) in ("seg", "status"):  # Trados sdl:seg, WorldServer iws:status
            for attr in TOOL_STATUS_ATTRS:
                el.attrib.pop(attr, None)
        if kind in ("xliff", "xliff2", "xliff-seg") and _local(el) == "target":
            parent = el.getparent()
            assert parent is not None
            if _local(parent) in ("trans-unit", "segment"):
                parent.remove(el)  # its tail goes with it
        if kind == "tmx" and _local(el) == "tuv":
            lang = el.get(f"{{{XML_NS}}}lang") or el.get("lang") or ""
            if lang.lower() == target_lang.lower():
                for seg in el:
                    seg.text = None
                    for child in list(seg):
                        seg.remove(child)
    return tree_lines(root)


def tree_lines(root: etree._Element) -> list[str]:
    """A document as comparable lines: every node in order with its depth, name,
    attributes (sorted), text and tail (canonical XML, but for relative namespace URIs
    such as memoQ's ``MQXliff``, which C14N refuses)."""
    lines: list[str] = []

    def walk(el: etree._Element, depth: int) -> None:
        if isinstance(el.tag, str):
            attrs = sorted((str(k), str(v)) for k, v in el.attrib.items())
            lines.append(f"{depth} <{el.tag} {attrs}> {el.text!r}")
        else:
            lines.append(f"{depth} {etree.tostring(el, with_tail=False)!r}")
        for child in el:
            walk(child, depth + 1)
        lines.append(f"{depth} tail {el.tail!r}")

    walk(root, 0)
    return lines


def canonical(data: bytes) -> list[str]:
    parser = etree.XMLParser(resolve_entities=False, strip_cdata=False)
    return tree_lines(etree.fromstring(data, parser))


@pytest.fixture(params=sorted(FIXTURES))
def imported(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path, Path]:
    name: str = request.param
    options, _, _ = FIXTURES[name]
    original = tmp_path / Path(name).name
    original.write_bytes((DATA / name).read_bytes())
    project = tmp_path / "p.wbproj"
    result = cli("import", original, "--project", project, *options)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"imported {original.name}")
    return name, original, project


def test_untouched_the_export_is_the_same_document(
    imported: tuple[str, Path, Path], tmp_path: Path
) -> None:
    _, original, project = imported
    out = tmp_path / "out"
    result = cli("export", project, "--to", "original", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert canonical(out.read_bytes()) == canonical(original.read_bytes())


def _edit(project: Path) -> dict[str, tuple[str, str]]:
    """Every target changed (keeping the segment's codes; the source's where the file had
    no target), every other segment confirmed: what each segment now holds, by id, as
    (display text, status)."""
    expected: dict[str, tuple[str, str]] = {}
    with open_existing(project, read_only=False) as session:
        for n, state in enumerate(list(session.segments)):
            base = state.target if state.target.strip() else (state.source or "")
            text = f"T{n} {base}"
            session.set_target(state.id, text)
            if n % 2 == 0:
                session.confirm(state.id)
            now = session.segment(state.id)
            expected[state.id] = (display(now.target, now.codes).text, now.status)
    return expected


def test_translated_the_export_differs_only_in_targets_and_states(
    imported: tuple[str, Path, Path], tmp_path: Path
) -> None:
    name, original, project = imported
    options, kind, _ = FIXTURES[name]
    expected = _edit(project)
    with open_existing(project) as session:
        target_lang = session.document.target_language
    out = tmp_path / Path(name).name.replace(".", ".translated.", 1)
    result = cli("export", project, "--to", "original", "-o", out)
    assert result.exit_code == 0, result.stderr
    exported = out.read_bytes()
    assert without_targets(exported, kind, target_lang) == without_targets(
        original.read_bytes(), kind, target_lang
    )
    if (DATA / name).read_bytes().startswith(b"\xff\xfe"):
        assert exported.startswith(b"\xff\xfe")  # UTF-16 stays UTF-16
    # Imported again: the same texts, inline codes in place, and the same statuses.
    again = read_document(out, language=target_lang, source_language=_source_option(options))
    assert len(again.segments) == len(expected)
    order = ["new", "draft", "confirmed"]
    by_paragraph: dict[int, list[str]] = {}
    for seg, (_, status) in zip(again.segments, expected.values(), strict=True):
        by_paragraph.setdefault(seg.paragraph, []).append(status)
    for seg, (sid, (text, status)) in zip(again.segments, expected.items(), strict=True):
        carried = seg.target if seg.target is not None else seg.text  # beside a separate MT
        assert display(carried, seg.codes).text == text, sid
        wanted = status
        if kind == "tmx":
            wanted = "confirmed"  # a unit in a TMX is a translation
        elif kind == "xliff":  # XLIFF 1.2 has one state per unit: its least advanced segment's
            wanted = min(by_paragraph[seg.paragraph], key=order.index)
        assert (seg.status or "new") == wanted, sid


def _source_option(options: tuple[str, ...]) -> str:
    return options[options.index("--source-lang") + 1] if "--source-lang" in options else ""


@requires_schemas
def test_the_export_still_validates_where_the_original_did(
    imported: tuple[str, Path, Path], tmp_path: Path
) -> None:
    name, original, project = imported
    _, _, validate = FIXTURES[name]
    assert validate is not None
    assert validate(original.read_bytes()) == []
    _edit(project)
    out = tmp_path / "out.xml"
    assert cli("export", project, "--to", "original", "-o", out).exit_code == 0
    assert validate(out.read_bytes()) == []


def test_untranslated_units_stay_untranslated(tmp_path: Path) -> None:
    """Xcode units without a target get none, and never the English source as target."""
    xliff = tmp_path / "fr.xliff"
    xliff.write_bytes((DATA / "xcode" / "fr.xliff").read_bytes())
    project = tmp_path / "x.wbproj"
    assert cli("import", xliff, "--project", project).exit_code == 0
    with open_existing(project, read_only=False) as session:
        first = session.segments[0]
        session.set_target(first.id, "Cours au comptant")
        session.confirm(first.id)
        untranslated = [s for s in session.segments if not s.mt]
        assert untranslated and all(s.target == "" for s in untranslated)
    out = tmp_path / "out.xliff"
    assert cli("export", project, "--to", "original", "-o", out).exit_code == 0
    root = etree.fromstring(out.read_bytes())
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    assert len(root.findall("x:file", ns)) == 5  # every <file>, the empty one too
    refresh = root.find(".//x:trans-unit[@id='Qm7-ab-P0c.normalTitle']", ns)
    assert refresh is not None and refresh.find("x:target", ns) is None
    spot = root.find(".//x:trans-unit[@id='3Fh-kq-2Ve.text']", ns)
    assert spot is not None
    target = spot.find("x:target", ns)
    assert target is not None and target.text == "Cours au comptant"
    assert target.get("state") == "translated"
    notes = [n.text for n in root.iter("{urn:oasis:names:tc:xliff:document:1.2}note")]
    assert 'Class = "UILabel"; text = "Spot price"; ObjectID = "3Fh-kq-2Ve";' in notes


def test_okapi_segments_go_back_into_their_unit(tmp_path: Path) -> None:
    """A unit with two ``<mrk mtype="seg">`` is two segments of one paragraph and both go
    back into the same unit, each into its ``mrk``."""
    okapi = tmp_path / "news.html.xlf"
    okapi.write_bytes((DATA / "okapi" / "chinalco-news.html.xlf").read_bytes())
    project = tmp_path / "o.wbproj"
    assert cli("import", okapi, "--project", project).exit_code == 0
    with open_existing(project, read_only=False) as session:
        tu2 = [s for s in session.document.segments if s.origin and s.origin.unit_id == "tu2"]
        assert [s.paragraph for s in tu2] == [tu2[0].paragraph] * 2
        one, two = (session.segment(s.id) for s in tu2)
        session.set_target(one.id, one.target.replace("orbital ships", "rail transit"))
        session.set_target(two.id, two.target.replace("thick plate", "heavy plate"))
    out = tmp_path / "out.xlf"
    assert cli("export", project, "--to", "original", "-o", out).exit_code == 0
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    unit = etree.fromstring(out.read_bytes()).find(".//x:trans-unit[@id='tu2']", ns)
    assert unit is not None
    mrks = unit.findall("x:target/x:mrk", ns)
    assert [m.get("mid") for m in mrks] == ["0", "1"]
    first = etree.tostring(mrks[0], encoding="unicode", with_tail=False)
    assert '<g id="1">Southwest Aluminium</g>' in first and "rail transit" in first
    assert "heavy plate" in "".join(mrks[1].itertext())
    assert unit.find("x:target", ns).get("state") == "needs-review-translation"


def test_three_languages_need_the_pair_and_say_what_is_left_out(tmp_path: Path) -> None:
    tmx = tmp_path / "m.tmx"
    tmx.write_bytes((DATA / "tmx" / "three-languages.tmx").read_bytes())
    refused = cli("import", tmx, "--project", tmp_path / "a.wbproj")
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [
        f"workbench: error: {tmx}: a TMX with 3 languages (en, de, fr); pass --source-lang "
        "and --target-lang to choose the pair"
    ]
    assert not (tmp_path / "a.wbproj").exists()
    ok = cli("import", tmx, "--project", tmp_path / "b.wbproj", "--source-lang", "en",
             "--target-lang", "fr")  # fmt: skip
    assert ok.exit_code == 0, ok.stderr
    assert "languages  en -> fr" in ok.stdout
    assert "left out de: 5 variant(s)" in ok.stdout
    assert "tu metals-0004: no fr variant, left out" in ok.stdout
