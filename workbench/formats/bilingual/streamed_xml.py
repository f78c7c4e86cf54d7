"""Writing a large bilingual file without holding its whole tree (issue 27).

A new XLIFF or TMX is a small skeleton (the root, its ``<file>`` s, bodies and groups) around
many units. The writers build the skeleton as a tree, as before, and each unit in place,
then hand the unit to :meth:`UnitSink.take` as soon as it is complete: the unit is indented
as :func:`~workbench.formats.bilingual.inline_xml.indent_structure` would indent it in the
whole tree, serialised to UTF-8 bytes on its own, and replaced in the skeleton by a
placeholder (a processing instruction no text of ours can spell: text and attribute values
are escaped). :meth:`UnitSink.document` then serialises the skeleton as
:func:`~workbench.formats.xmlfile.xml_bytes` would and returns it as chunks with each
placeholder's unit in its place: the same bytes as the whole tree. Meanwhile the serialised
units are held compressed (zlib's fastest level, a block of about a megabyte at a time:
markup compresses 5-10 times), instead of lxml's nodes (10-20 times the output's size).

Units of one shape (the same elements and attributes, only their texts and some attribute
values differing: most units of a project made from an article) are built and serialised
once (:meth:`UnitSink.take_shaped`): the unit built with a slot name in place of each value
gives the bytes around the values, and every unit of that shape is those bytes with its own
values escaped as lxml escapes them (:func:`escape_text`, :func:`escape_attribute`): the
same bytes, without an element per unit.

A unit serialised alone carries the namespace declarations it inherits (lxml copies them
onto a subtree's root, as a standalone document needs them); inside the document they are
the root's, so they are taken off its start tag again. The units written here declare no
namespace of their own.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Callable, Hashable, Iterator, Sequence

from lxml import etree

from workbench.formats.bilingual.inline_xml import indent_structure
from workbench.formats.xmlfile import xml_bytes

_BLOCK = 1 << 20  # bytes of serialised units compressed together
_MARK = "workbench-unit"
_PLACEHOLDER = etree.tostring(etree.ProcessingInstruction(_MARK))  # b"<?workbench-unit ?>"
# the namespace declarations lxml puts right after the tag name of a serialised subtree
_INHERITED = re.compile(rb'^(<[^\s>/]+)(?:\s+xmlns(?::[\w.-]+)?="[^"]*")+')

# a value's place in a unit built to learn its shape (letters and digits: written as they
# are in a text or an attribute value)
_SLOT = "wbslot{}zq"
_SLOTS = re.compile(rb"wbslot(\d+)zq")


def escape_text(text: str) -> str:
    """``text`` as lxml writes it in an element's content (UTF-8 output)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def escape_attribute(value: str) -> str:
    """``value`` as lxml writes it in a (double-quoted) attribute value (UTF-8 output)."""
    value = escape_text(value)
    for ch, ref in (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;")):
        if ch in value:
            value = value.replace(ch, ref)
    return value


class _Shape:
    """A unit's text around its values: ``pieces[0] value pieces[1] value ...``, the
    values by their slot numbers (``order``; a value may be written more than once)."""

    def __init__(self, data: bytes) -> None:
        split = _SLOTS.split(data)
        self.pieces = [piece.decode("utf-8") for piece in split[0::2]]
        self.order = [int(n) for n in split[1::2]]


_APART = "\x00"  # between the texts of a unit escaped together (not an XML character)


class UnitSink:
    """The serialised units of one document being written (see the module docstring)."""

    def __init__(self, text_elements: frozenset[str], space: str = "  ") -> None:
        self._text_elements = text_elements
        self._space = space
        self._blocks: list[tuple[bytes, array[int]]] = []  # compressed units, their lengths
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._shapes: dict[Hashable, _Shape] = {}
        self._levels: dict[etree._Element, int] = {}  # how deep each parent of units lies

    def take(self, unit: etree._Element) -> None:
        """Serialise ``unit`` (complete, in its place in the skeleton) and leave a
        placeholder there instead."""
        self._add(self._serialise(unit))

    def _serialise(self, unit: etree._Element) -> bytes:
        """``unit``'s bytes, a placeholder left in its place."""
        parent = unit.getparent()
        assert parent is not None, "a unit is taken from its place in the skeleton"
        level = sum(1 for _ in unit.iterancestors())
        indent_structure(unit, self._text_elements, self._space, level=level)
        data = etree.tostring(unit, encoding="UTF-8", xml_declaration=False, with_tail=False)
        inherited = _INHERITED.match(data)
        if inherited is not None:  # the tag name kept, the declarations after it dropped
            data = inherited.group(1) + data[inherited.end() :]
        parent.replace(unit, etree.ProcessingInstruction(_MARK))
        return bytes(data)

    def take_shaped(
        self,
        parent: etree._Element,
        shape: Hashable,
        values: Sequence[str],
        attributes: int,
        build: Callable[[Sequence[str]], etree._Element],
    ) -> None:
        """A unit appended to ``parent``, as :meth:`take` of ``build(values)`` would write
        it, built only once per ``shape`` (with slot names for the values): ``shape`` must
        tell apart every unit whose elements or attributes, or whose bytes around the
        values, differ (whether a value is empty, and how deep ``parent`` lies, are added
        here). ``build(values)`` appends the unit to ``parent`` and puts each value only in
        the content of a text element or in an attribute, as it is; the first
        ``attributes`` values are attribute values, the others texts."""
        level = self._levels.get(parent)
        if level is None:  # (the parent is held: its id is not reused)
            level = self._levels[parent] = sum(1 for _ in parent.iterancestors())
        key = (shape, level, *map(bool, values))
        known = self._shapes.get(key)
        if known is None:
            slots = [_SLOT.format(n) if v else "" for n, v in enumerate(values)]
            known = self._shapes[key] = _Shape(self._serialise(build(slots)))
        else:
            parent.append(etree.ProcessingInstruction(_MARK))
        escaped = [escape_attribute(v) for v in values[:attributes]]
        texts = values[attributes:]
        joined = escape_text(_APART.join(texts))  # the texts escaped at once
        apart = joined.split(_APART)
        if len(apart) != len(texts):  # (a text holding the separator: one at a time)
            apart = [escape_text(text) for text in texts]
        escaped += apart
        pieces = known.pieces
        out = [pieces[0]]
        for n, slot in enumerate(known.order, start=1):
            out.append(escaped[slot])
            out.append(pieces[n])
        self._add("".join(out).encode("utf-8"))

    def _add(self, data: bytes) -> None:
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= _BLOCK:
            self._seal()

    def _seal(self) -> None:
        if self._pending:
            lengths = array("Q", (len(u) for u in self._pending))
            self._blocks.append((zlib.compress(b"".join(self._pending), 1), lengths))
        self._pending = []
        self._pending_size = 0

    def _units(self) -> Iterator[bytes]:
        for block, lengths in self._blocks:
            data = zlib.decompress(block)
            start = 0
            for length in lengths:
                yield data[start : start + length]
                start += length

    def document(self, root: etree._Element, doctype: str = "") -> Iterator[bytes]:
        """The whole document's bytes as chunks: the skeleton indented and serialised as
        :func:`~workbench.formats.xmlfile.xml_bytes` does, each unit in its place."""
        self._seal()
        indent_structure(root, self._text_elements, self._space)
        pieces = xml_bytes(root, doctype).split(_PLACEHOLDER)
        count = sum(len(lengths) for _, lengths in self._blocks)
        assert len(pieces) == count + 1, "every unit has its placeholder"
        return self._interleave(pieces)

    def _interleave(self, pieces: list[bytes]) -> Iterator[bytes]:
        yield pieces[0]
        for unit, piece in zip(self._units(), pieces[1:], strict=True):
            yield unit
            yield piece
