"""Glossary exchange: each format holds what it has a field for, and says what it left out.

Round trips (hypothesis): exporting then importing gives back exactly what the format can
hold, and every field that did not come back is named in the export's report. OmegaT's
glossaries come back row for row; TBX v2 loads in translate-toolkit and in a reader shaped
like OmegaT 3.6's; TBX exports pass the TBX core DTD and the TBX-Basic schemas.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.formats import omegat_like
from tests.schemas import SCHEMAS_DIR, requires_schemas, validate_tbx_basic, validate_tbx_v2
from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.model import Entry, EntryKind, Glossary
from workbench.core.glossary.schema import APPLY_MODES
from workbench.core.glossary.writer import glossary_yaml
from workbench.core.glossary.yaml_reader import glossary_from_text, load_glossary
from workbench.formats.glossary.exchange import Exported, Languages
from workbench.formats.glossary.tbx import POS_PICKLIST, tbx_pos
from workbench.formats.registry import read_glossary, write_glossary

REPO = Path(__file__).resolve().parents[2]
GLOSSARIES = REPO / "tests" / "data" / "glossaries"
SHIPPED = REPO / "glossaries" / "metals-news.yaml"
ASTRONOMY = SCHEMAS_DIR / "tbx-basic" / "DCA" / "Example_Astronomy_DCA_VALID.tbx"
EXT = {"tbx": ".tbx", "tbx2": ".tbx", "csv": ".csv", "omegat": ".txt"}


def data(e: Entry) -> tuple[object, ...]:
    """An entry's data (key, file and line aside)."""
    return (
        e.kind,
        e.patterns,
        e.correction,
        e.apply,
        e.case_sensitive,
        e.source,
        e.note,
        e.domain,
        e.pos,
    )


def held(e: Entry, fmt: str) -> Entry | None:
    """What of ``e`` the format holds, as it comes back (``None``: the entry is left out)."""
    if fmt in ("yaml", "csv"):
        return e
    plain = dataclasses.replace(e, apply="suggest", case_sensitive=False)
    if fmt in ("tbx", "tbx2"):  # deprecated terms come back as MT patterns of a fix
        return (
            dataclasses.replace(plain, kind="fix", correction=e.correction.strip())
            if e.patterns
            else plain
        )
    if e.source is None:
        return None  # OmegaT: no source term, no row
    return dataclasses.replace(plain, kind="term", patterns=(), domain=None, pos=None)


# Which report line names a field that did not come back.
NAMED_BY = {
    "apply": "apply: auto",
    "case_sensitive": "case_sensitive: true",
    "domain": "domain",
    "pos": "pos",
}


def round_trip(glossary: Glossary, fmt: str, folder: Path) -> tuple[Glossary, Exported]:
    exported = write_glossary(glossary, fmt)
    path = folder / f"g{EXT[fmt]}"
    path.write_bytes(exported.data)
    return read_glossary(path, glossary.id).glossary, exported


def assert_round_trip(glossary: Glossary, fmt: str, folder: Path) -> None:
    expected = [h for e in glossary.entries if (h := held(e, fmt)) is not None]
    if expected:
        back, exported = round_trip(glossary, fmt, folder)
        assert [data(e) for e in back.entries] == [data(e) for e in expected]
    else:  # nothing the format can hold: an empty file, which does not import
        exported = write_glossary(glossary, fmt)
    assert exported.entries == len(expected)

    def named(words: str, key: str) -> bool:
        return any(words in item.what and key in item.where for item in exported.left_out)

    for e in glossary.entries:
        h = held(e, fmt)
        if h is None:
            assert named("entries without a source term", e.key)
            continue
        for name, words in NAMED_BY.items():
            if getattr(e, name) != getattr(h, name):
                assert named(words, e.key), (name, exported.left_out)
        if e.kind != h.kind or e.patterns != h.patterns:
            assert named("MT patterns" if e.kind == "fix" else "forbidden variants", e.key)


@pytest.mark.parametrize("fmt", ["tbx", "tbx2", "csv", "omegat"])
def test_shipped_glossary_round_trips(tmp_path: Path, fmt: str) -> None:
    g = load_glossary(SHIPPED)
    assert_round_trip(g, fmt, tmp_path)


