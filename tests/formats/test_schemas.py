"""The official schemas (``tests/data/schemas``, see ``tests/schemas.py``): first each
validator proves it works (a known-valid sample passes, a deliberately broken one fails,
nothing is fetched), then what ``workbench export`` and ``workbench glossary export`` write
today is validated. Exports that do not validate yet are ``xfail(strict=True)``: the suite
passes now and fails the day they are fixed, so the marker gets removed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests.schemas import (
    SCHEMA_FILES,
    SCHEMAS_DIR,
    LocalOnlyResolver,
    load,
    requires_schemas,
    schema_parser,
    validate_tbx_basic,
    validate_tbx_v2,
    validate_tmx,
    validate_xliff2,
    validate_xliff12,
    well_formed,
)

pytestmark = requires_schemas

DATA = Path(__file__).resolve().parents[1] / "data"
ASTRONOMY = SCHEMAS_DIR / "tbx-basic" / "DCA" / "Example_Astronomy_DCA_VALID.tbx"


def _codes(errors: list[str]) -> str:
    return "\n".join(errors)


# --- no network --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_every_schema_compiles_from_local_files_only(name: str) -> None:
    resolver = LocalOnlyResolver(SCHEMAS_DIR)
    load(name, resolver)
    assert resolver.attempts == []  # every import is a relative path to a local copy


def test_remote_xml_xsd_is_served_locally() -> None:
    # The TBX v3 core XSD imports xml.xsd from w3.org: the resolver serves the local copy.
    resolver = LocalOnlyResolver(SCHEMAS_DIR)
    doc = etree.parse(str(SCHEMAS_DIR / "tbx" / "TBX_core.xsd"), schema_parser(resolver))
    etree.XMLSchema(doc)
    assert resolver.attempts == ["http://www.w3.org/2001/xml.xsd"]


def test_any_other_remote_schema_is_refused() -> None:
    schema = (
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        b'<xs:import namespace="urn:x" schemaLocation="http://example.com/x.xsd"/>'
        b'<xs:element name="a"/></xs:schema>'
    )
    resolver = LocalOnlyResolver(SCHEMAS_DIR)
    with pytest.raises(etree.XMLSchemaParseError):
        etree.XMLSchema(etree.fromstring(schema, schema_parser(resolver)))
    assert resolver.attempts == ["http://example.com/x.xsd"]


def test_documents_never_load_their_doctype_or_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    doc = (
        f'<!DOCTYPE tmx SYSTEM "http://example.com/tmx14.dtd" '
        f'[<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
        'segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>'
        "<body><tu><tuv xml:lang='en'><seg>&s;</seg></tuv></tu></body></tmx>"
    ).encode()
    assert "do not read" not in _codes(validate_tmx(doc))


def test_not_well_formed_is_one_error() -> None:
    for validate in (validate_xliff12, validate_xliff2, validate_tmx, validate_tbx_basic):
        errors = validate(b"<xliff><file></xliff>")
        assert len(errors) == 1 and errors[0].startswith("not well-formed")


# --- XLIFF 1.2 ---------------------------------------------------------------------------

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="en" target-language="fr" datatype="plaintext">
    <body>
      <trans-unit id="1">
        <source>Sign in</source>
        <target state="translated">Se connecter</target>
        <alt-trans origin="machine-translation"><target>Connectez-vous</target></alt-trans>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_xliff12_valid_sample_passes() -> None:
    assert validate_xliff12(XLIFF12.encode()) == []
    assert validate_xliff12(XLIFF12.encode(), strict=False) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('state="translated"', 'state="done"', "state"),
        ("<source>Sign in</source>", "", "source"),
        (' source-language="en"', "", "source-language"),
        ('<trans-unit id="1">', '<trans-unit id="1" okp:x="1" xmlns:okp="urn:okp">', "wildcard"),
    ],
)
def test_xliff12_broken_samples_fail(old: str, new: str, expected: str) -> None:
    errors = validate_xliff12(XLIFF12.replace(old, new).encode())
    assert errors and expected in _codes(errors)


def test_xliff12_transitional_allows_tool_extensions_strict_does_not() -> None:
    doc = XLIFF12.replace('<trans-unit id="1">', '<trans-unit id="1" mq:s="x" xmlns:mq="MQXliff">')
    assert validate_xliff12(doc.encode(), strict=False) == []
    assert "strict wildcard" in _codes(validate_xliff12(doc.encode()))


# --- XLIFF 2.0 ---------------------------------------------------------------------------

XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de"
       xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0"
       xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0">
  <file id="f1">
    <unit id="u1">
      <mtc:matches>
        <mtc:match ref="#s1" type="mt" origin="mt-engine">
          <source>Click <pc id="1" dataRefStart="d1" dataRefEnd="d2">Save</pc>.</source>
          <target>Klicke auf <pc id="1" dataRefStart="d1" dataRefEnd="d2">Sichern</pc>.</target>
        </mtc:match>
      </mtc:matches>
      <mda:metadata>
        <mda:metaGroup category="workbench"><mda:meta type="hter">0.25</mda:meta></mda:metaGroup>
      </mda:metadata>
      <originalData>
        <data id="d1">&lt;b&gt;</data>
        <data id="d2">&lt;/b&gt;</data>
      </originalData>
      <segment id="s1" state="final">
        <source>Click <pc id="1" dataRefStart="d1" dataRefEnd="d2">Save</pc>.</source>
        <target>Klicken Sie <pc id="1" dataRefStart="d1" dataRefEnd="d2">Speichern</pc>.</target>
      </segment>
      <segment id="s2">
        <source><sc id="2" dataRef="d1"/>Now<ec startRef="2" dataRef="d2"/></source>
      </segment>
    </unit>
  </file>
</xliff>
"""


