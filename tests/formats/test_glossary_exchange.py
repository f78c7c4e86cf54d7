"""Exporting a glossary then importing it gives back an equal glossary (TBX, CSV, OmegaT)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.model import Entry, EntryKind, Glossary
from workbench.core.glossary.schema import APPLY_MODES
from workbench.core.glossary.writer import glossary_yaml
from workbench.core.glossary.yaml_reader import load_glossary
from workbench.formats.glossary_exchange import read_tbx
from workbench.formats.registry import read_glossary, write_glossary

REPO = Path(__file__).resolve().parents[2]


def same_entries(a: Sequence[Entry], b: Sequence[Entry]) -> bool:
    """Whether two entry lists hold the same data (keys, files and lines aside)."""

    def data(e: Entry) -> tuple[Any, ...]:
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

    return [data(e) for e in a] == [data(e) for e in b]


EXT = {"tbx": ".tbx", "csv": ".csv", "omegat": ".txt"}


def round_trip(glossary: Glossary, fmt: str, folder: Path) -> Glossary:
    path = folder / f"g{EXT[fmt]}"
    path.write_bytes(write_glossary(glossary, fmt))
    return read_glossary(path, glossary.id)


@pytest.mark.parametrize("fmt", ["tbx", "csv", "omegat"])
def test_shipped_glossary_round_trips(tmp_path: Path, fmt: str) -> None:
    g = load_glossary(REPO / "glossaries" / "metals-news.yaml")
    back = round_trip(g, fmt, tmp_path)
    assert same_entries(g.entries, back.entries)
    if fmt != "csv":  # CSV holds entries only; the header comes from the file name
        assert (back.title, back.source_language, back.target_language, back.domain) == (
            g.title,
            g.source_language,
            g.target_language,
            g.domain,
        )


TEXT = (
    st.text(
        alphabet=st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12
    )
    .map(lambda t: unicodedata.normalize("NFC", t))
    .filter(lambda t: t.strip() == t and t)
)  # loaded text is NFC


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    out = []
    used: set[str] = set()
    for i in range(draw(st.integers(1, 4))):
        kind: EntryKind = draw(st.sampled_from(["fix", "term"]))
        pats = draw(
            st.lists(TEXT, min_size=1 if kind == "fix" else 0, max_size=2, unique_by=str.casefold)
        )
        if any(p.casefold() in used for p in pats):
            continue
        used.update(p.casefold() for p in pats)
        out.append(
            Entry(
                key=f"g:{i}",
                kind=kind,
                patterns=tuple(pats),
                correction=f"fix{i} " + draw(TEXT),
                apply=draw(st.sampled_from(APPLY_MODES)),
                case_sensitive=draw(st.booleans()),
                source=draw(st.none() | TEXT),
                note=draw(st.none() | TEXT),
                domain=draw(st.none() | TEXT),
                pos=draw(st.none() | st.sampled_from(["noun", "verb"])),
            )
        )
    return out


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(entries(), st.sampled_from(["tbx", "csv", "omegat", "yaml"]))
def test_round_trip_property(tmp_path: Path, items: list[Entry], fmt: str) -> None:
    glossary = Glossary(
        id="g", title="T", source_language="zh", target_language="en", entries=tuple(items)
    )
    if fmt == "yaml":
        p = tmp_path / "g.yaml"
        p.write_text(glossary_yaml(glossary), encoding="utf-8")
        back = load_glossary(p)
    else:
        back = round_trip(glossary, fmt, tmp_path)
    assert same_entries(glossary.entries, back.entries)


def test_tbx_v2_martif_imports(tmp_path: Path) -> None:
    p = tmp_path / "old.tbx"
    p.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p>'
        "</sourceDesc></fileDesc></martifHeader><text><body>"
        '<termEntry id="t1"><descrip type="subjectField">metals</descrip>'
        '<langSet xml:lang="zh"><tig><term>轨道交通</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>rail transit</term>'
        '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>'
        '<termNote type="partOfSpeech">noun</termNote></tig>'
        "<tig><term>orbital</term>"
        '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>'
        "</langSet></termEntry></body></text></martif>\n",
        encoding="utf-8",
    )
    (e,) = read_tbx(p, "old").entries
    assert (e.kind, e.patterns, e.correction, e.source, e.domain, e.pos) == (
        "fix",
        ("orbital",),
        "rail transit",
        "轨道交通",
        "metals",
        "noun",
    )


def test_omegat_senses_and_bad_files(tmp_path: Path) -> None:
    p = tmp_path / "omegat.txt"
    p.write_text(
        "# OmegaT glossary\n银行\tbank\tfinance\n银行\tbank branch\tbuilding\n", encoding="utf-8"
    )
    g = read_glossary(p)
    assert [(e.source, e.correction, e.note) for e in g.entries] == [
        ("银行", "bank", "finance"),
        ("银行", "bank branch", "building"),
    ]
    bad = tmp_path / "bad.tbx"
    bad.write_text("<tbx><text>")
    with pytest.raises(InputError, match="not well-formed XML"):
        read_glossary(bad)
    tabbed = Glossary(id="g", entries=(Entry("g:a", "fix", ("a\tb",), "c"),))
    with pytest.raises(OutputError, match="tabs or line breaks"):
        write_glossary(tabbed, "omegat")