# Text as termbases hold it: NFC, no control characters; a leading space now and then.
TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12
).map(lambda t: unicodedata.normalize("NFC", t).strip())
AS_WRITTEN = (
    TEXT | TEXT.map(lambda t: " " + t) | st.sampled_from(["#话题", " #x", "'=1+1"])
).filter(lambda t: bool(t.strip()))
PATTERN = TEXT.filter(bool)


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    out = []
    used: set[str] = set()
    for i in range(draw(st.integers(1, 4))):
        kind: EntryKind = draw(st.sampled_from(["fix", "term"]))
        pats = draw(
            st.lists(
                PATTERN, min_size=1 if kind == "fix" else 0, max_size=2, unique_by=str.casefold
            )
        )
        if any(p.casefold() in used for p in pats):
            continue
        used.update(p.casefold() for p in pats)
        correction = f"fix{i} " + draw(TEXT)
        if kind == "term":
            correction = draw(st.sampled_from(["", " "])) + correction
        out.append(
            Entry(
                key=f"g:{i}",
                kind=kind,
                patterns=tuple(pats),
                correction=correction.rstrip() if kind == "fix" else correction,
                apply=draw(st.sampled_from(APPLY_MODES)),
                case_sensitive=draw(st.booleans()),
                source=draw(st.none() | AS_WRITTEN),
                note=draw(st.none() | AS_WRITTEN),
                domain=draw(st.none() | PATTERN),
                pos=draw(st.none() | st.sampled_from(["noun", "verb", "proper noun", "Noun"])),
            )
        )
    return out


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(entries(), st.sampled_from(["tbx", "tbx2", "csv", "omegat", "yaml"]))
def test_round_trip_keeps_what_the_format_holds(
    tmp_path: Path, items: list[Entry], fmt: str
) -> None:
    glossary = Glossary(
        id="g", title="T", source_language="zh", target_language="en", entries=tuple(items)
    )
    if fmt == "yaml":
        back = glossary_from_text(glossary_yaml(glossary), "g.yaml")
        assert [data(e) for e in back.entries] == [data(e) for e in glossary.entries]
    else:
        assert_round_trip(glossary, fmt, tmp_path)


# --- OmegaT -------------------------------------------------------------------------------
def omegat_rows(text: str) -> list[tuple[str, ...]]:
    """The data rows of an OmegaT glossary text, as OmegaT 3.6 splits them."""
    return [(r.source, r.target, r.comment) for r in omegat_like.read_tsv(text)]


def test_omegat_utf16_glossary_comes_back_row_for_row(tmp_path: Path) -> None:
    fixture = GLOSSARIES / "omegat-metals.txt"
    original = fixture.read_bytes()
    assert original.startswith(b"\xff\xfe")  # UTF-16LE with BOM, CRLF
    imported = read_glossary(fixture, "metals")
    g = imported.glossary
    assert [(e.source, e.correction, e.note) for e in g.entries][4:6] == [
        ("全铝家居", "all-aluminium furniture", "家居 = furnishings, not houses"),
        (" 国之重器", "pillar of the nation", "leading space left by a spreadsheet export"),
    ]
    assert [e.source for e in g.entries].count("船舶") == 2  # two senses, two entries
    # The comment lines are named; OmegaT's own coding header is not data, so not named.
    assert [str(x) for x in imported.left_out] == [
        "comment lines (2: line 2, line 9); a glossary has no place for them"
    ]
    exported = write_glossary(g, "omegat")
    assert exported.left_out == ()
    text = exported.data.decode("utf-8")
    assert text.startswith("# Glossary in tab-separated format -*- coding: utf-8 -*-\n")
    assert omegat_rows(text) == omegat_rows(original.decode("utf-16"))
    # ... and the YAML in between holds the same.
    again = glossary_from_text(glossary_yaml(g), "g.yaml")
    assert omegat_rows(write_glossary(again, "omegat").data.decode()) == omegat_rows(text)


CELL = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=10
).map(lambda t: unicodedata.normalize("NFC", t))
ROW = st.tuples(
    (CELL | CELL.map(lambda t: "#" + t)).filter(lambda t: bool(t.strip())),
    CELL.filter(lambda t: bool(t.strip())),
    st.just("") | CELL.filter(lambda t: bool(t.strip())),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ROW, min_size=1, max_size=6), st.sampled_from(["utf-8", "utf-16"]))
