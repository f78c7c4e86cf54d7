"""Reading XML files from users safely: encodings checked first (UTF-8, UTF-16 with a
byte-order mark, or what the XML declaration names), no entity expansion, no network, and
a one-line error with the line number for malformed XML, and a file that refers to a
DOCTYPE's entities in its text refused (an entity is never expanded, so its text would be
lost); and writing a tree back in the encoding it came in."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from lxml import etree

from workbench.core.errors import InputError
from workbench.core.textio import decode_text, detect_encoding, read_bytes

_DECLARED = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UNICODE = frozenset({"utf8", "utf16", "utf16le", "utf16be"})


def declared_encoding(data: bytes) -> str:
    """The encoding an (ASCII-compatible) XML declaration names, ``""`` when none."""
    m = _DECLARED.match(data.lstrip(b"\xef\xbb\xbf"))
    return m.group(1).decode("ascii") if m else ""


def _check_encoding(data: bytes, path: Path, what: str) -> None:
    """Refuse bytes that are not text in the encoding they claim (one line, with the line)."""
    bom_encoding, _ = detect_encoding(data)
    declared = declared_encoding(data)
    key = declared.lower().replace("-", "").replace("_", "")
    if bom_encoding != "utf-8" or not declared or key in _UNICODE:
        decode_text(data, path, what=what)  # UTF-8 or UTF-16 with BOM, strictly
        return
    try:
        codecs.lookup(declared)
    except LookupError:
        raise InputError(
            f"{path}:1: unknown encoding '{declared}' in the XML declaration"
        ) from None
    try:
        data.decode(declared)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not valid {declared} (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}), as the XML declaration says"
        ) from None


def parse_xml(path: Path, *, what: str) -> etree._Element:
    """The root of an XML file read strictly (see the module docstring)."""
    data = read_bytes(path, what=what)
    return parse_xml_bytes(data, path, what=what)


def parse_xml_bytes(data: bytes, path: Path, *, what: str) -> etree._Element:
    _check_encoding(data, path, what)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, strip_cdata=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"{path}:{exc.lineno}: not well-formed XML ({_wording(exc.msg)})"
        ) from None
    if root.getroottree().docinfo.doctype:
        _refuse_entities(root, path)
    return root


_LIBXML_HINT = re.compile(r",?\s*use XML_PARSE_HUGE option")


def _wording(message: str) -> str:
    """libxml2's message without its advice to the programmer (``use XML_PARSE_HUGE
    option``): for a user it is a limit of the reader."""
    return _LIBXML_HINT.sub(" (over the XML reader's safety limits)", message or "")


def _refuse_entities(root: etree._Element, path: Path) -> None:
    """Refuse a file whose text holds an entity reference (``&foo;``) declared by its
    DOCTYPE (or left to an external DTD). Entities are never expanded (bombs, external
    files), so such a reference would silently vanish from a segment, or break an inline
    code; the file is refused instead, naming the entity and its line."""
    for entity in root.iter(etree.Entity):
        raise InputError(
            f"{path}:{entity.sourceline}: the entity reference {entity.text} is not supported "
            "(the workbench does not expand entities a DOCTYPE declares); replace it with "
            "the text it stands for"
        )


_DECLARATION = re.compile(r"^\ufeff?(<\?xml[^>]*\?>)")


def serialise_like_original(root: etree._Element, original: bytes) -> bytes:
    """The document of ``root`` (DOCTYPE, comments and all) written the way ``original``
    was: its encoding and byte-order mark (a character it cannot hold as a character
    reference), its XML declaration as written, its line ends (CRLF stays CRLF) and its
    final newline."""
    tree = root.getroottree()
    encoding = tree.docinfo.encoding or "UTF-8"
    bom_encoding, skip = detect_encoding(original)
    codec = bom_encoding if skip and bom_encoding != "utf-8" else encoding
    text = original[skip:].decode(codec, errors="replace")
    body = str(etree.tostring(tree, encoding="unicode"))
    declaration = _DECLARATION.match(text)
    if declaration is not None:
        body = declaration.group(1) + "\n" + body
    if text.endswith("\n") and not body.endswith("\n"):
        body += "\n"
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):
        body = body.replace("\n", "\r\n")
    # A character the declared encoding (us-ascii, iso-8859-1...) cannot hold is written
    # as a character reference, as the file itself must have held it.
    return original[:skip] + body.encode(codec, errors="xmlcharrefreplace")


def xml_bytes(root: etree._Element, doctype: str = "") -> bytes:
    """A document we write: UTF-8, an XML declaration, ``doctype`` when given, a final
    newline."""
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)  # bytes: no copies
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' + (doctype + "\n" if doctype else "")
    return b"".join((head.encode("utf-8"), body, b"\n"))


def local_name(el: etree._Element) -> str:
    """An element's tag without namespace ("" for comments and processing instructions)."""
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
