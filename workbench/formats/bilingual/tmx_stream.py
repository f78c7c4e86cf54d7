"""A large TMX read as a stream (``workbench memory import``): the file is parsed a chunk
at a time with lxml's pull parser, each ``<tu>`` read and dropped, so memory stays near one
unit's size at any file size (a 166 MB TMX read whole peaked at 2.29 GB).

The same segments as :func:`workbench.formats.bilingual.tmx.read_tmx`, in the same order,
with the same checks and the same one-line errors, found **before** anything is written:
:func:`stream_tmx` reads the file once (well-formedness, encoding, languages, which units
hold which, and the units with so many elements that their inline codes could overflow --
those alone are then read again in full), and :meth:`StreamedTmx.segments` reads it again
for the caller to write as it goes. The notices name the languages (the units left out
for lacking one of the pair are not listed one by one).

Streamed: files over :data:`STREAM_ABOVE` bytes in UTF-8 (the XML default; a UTF-16 or
otherwise declared file is read whole, as before).
"""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from workbench.core.document import Segment
from workbench.core.errors import InputError
from workbench.core.textio import MAX_INPUT_BYTES, MB, check_size, detect_encoding
from workbench.formats.bilingual.inline_xml import MAX_CODES, TooManyCodes, literal_pua
from workbench.formats.bilingual.tmx import MT_SUFFIX, NAME, XML_LANG, pair_of, part_of
from workbench.formats.bilingual.units import Part, part_segment
from workbench.formats.xmlfile import _wording, declared_encoding
from workbench.formats.xmlfile import local_name as local

STREAM_ABOVE = 8 * MB  # larger TMX files are streamed
_CHUNK = 1 << 20
_HEAD = 4096


def streamable(path: Path) -> bool:
    """A TMX to stream: over :data:`STREAM_ABOVE` bytes, and UTF-8 (with or without a
    byte-order mark; no other encoding declared)."""
    try:
        if path.stat().st_size <= STREAM_ABOVE:
            return False
        with path.open("rb") as f:
            head = f.read(_HEAD)
    except OSError:
        return False  # reading it whole will say what is wrong
    encoding, _ = detect_encoding(head)
    declared = declared_encoding(head).lower().replace("_", "-")
    return encoding == "utf-8" and declared in ("", "utf-8", "utf8")


@dataclass(frozen=True)
class StreamedTmx:
    """A checked TMX, its pair chosen; :meth:`segments` reads its units again."""

    path: Path
    read_source: str  # the source tag the units are read with (may be ``…-x-mt``)
    source_language: str  # "" when the source side is the raw MT
    target_language: str
    notices: tuple[str, ...]
    format: str = NAME

    def segments(self) -> Iterator[Segment]:
        """The segments of the pair, in order (as :func:`read_tmx` numbers them)."""
        paragraph = 0
        for part in _parts(self.path, self.read_source, self.target_language):
            if isinstance(part, str):
                continue
            paragraph += 1
            yield part_segment(part, f"p{paragraph}s1", paragraph)


def stream_tmx(path: Path, *, language: str = "", source_language: str = "") -> StreamedTmx:
    """Check a TMX the way :func:`read_tmx` does (one-line :class:`InputError`) without
    holding it: its languages and the pair (the options, else the header's ``srclang``
    and the one other language), units in that pair, and the inline codes of every unit
    that could hold more than a segment may (read again in full: the rest cannot fail)."""
    check_size(path, MAX_INPUT_BYTES, "a bilingual file")
    langs: dict[str, tuple[str, int]] = {}
    sets: Counter[frozenset[str]] = Counter()  # the languages of each unit, counted
    crowded: set[int] = set()  # units with enough elements to exceed the codes' room
    srclang = ""
    root_name = ""
    n = 0
    for event, el in _events(path, check_text=True):
        if event == "start":
            root_name = root_name or local(el)
            continue
        name = local(el)
        if name == "header":
            srclang = el.get("srclang", "")
            continue
        if name != "tu":
            continue
        present = set()
        for tuv in el:
            if local(tuv) != "tuv":
                continue
            lang = str(tuv.get(XML_LANG) or tuv.get("lang") or "")
            if lang:
                spelt, count = langs.get(lang.lower(), (lang, 0))
                langs[lang.lower()] = (spelt, count + 1)
                present.add(lang.strip().lower().replace("_", "-"))
        sets[frozenset(present)] += 1
        if _ELEMENTS(el) + len(literal_pua([el])) >= MAX_CODES // 2:
            crowded.add(n)
        n += 1
    if root_name != "tmx":
        raise InputError(f"{path}: not a TMX file (root <{root_name}>)")
    source, target, left_out = pair_of(path, langs, srclang, source_language, language)
    pair = {source.strip().lower().replace("_", "-"), target.strip().lower().replace("_", "-")}
    if not sum(count for present, count in sets.items() if pair <= present):
        raise InputError(f"{path}: no translation units")
    if crowded:
        for _part in _parts(path, source, target, only=crowded):
            pass  # TooManyCodes, as reading it whole would say
    stated = "" if source.lower().endswith(MT_SUFFIX) else source
    notices = [f"languages {stated or '(MT)'} -> {target} (the file)", *left_out]
    return StreamedTmx(path, source, stated, target, tuple(notices))


