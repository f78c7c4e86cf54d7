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

A unit serialised alone carries the namespace declarations it inherits (lxml copies them
onto a subtree's root, as a standalone document needs them); inside the document they are
the root's, so they are taken off its start tag again. The units written here declare no
namespace of their own.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterator

from lxml import etree

from workbench.formats.bilingual.inline_xml import indent_structure
from workbench.formats.xmlfile import xml_bytes

_BLOCK = 1 << 20  # bytes of serialised units compressed together
_MARK = "workbench-unit"
_PLACEHOLDER = etree.tostring(etree.ProcessingInstruction(_MARK))  # b"<?workbench-unit ?>"
# the namespace declarations lxml puts right after the tag name of a serialised subtree
_INHERITED = re.compile(rb'^(<[^\s>/]+)(?:\s+xmlns(?::[\w.-]+)?="[^"]*")+')


class UnitSink:
    """The serialised units of one document being written (see the module docstring)."""

    def __init__(self, text_elements: frozenset[str], space: str = "  ") -> None:
        self._text_elements = text_elements
        self._space = space
        self._blocks: list[tuple[bytes, array[int]]] = []  # compressed units, their lengths
        self._pending: list[bytes] = []
        self._pending_size = 0

    def take(self, unit: etree._Element) -> None:
        """Serialise ``unit`` (complete, in its place in the skeleton) and leave a
        placeholder there instead."""
        parent = unit.getparent()
        assert parent is not None, "a unit is taken from its place in the skeleton"
        level = sum(1 for _ in unit.iterancestors())
        indent_structure(unit, self._text_elements, self._space, level=level)
        data = etree.tostring(unit, encoding="UTF-8", xml_declaration=False, with_tail=False)
        inherited = _INHERITED.match(data)
        if inherited is not None:  # the tag name kept, the declarations after it dropped
            data = inherited.group(1) + data[inherited.end() :]
        parent.replace(unit, etree.ProcessingInstruction(_MARK))
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
