"""The post-edit memory as TMX 1.4 (``workbench memory export --to tmx``).

One ``<tu>`` per unit, oldest first, of one language pair (the command chooses it:
:mod:`~workbench.formats.exports.memory_pair`). Inline codes, which the memory holds as
their tag tokens (``⟨1⟩…⟨/1⟩``, ``⟨ph:1⟩``), are written as TMX codes, never as text: a
pair of tokens is ``<bpt i>``/``<ept i>``, a lone closing token ``<it pos="end">``, any
other token ``<ph>``, each numbered the same on both sides of the unit. A unit that kept
its codes as the file had them (``MemoryUnit.codes``) gets them back: a TMX's
``<bpt>``/``<ept>``/``<ph>``/``<it>``/``<hi>`` with their native content as they were, another
format's codes converted as the project exports convert them.

The source side is the source when the unit has one, else the raw MT tagged with the
private-use language ``<target>-x-mt`` (as the project TMX export does), so any CAT tool
reads an MT -> final memory. What TMX has no element for travels as ``<prop type="x-…">``
(``x-mt``: the raw MT beside a source; ``x-origin``, ``x-project``, ``x-article``,
``x-segment``); who and when are the target ``<tuv>``'s ``creationid``/``creationdate``.
Project and article are named by their file name only (no local folders leave the
machine). Unknown languages are written ``und`` (BCP 47 "undetermined"). Built with lxml
and checked against the TMX 1.4 DTD in the tests.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from lxml import etree

from workbench.core.errors import TagError
from workbench.core.inline_codes import TOKEN_END, TOKEN_START, parse_display
from workbench.core.model.memory import MemoryUnit
from workbench.formats.bilingual import tmx
from workbench.formats.bilingual.inline_xml import UnitIds, indent_structure, write_inline
from workbench.formats.bilingual.tmx import new_tmx
from workbench.formats.xmlfile import xml_bytes

if TYPE_CHECKING:
    from workbench.formats.families import MemoryWriter

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tmx_date(ts: float) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(ts))


def _lang(tag: str) -> str:
    return tag or "und"


_TOKEN = re.compile(f"{TOKEN_START}(/?)([^{TOKEN_START}{TOKEN_END}\\n]{{1,26}}){TOKEN_END}")


def _paired(text: str) -> set[str]:
    """Labels whose opening token comes before their closing token in ``text``."""
    opened: set[str] = set()
    paired: set[str] = set()
    for m in _TOKEN.finditer(text):
        if m.group(1):
            if m.group(2) in opened:
                paired.add(m.group(2))
        else:
            opened.add(m.group(2))
    return paired


def _seg(parent: etree._Element, text: str, numbers: dict[str, int]) -> None:
    """``<seg>`` of ``text``, its tag tokens written as TMX codes (``numbers``: the unit's
    code numbers by label, shared by its two sides)."""
    seg = etree.SubElement(parent, "seg")
    paired = _paired(text)
    last: etree._Element | None = None
    pos = 0
    for m in _TOKEN.finditer(text):
        before = text[pos : m.start()]
        if last is None:
            seg.text = (seg.text or "") + before
        else:
            last.tail = (last.tail or "") + before
        close, label = bool(m.group(1)), m.group(2)
        n = str(numbers.setdefault(label, len(numbers) + 1))
        if label in paired:
            last = etree.SubElement(seg, "ept" if close else "bpt", i=n)
        elif close:
            last = etree.SubElement(seg, "it", pos="end", x=n)
        else:
            last = etree.SubElement(seg, "ph", x=n)
        pos = m.end()
    rest = text[pos:]
    if last is None:
        seg.text = (seg.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest


def _tuv(
    tu: etree._Element,
    lang: str,
    text: str,
    numbers: dict[str, int],
    who: str = "",
    when: float = 0.0,
) -> etree._Element:
    tuv = etree.SubElement(tu, "tuv")
    tuv.set(XML_LANG, lang)
    if who:
        tuv.set("creationid", who)
    if when:
        tuv.set("creationdate", _tmx_date(when))
    _seg(tuv, text, numbers)
    return tuv


def _native_codes(unit: MemoryUnit, tuvs: list[tuple[etree._Element, str]]) -> None:
    """Write each side's codes as the file had them, when the unit keeps them (``codes``):
    a TMX's ``<bpt>``/``<ept>``/``<ph>``… with their content as they were; another format's
    codes converted as the project exports convert them. A text whose tokens do not all
    name its codes keeps the codes written from the tokens."""
    if not unit.codes:
        return
    try:
        texts = [parse_display(text, unit.codes) for _, text in tuvs]
        segs: list[etree._Element] = []
        ids = UnitIds()  # one number per converted code on both sides
        for text in texts:
            seg = etree.Element("seg")
            write_inline(seg, text, unit.codes, dialect="tmx", ns=None,
                         same_format=unit.code_format == tmx.NAME, where=unit.segment_id or "unit",
                         ids=ids)  # fmt: skip
            segs.append(seg)
    except TagError:
        return
    for (tuv, _), seg in zip(tuvs, segs, strict=True):
        old = tuv.find("seg")
        assert old is not None
        tuv.replace(old, seg)


def _prop(tu: etree._Element, kind: str, value: str) -> None:
    if value:
        etree.SubElement(tu, "prop", type=kind).text = value


def file_name(path: str) -> str:
    """A project's or article's file name without the folders it sits in on this machine."""
    return PureWindowsPath(PurePosixPath(path).name).name if path else ""


def write_memory_tmx(units: Iterable[MemoryUnit]) -> bytes:
    """The units as a TMX 1.4 document."""
    units = list(units)
    sources = Counter(
        _lang(u.source_lang) if u.source else f"{_lang(u.target_lang)}-x-mt" for u in units
    )
    srclang = sources.most_common(1)[0][0] if len(sources) == 1 else "*all*"
    root, body = new_tmx(srclang, "workbench memory")
    for u in units:
        tu = etree.SubElement(body, "tu")
        if u.when:
            tu.set("creationdate", _tmx_date(u.when))
        if u.who:
            tu.set("creationid", u.who)
        if u.source and u.mt is not None:
            _prop(tu, "x-mt", u.mt)
        _prop(tu, "x-origin", u.origin)
        _prop(tu, "x-project", file_name(u.project))
        _prop(tu, "x-article", file_name(u.article))
        _prop(tu, "x-segment", u.segment_id)
        numbers: dict[str, int] = {}  # one number per code on both sides
        if u.source:
            first = (_tuv(tu, _lang(u.source_lang), u.source, numbers), u.source)
        else:
            mt = u.mt or ""
            first = (_tuv(tu, f"{_lang(u.target_lang)}-x-mt", mt, numbers), mt)
        last = (_tuv(tu, _lang(u.target_lang), u.target, numbers, u.who, u.when), u.target)
        _native_codes(u, [first, last])
    indent_structure(root, frozenset({"seg", "prop"}))  # never inside a segment's text
    return xml_bytes(root)


class MemoryTmx:
    def write_memory(self, units: Iterable[MemoryUnit]) -> bytes:
        return write_memory_tmx(units)


FORMAT: MemoryWriter = MemoryTmx()
