"""What XLIFF 1.2 strict allows on inline elements, and making a new file keep to it.

Codes read from another tool's XLIFF keep that tool's attributes (WorldServer
``<ph x="3">``, Trados ``<mrk sdl:cid="…">``, memoQ ``mq:…``); written back into their own
file they stay, but a new ``--to xliff`` file is XLIFF 1.2 strict, whose schema allows a
closed set of attributes on each inline element and demands a schema for any other
namespace's. :func:`keep_strict` drops the rest from the inline content of a new file and
counts what it dropped, so the file can name it (a ``<note>`` in the ``<file>``'s
``<header>``)."""

from __future__ import annotations

from collections import Counter

from lxml import etree

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# From xliff-core-1.2-strict.xsd (attributes of each inline element).
ALLOWED: dict[str, frozenset[str]] = {
    "g": frozenset({"ctype", "clone", "id", "xid", "equiv-text"}),
    "x": frozenset({"ctype", "clone", "id", "xid", "equiv-text"}),
    "bx": frozenset({"rid", "ctype", "clone", "id", "xid", "equiv-text"}),
    "ex": frozenset({"rid", "id", "xid", "equiv-text"}),
    "ph": frozenset({"ctype", "crc", "assoc", "id", "xid", "equiv-text"}),
    "bpt": frozenset({"rid", "ctype", "crc", "id", "xid", "equiv-text"}),
    "ept": frozenset({"rid", "crc", "id", "xid", "equiv-text"}),
    "it": frozenset({"pos", "rid", "ctype", "crc", "id", "xid", "equiv-text"}),
    "sub": frozenset({"datatype", "ctype", "xid"}),
    "mrk": frozenset({"mtype", "mid", "comment"}),
}
TEXT_HOLDERS = frozenset({"source", "seg-source", "target"})


def _name(el: etree._Element, attr: str) -> str:
    q = etree.QName(attr)
    if q.namespace is None:
        return attr
    prefix = next((p for p, uri in el.nsmap.items() if uri == q.namespace and p), None)
    return f"{prefix}:{q.localname}" if prefix else attr


def keep_strict(root: etree._Element) -> Counter[str]:
    """Drop every attribute XLIFF 1.2 strict does not allow from the inline elements under
    ``root``'s ``<source>``/``<seg-source>``/``<target>`` elements; what was dropped, as
    ``"x on <ph>"`` -> how many times."""
    dropped: Counter[str] = Counter()
    for holder in root.iter(f"{{{NS}}}source", f"{{{NS}}}seg-source", f"{{{NS}}}target"):
        for el in holder.iterdescendants():
            if not isinstance(el.tag, str) or etree.QName(el).namespace != NS:
                continue
            local = etree.QName(el).localname
            allowed = ALLOWED.get(local, frozenset())
            for attr in list(el.attrib):
                if attr in allowed or etree.QName(attr).namespace == XML_NS:
                    continue
                dropped[f"{_name(el, attr)} on <{local}>"] += 1
                del el.attrib[attr]
    return dropped


def dropped_note(dropped: Counter[str]) -> str:
    """The note naming what a strict file left out."""
    listed = ", ".join(f"{what} ({n})" for what, n in sorted(dropped.items()))
    return f"Not allowed by XLIFF 1.2 strict, left out of the inline codes: {listed}"
