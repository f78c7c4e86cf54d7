"""Constraints of XLIFF 2.0 core that a reader must detect (the OASIS test suite's
``invalid`` files), checked before a file is read: the first one broken is refused with one
line naming it.

Checked: ``srcLang`` present and ``srcLang``/``trgLang``/``xml:lang`` well-formed; targets
only with a ``trgLang``, and the language a source or target inherits (nearest
``xml:lang``) being ``srcLang``/``trgLang``; ids present where required and unique in their
scope (files; groups and units of a file; segments and ignorables, ``<data>``, inline codes
and notes of their scope); a ``<segment>``/``<ignorable>`` with exactly one ``<source>``,
at most one ``<target>``; ``<notes>``/``<originalData>`` not empty; every ``dataRef``*
pointing at a ``<data>`` of the unit; ``state`` values, ``subState`` only with a
``state``, ``subType`` only with a ``type``; ``<ec>``/``<em>`` ends pointing at a start
that comes before them in the unit, and ``isolated`` used with ``id`` (not ``startRef``);
``translate``/``canResegment``/… being ``yes`` or ``no``; ``order`` unique. Module data
(``mtc:``, ``gls:``…) is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BCP47 = re.compile(r"^(?:[A-Za-z]{2,8}|[xXiI])(-[A-Za-z0-9]{1,8})*$")
_NMTOKEN = re.compile(r"^[\w.\-:]+$")
_HEX = re.compile(r"^[0-9A-Fa-f]{1,6}$")
CODE_TYPES = frozenset({"fmt", "ui", "quote", "link", "image", "other"})
MARKER_TYPES = frozenset({"generic", "comment", "term"})
_PREFIXED = re.compile(r"^[\w.-]+:[\w.-]+$")
STATES = frozenset({"initial", "translated", "reviewed", "final"})
YES_NO = ("translate", "canResegment", "canCopy", "canDelete", "canOverlap", "canReorder")
REORDER = frozenset({"yes", "no", "firstNo"})
INLINE = frozenset({"ph", "pc", "sc", "ec", "mrk", "sm", "em", "cp"})


class Broken(Exception):
    """One constraint a file breaks (the message names it)."""


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _core(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and etree.QName(el).namespace == NS


def _unique(values: Iterable[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise Broken(f"{what} id '{v}' is not unique in {where}")
        seen.add(v)


def _lang_of(el: etree._Element) -> str | None:
    node: etree._Element | None = el
    while node is not None:
        if node.get(XML_LANG) is not None:
            return str(node.get(XML_LANG))
        node = node.getparent()
    return None


def check(root: etree._Element) -> None:
    """Raise :class:`Broken` naming the first constraint ``root`` breaks."""
    src, trg = root.get("srcLang"), root.get("trgLang")
    if not src:
        raise Broken("no srcLang on <xliff>")
    for name, value in (("srcLang", src), ("trgLang", trg)):
        if value is not None and not _BCP47.match(value):
            raise Broken(f"{name} '{value}' is not a language tag")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        lang = el.get(XML_LANG)
        if lang is not None and lang and not _BCP47.match(lang):
            raise Broken(f"xml:lang '{lang}' on <{_local(el)}> is not a language tag")
        if _core(el):
            _attributes(el)
    files = [f for f in root if _local(f) == "file"]
    _unique((str(f.get("id")) for f in files), "file", "the document")
    if any(f.get("id") is None for f in files):
        raise Broken("a <file> without id")
    for file_el in files:
        _file(file_el, src, trg)


def _attributes(el: etree._Element) -> None:
    name = _local(el)
    for attr in YES_NO:
        value = el.get(attr)
        if value is not None and value not in (REORDER if attr == "canReorder" else ("yes", "no")):
            raise Broken(f"{attr}='{value}' on <{name}>")
    if name == "segment":
        state = el.get("state")
        if state is not None and state not in STATES:
            raise Broken(f"state '{state}' on a segment (initial, translated, reviewed, final)")
        if el.get("subState") is not None and state is None:
            raise Broken("subState without state on a segment")
        if el.get("translate") is not None:
            raise Broken("translate on a <segment>")
    _typed(el, name)
    if name in ("notes", "originalData") and not any(_core(c) for c in el):
        raise Broken(f"an empty <{name}>")
    if name == "skeleton":
        has_content = bool((el.text or "").strip()) or len(el) > 0
        if el.get("href") is None and not has_content:
            raise Broken("an empty <skeleton> without href")
        if el.get("href") is not None and has_content:
            raise Broken("a <skeleton> with both href and content")


def _typed(el: etree._Element, name: str) -> None:
    """Types, ids and code points of an element (and what a segment may hold)."""
    if name in INLINE and el.get("subType") is not None and el.get("type") is None:
        raise Broken(f"subType without type on <{name}>")
    kind = el.get("type")
    if kind is not None and name in ("pc", "ph", "sc", "ec") and kind not in CODE_TYPES:
        raise Broken(f"type '{kind}' on <{name}>")
    if (
        kind is not None
        and name in ("mrk", "sm")
        and not (kind in MARKER_TYPES or _PREFIXED.match(kind))
    ):
        raise Broken(f"type '{kind}' on <{name}>")
    if name in ("file", "group", "unit", "segment", "ignorable", "data", "note") or (
        name in INLINE
    ):
        ident = el.get("id")
        if ident is not None and not _NMTOKEN.match(ident):
            raise Broken(f"id '{ident}' on <{name}> is not an NMTOKEN")
    if name == "cp" and not _HEX.match(el.get("hex") or ""):
        raise Broken(f"hex '{el.get('hex')}' on <cp>")
    if name in ("segment", "ignorable"):
        for child in el:
            if isinstance(child.tag, str) and _local(child) not in ("source", "target"):
                raise Broken(f"<{child.tag}> inside a <{name}>")
            if isinstance(child.tag, str) and not _core(child):
                raise Broken(f"<{child.tag}> inside a <{name}>")


def _file(file_el: etree._Element, src: str, trg: str | None) -> None:
    fid = file_el.get("id")
    groups = [g for g in file_el.iter(_q("group"))]
    if any(g.get("id") is None for g in groups):
        raise Broken(f"file {fid}: a <group> without id")
    units = list(file_el.iter(_q("unit")))
    if any(u.get("id") is None for u in units):
        raise Broken(f"file {fid}: a <unit> without id")
    _unique((str(g.get("id")) for g in groups), "group", f"file {fid}")
    _unique((str(u.get("id")) for u in units), "unit", f"file {fid}")
    for notes in file_el.iter(_q("notes")):
        _unique(
            (str(n.get("id")) for n in notes if _local(n) == "note" and n.get("id")),
            "note",
            f"file {fid}",
        )
    for unit in units:
        _unit(unit, src, trg)


def _unit(unit: etree._Element, src: str, trg: str | None) -> None:
    where = f"unit {unit.get('id')}"
    parts = [p for p in unit if _local(p) in ("segment", "ignorable")]
    _unique((str(p.get("id")) for p in parts if p.get("id")), "segment or ignorable", where)
    data = [d for od in unit.iterchildren(_q("originalData")) for d in od if _local(d) == "data"]
    _unique((str(d.get("id")) for d in data), "data", where)
    data_ids = {str(d.get("id")) for d in data}
    orders: list[str] = []
    for position, part in enumerate(parts, start=1):
        sources = [c for c in part if _local(c) == "source"]
        targets = [c for c in part if _local(c) == "target"]
        if len(sources) != 1:
            raise Broken(f"{where}: a <{_local(part)}> with {len(sources)} <source>s")
        if len(targets) > 1:
            raise Broken(f"{where}: a <{_local(part)}> with {len(targets)} <target>s")
        if targets and not trg:
            raise Broken(f"{where}: a <target> in a file without trgLang")
        if _lang_of(sources[0]) not in (None, src):
            raise Broken(f"{where}: a <source> in {_lang_of(sources[0])}, not srcLang {src}")
        if targets:
            if _lang_of(targets[0]) not in (None, trg):
                raise Broken(f"{where}: a <target> in {_lang_of(targets[0])}, not trgLang {trg}")
            orders.append(str(targets[0].get("order") or position))  # implicit: its place
    _unique(orders, "target order", where)
    for side in ("source", "target"):
        _codes(unit, parts, side, where, data_ids)


def _codes(
    unit: etree._Element, parts: list[etree._Element], side: str, where: str, data: set[str]
) -> None:
    inline = [
        el
        for part in parts
        for holder in part.iterchildren(_q(side))
        for el in holder.iterdescendants()
        if _core(el) and _local(el) in INLINE
    ]
    _unique((str(el.get("id")) for el in inline if el.get("id")), f"{side} inline code", where)
    started: set[str] = set()
    isolated_starts: set[str] = set()
    closed: set[str] = set()
    for el in inline:
        name = _local(el)
        for ref in ("dataRef", "dataRefStart", "dataRefEnd"):
            value = el.get(ref)
            if value is not None and value not in data:
                raise Broken(f"{where}: {ref}='{value}' names no <data> of the unit")
        if name in ("sc", "sm"):
            started.add(str(el.get("id")))
            if name == "sc" and el.get("isolated") == "yes":
                isolated_starts.add(str(el.get("id")))
        if name == "sc" and el.get("isolated") == "yes" and el.get("id") is None:
            raise Broken(f"{where}: an isolated <sc> without id")
        if name == "ec":
            isolated = el.get("isolated") == "yes"
            if isolated and (el.get("startRef") is not None or el.get("id") is None):
                raise Broken(f"{where}: an isolated <ec> takes id, not startRef")
            if not isolated and el.get("startRef") is None:
                raise Broken(f"{where}: an <ec> without startRef that is not isolated")
            if not isolated and el.get("startRef") not in started:
                raise Broken(f"{where}: <ec startRef='{el.get('startRef')}'> before its <sc>")
            if not isolated and el.get("startRef") in isolated_starts:
                raise Broken(f"{where}: <sc id='{el.get('startRef')}'> is isolated but closed")
            closed.add(str(el.get("startRef") or ""))
        if name == "em" and el.get("startRef") not in started:
            raise Broken(f"{where}: <em startRef='{el.get('startRef')}'> without its <sm> before")
    sc_open = {
        str(el.get("id")) for el in inline if _local(el) == "sc" and el.get("isolated") != "yes"
    }
    unclosed = sorted(sc_open - closed)
    if unclosed:
        raise Broken(f"{where}: <sc id='{unclosed[0]}'> never closed and not isolated")
