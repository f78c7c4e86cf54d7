"""The files under ``tests/data/bilingual`` and ``tests/data/glossaries`` (their README.md
says which tool writes each shape and where it was seen): every one is well-formed, in the
encoding its tool writes, small, and valid against its schema wherever the tool's own
output is. Where a tool's real output is *not* valid, the test pins the one reason, so a
fixture cannot drift into being invalid for some other reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.schemas import VALIDATORS, parse, requires_schemas, well_formed

DATA = Path(__file__).resolve().parents[1] / "data"
XML_SUFFIXES = {".xlf", ".xliff", ".mqxliff", ".sdlxliff", ".tmx", ".tbx"}

# Every XML fixture and the validator its tool's output passes (see tests/schemas.py).
SCHEMA: dict[str, str | None] = {
    "bilingual/angular/messages.xlf": "xliff12",
    "bilingual/angular/messages.fr.xlf": "xliff12",
    # Xcode writes <tool build-num="...">; XLIFF 1.2 only has build-num on <file>, so no
    # Xcode export passes the strict XSD it names in xsi:schemaLocation.
    "bilingual/xcode/fr.xliff": "xliff12-transitional",
    # okp:inputEncoding and its:version: the strict XSD's wildcards demand a schema for
    # foreign attributes, the transitional ones skip them.
    "bilingual/okapi/chinalco-news.html.xlf": "xliff12-transitional",
    # mq: attributes and elements everywhere; memoQ itself names the transitional XSD.
    "bilingual/memoq/chinalco-news_eng-GB.mqxliff": "xliff12-transitional",
    "bilingual/symfony/messages.fr.xlf": "xliff12",
    # sdl: elements and attributes everywhere (header, seg-defs, comment mrks).
    "bilingual/trados/news.docx.sdlxliff": "xliff12-transitional",
    # MadCap:segmentStatus/matchPercent on every target mrk.
    "bilingual/madcap/online-help.htm.xlf": "xliff12-transitional",
    # <ph x="…"> and iws:segment-metadata.
    "bilingual/worldserver/metals_de_DE.xlf": "xliff12-transitional",
    "bilingual/symfony/messages+intl-icu.fr.xlf": "xliff2",
    "bilingual/xliff2/metals-news.de-DE.xlf": "xliff2",
    "bilingual/omegat/project_save.tmx": "tmx11",
    "bilingual/trados/tw4win-en-de.tmx": "tmx14",
    "bilingual/tmx/three-languages.tmx": "tmx14",
    "bilingual/tmx/inline-codes.tmx": "tmx14",
    "glossaries/tbx-basic-v2.tbx": "tbx-v2-basic",
    # Microsoft's layout is valid against no TBX schema (see KNOWN_FAILURES).
    "glossaries/microsoft-style.tbx": None,
}

# (fixture, validator, the only kind of error the tool's real output gives)
STRICT_WILDCARD = (
    "No matching global (attribute|element) declaration available, "
    "but demanded by the strict wildcard"
)
KNOWN_FAILURES = [
    ("bilingual/xcode/fr.xliff", "xliff12", r"attribute 'build-num' is not allowed"),
    (
        "bilingual/okapi/chinalco-news.html.xlf",
        "xliff12",
        r"\{(http://www\.w3\.org/2005/11/its|okapi-framework:xliff-extensions)\}\w+'?: "
        + STRICT_WILDCARD,
    ),
    ("bilingual/memoq/chinalco-news_eng-GB.mqxliff", "xliff12", r"\{MQXliff\}.*" + STRICT_WILDCARD),
    (
        "bilingual/trados/news.docx.sdlxliff",
        "xliff12",
        r"\{http://sdl\.com/FileTypes/SdlXliff/1\.0\}[\w-]+'?: " + STRICT_WILDCARD,
    ),
    (
        "bilingual/madcap/online-help.htm.xlf",
        "xliff12",
        r"\{http://www\.madcapsoftware\.com/Schemas/MadCap\.xsd\}\w+'?: " + STRICT_WILDCARD,
    ),
    (
        "bilingual/worldserver/metals_de_DE.xlf",
        "xliff12",
        r"attribute 'x': The attribute 'x' is not allowed|"
        r"\{http://www\.idiominc\.com/ws/asset\}[\w-]+'?: " + STRICT_WILDCARD,
    ),
    # OmegaT's project memory is TMX 1.1 (lang, version="1.1"), not TMX 1.4.
    ("bilingual/omegat/project_save.tmx", "tmx14", r"version|without xml:lang"),
    (
        "glossaries/microsoft-style.tbx",
        "tbx-v2",
        r"Syntax of value for attribute id of (termEntry|term) is not valid",
    ),
    (
        "glossaries/microsoft-style.tbx",
        "tbx-v2-basic",
        r"attribute id of|/partOfSpeech/|/grammaticalGender/|Permitted type value|not TBX-Basic",
    ),
]

# What counts as one unit, to keep every fixture small (5-30 units).
UNIT_TAGS = {
    "{urn:oasis:names:tc:xliff:document:1.2}trans-unit",
    "{urn:oasis:names:tc:xliff:document:2.0}unit",
    "tu",
    "termEntry",
}


def _rel(path: Path) -> str:
    return path.relative_to(DATA).as_posix()


def _fixtures() -> list[Path]:
    roots = (DATA / "bilingual", DATA / "glossaries")
    return sorted(p for r in roots for p in r.rglob("*") if p.is_file() and p.name != "README.md")


XML_FIXTURES = [p for p in _fixtures() if p.suffix in XML_SUFFIXES]


def test_every_xml_fixture_has_a_schema_decision() -> None:
    assert sorted(_rel(p) for p in XML_FIXTURES) == sorted(SCHEMA)


@pytest.mark.parametrize("path", XML_FIXTURES, ids=_rel)
def test_well_formed(path: Path) -> None:
    assert well_formed(path.read_bytes()) == []


@pytest.mark.parametrize("path", XML_FIXTURES, ids=_rel)
def test_encoding_is_the_declared_one(path: Path) -> None:
    data = path.read_bytes()
    if data.startswith(b"\xff\xfe"):  # UTF-16LE with BOM (Trados)
        head = data[2:].decode("utf-16-le")
        assert re.match(r'<\?xml version="1\.0" encoding="UTF-16"', head)
    else:
        head = data.decode("utf-8")  # strict: a UTF-8 fixture has no stray bytes, no BOM
        assert not head.startswith("\ufeff")
        declared = re.match(r"<\?xml[^>]*encoding=[\"']([\w-]+)", head)
        assert declared and declared.group(1).lower() == "utf-8"


@pytest.mark.parametrize("path", XML_FIXTURES, ids=_rel)
def test_small(path: Path) -> None:
    units = sum(1 for el in parse(path.read_bytes()).iter() if el.tag in UNIT_TAGS)
    assert 5 <= units <= 30


@requires_schemas
@pytest.mark.parametrize("path", [p for p in XML_FIXTURES if SCHEMA.get(_rel(p))], ids=_rel)
def test_valid_where_the_tool_output_is(path: Path) -> None:
    name = SCHEMA[_rel(path)]
    assert name is not None
    assert VALIDATORS[name](path.read_bytes()) == []


@requires_schemas
@pytest.mark.parametrize(
    ("rel", "validator", "reason"), KNOWN_FAILURES, ids=[f"{f}-{v}" for f, v, _ in KNOWN_FAILURES]
)
def test_invalid_only_for_the_tools_known_reason(rel: str, validator: str, reason: str) -> None:
    errors = VALIDATORS[validator]((DATA / rel).read_bytes())
    assert errors
    assert [e for e in errors if not re.search(reason, e)] == []


# --- the OmegaT glossary (not XML) -----------------------------------------------------

OMEGAT_GLOSSARY = DATA / "glossaries" / "omegat-metals.txt"


def _omegat_rows() -> tuple[list[str], list[list[str]]]:
    text = OMEGAT_GLOSSARY.read_bytes()[2:].decode("utf-16-le")
    lines = text.split("\r\n")
    comments = [line for line in lines if line.startswith("#")]
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return comments, rows


def test_omegat_glossary_is_utf16le_with_bom_and_crlf() -> None:
    data = OMEGAT_GLOSSARY.read_bytes()
    assert data.startswith(b"\xff\xfe")
    text = data[2:].decode("utf-16-le")
    assert "\n" not in text.replace("\r\n", "")
    # The header OmegaT wrote before the file was re-saved still claims UTF-8.
    assert text.startswith("# Glossary in tab-separated format -*- coding: utf-8 -*-\r\n")


def test_omegat_glossary_rows() -> None:
    comments, rows = _omegat_rows()
    assert len(comments) >= 3  # including one between entries
    assert all(len(row) in (2, 3) and row[0] and row[1] for row in rows)
    assert 5 <= len(rows) <= 30
    sources = [row[0] for row in rows]
    assert {s for s in sources if sources.count(s) > 1} == {"船舶", "主城区"}  # senses
    assert [s for s in sources if s != s.strip()] == [" 国之重器"]