def test_xliff2_valid_sample_with_matches_and_metadata_passes() -> None:
    assert validate_xliff2(XLIFF2.encode()) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # core XSD
        ('<segment id="s1" state="final">', '<segment id="s1" xml:space="preserve">', "space"),
        ('state="final"', 'state="done"', "state"),
        # the modules are validated too, not skipped as foreign elements
        ('type="mt" origin', 'type="machine" origin', "type"),
        ('<mda:meta type="hter">', "<mda:meta>", "type"),
        ('<mtc:match ref="#s1"', "<mtc:match", "ref"),
        # rules no XSD states
        ('ref="#s1"', 'ref="#s9"', "points at nothing"),
        ('<segment id="s2">', '<segment id="s1">', "repeated"),
        ('startRef="2"', 'startRef="7"', "has no <sc>"),
        ('<sc id="2" dataRef="d1"/>', '<sc id="2" dataRef="d9"/>', "has no <data>"),
    ],
)
def test_xliff2_broken_samples_fail(old: str, new: str, expected: str) -> None:
    assert old in XLIFF2
    errors = validate_xliff2(XLIFF2.replace(old, new).encode())
    assert errors and expected in _codes(errors)


# --- TMX ---------------------------------------------------------------------------------

TMX14 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"
          adminlang="en" srclang="en" datatype="plaintext"/>
  <body>
    <tu>
      <tuv xml:lang="en">
        <seg>Click <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept></seg>
      </tuv>
      <tuv xml:lang="de">
        <seg>Auf <bpt i="1">&lt;b&gt;</bpt>Speichern<ept i="1">&lt;/b&gt;</ept></seg>
      </tuv>
    </tu>
  </body>
