"""Inline codes between XML and placeholder text (XLIFF 1.2, XLIFF 2.0 and TMX alike).

Reading: :class:`CodeTable` reads the content of a ``<source>``, ``<target>``, ``<seg>`` or
``<mrk>`` into text in which each inline element is one placeholder character
(:mod:`workbench.core.inline_codes`). One table serves all the texts of one segment
(source, MT, target), so the same element in the source and the target gets the same
placeholder. Elements that wrap translatable text (XLIFF ``<g>``, ``<mrk>``, XLIFF 2.0
``<pc>``, ``<mrk>``, TMX ``<hi>``) become an open and a close code around their content;
everything else (``<x/>``, ``<ph>``, ``<bpt>``, ``<ept>``, ``<bx/>``, ``<sc/>``, ``<it>``,
``<ut>``, ``<cp/>``, foreign elements) is one code, its whole XML kept, content included.

Writing: :func:`write_inline` puts a placeholder text back into an element. A code is
written as its original element when the output is the format it came from; into another
format it is converted (XLIFF 1.2 ``<bpt>/<ept>/<ph>``, XLIFF 2.0 ``<sc>/<ec>/<ph>`` with
``<originalData>``, TMX ``<bpt>/<ept>/<it>/<ph>``), the original markup kept as the code's
native data.

Code XML is stored without the format's namespace (``<x id="1"/>``, not
``<x xmlns="urn:oasis:…" id="1"/>``) and gets it back when written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lxml import etree

from workbench.core.document import Document
from workbench.core.errors import InputError, TagError
from workbench.core.inline_codes import (
    PUA_FIRST,
    PUA_LAST,
    CodeKind,
    InlineCode,
    codes_by_char,
    nesting_error,
    placeholder,
    safe_label,
)
from workbench.formats.xmlfile import local_name as local

Dialect = Literal["xliff12", "xliff2", "tmx"]

CONTAINERS = frozenset({"g", "mrk", "pc", "hi"})
OPENERS = frozenset({"bx", "bpt", "sc", "sm"})
CLOSERS = frozenset({"ex", "ept", "ec", "em"})
# Codes whose label is their pair id alone (``⟨1⟩``/``⟨/1⟩``); others show their element name.
CLASSIC_PAIRS = frozenset({"g", "pc", "bx", "ex", "bpt", "ept", "sc", "ec"})
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_START_TAG = re.compile(r"^<([^\s/>]+)")


def _kind(el: etree._Element, name: str) -> CodeKind:
    if name in OPENERS:
        return "open"
    if name in CLOSERS:
        return "close"
    if name == "it":
        return "open" if el.get("pos") in ("begin", "open") else "close"
    return "standalone"


def _pair_attr(el: etree._Element, name: str) -> str:
    """The id that joins the two ends of a pair. XLIFF 1.2 ``rid`` and ``id`` are separate
    id spaces (memoQ pairs hyperlinks by ``rid`` beside formatting paired by ``id``): a
    ``rid`` pair is ``r<rid>``."""
    if name in ("ec", "em"):
        return el.get("startRef") or el.get("id") or ""
    if name == "mrk":
        return el.get("mid") or el.get("id") or ""
    rid = el.get("rid")
    if rid:
        return f"r{rid}"
    return el.get("i") or el.get("id") or el.get("x") or ""


def strip_namespace(el: etree._Element, ns: str | None) -> etree._Element:
    """A deep copy of ``el`` with the format's namespace ``ns`` taken off its elements (other
    namespaces kept), without its tail."""
    copy = etree.fromstring(etree.tostring(el, with_tail=False), _SAFE)
    for node in copy.iter():
        if isinstance(node.tag, str):
            q = etree.QName(node)
            if q.namespace == ns:
                node.tag = q.localname
    etree.cleanup_namespaces(copy)
    return copy


def _serialise(el: etree._Element) -> str:
    return str(etree.tostring(el, encoding="unicode", with_tail=False))


def _start_tag(el: etree._Element, ns: str | None) -> tuple[str, str]:
    """The start and end tags of ``el`` (no content), namespace of the format left out."""
    shallow = etree.Element(el.tag, dict(el.attrib), nsmap=el.nsmap)
    text = _serialise(strip_namespace(shallow, ns))
    name = _START_TAG.match(text)
    assert name is not None and text.endswith("/>")
    return text[:-2] + ">", f"</{name.group(1)}>"


# One placeholder character of the Private Use Area per code (U+E000-U+F8FF).
MAX_CODES = PUA_LAST - PUA_FIRST + 1


class TooManyCodes(InputError):
    """A segment with more inline codes than there are placeholders; ``line`` is where the
    segment's text starts (the reader adds the file's name)."""

    def __init__(self, line: int) -> None:
        self.line = line
        super().__init__(
            f"a segment with more than {MAX_CODES:,} inline codes (tags), the most one segment "
            "can hold; split the unit"
        )


def names_the_file(reader: Callable[..., Document]) -> Callable[..., Document]:
    """``reader`` (of a file at its first argument) with a segment that has too many
    inline codes named by file and line."""

    @functools.wraps(reader)
    def read(path: Path | str, **options: str) -> Document:
        try:
            return reader(path, **options)
        except TooManyCodes as exc:
            raise InputError(f"{path}:{exc.line}: {exc}") from None

    return read


@dataclass
class CodeTable:
    """The inline codes of one segment, as its texts are read. ``reserved`` holds Private
    Use Area characters the texts contain literally: placeholders skip them. ``data`` maps
    an XLIFF 2.0 unit's ``<data>`` ids to their XML, so a code keeps what it refers to."""

    ns: str | None
    reserved: frozenset[str] = frozenset()
    data: dict[str, str] = field(default_factory=dict)
    codes: list[InlineCode] = field(default_factory=list)
    _by_key: dict[tuple[str, str, str], InlineCode] = field(default_factory=dict)
    _labels: set[str] = field(default_factory=set)
    _next: int = 0
    _generated: dict[tuple[str, int], str] = field(default_factory=dict)
    _seen: dict[str, int] = field(default_factory=dict)
    _line: int = 0

    def _char(self) -> str:
        while True:
            if self._next > MAX_CODES - 1:
                raise TooManyCodes(self._line)
            ch = placeholder(self._next)
            self._next += 1
            if ch not in self.reserved:
                return ch

    def _label(self, wanted: str) -> str:
        label = wanted
        n = 2
        while label in self._labels:
            label = f"{wanted}~{n}"
            n += 1
        self._labels.add(label)
        return label

    def code(
        self,
        kind: CodeKind,
        pair: str,
        xml: str,
        label: str,
        *,
        nests: bool = False,
        data: str = "",
    ) -> InlineCode:
        """The code for this element (the same one each time it is met in the segment)."""
        key = (kind, pair, xml)
        found = self._by_key.get(key)
        if found is None:
            found = InlineCode(self._char(), kind, pair, xml, self._label(label), nests, data)
            self._by_key[key] = found
            self.codes.append(found)
        return found

    def read(self, el: etree._Element | None) -> str:
        """The content of ``el`` as placeholder text (``""`` for ``None``)."""
        if el is None:
            return ""
        self._line = el.sourceline or 0
        self._seen = {}
        return self._content(el)

    def _content(self, el: etree._Element) -> str:
        parts = [el.text or ""]
        for child in el:
            if isinstance(child.tag, str):
                parts.append(self._element(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def _generated_pair(self, name: str, xml: str) -> str:
        """A pair id for an element that has none: the k-th such element with this markup
        in a text gets the same id in every text of the segment."""
        k = self._seen.get(xml, 0)
        self._seen[xml] = k + 1
        key = (xml, k)
        if key not in self._generated:
            self._generated[key] = f"{name}{len(self._generated) + 1}"
        return self._generated[key]

    def _element(self, el: etree._Element) -> str:
        name = local(el)
        own_ns = etree.QName(el).namespace == self.ns
        data = self._data_of(el)
        if own_ns and name in CONTAINERS and not (name == "mrk" and el.get("mtype") == "seg"):
            start, end = _start_tag(el, self.ns)
            pair = _pair_attr(el, name)
            label = pair if name in CLASSIC_PAIRS else f"{name}:{pair}"
            if not pair:
                pair = label = self._generated_pair(name, start)
            opened = self.code("open", pair, start, safe_label(label), nests=True, data=data)
            inner = self._content(el)
            closed = self.code("close", pair, end, safe_label("/" + label), nests=True, data=data)
            return opened.char + inner + closed.char
        xml = _serialise(strip_namespace(el, self.ns))
        kind = _kind(el, name) if own_ns else "standalone"
        if kind == "standalone":
            return self.code(kind, "", xml, self._standalone_label(el, name), data=data).char
        pair = _pair_attr(el, name)
        label = pair if name in CLASSIC_PAIRS else f"{name}:{pair}"
        if not pair:
            pair = label = self._generated_pair(name, xml)
        label = ("/" if kind == "close" else "") + label
        return self.code(kind, pair, xml, safe_label(label), data=data).char

    def _standalone_label(self, el: etree._Element, name: str) -> str:
        ident = el.get("id") or el.get("x") or el.get("hex") or el.get("equiv") or el.get("disp")
        if ident is None:
            ident = "".join(el.itertext()).strip() or None
        return safe_label(f"{name}:{ident}" if ident else name)

    def _data_of(self, el: etree._Element) -> str:
        refs = [el.get(a) for a in ("dataRef", "dataRefStart", "dataRefEnd")]
        return "".join(self.data[r] for r in refs if r is not None and r in self.data)


_PUA = re.compile(f"[{chr(PUA_FIRST)}-{chr(PUA_LAST)}]")  # what is_placeholder accepts


def literal_pua(elements: Iterable[etree._Element | None]) -> frozenset[str]:
    """Private Use Area characters written literally in these elements' text (a regular
    expression over each text: a large file has millions of characters)."""
    found: set[str] = set()
    for el in elements:
        if el is not None:
            for text in el.itertext():
                found.update(_PUA.findall(text))
    return frozenset(found)


# --- writing ---------------------------------------------------------------------------------


def _with_ns(el: etree._Element, ns: str | None) -> etree._Element:
    if ns:
        for node in el.iter():
            if isinstance(node.tag, str) and etree.QName(node).namespace is None:
                node.tag = f"{{{ns}}}{node.tag}"
    return el


def _parse(xml: str, ns: str | None) -> etree._Element:
    return _with_ns(etree.fromstring(xml, _SAFE), ns)


def data_elements(code: InlineCode, ns: str | None) -> list[etree._Element]:
    """The XLIFF 2.0 ``<data>`` elements a code refers to, in namespace ``ns``."""
    if not code.data:
        return []
    return [_with_ns(d, ns) for d in _parse(f"<wrap>{code.data}</wrap>", None)]


NATIVE_CONTENT = frozenset({"bpt", "ept", "ph", "it", "ut"})


def native_data(code: InlineCode) -> str:
    """What a code stands for in the original document, as text: the content of its XLIFF
    2.0 ``<data>``, the native code inside a ``<bpt>``/``<ept>``/``<ph>``/``<it>``/``<ut>``
    (``<b>``), else the code's own markup (``<x id="1"/>``, ``<g id="1">``)."""
    if code.data:
        return "".join(_parse(f"<d>{code.data}</d>", None).itertext())
    if code.xml.startswith("</") or code.nests:
        return code.xml
    el = _parse(code.xml, None)
    content = "".join(el.itertext())
    return content if local(el) in NATIVE_CONTENT and content else code.xml


@dataclass
class UnitIds:
    """Ids given to converted codes across the segments of one unit (XLIFF 2.0 needs them
    unique in the unit), and the ``<data>`` entries (id -> content) they refer to."""

    numbers: dict[str, int] = field(default_factory=dict)
    data: dict[str, str] = field(default_factory=dict)
    _refs: dict[tuple[str, str], str] = field(default_factory=dict)

    def number(self, key: str) -> int:
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]

    def data_ref(self, key: str, content: str) -> str:
        """The ``<data>`` id of one code's content (the same code, the same id)."""
        if (key, content) not in self._refs:
            ref = f"d{len(self.data) + 1}"
            self.data[ref] = content
            self._refs[(key, content)] = ref
        return self._refs[(key, content)]


@dataclass
class _Writer:
    parent: etree._Element
    same_format: bool
    dialect: Dialect
    ns: str | None
    codes: Sequence[InlineCode]
    ids: UnitIds
    where: str
    stack: list[etree._Element] = field(default_factory=list)

    def append_text(self, text: str) -> None:
        if not text:
            return
        holder = self.stack[-1] if self.stack else self.parent
        if len(holder):
            last = holder[-1]
            last.tail = (last.tail or "") + text
        else:
            holder.text = (holder.text or "") + text

    def append(self, el: etree._Element) -> None:
        (self.stack[-1] if self.stack else self.parent).append(el)

    def code(self, code: InlineCode, paired: set[str]) -> None:
        if self.same_format:
            if code.nests and code.kind == "open":
                end = next(
                    (c.xml for c in self.codes if c.kind == "close" and c.pair == code.pair),
                    "",
                )
                el = _parse(code.xml + end, self.ns)
                self.append(el)
                self.stack.append(el)
            elif code.nests:
                self.stack.pop()  # nesting was checked before writing
            else:
                self.append(_parse(code.xml, self.ns))
            return
        self.append(self.converted(code, code.pair in paired))

    def converted(self, code: InlineCode, paired: bool) -> etree._Element:
        native = native_data(code)
        key = f"pair\0{code.pair}" if code.pair else f"{self.where}\0{code.char}"
        n = str(self.ids.number(key))
        own = f"{self.where}\0{code.char}"

        def q(name: str) -> str:
            return f"{{{self.ns}}}{name}" if self.ns else name

        if self.dialect == "xliff2":
            ref = self.ids.data_ref(own, native)
            if code.kind == "open":
                attrs = {"id": n, "dataRef": ref} | ({} if paired else {"isolated": "yes"})
                return etree.Element(q("sc"), attrs)
            if code.kind == "close":
                if paired:
                    return etree.Element(q("ec"), {"startRef": n, "dataRef": ref})
                return etree.Element(q("ec"), {"id": n, "isolated": "yes", "dataRef": ref})
            return etree.Element(q("ph"), {"id": n, "dataRef": ref})
        if code.kind == "standalone":
            el = etree.Element(q("ph"), {"id": n} if self.dialect == "xliff12" else {"x": n})
        elif not paired:
            pos = "begin" if code.kind == "open" else "end"
            if self.dialect == "xliff12":
                pos = "open" if code.kind == "open" else "close"
                el = etree.Element(q("it"), {"id": n, "pos": pos})
            else:
                el = etree.Element(q("it"), {"pos": pos, "x": n})
        else:
            name = "bpt" if code.kind == "open" else "ept"
            el = etree.Element(q(name), {"id": n} if self.dialect == "xliff12" else {"i": n})
        el.text = native
        return el


def _code_chars(by_char: dict[str, InlineCode]) -> re.Pattern[str]:
    """A pattern of the placeholders of these codes, captured (``split`` keeps them)."""
    return re.compile("(" + "|".join(map(re.escape, by_char)) + ")")


def _paired_in(text: str, codes: Sequence[InlineCode]) -> set[str]:
    """Pairs whose open comes before their close in ``text``."""
    by_char = codes_by_char(codes)
    opened: set[str] = set()
    paired: set[str] = set()
    if not by_char:
        return paired
    for ch in _code_chars(by_char).findall(text):
        code = by_char[ch]
        if code.kind == "open":
            opened.add(code.pair)
        elif code.kind == "close" and code.pair in opened:
            paired.add(code.pair)
    return paired


def write_inline(
    parent: etree._Element,
    text: str,
    codes: Sequence[InlineCode],
    *,
    dialect: Dialect,
    ns: str | None,
    same_format: bool,
    where: str,
    ids: UnitIds | None = None,
) -> None:
    """Append ``text`` to ``parent`` (which must be empty), each placeholder written back as
    its code. ``same_format``: the codes came from this format and are written as they
    were; else they are converted for ``dialect`` (with ids from ``ids``, shared by the
    segments of one unit). ``where`` names the segment in a :class:`TagError` (pairs of one
    element that no longer nest cannot be written)."""
    by_char = codes_by_char(codes)
    if same_format:
        problem = nesting_error(text, codes)
        if problem is not None:
            raise TagError(f"{where}: {problem}; fix the tags before exporting")
    writer = _Writer(parent, same_format, dialect, ns, codes, ids or UnitIds(), where)
    if not by_char:  # no codes: the text as it is
        writer.append_text(text)
        return
    paired = _paired_in(text, codes)
    # the text between codes, then a code, and so on (split keeps the captured codes)
    pieces = _code_chars(by_char).split(text)
    for n in range(1, len(pieces), 2):
        writer.append_text(pieces[n - 1])
        writer.code(by_char[pieces[n]], paired)
    writer.append_text(pieces[-1])


def clear(el: etree._Element) -> None:
    """Remove ``el``'s content (text and children), keeping its attributes and tail."""
    el.text = None
    for child in list(el):
        el.remove(child)


def indent_structure(
    root: etree._Element, text_elements: frozenset[str], space: str = "  ", level: int = 0
) -> None:
    """Indent the structure of a document we write (``etree.indent`` would indent inside
    mixed content too): elements named in ``text_elements`` and everything inside them are
    left exactly as they are. ``level``: how deep ``root`` lies in its document (an element
    indented alone as it would be in the whole tree; its own tail is its parent's)."""

    def walk(el: etree._Element, level: int) -> None:
        if local(el) in text_elements or not len(el):
            return
        inner = "\n" + space * (level + 1)
        if not (el.text or "").strip():
            el.text = inner
        for kid in el:
            walk(kid, level + 1)
            if not (kid.tail or "").strip():
                kid.tail = inner
        last = el[-1]
        if not (last.tail or "").strip():
            last.tail = "\n" + space * level

    walk(root, level)
