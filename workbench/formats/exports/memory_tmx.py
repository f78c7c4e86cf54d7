"""The post-edit memory as TMX 1.4 (``workbench memory export --to tmx``).

One ``<tu>`` per unit, oldest first. The source side is the source when the unit has one,
else the raw MT tagged with the private-use language ``<target>-x-mt`` (as the project TMX
export does), so any CAT tool reads an MT -> final memory. What TMX has no element for
travels as ``<prop type="x-…">`` (``x-mt``: the raw MT beside a source; ``x-origin``,
``x-project``, ``x-article``, ``x-segment``); who and when are the target ``<tuv>``'s
``creationid``/``creationdate``. Unknown languages are written ``und`` (BCP 47
"undetermined"). Built with lxml (per-unit languages and properties, which
translate-toolkit's ``tmxfile`` does not offer) and checked against the TMX 1.4 DTD in the
tests.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

from lxml import etree

from workbench.core.model.memory import MemoryUnit
from workbench.formats.bilingual.tmx import new_tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tmx_date(ts: float) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(ts))


def _lang(tag: str) -> str:
    return tag or "und"


def _tuv(tu: etree._Element, lang: str, text: str, who: str = "", when: float = 0.0) -> None:
    tuv = etree.SubElement(tu, "tuv")
    tuv.set(XML_LANG, lang)
    if who:
        tuv.set("creationid", who)
    if when:
        tuv.set("creationdate", _tmx_date(when))
    etree.SubElement(tuv, "seg").text = text


def _prop(tu: etree._Element, kind: str, value: str) -> None:
    if value:
        etree.SubElement(tu, "prop", type=kind).text = value


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
        _prop(tu, "x-project", u.project)
        _prop(tu, "x-article", u.article)
        _prop(tu, "x-segment", u.segment_id)
        if u.source:
            _tuv(tu, _lang(u.source_lang), u.source)
        else:
            _tuv(tu, f"{_lang(u.target_lang)}-x-mt", u.mt or "")
        _tuv(tu, _lang(u.target_lang), u.target, u.who, u.when)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data