</tmx>
"""


def test_tmx_valid_samples_pass() -> None:
    assert validate_tmx(TMX14.encode()) == []
    tmx11 = TMX14.replace('version="1.4"', 'version="1.1"').replace("xml:lang", "lang")
    assert validate_tmx(tmx11.encode(), version="1.1") == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("xml:lang", "lang", "without xml:lang"),  # TMX 1.1's lang is not enough in 1.4
        ('version="1.4"', 'version="1.1"', "version"),
        ('<bpt i="1">', "<bpt>", "i"),
        ("<seg>Click", "<seg><b>x</b>Click", "b"),
    ],
)
def test_tmx_broken_samples_fail(old: str, new: str, expected: str) -> None:
    errors = validate_tmx(TMX14.replace(old, new, 1).encode())
    assert errors and expected in _codes(errors)


def test_tmx_unknown_version_is_an_error_not_a_pass() -> None:
    with pytest.raises(ValueError):
        validate_tmx(TMX14.encode(), version="2.0")


# --- TBX v3 TBX-Basic ----------------------------------------------------------------------


def test_tbx_basic_astronomy_example_passes() -> None:
    assert validate_tbx_basic(ASTRONOMY.read_bytes()) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # Schematron: dialect and picklists
        ('type="TBX-Basic"', 'type="TBX-Min"', "should be TBX-Basic"),
        (
            '<termNote type="partOfSpeech">noun</termNote>',
            '<termNote type="partOfSpeech">Noun</termNote>',
            "/partOfSpeech/",
        ),
        (
            '<descrip type="subjectField">General</descrip>',
            '<descrip type="domain">General</descrip>',
            "subjectField, context, definition",
        ),
        # RELAX NG: structure
        ("<term>open cluster</term>", "<term>open cluster</term><term>twice</term>", "rng"),
        ('<conceptEntry id="c1">', "<conceptEntry>", "rng"),
    ],
)
def test_tbx_basic_broken_samples_fail(old: str, new: str, expected: str) -> None:
    text = ASTRONOMY.read_text(encoding="utf-8")
    assert old in text
    errors = validate_tbx_basic(text.replace(old, new, 1).encode())
    assert errors and expected in _codes(errors)


# --- TBX v2 (martif) -----------------------------------------------------------------------


def test_tbx_v2_basic_sample_passes_core_dtd_and_data_categories() -> None:
    sample = (DATA / "glossaries" / "tbx-basic-v2.tbx").read_bytes()
    assert validate_tbx_v2(sample) == []
    assert validate_tbx_v2(sample, dialect="TBX-Basic") == []


@pytest.mark.parametrize(
    ("old", "new", "dialect", "expected"),
    [
        ('<langSet xml:lang="zh-CN">', "<langSet>", None, "xml:lang"),
        ("<term>厚板</term>", "<term>厚板</term><term>x</term>", None, "tig"),
        ('target="p1"', 'target="p9"', None, "p9"),
        (">noun</termNote>", ">Noun</termNote>", "TBX-Basic", "/partOfSpeech/"),
        ('type="subjectField">transport', 'type="domain">transport', "TBX-Basic", "definition"),
        ('type="TBX-Basic-V1"', 'type="TBX"', "TBX-Basic", "not TBX-Basic"),
    ],
)
def test_tbx_v2_broken_samples_fail(old: str, new: str, dialect: str | None, expected: str) -> None:
    text = (DATA / "glossaries" / "tbx-basic-v2.tbx").read_text(encoding="utf-8")
    assert old in text
    errors = validate_tbx_v2(text.replace(old, new, 1).encode(), dialect=dialect)
    assert errors and expected in _codes(errors)


def test_well_formed_helper() -> None:
    assert well_formed(XLIFF12.encode()) == []
    assert re.match("not well-formed", well_formed(b"<a>")[0])


# --- what the workbench exports today ----------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "samples" / "chinalco-demo.mt.txt"
# Three post-edits of the demo article, as a translator makes them elsewhere.
POST_EDITS = {
    "aviation, orbital ships and automobile": "aviation, rail transit, shipbuilding and automobile",
    "an important weapon of the country": "a pillar of the nation",
    "he said that the company": "He said that the company",
}
FREE_TEXT_POS_GLOSSARY = """\
glossary: ui
languages: {source: en, target: fr}
entries:
  - mt: nickname
    correct: pseudo
    pos: noun
    domain: software
    note: MT keeps the English word.
  - term: Chinalco
    forbidden: [China Aluminium]
    pos: proper noun
    note: Company name.
