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
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from workbench.core.document import Segment, SegmentOrigin
from workbench.core.errors import InputError
from workbench.core.language import same_language
from workbench.core.model.makers import maker
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
            yield (
                part
                if isinstance(part, Segment)
                else part_segment(part, f"p{paragraph}s1", paragraph)
            )


def stream_tmx(path: Path, *, language: str = "", source_language: str = "") -> StreamedTmx:
    """Check a TMX the way :func:`read_tmx` does (one-line :class:`InputError`) without
    holding it: its languages and the pair (the options, else the header's ``srclang``
    and the one other language), units in that pair, and the inline codes of every unit
    that could hold more than a segment may (read again in full: the rest cannot fail)."""
    check_size(path, MAX_INPUT_BYTES, "a bilingual file")
    written: Counter[tuple[str, ...]] = Counter()  # the languages of each unit, counted
    crowded: set[int] = set()  # units with enough elements to exceed the codes' room
    srclang = ""
    n = 0
    reader = _Reader(path, check_text=True)
    for el in reader.elements():
        if el.tag != "tu" and local(el) != "tu":  # a <header>
            srclang = el.get("srclang", "")
            continue
        tags = []
        elements = len(el)
        deep = False  # elements below the <tuv>s' children
        for tuv in el:
            size = len(tuv)
            if size:
                elements += size
                deep = deep or any(map(len, tuv))
            if tuv.tag != "tuv" and local(tuv) != "tuv":
                continue
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            if lang:
                tags.append(str(lang))
        written[tuple(tags)] += 1
        # Counted exactly when there are elements below the <tuv>s' children or Private
        # Use Area characters may be in the text; else the unit's children and theirs
        # are all its elements, and it has no such characters (the reader saw none yet).
        if reader.pua or deep:
            elements = _ELEMENTS(el) + len(literal_pua([el]))
        if elements >= MAX_CODES // 2:
            crowded.add(n)
        n += 1
    langs, sets = _languages(written)
    root_name = local(reader.root) if reader.root is not None else ""
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


def likely_pair(path: Path, *, language: str = "", source_language: str = "") -> StreamedTmx | None:
    """The pair :func:`stream_tmx` will most likely choose, from the header and the first
    unit alone (a memory's units usually all hold the same two languages), to start
    reading the units while :func:`stream_tmx` checks the whole file; ``None`` when the
    start of the file does not say. Only a guess: the caller compares it with the checked
    pair before it uses what was read."""
    srclang = ""
    tags: list[str] = []
    try:
        for el in _Reader(path).elements():
            if el.tag != "tu" and local(el) != "tu":
                srclang = el.get("srclang", "")
                continue
            for tuv in el:
                lang = tuv.get(XML_LANG) or tuv.get("lang")
                if lang and (tuv.tag == "tuv" or local(tuv) == "tuv"):
                    tags.append(str(lang))
            break
        langs, _sets = _languages(Counter({tuple(tags): 1}))
        source, target, _left_out = pair_of(path, langs, srclang, source_language, language)
    except InputError:
        return None
    stated = "" if source.lower().endswith(MT_SUFFIX) else source
    return StreamedTmx(path, source, stated, target, ())


def _languages(
    written: Counter[tuple[str, ...]],
) -> tuple[dict[str, tuple[str, int]], Counter[frozenset[str]]]:
    """Every language of the memory (lower-cased key) -> (as first written, variants), as
    :func:`~workbench.formats.bilingual.tmx.languages` says, and the languages of each unit
    as compared, counted; from the languages of each unit as written, counted (in the
    order first met)."""
    langs: dict[str, tuple[str, int]] = {}
    sets: Counter[frozenset[str]] = Counter()
    for tags, count in written.items():
        present = set()
        for lang in tags:
            key = lang.lower()
            spelt, seen = langs.get(key, (lang, 0))
            langs[key] = (spelt, seen + count)
            present.add(lang.strip().lower().replace("_", "-"))
        sets[frozenset(present)] += count
    return langs, sets


_ELEMENTS = etree.XPath("count(.//*)")  # elements inside a unit
_SIDE_TAGS = frozenset(("tuv", "prop"))  # what a plain unit holds besides its sides' <seg>s


def _parts(
    path: Path, source: str, target: str, *, only: set[int] | None = None
) -> Iterator[Part | Segment | str]:
    """Each unit of the pair (or why it is left out), each ``<tu>`` dropped once read
    (``only``: just the units of these numbers, from 0). A unit of plain text (no codes,
    no notes) comes as its :class:`Segment` (id and paragraph still to set), read without
    the general reader's code table; any other as its :class:`Part`."""
    n = 0
    paragraph = 0  # the paragraph of the next unit in the pair
    mt_side = source.lower().endswith(MT_SUFFIX)
    wanted: dict[str, int] = {}  # each language as written -> 1 source, 2 target, 0 neither
    reader = _Reader(path)
    for el in reader.elements():
        if el.tag != "tu" and local(el) != "tu":
            continue
        if only is not None and n not in only:
            n += 1
            continue
        plain: Part | Segment | str | None = (
            None
            if only is not None
            else _plain(n, paragraph + 1, el, source, target, mt_side, wanted)
        )
        if plain is None:
            try:
                plain = part_of(n, el, source, target)
            except TooManyCodes as exc:
                raise InputError(f"{path}:{exc.line}: {exc}") from None
        paragraph += not isinstance(plain, str)
        yield plain
        n += 1


