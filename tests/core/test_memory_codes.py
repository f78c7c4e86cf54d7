"""The memory keeps each unit's inline codes as the file had them (schema 2, ``codes``), so
TMX -> memory -> TMX writes every ``<bpt>``/``<ept>``/``<ph>``/``<it>``/``<hi>`` back with its
own content and attributes (a hypothesis round trip over generated TMX files, and the
TMX 1.4b-shaped fixture); codes of another format are converted, and a memory of schema 1
still opens."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.schemas import validate_tmx
from workbench.cli import main
from workbench.core.memory import Memory, MemoryUnit, segment_key, units_from_document
from workbench.core.memory.intake import skip_reason
from workbench.core.storage.memory_store import MEMORY_SCHEMA_VERSION
from workbench.formats.exports.memory_tmx import write_memory_tmx
from workbench.formats.registry import read_document, units_in_order

DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _segs(data: bytes) -> list[tuple[str, str]]:
    """Each unit's two ``<seg>``s as canonical XML (C14N: attribute order, quoting and
    character references do not count)."""
    root = etree.fromstring(data)
    out = []
    for tu in root.iter("tu"):
        segs = [etree.tostring(s, method="c14n").decode() for s in tu.iter("seg")]
        out.append((segs[0], segs[1]))
    return out


def _through_memory(tmx: Path, memory_file: Path) -> bytes:
    document = read_document(tmx)
    with Memory.open(memory_file) as memory:
        memory.add_units(
            units_from_document(document, tmx, ordered=units_in_order(document.format))
        )
        return write_memory_tmx(stored.unit for stored in memory.units())


def test_the_tmx_kit_shapes_come_back_as_they_were(tmp_path: Path) -> None:
    tmx = DATA / "tmx" / "inline-codes.tmx"
    out = _through_memory(tmx, tmp_path / "m.wbmem")
    assert validate_tmx(out) == []
    assert _segs(out) == _segs(tmx.read_bytes())
    again = tmp_path / "again.tmx"
    again.write_bytes(out)
    assert _segs(_through_memory(again, tmp_path / "m2.wbmem")) == _segs(out)


# --- generated TMX files ----------------------------------------------------------------------

_WORDS = st.text(alphabet="abcdefgh &<>\"'äß€", min_size=1, max_size=8).map(lambda w: "w" + w)
_NATIVE = st.text(alphabet='<>/="abcdi ', min_size=0, max_size=10)  # the codes' own markup
_TYPE = st.sampled_from(["", "bold", "italic", "link", "x-sdl"])


@st.composite
def _seg_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A source and a target ``<seg>`` with the same codes: text, ``<bpt>``/``<ept>``
    pairs (nested or in turn), ``<ph>`` and a lone ``<it>``, with native content and
    attributes; the target has the codes in another order where they do not nest."""
    n_pairs = draw(st.integers(0, 2))
    n_ph = draw(st.integers(0, 2))
    lone_it = draw(st.booleans())
    pairs = []
    for i in range(1, n_pairs + 1):
        kind = draw(_TYPE)
        kind_attr = f" type={quoteattr(kind)}" if kind else ""
        open_ = f'<bpt i="{i}" x="{i}"{kind_attr}>{escape(draw(_NATIVE))}</bpt>'
        close = f'<ept i="{i}">{escape(draw(_NATIVE))}</ept>'
        pairs.append((open_, close))
    phs = [f'<ph x="{10 + k}">{escape(draw(_NATIVE))}</ph>' for k in range(n_ph)]
    it = f'<it pos="begin" x="20">{escape(draw(_NATIVE))}</it>' if lone_it else ""

    def side(words: list[str], swap: bool) -> str:
        inner = escape(words[0])
        for open_, close in pairs:  # nested: the first pair outermost
            inner = f"{open_}{inner}{close}"
        placeholders = list(reversed(phs)) if swap else phs
        pieces = zip(words[1:], placeholders, strict=True)
        parts = [it, inner, *(f"{escape(w)}{p}" for w, p in pieces)]
        return "".join(parts) + escape(words[-1])

    source_words = draw(st.lists(_WORDS, min_size=n_ph + 1, max_size=n_ph + 1))
    target_words = draw(st.lists(_WORDS, min_size=n_ph + 1, max_size=n_ph + 1))
    return side(source_words, False), side(target_words, draw(st.booleans()))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_seg_pair(), min_size=1, max_size=4))
def test_tmx_memory_tmx_keeps_every_code_as_it_was(units: list[tuple[str, str]]) -> None:
    body = "".join(
        f'<tu tuid="{n}"><tuv xml:lang="en-US"><seg>unit {n} {src}</seg></tuv>'
        f'<tuv xml:lang="de-DE"><seg>Einheit {n} {tgt}</seg></tuv></tu>'
        for n, (src, tgt) in enumerate(units)
    )
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en-US" '
        f'datatype="html"/><body>{body}</body></tmx>'
    ).encode()
    with tempfile.TemporaryDirectory() as folder:
        tmx = Path(folder) / "in.tmx"
        tmx.write_bytes(data)
        document = read_document(tmx)
        kept = {s.id for s in document.segments if skip_reason(s) is None}
        out = _through_memory(tmx, Path(folder) / "m.wbmem")
    assert validate_tmx(out) == []
    written = _segs(data)
    expected = [written[int(s.id[1:].split("s")[0]) - 1] for s in document.segments
                if s.id in kept]  # fmt: skip
    assert _segs(out) == expected  # what the memory does not take aside (no words, copies)


# --- other formats, older memories, the command --------------------------------------------


def test_codes_of_an_xliff_are_converted_for_tmx(tmp_path: Path) -> None:
    xlf = tmp_path / "codes.xlf"
    xlf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a" source-language="en" target-language="de" datatype="html"><body>'
        '<trans-unit id="1"><source>Click <g id="1">Save</g> now.<x id="2"/></source>'
        '<target state="translated">Klicken Sie <g id="1">Speichern</g>.<x id="2"/></target>'
        "</trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    out = _through_memory(xlf, tmp_path / "m.wbmem")
    assert validate_tmx(out) == []
    seg = etree.fromstring(out).findall(".//seg")[1]
    assert [c.tag for c in seg] == ["bpt", "ept", "ph"]
    assert "".join(seg.itertext()).count("Speichern") == 1
    assert "⟨" not in out.decode()


def test_a_schema_1_memory_reads_and_is_upgraded_when_written(tmp_path: Path) -> None:
    path = tmp_path / "old.wbmem"
    with Memory.open(path) as memory:
        memory.add_units([(MemoryUnit("Tin.", None, "Zinn."), segment_key("p", "s1"), None)])
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE units DROP COLUMN codes")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    with Memory.open(path, read_only=True) as old:
        (unit,) = [s.unit for s in old.units()]
        assert (unit.target, unit.codes) == ("Zinn.", ())
    result = CliRunner().invoke(
        main, ["memory", "import", str(DATA / "tmx" / "inline-codes.tmx"), "--memory", str(path)]
    )
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == MEMORY_SCHEMA_VERSION
    conn.close()
    with Memory.open(path, read_only=True) as memory:
        coded = [s.unit for s in memory.units() if s.unit.codes]
    assert coded and {u.code_format for u in coded} == {"tmx"}