"""


def _cli(env: dict[str, str], *args: object) -> str:
    """Run ``python -m workbench ARGS`` (the installed command line) and return stdout."""
    proc = subprocess.run(
        [sys.executable, "-m", "workbench", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, f"workbench {' '.join(map(str, args))}: {proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Everything exported once, through the command line, from a project made with
    ``workbench record`` (``edit`` needs a terminal)."""
    tmp = tmp_path_factory.mktemp("exports")
    env = {**os.environ, "WORKBENCH_HOME": str(tmp / "home"), "XDG_CONFIG_HOME": str(tmp / "cfg")}
    article = tmp / ARTICLE.name
    shutil.copyfile(ARTICLE, article)
    text = article.read_text(encoding="utf-8")
    for old, new in POST_EDITS.items():
        assert old in text
        text = text.replace(old, new)
    post_edited = tmp / "chinalco-demo.pe.txt"
    post_edited.write_text(text, encoding="utf-8")
    project = tmp / "demo-project"
    assert "recorded 3 of" in _cli(
        env, "record", article, "--pe", post_edited, "--project", project, "--no-glossary"
    )
    for fmt in ("xliff", "xliff2", "tmx", "txt"):
        _cli(env, "export", project, "--to", fmt, "-o", tmp / f"demo.{fmt}")

    # TMX holds confirmed segments only and `record` leaves its edits in draft: the XLIFF
    # comes back from review with the three post-edits approved (state="translated") and
    # is recorded as a project of its own, whose TMX then has units.
    reviewed = (tmp / "demo.xliff").read_text(encoding="utf-8")
    assert reviewed.count('state="needs-review-translation"') == 3
    reviewed_xlf = tmp / "reviewed.xlf"
    reviewed_xlf.write_text(
        reviewed.replace('state="needs-review-translation"', 'state="translated"'),
        encoding="utf-8",
    )
    reviewed_project = tmp / "reviewed-project"
    _cli(
        env,
        "record",
        reviewed_xlf,
        "--pe",
        tmp / "demo.txt",
        "--project",
        reviewed_project,
        "--no-glossary",
    )
    _cli(env, "export", reviewed_project, "--to", "tmx", "-o", tmp / "reviewed.tmx")

    _cli(env, "glossary", "export", REPO / "glossaries", "--to", "tbx", "-o", tmp / "shipped.tbx")
    pos_dir = tmp / "pos-glossary"
    pos_dir.mkdir()
    (pos_dir / "ui.yaml").write_text(FREE_TEXT_POS_GLOSSARY, encoding="utf-8")
    _cli(env, "glossary", "export", pos_dir, "--to", "tbx", "-o", tmp / "free-text-pos.tbx")

    # A multilingual memory opened as an article, exported back to XLIFF 1.2.
    tmx = tmp / "three-languages.tmx"
    shutil.copyfile(DATA / "bilingual" / "tmx" / "three-languages.tmx", tmx)
    _cli(env, "import", tmx, "--project", tmp / "tmx-project", "--source-lang", "en",
         "--target-lang", "de")  # fmt: skip
    _cli(env, "export", tmp / "tmx-project", "--to", "xliff", "-o", tmp / "from-tmx.xliff")

    names = ["demo.xliff", "demo.xliff2", "demo.tmx", "reviewed.tmx", "shipped.tbx"]
    names += ["free-text-pos.tbx", "from-tmx.xliff"]
    return {name: (tmp / name).read_bytes() for name in names}


def test_xliff12_export_is_valid_strict(exports: dict[str, bytes]) -> None:
    assert b'origin="machine-translation"' in exports["demo.xliff"]
    assert validate_xliff12(exports["demo.xliff"]) == []


def test_tmx_exports_are_valid(exports: dict[str, bytes]) -> None:
    assert validate_tmx(exports["demo.tmx"]) == []  # no confirmed segment: an empty body
    assert len(etree.fromstring(exports["reviewed.tmx"]).findall("body/tu")) == 3
    assert validate_tmx(exports["reviewed.tmx"]) == []


def test_xliff2_export_is_valid(exports: dict[str, bytes]) -> None:
    assert b"<mtc:match " in exports["demo.xliff2"]  # the module is there and validated
    assert b"xml:space" not in exports["demo.xliff2"].split(b"<segment")[1].split(b">")[0]
    assert validate_xliff2(exports["demo.xliff2"]) == []


def test_tbx_export_of_the_shipped_glossaries_is_valid(exports: dict[str, bytes]) -> None:
    assert validate_tbx_basic(exports["shipped.tbx"]) == []


def test_tbx_export_with_free_text_part_of_speech_is_valid(exports: dict[str, bytes]) -> None:
    # `pos: proper noun` is written as the TBX-Basic picklist's noun, its wording as a note
    assert b'<termNote type="partOfSpeech">noun</termNote>' in exports["free-text-pos.tbx"]
    assert b"<note>part of speech: proper noun</note>" in exports["free-text-pos.tbx"]
    assert validate_tbx_basic(exports["free-text-pos.tbx"]) == []


def test_xliff12_export_of_a_multilingual_tmx_is_valid(exports: dict[str, bytes]) -> None:
    assert b'source-language="en" target-language="de"' in exports["from-tmx.xliff"]
    assert validate_xliff12(exports["from-tmx.xliff"]) == []
