"""Inline codes between XML and placeholder text: random units with nested paired codes
read and written back give exactly the XML they came from (XLIFF 1.2, XLIFF 2.0, TMX), and
codes converted into another format make documents its schema accepts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.schemas import requires_schemas, validate_tmx, validate_xliff2, validate_xliff12
from workbench.core.errors import TagError
from workbench.core.inline_codes import display, nesting_error
from workbench.formats.bilingual.inline_xml import CodeTable, Dialect, UnitIds, write_inline

X12 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
TEXT = st.text(alphabet="ab ,.&<>\"'é漢\n", max_size=5)


def _q(ns: str | None, name: str) -> str:
    return f"{{{ns}}}{name}" if ns else name


@st.composite
def content(draw: st.DrawFn, dialect: Dialect) -> etree._Element:
    """A ``<source>``/``<seg>`` with text, nested paired codes and standalone codes of the
    dialect, ids unique as the formats want them."""
    ns = {"xliff12": X12, "xliff2": X2, "tmx": None}[dialect]
    root = etree.Element(
        _q(ns, "seg" if dialect == "tmx" else "source"), nsmap={None: ns} if ns else None
    )
    counter = iter(range(1, 1000))

    def fill(parent: etree._Element, depth: int) -> None:
        parent.text = draw(TEXT)
        for _ in range(draw(st.integers(0, 3))):
            n = str(next(counter))
            choice = draw(st.sampled_from(["pair", "standalone", "split"]))
            if choice == "pair" and depth < 3:
                name = {"xliff12": "g", "xliff2": "pc", "tmx": "hi"}[dialect]
                attrs = {"x": n, "type": "b"} if dialect == "tmx" else {"id": n}
                el = etree.SubElement(parent, _q(ns, name), attrs)
                fill(el, depth + 1)
            elif choice == "split":
                if dialect == "xliff2":
                    etree.SubElement(parent, _q(ns, "sc"), id=n)
                    parent[-1].tail = draw(TEXT)
                    etree.SubElement(parent, _q(ns, "ec"), startRef=n)
                else:
                    key = "i" if dialect == "tmx" else "id"
                    bpt = etree.SubElement(parent, _q(ns, "bpt"), {key: n})
                    bpt.text = "<b>"
                    bpt.tail = draw(TEXT)
                    ept = etree.SubElement(parent, _q(ns, "ept"), {key: n})
                    ept.text = "</b>"
            else:
                if dialect == "xliff12":
                    etree.SubElement(parent, _q(ns, "x"), id=n, **{"equiv-text": "{{ v }}"})
                elif dialect == "xliff2":
                    etree.SubElement(parent, _q(ns, "ph"), id=n, equiv="{v}")
                else:
                    ph = etree.SubElement(parent, "ph")
                    ph.text = f"%{n}$s"
            parent[-1].tail = draw(TEXT)

    fill(root, 0)
    return root


def tree(el: etree._Element) -> tuple[object, ...]:
    """An element as nested tuples (name, attributes, text, children, tail): equal trees
    compare equal whatever prefixes and namespace declarations serialisation would use."""
    return (
        el.tag,
        sorted(el.attrib.items()),
        el.text or "",
        [tree(c) for c in el],
        el.tail or "",
    )


def _roundtrip(source: etree._Element, dialect: Dialect) -> None:
    ns = etree.QName(source).namespace
    table = CodeTable(ns)
    text = table.read(source)
    assert nesting_error(text, table.codes) is None
    target = etree.Element(source.tag, nsmap=source.nsmap)
    write_inline(target, text, table.codes, dialect=dialect, ns=ns, same_format=True, where="s")
    assert tree(target) == tree(source)


@pytest.mark.parametrize("dialect", ["xliff12", "xliff2", "tmx"])
@given(data=st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_units_with_nested_codes_round_trip_exactly(
    dialect: Dialect, data: st.DataObject
) -> None:
    _roundtrip(data.draw(content(dialect)), dialect)


def test_the_same_code_in_source_and_target_is_one_placeholder() -> None:
    src = etree.fromstring(
        f'<source xmlns="{X12}">Hi <x id="I" equiv-text="{{{{ n }}}}"/>, <g id="1">go</g></source>'
    )
    tgt = etree.fromstring(
        f'<target xmlns="{X12}"><g id="1">Los</g>, <x id="I" equiv-text="{{{{ n }}}}"/></target>'
    )
    table = CodeTable(X12)
    a, b = table.read(src), table.read(tgt)
    assert len(table.codes) == 3
    assert display(a, table.codes).text == "Hi ⟨x:I⟩, ⟨1⟩go⟨/1⟩"
    assert display(b, table.codes).text == "⟨1⟩Los⟨/1⟩, ⟨x:I⟩"


def test_two_placeholders_that_differ_only_in_content_stay_apart() -> None:
    table = CodeTable(None)
    text = table.read(etree.fromstring("<seg>Sold <ph>%1$s</ph> to <ph>%2$s</ph>.</seg>"))
    assert display(text, table.codes).text == "Sold ⟨ph:%1$s⟩ to ⟨ph:%2$s⟩."


def test_memoq_pairs_by_rid_beside_pairs_by_id() -> None:
    table = CodeTable(X12)
    text = table.read(
        etree.fromstring(
            f'<source xmlns="{X12}"><bpt id="1">{{}}</bpt><bpt id="2" rid="1">&lt;a&gt;</bpt>'
            'x<ept id="1">{}</ept><ept id="3" rid="1">&lt;/a&gt;</ept></source>'
        )
    )
    pairs = [(c.kind, c.pair) for c in table.codes]
    assert pairs == [("open", "1"), ("open", "r1"), ("close", "1"), ("close", "r1")]
    assert display(text, table.codes).text == "⟨1⟩⟨r1⟩x⟨/1⟩⟨/r1⟩"


def test_a_pair_that_no_longer_nests_is_refused_with_the_segment_named() -> None:
    table = CodeTable(X12)
    text = table.read(etree.fromstring(f'<source xmlns="{X12}">a <g id="1">b</g> c</source>'))
    broken = text.replace(table.codes[0].char, "").replace(" c", f" c{table.codes[0].char}")
    with pytest.raises(TagError, match=r"p2s1: tag ⟨/1⟩ closes a pair that is not open"):
        write_inline(etree.Element(f"{{{X12}}}target"), broken, table.codes, dialect="xliff12",
                     ns=X12, same_format=True, where="p2s1")  # fmt: skip


# --- codes carried into another format ----------------------------------------------------------

XLIFF12_DOC = (
    f'<xliff xmlns="{X12}" version="1.2"><file original="a" source-language="en" '
    'target-language="de" datatype="plaintext"><body><trans-unit id="1">{}</trans-unit>'
    "</body></file></xliff>"
)
XLIFF2_DOC = (
    f'<xliff xmlns="{X2}" version="2.0" srcLang="en" trgLang="de"><file id="f"><unit id="u">'
    "{}</unit></file></xliff>"
)
TMX_DOC = (
    '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" '
    'o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body><tu>'
    '<tuv xml:lang="en">{}</tuv></tu></body></tmx>'
)


def _converted(source: etree._Element, dialect: Dialect, into: Dialect) -> bytes:
    table = CodeTable(etree.QName(source).namespace)
    text = table.read(source)
    ns = {"xliff12": X12, "xliff2": X2, "tmx": None}[into]
    holder = etree.Element(_q(ns, "seg" if into == "tmx" else "source"))
    ids = UnitIds()
    write_inline(
        holder, text, table.codes, dialect=into, ns=ns, same_format=False, where="s", ids=ids
    )
    inner = etree.tostring(holder, encoding="unicode").replace(f' xmlns="{ns}"', "")
    if into == "xliff12":
        return XLIFF12_DOC.format(inner).encode()
    if into == "xliff2":
        original = etree.Element("originalData")
        for key, value in ids.data.items():
            etree.SubElement(original, "data", id=key).text = value
        data = etree.tostring(original, encoding="unicode") if len(original) else ""
        return XLIFF2_DOC.format(f"{data}<segment>{inner}</segment>").encode()
    return TMX_DOC.format(inner).encode()


VALIDATE: dict[str, Callable[[bytes], list[str]]] = {
    "xliff12": validate_xliff12,
    "xliff2": validate_xliff2,
    "tmx": validate_tmx,
}


@requires_schemas
@pytest.mark.parametrize(
    ("dialect", "into"),
    [(a, b) for a in ("xliff12", "xliff2", "tmx") for b in ("xliff12", "xliff2", "tmx") if a != b],
)
@given(data=st.data())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_codes_converted_to_another_format_validate(
    dialect: Dialect, into: Dialect, data: st.DataObject
) -> None:
    source = data.draw(content(dialect))
    document = _converted(source, dialect, into)
    assert VALIDATE[into](document) == []


# --- whole files: random units go back into the original exactly ---------------------------


@st.composite
def xliff_file(draw: st.DrawFn) -> bytes:
    """An XLIFF 1.2 file of random units whose source and target hold nested codes."""
    root = etree.Element(f"{{{X12}}}xliff", version="1.2", nsmap={None: X12})
    file_el = etree.SubElement(
        root, f"{{{X12}}}file", original="f", datatype="plaintext", **{"source-language": "en"}
    )
    body = etree.SubElement(file_el, f"{{{X12}}}body")
    for n in range(draw(st.integers(1, 4))):
        tu = etree.SubElement(body, f"{{{X12}}}trans-unit", id=f"u{n}")
        source = draw(content("xliff12"))
        tu.append(source)
        if draw(st.booleans()):
            target = etree.fromstring(etree.tostring(source))
            target.tag = f"{{{X12}}}target"
            target.text = "T " + (target.text or "")
            tu.append(target)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


@given(xliff_file(), st.booleans())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_files_go_back_into_their_original(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, change: bool
) -> None:
    from workbench.core.model.project import SegmentState
    from workbench.formats.bilingual.xliff12 import read_xliff, write_original
    from workbench.formats.project_view import ProjectView

    path = tmp_path_factory.mktemp("f") / "f.xlf"
    path.write_bytes(data)
    doc = read_xliff(path)
    states = tuple(
        SegmentState(
            id=s.id,
            index=i,
            paragraph=s.paragraph,
            source=s.source,
            mt=s.text,
            pre=s.text,
            target=("X" + s.text) if change else s.text,
            status="new",
            codes=s.codes,
        )
        for i, s in enumerate(doc.segments)
    )
    out = etree.fromstring(write_original(ProjectView(doc, states)))
    original = etree.fromstring(data)
    if not change:
        assert tree(out) == tree(original)
        return
    for tu_out, tu_in in zip(
        out.iter(f"{{{X12}}}trans-unit"), original.iter(f"{{{X12}}}trans-unit"), strict=True
    ):
        tgt_in = tu_in.find(f"{{{X12}}}target")
        tgt_out = tu_out.find(f"{{{X12}}}target")
        assert tgt_out is not None
        # a unit without a target had nothing to post-edit: its target is what was typed
        expected = etree.Element(f"{{{X12}}}target", nsmap={None: X12})
        if tgt_in is not None:
            expected = etree.fromstring(etree.tostring(tgt_in))
        expected.text = "X" + (expected.text or "")
        tgt_out.attrib.pop("state", None)
        tgt_out.tail = expected.tail = None
        assert tree(tgt_out) == tree(expected)
