"""Reading XML files from users safely: strict UTF-8 checks first, no entity expansion, no
network, and a one-line error with the line number for malformed XML."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from workbench.core.errors import InputError
from workbench.core.textio import decode_text, read_bytes


def parse_xml(path: Path, *, what: str) -> etree._Element:
    data = read_bytes(path, what=what)
    decode_text(data, path, what=what)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}:{exc.lineno}: not well-formed XML ({exc.msg})") from None


def local_name(el: etree._Element) -> str:
    """An element's tag without namespace ("" for comments and processing instructions)."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""