def _plain(
    n: int,
    paragraph: int,
    tu: etree._Element,
    source: str,
    target: str,
    mt_side: bool,
    wanted: dict[str, int],
) -> Segment | str | None:
    """Unit ``n`` as :func:`part_of` and :func:`part_segment` make it (paragraph
    ``paragraph``), or why it is left out, for a unit whose sides are plain text:
    ``<tuv>``s (and ``<prop>``s) in no namespace, each ``<tuv>`` of the pair with a
    ``<seg>`` without elements inside; ``None`` for any other unit."""
    src = tgt = None
    for tuv in tu:
        tag = tuv.tag
        if tag not in _SIDE_TAGS:
            return None  # notes, comments, namespaces: the general reader
        if tag == "prop":
            continue
        lang = str(tuv.get(XML_LANG) or tuv.get("lang") or "")
        side = wanted.get(lang)
        if side is None:
            side = wanted[lang] = (
                1 if same_language(lang, source) else 2 if same_language(lang, target) else 0
            )
        if side == 1 and src is None:
            src = tuv
        elif side == 2 and tgt is None:
            tgt = tuv
    if src is None or tgt is None:
        name = tu.get("tuid") or f"#{n + 1}"
        return f"tu {name}: no {source if src is None else target} variant, left out"
    texts = []
    for tuv in (src, tgt):
        seg = None
        for child in tuv:
            if child.tag == "seg" and seg is None:
                seg = child
            elif not isinstance(child.tag, str) or "}" in child.tag:
                return None  # a comment, a namespace: the general reader
        if seg is not None and len(seg):
            return None  # inline codes (or a comment): the general reader
        texts.append(seg.text or "" if seg is not None else "")
    src_text, tgt_text = texts
    origin = _origin(0, n, tu.get("tuid", ""), 0, "", "", (), ())
    sid = f"p{paragraph}s1"
    if mt_side:
        return _segment(sid, paragraph, src_text, None, tgt_text, "confirmed", (), origin, "",
                        "mt" if src_text else "")  # fmt: skip
    return _segment(sid, paragraph, tgt_text, src_text, None, "confirmed", (), origin, "",
                    "file" if tgt_text else "")  # fmt: skip


# Segment(...) and SegmentOrigin(...) of every field, set straight (one a unit of a large file)
_segment = maker(Segment)
_origin = maker(SegmentOrigin)


class _Reader:
    """lxml's pull parser over the file a chunk at a time: the end of every ``<header>``
    and ``<tu>`` (in any namespace); each ``<tu>`` is cleared after the caller has seen
    it, and the ones before it dropped; :attr:`root` is the root once the file is read.
    ``check_text``: the bytes are checked to be UTF-8 (the line of the first bad byte
    named) and to hold no NUL, and :attr:`pua` says whether the bytes read so far may hold
    a Private Use Area character (written as such, or as a character reference)."""

    def __init__(self, path: Path, *, check_text: bool = False) -> None:
        self.path = path
        self.check_text = check_text
        self.root: etree._Element | None = None
        self.pua = not check_text

    def elements(self) -> Iterator[etree._Element]:
        path = self.path
        parser = etree.XMLPullParser(
            events=("end",),
            tag=("{*}tu", "{*}header"),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            strip_cdata=False,
        )
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        lines = 1
        offset = 0
        doctype: bool | None = None
        tail = b""
        try:
            with path.open("rb") as f:
                while chunk := f.read(_CHUNK):
                    if self.check_text:
                        _check_chunk(path, decoder, chunk, lines, offset)
                        lines += chunk.count(b"\n")
                        offset += len(chunk)
                        self.pua = self.pua or _PUA_BYTES.search(tail + chunk) is not None
                        tail = chunk[-1:]
                    parser.feed(chunk)
                    for _event, el in parser.read_events():
                        if doctype is None:
                            doctype = bool(el.getroottree().docinfo.doctype)
                        if doctype and (el.tag == "tu" or local(el) == "tu"):
                            _refuse_entities(path, el)
                        yield el
                        el.clear(keep_tail=False)
                        parent = el.getparent()
                        while parent is not None and el.getprevious() is not None:
                            del parent[0]
                if self.check_text:
                    _check_chunk(path, decoder, b"", lines, offset, final=True)
                self.root = parser.close()
        except etree.XMLSyntaxError as exc:
            raise InputError(
                f"{path}:{exc.lineno}: not well-formed XML ({_wording(exc.msg)})"
            ) from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


# U+E000-U+F8FF in UTF-8 (EE xx xx, EF 80-A3 xx), or a character reference
_PUA_BYTES = re.compile(rb"\xee|\xef[\x80-\xa3]|&#")


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