_ELEMENTS = etree.XPath("count(.//*)")  # elements inside a unit


def _parts(
    path: Path, source: str, target: str, *, only: set[int] | None = None
) -> Iterator[Part | str]:
    """Each unit of the pair (or why it is left out), each ``<tu>`` dropped once read
    (``only``: just the units of these numbers, from 0)."""
    n = 0
    for event, el in _events(path):
        if event == "end" and local(el) == "tu":
            if only is not None and n not in only:
                n += 1
                continue
            try:
                yield part_of(n, el, source, target)
            except TooManyCodes as exc:
                raise InputError(f"{path}:{exc.line}: {exc}") from None
            n += 1


def _events(path: Path, *, check_text: bool = False) -> Iterator[tuple[str, etree._Element]]:
    """lxml's pull parser over the file a chunk at a time: the root's start, then the end
    of every ``<header>`` and ``<tu>``; each ``<tu>`` is cleared after the caller has seen
    it, and the ones before it dropped. ``check_text``: the bytes are checked to be UTF-8
    (the line of the first bad byte named) and to hold no NUL."""
    parser = etree.XMLPullParser(
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        strip_cdata=False,
    )
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    started = False
    lines = 1
    offset = 0
    try:
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                if check_text:
                    _check_chunk(path, decoder, chunk, lines, offset)
                    lines += chunk.count(b"\n")
                    offset += len(chunk)
                parser.feed(chunk)
                for event, el in parser.read_events():
                    if event == "start":
                        if not started:
                            started = True
                            yield event, el
                        continue
                    name = local(el)
                    if name in ("tu", "header"):
                        if name == "tu" and el.getroottree().docinfo.doctype:
                            _refuse_entities(path, el)
                        yield event, el
                        el.clear(keep_tail=False)
                        parent = el.getparent()
                        while parent is not None and el.getprevious() is not None:
                            del parent[0]
            if check_text:
                _check_chunk(path, decoder, b"", lines, offset, final=True)
            parser.close()
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"{path}:{exc.lineno}: not well-formed XML ({_wording(exc.msg)})"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _check_chunk(
    path: Path,
    decoder: codecs.IncrementalDecoder,
    chunk: bytes,
    lines: int,
    offset: int,
    *,
    final: bool = False,
) -> None:
    try:
        decoder.decode(chunk, final=final)
    except UnicodeDecodeError as exc:
        line = lines + chunk[: max(exc.start, 0)].count(b"\n")
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (a bad byte near offset {offset})"
        ) from None
    if b"\x00" in chunk:
        line = lines + chunk[: chunk.index(b"\x00")].count(b"\n")
        raise InputError(f"{path}:{line}: a NUL character in UTF-8 text (binary data?)")


def _refuse_entities(path: Path, tu: etree._Element) -> None:
    """As :func:`workbench.formats.xmlfile.parse_xml_bytes`: an entity a DOCTYPE declares
    is never expanded, so a unit referring to one is refused."""
    for entity in tu.iter(etree.Entity):
        raise InputError(
            f"{path}:{entity.sourceline}: the entity reference {entity.text} is not supported "
            "(the workbench does not expand entities a DOCTYPE declares); replace it with "
            "the text it stands for"
        )