def test_any_omegat_glossary_comes_back_row_for_row(
    tmp_path: Path, rows: list[tuple[str, str, str]], encoding: str
) -> None:
    lines = [
        "\t".join([(" " + s if s.lstrip(" ").startswith("#") else s), t, *([c] if c else [])])
        for s, t, c in rows
    ]
    p = tmp_path / "g.txt"
    p.write_bytes(("\r\n".join(["# Glossary", *lines]) + "\r\n").encode(encoding))
    original = omegat_rows(p.read_bytes().decode(encoding))
    assert len(original) == len(rows)  # what OmegaT 3.6 reads from the file
    imported = read_glossary(p, "g")
    back = write_glossary(imported.glossary, "omegat")
    assert back.left_out == ()
    assert omegat_rows(back.data.decode("utf-8")) == original


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-8-sig", "utf-8"])
def test_omegat_encodings(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "g.txt"
    text = "# Glossary\r\n厚板\theavy plate\tnote\r\n"
    bom = "\ufeff" if encoding.startswith("utf-16") else ""
    p.write_bytes((bom + text).encode(encoding))
    (e,) = read_glossary(p).glossary.entries
    assert (e.source, e.correction, e.note) == ("厚板", "heavy plate", "note")


def test_omegat_hash_source_is_escaped_not_lost(tmp_path: Path) -> None:
    g = Glossary(
        id="g",
        entries=(
            Entry("g:1", "term", (), "topic", source="#话题", note="hashtag"),
            Entry("g:2", "term", (), "x", source=" #x"),
        ),
    )
    exported = write_glossary(g, "omegat")
    text = exported.data.decode()
    assert " #话题\ttopic\thashtag\n" in text and "\n  #x\tx\n" in text
    # OmegaT reads both as entries (newer OmegaT trims the escape space away) ...
    assert omegat_like.read_tsv(text, trim=True)[0] == omegat_like.GlossaryEntry(
        "#话题", "topic", "hashtag"
    )
    assert len(omegat_like.read_tsv(text)) == 2
    # ... and so do we, as written.
    p = tmp_path / "g.txt"
    p.write_bytes(exported.data)
    assert [e.source for e in read_glossary(p).glossary.entries] == ["#话题", " #x"]


def test_omegat_lines_omegat_skips_are_named(tmp_path: Path) -> None:
    p = tmp_path / "g.txt"
    p.write_text(
        "a\tb\tc\textra\n\nlonely\n\tno source\nsrc\t  \n# note to self\n", encoding="utf-8"
    )
    imported = read_glossary(p)
    assert [(e.source, e.correction, e.note) for e in imported.glossary.entries] == [
        ("a", "b", "c")
    ]
    report = [str(x) for x in imported.left_out]
    assert report == [
        "columns after the third (line 1); OmegaT ignores them too",
        "lines without source<TAB>target (2: line 3, line 4); OmegaT skips them too",
        "lines with an empty target (line 5); a term entry needs a term",
        "comment lines (line 6); a glossary has no place for them",
    ]


def test_omegat_export_never_smuggles_fields_into_the_comment() -> None:
    g = load_glossary(SHIPPED)
    exported = write_glossary(g, "omegat")
    text = exported.data.decode()
    assert "workbench" not in text.lower() and "{" not in text
    rows = omegat_rows(text)
    assert rows[0] == (
        "轨道交通、船舶",
        "rail transit and shipbuilding",
        'MT read 轨道交通 (rail transit) as "orbital" and 船舶 (shipbuilding) as "ships".',
    )
    report = "\n".join(map(str, exported.left_out))
    for named in ("MT patterns", "forbidden variants", "apply: auto", "case_sensitive: true"):
        assert named in report
    assert "entries without a source term (2: metals-news:aluminum processing" in report
    assert "the glossary's languages (zh→en)" in report


def test_omegat_entries_it_cannot_hold(tmp_path: Path) -> None:
    g = Glossary(
        id="g",
        entries=(
            Entry("g:a", "fix", ("a\tb",), "c", source="s"),
            Entry("g:t", "term", (), "tab\there", source="s"),
            Entry("g:n", "term", (), "ok", source="s2", note="two\nlines"),
        ),
    )
    exported = write_glossary(g, "omegat")
    assert omegat_rows(exported.data.decode()) == [("s", "c", ""), ("s2", "ok", "two lines")]
    report = "\n".join(map(str, exported.left_out))
    assert "entries with a tab or line break in a term (g:t)" in report
    assert "notes with line breaks (g:n); written on one line" in report


# --- CSV ----------------------------------------------------------------------------------
def test_csv_header_carries_the_languages(tmp_path: Path) -> None:
    g = load_glossary(SHIPPED)
    exported = write_glossary(g, "csv")
    assert exported.data.startswith(b"entry,kind,zh,en,mt,apply,case_sensitive,note,domain,pos\r\n")
    assert [str(x) for x in exported.left_out] == [
        "the glossary's title (Metals industry news, zh→en MT fixes); CSV has no place for it",
        "the glossary's domain (nonferrous metals); CSV has no place for it",
    ]
    back, _ = round_trip(g, "csv", tmp_path)
    assert (back.source_language, back.target_language) == ("zh", "en")
    bare = Glossary(id="g", entries=(Entry("g:1", "term", (), "x"),))
    assert write_glossary(bare, "csv").data.startswith(b"entry,kind,source,target,mt,")


def test_csv_languages_and_bad_headers(tmp_path: Path) -> None:
    p = tmp_path / "g.csv"
    p.write_text(
        "entry,kind,fr,de,mt,apply,case_sensitive,note,domain,pos\n1,term,bonjour,hallo,,suggest,false,,,\n"
    )
    g = read_glossary(p).glossary
    assert (g.source_language, g.target_language, g.entries[0].source) == ("fr", "de", "bonjour")
    with pytest.raises(InputError, match="languages are fr→de"):
        read_glossary(p, languages=Languages(source="en"))
    p.write_text("entry,kind,mt,correct,source,apply,case_sensitive,note,domain,pos\n")
    with pytest.raises(InputError, match="expected the header"):
        read_glossary(p)
    p.write_text("entry,kind,fr,a b,mt,apply,case_sensitive,note,domain,pos\n")
    with pytest.raises(InputError, match="'a b' is not a language code"):
        read_glossary(p)
    p.write_text(
        "entry,kind,fr,de,mt,apply,case_sensitive,note,domain,pos\n"
        "1,fix,s,x,a,suggest,false,,,\n1,fix,s,y,b,suggest,false,,,\n"
    )
    with pytest.raises(InputError, match=":3: entry 1 has another target than on line 2"):
        read_glossary(p)


FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-2 dB", "@SUM(A1)", "\tx", "'=already", "'plain"]


def test_csv_cells_never_run_as_formulas(tmp_path: Path) -> None:
    g = Glossary(
        id="g",
        source_language="en",
        target_language="fr",
        entries=tuple(
            Entry(f"g:{i}", "fix", (f"mt{i}",), f, source=f, note=f) for i, f in enumerate(FORMULAS)
        ),
    )
    exported = write_glossary(g, "csv")
    text = exported.data.decode()
    cells = [c for line in text.splitlines()[1:] for c in re.findall(r'"(?:[^"]|"")*"|[^,]+', line)]
    for cell in cells:
        value = cell[1:-1].replace('""', '"') if cell.startswith('"') else cell
        assert value[:1] not in ("=", "+", "-", "@", "\t")
    assert "'=HYPERLINK" in text and "''=already" in text and ",'plain," in text
    back, _ = round_trip(g, "csv", tmp_path)
    assert [e.correction for e in back.entries] == [f.strip() for f in FORMULAS]
    assert [e.note for e in back.entries] == FORMULAS


# --- TBX ----------------------------------------------------------------------------------
def test_part_of_speech_picklist() -> None:
    assert {
        p: tbx_pos(p)
        for p in ("noun", "Noun", "proper noun", "properNoun", "Verb", "adj", "Adverb", "pronoun")
    } == {
        "noun": "noun",
        "Noun": "noun",
        "proper noun": "noun",
        "properNoun": "noun",
        "Verb": "verb",
        "adj": "adjective",
        "Adverb": "adverb",
        "pronoun": "other",
    }
    assert tbx_pos("Not Selected") is None
    assert set(POS_PICKLIST) == {"adjective", "noun", "other", "verb", "adverb"}


FREE_POS = Glossary(
    id="ui",
    title="UI",
    source_language="en",
    target_language="fr",
    entries=(
        Entry("ui:1", "fix", ("nickname",), "pseudo", pos="noun", domain="software"),
        Entry("ui:2", "term", ("China Aluminium",), "Chinalco", pos="proper noun", source="x"),
        Entry("ui:3", "term", (), "se connecter", pos="Verb", source="sign in", note="UI verb"),
    ),
)


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_free_text_part_of_speech_maps_to_the_picklist(tmp_path: Path, fmt: str) -> None:
    exported = write_glossary(FREE_POS, fmt)
    root = etree.fromstring(exported.data)
    pos = [el.text for el in root.iter() if el.get("type") == "partOfSpeech"]
    notes = [el.text for el in root.iter() if etree.QName(el).localname == "note"]
    assert pos == ["noun", "noun", "verb"]
    assert "part of speech: proper noun" in notes and "part of speech: Verb" in notes
    back, _ = round_trip(FREE_POS, fmt, tmp_path)
    assert [e.pos for e in back.entries] == ["noun", "proper noun", "Verb"]
    assert [e.note for e in back.entries] == [None, None, "UI verb"]


@requires_schemas
@pytest.mark.parametrize("glossary", ["shipped", "free-pos", "microsoft", "v2-fixture"])
def test_tbx_exports_pass_the_schemas(tmp_path: Path, glossary: str) -> None:
    g = {
        "shipped": lambda: load_glossary(SHIPPED),
        "free-pos": lambda: FREE_POS,
        "microsoft": lambda: read_glossary(GLOSSARIES / "microsoft-style.tbx").glossary,
        "v2-fixture": lambda: read_glossary(GLOSSARIES / "tbx-basic-v2.tbx").glossary,
    }[glossary]()
    assert validate_tbx_basic(write_glossary(g, "tbx").data) == []
    v2 = write_glossary(g, "tbx2").data
    assert validate_tbx_v2(v2) == []
    assert validate_tbx_v2(v2, dialect="TBX-Basic") == []


def test_tbx_v2_loads_in_translate_toolkit() -> None:
    from translate.convert import tbx2po as tbx2po_module
    from translate.storage import tbx as tbx_module

    # translate-toolkit is untyped: its classes as Any
    tbxfile: Any = tbx_module.tbxfile
    tbx2po: Any = tbx2po_module.tbx2po
    g = load_glossary(SHIPPED)
    data = write_glossary(g, "tbx2").data
    with_source = [e for e in g.entries if e.source is not None]
    store = tbxfile.parsestring(data)  # languages found by the file alone
    units = [u for u in store.units if u.source in {e.source for e in with_source}]
    assert [(u.source, u.target) for u in units] == [(e.source, e.correction) for e in with_source]
    first = units[0]
    assert [t.text for t in first.get_target_terms()] == [
        "rail transit and shipbuilding",
        "orbital ships",
    ]
    assert [t.deprecated for t in first.get_target_terms()] == [False, True]
    assert first.getnotes() == g.entries[0].note
    # tbx2po, with the languages named as on its command line
    po = tbx2po().convertfile(tbxfile.parsestring(data, sourcelanguage="zh", targetlanguage="en"))
    pairs = {(u.source, u.target) for u in po.units if u.source}
    assert ("国之重器", "pillar of the nation") in pairs and ("厚板", "heavy plate") in pairs
    # TBX v3 is not what it reads (the reason tbx2 exists):
    with pytest.raises(AssertionError):
        tbxfile.parsestring(write_glossary(g, "tbx").data)


def test_tbx_v2_loads_in_an_omegat_shaped_reader() -> None:
    g = load_glossary(SHIPPED)
    entries = omegat_like.read_tbx(write_glossary(g, "tbx2").data, "zh-CN", "en-US")
    pairs = [(x.source, x.target) for x in entries]
    for e in g.entries:
        if e.source is not None:
            assert (e.source, e.correction) in pairs
    # OmegaT lists every target term, the deprecated ones too, with their status in the
    # comment; the note is the concept's.
    first = [x for x in entries if x.source == "轨道交通、船舶"]
    assert [x.target for x in first] == ["rail transit and shipbuilding", "orbital ships"]
    assert first[0].comment.startswith("MT read 轨道交通")
    assert "deprecatedTerm-admn-sts" in first[0].comment
    with pytest.raises(omegat_like.UnmarshalException, match="unexpected element"):
        omegat_like.read_tbx(write_glossary(g, "tbx").data, "zh", "en")


def test_tbx_import_keeps_definitions_contexts_and_notes_at_every_level() -> None:
    imported = read_glossary(GLOSSARIES / "tbx-basic-v2.tbx")
    g = imported.glossary
    assert (g.title, g.source_language, g.target_language) == (
        "Metals news termbase",
        "zh-CN",
        "en",
    )
    plate = g.entries[0]
    assert (
        plate.kind,
        plate.patterns,
        plate.correction,
        plate.source,
        plate.domain,
        plate.pos,
    ) == (
        "fix",
        ("thick plate",),
        "heavy plate",
        "厚板",
        "nonferrous metals",
        "noun",
    )
    assert plate.note is not None
    lines = plate.note.splitlines()
    assert lines == [
        "definition: Rolled aluminium plate thicker than 6 mm, used in aircraft, ships and rail "
        "vehicles. (source: Metals Desk style guide)",
        'Machine translation renders this concept as "thick plate".',
        "[zh-CN] Also written 中厚板 in trade statistics.",
        "[en] definition: Flat-rolled aluminium product of more than 6 mm in thickness.",
        "[厚板] context: 订单涵盖厚板、锻件和挤压型材。",
        "[heavy plate] context: The orders cover heavy plate, forgings and extruded profiles. "
        "(source: Chinalco news, post-edited)",
        "[heavy plate] Use in running text and headlines alike.",
        "[thick plate] Literal MT output; not used by the industry press.",
    ]
    assert g.entries[3].note == "admitted en term: extrusion"  # an admitted term is kept
    report = "\n".join(map(str, imported.left_out))
    for named in (
        "customerSubset (c1)",
        "transacGrp (c1)",
        "source (not grouped with a definition or context) (c1)",
        "crossReference (c2)",
        "externalCrossReference (c4)",
        "termType (2: c1, c4)",
        "back matter",
    ):
        assert named in report, named


def test_microsoft_tbx_languages_and_part_of_speech() -> None:
    imported = read_glossary(GLOSSARIES / "microsoft-style.tbx")
    g = imported.glossary
    assert (g.source_language, g.target_language) == ("en-US", "fr-fr")
    assert [(e.source, e.correction, e.pos) for e in g.entries][:3] == [
        ("price alert", "alerte de prix", "Noun"),
        ("sign in", "se connecter", "Verb"),
        ("Metals Desk", "Metals Desk", "proper noun"),
    ]
    report = "\n".join(map(str, imported.left_out))
    assert "grammaticalGender (5:" in report and "geographicalUsage (5:" in report
    asked = read_glossary(
        GLOSSARIES / "microsoft-style.tbx", languages=Languages(source="fr", target="en")
    ).glossary
    assert asked.entries[0].source == "alerte de prix"
    with pytest.raises(InputError, match="no terms in 'de'"):
        read_glossary(GLOSSARIES / "microsoft-style.tbx", languages=Languages(target="de"))


@requires_schemas
def test_ltac_sample_every_term_kept_or_named() -> None:
    """The LTAC TBX-Basic example: 113 terms in en, es and zu. Every en and es term is kept
    (as a source, correction, MT pattern or admitted term), but deprecated en (source)
    terms, which are named, as the zu ones are; every definition and context of en and es
    is in a note."""
    root = etree.parse(str(ASTRONOMY)).getroot()
    ns = "{urn:iso:std:iso:30042:ed-2}"
    lang_of = "{http://www.w3.org/XML/1998/namespace}lang"
    terms = [(t.text or "", t.getparent().getparent().get(lang_of)) for t in root.iter(f"{ns}term")]
    assert len(terms) == 113
    imported = read_glossary(ASTRONOMY)
    g = imported.glossary
    assert (g.source_language, g.target_language) == ("en", "es")
    kept = []
    for e in g.entries:
        kept += [e.source, e.correction, *e.patterns]
        kept += re.findall(r"^admitted es term: (.*)$", e.note or "", flags=re.M)
    named = "\n".join(
        place
        for x in imported.left_out
        if x.what.startswith(("deprecated en", "superseded en"))
        for place in x.where
    )
    for text, lang in terms:
        if lang in ("en", "es"):
            assert text in kept or f": {text}" in named, text
    zu = [str(x) for x in imported.left_out if x.what == "terms in zu"]
    assert len(zu) == 1 and zu[0].startswith("terms in zu (6: c")
    notes = "\n".join(dict.fromkeys(e.note or "" for e in g.entries))
    for kind in ("definition", "context"):
        found = [
            d
            for d in root.iter(f"{ns}descrip")
            if d.get("type") == kind
            and next((a.get(lang_of) for a in d.iterancestors(f"{ns}langSec")), "en") != "zu"
        ]
        assert found and notes.count(f"{kind}: ") == len(found), kind


def test_tbx_export_without_languages_is_refused_and_control_characters_left_out() -> None:
    with pytest.raises(OutputError, match="needs the glossary's languages"):
        write_glossary(Glossary(id="g", entries=(Entry("g:1", "term", (), "x"),)), "tbx2")
    g = Glossary(
        id="g",
        source_language="zh",
        target_language="en",
        entries=(Entry("g:1", "term", (), "ok"), Entry("g:2", "term", (), "bell\x07")),
    )
    exported = write_glossary(g, "tbx")
    assert exported.entries == 1
    assert "entries with control characters (g:2)" in str(exported.left_out[0])


def test_tbx_conflicting_deprecated_terms_are_named_not_fatal(tmp_path: Path) -> None:
    p = tmp_path / "c.tbx"
    concept = (
        '<termEntry id="{id}"><langSet xml:lang="en"><tig><term>{good}</term></tig>'
        '<tig><term>bad</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts'
        "</termNote></tig></langSet></termEntry>"
    )
    p.write_text(
        '<martif type="TBX" xml:lang="en"><martifHeader><fileDesc/></martifHeader><text><body>'
        + concept.format(id="a", good="good")
        + concept.format(id="b", good="fine")
        + "</body></text></martif>"
    )
    imported = read_glossary(p)
    assert [(e.kind, e.patterns, e.correction) for e in imported.glossary.entries] == [
        ("fix", ("bad",), "good"),
        ("term", (), "fine"),
    ]
    assert "deprecated terms another concept corrects otherwise (b: bad)" in str(
        imported.left_out[0]
    )


def test_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tbx"
    bad.write_text("<tbx><text>")
    with pytest.raises(InputError, match="not well-formed XML"):
        read_glossary(bad)
    bad.write_text("<xliff/>")
    with pytest.raises(InputError, match="not a TBX file"):
        read_glossary(bad)
    empty = tmp_path / "empty.txt"
    empty.write_text("# only a comment\n")
    assert read_glossary(empty).glossary.entries == ()  # as OmegaT reads it: empty
    empty.write_text("# a comment\nno tab on this line\n")
    with pytest.raises(InputError, match="no glossary lines"):
        read_glossary(empty)


def test_tbx_deprecated_source_terms_are_named_and_admitted_terms_are_entries(
    tmp_path: Path,
) -> None:
    """A deprecated source term is no source (named, never exported as preferred); an
    admitted target synonym is an entry of its own, which OmegaT's glossary offers."""
    tbx = tmp_path / "t.tbx"
    tbx.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="c1">
 <langSec xml:lang="en">
  <termSec><term>heavy plate</term>
   <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
  <termSec><term>thick plate</term>
   <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
 </langSec>
 <langSec xml:lang="de">
  <termSec><term>Grobblech</term>
   <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
  <termSec><term>Dickblech</term>
   <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
 </langSec>
</conceptEntry>
</body></text></tbx>
""",
        encoding="utf-8",
    )
    imported = read_glossary(tbx, languages=Languages(source="en", target="de"))
    entries = [(e.source, e.correction) for e in imported.glossary.entries]
    assert entries == [("heavy plate", "Grobblech"), ("heavy plate", "Dickblech")]
    report = "\n".join(map(str, imported.left_out))
    assert "deprecated en terms (c1: thick plate)" in report
    omegat = write_glossary(imported.glossary, "omegat").data.decode("utf-8")
    assert "heavy plate\tGrobblech" in omegat and "heavy plate\tDickblech" in omegat
    assert "thick plate" not in write_glossary(imported.glossary, "tbx2").data.decode("utf-8")
