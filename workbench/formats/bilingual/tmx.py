"""TMX 1.1-1.4: read, write back into the original, write anew.

* **Languages:** ``xml:lang`` or TMX 1.1's ``lang``, kept as written (``EN-US`` stays
  ``EN-US``), compared case-insensitively. The pair is ``--source-lang``/``--target-lang``
  when given, else the header's ``srclang`` and the one other language. A memory with more
  than two languages (or ``srclang="*all*"`` and no way to tell) needs the options: it is
  refused with one line listing its languages. Variants left out are counted in the
  notices, as are units without both sides.
* **Units:** every ``<tu>``, in order; a unit is a translation, so it comes in
  ``confirmed`` ("TMX presence"); its target is the text to post-edit. A source side
  tagged ``…-x-mt`` (our own MT -> post-edit memories) is the raw MT.
* **Inline codes:** ``<bpt>``/``<ept>`` pairs (by ``i``), ``<it>``, ``<ph>``, ``<ut>``,
  ``<hi>`` (wraps text) -- two ``<ph>`` that differ only in content stay apart.
* **Back into the original** (:func:`write_back`): the target ``<seg>`` of every changed
  unit, codes as they were; the file keeps its version, encoding (UTF-16 stays UTF-16),
  header, props and notes.
* **Anew** (:func:`write_tmx`): TMX 1.4 of the confirmed segments: source (or raw MT,
  tagged ``<lang>-x-mt``) -> target, ``tuid`` = the unit id, the unit's notes one by one,
  where the target came from as ``<prop type="x-origin">`` (``mt``, ``file``, ``memory``,
  ``translator``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from workbench import __version__
from workbench.core.document import Document, SegmentOrigin
from workbench.core.errors import InputError
from workbench.core.language import same_language
from workbench.core.model.project import SegmentState
from workbench.formats.bilingual.inline_xml import (
    CodeTable,
    UnitIds,
    clear,
    literal_pua,
    names_the_file,
    write_inline,
)
from workbench.formats.bilingual.streamed_xml import UnitSink
from workbench.formats.bilingual.units import (
    Part,
    build_document,
    by_unit,
    check_xml_chars,
    original_tree,
    read_xml,
    stated_languages,
    unit_views,
)
from workbench.formats.project_view import ProjectView
from workbench.formats.xmlfile import local_name as local
from workbench.formats.xmlfile import serialise_like_original

if TYPE_CHECKING:
    from workbench.formats.families import BilingualExchange

NAME = "tmx"  # the registry row, and the Document's format

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MT_SUFFIX = "-x-mt"


def tuv_language(tuv: etree._Element) -> str:
    return str(tuv.get(XML_LANG) or tuv.get("lang") or "")


def units(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if local(e) == "tu"]


def _tuvs(tu: etree._Element) -> list[etree._Element]:
    return [c for c in tu if local(c) == "tuv"]


def _seg(tuv: etree._Element) -> etree._Element | None:
    return next((c for c in tuv if local(c) == "seg"), None)


def languages(root: etree._Element) -> dict[str, tuple[str, int]]:
    """Every language of the memory (lower-cased key) -> (as first written, variants)."""
    found: dict[str, tuple[str, int]] = {}
    for tu in units(root):
        for tuv in _tuvs(tu):
            lang = tuv_language(tuv)
            if not lang:
                continue
            spelt, count = found.get(lang.lower(), (lang, 0))
            found[lang.lower()] = (spelt, count + 1)
    return found


def choose_pair(
    path: Path, root: etree._Element, source_option: str, target_option: str
) -> tuple[str, str, list[str]]:
    """The (source, target) languages to read and notices about the rest."""
    header = next((e for e in root.iter() if local(e) == "header"), None)
    srclang = header.get("srclang", "") if header is not None else ""
    return pair_of(path, languages(root), srclang, source_option, target_option)


def pair_of(
    path: Path,
    langs: dict[str, tuple[str, int]],
    srclang: str,
    source_option: str,
    target_option: str,
) -> tuple[str, str, list[str]]:
    """:func:`choose_pair` of a memory's languages (:func:`languages`) and its header's
    ``srclang``."""
    names = [spelt for spelt, _ in langs.values()]

    def find(tag: str, what: str) -> str:
        if not tag:
            return ""
        hit = next((n for n in names if same_language(n, tag)), None)
        if hit is None:
            raise InputError(
                f"{path}: no {what} language {tag} in this TMX (it has {', '.join(names)})"
            )
        return hit

    stated = srclang if srclang != "*all*" else ""
    ignored: list[str] = []
    if stated and not any(same_language(n, stated) for n in names):
        # A real TW4Win export says srclang="EN-GB" over en-US units: the header is wrong.
        ignored.append(f"header srclang {stated} names no language of the file; ignored")
        stated = ""
    source = find(source_option, "source") or find(stated, "source")
    target = find(target_option, "target")
    others = [n for n in names if not same_language(n, source)] if source else names
    if not source and len(names) == 2 and not target:
        source, target = names[0], names[1]
    elif not target and len(others) == 1 and source:
        target = others[0]
    elif not source and target and len(names) == 2:
        source = next(n for n in names if not same_language(n, target))
    if not source or not target or same_language(source, target):
        raise InputError(
            f"{path}: a TMX with {len(names)} languages ({', '.join(names) or 'none'}); "
            "pass --source-lang and --target-lang to choose the pair"
        )
    notices = ignored + [
        f"left out {spelt}: {count} variant(s) (not the pair {source} -> {target})"
        for spelt, count in langs.values()
        if not same_language(spelt, source) and not same_language(spelt, target)
    ]
    return source, target, notices


def _side(tu: etree._Element, lang: str) -> etree._Element | None:
    return next((t for t in _tuvs(tu) if same_language(tuv_language(t), lang)), None)


def parts_of(
    root: etree._Element, source_lang: str, target_lang: str
) -> tuple[list[Part], list[str]]:
    """The units in the chosen pair, and what was skipped (with reasons)."""
    parts: list[Part] = []
    skipped: list[str] = []
    for n, tu in enumerate(units(root)):
        part = part_of(n, tu, source_lang, target_lang)
        if isinstance(part, str):
            skipped.append(part)
        else:
            parts.append(part)
    return parts, skipped


def part_of(n: int, tu: etree._Element, source_lang: str, target_lang: str) -> Part | str:
    """Unit ``n`` (from 0) in the chosen pair, or why it was left out."""
    name = tu.get("tuid") or f"#{n + 1}"
    src, tgt = _side(tu, source_lang), _side(tu, target_lang)
    if src is None or tgt is None:
        missing = source_lang if src is None else target_lang
        return f"tu {name}: no {missing} variant, left out"
    mt_side = source_lang.lower().endswith(MT_SUFFIX)
    table = CodeTable(None, literal_pua([tu]))
    source = table.read(_seg(src))
    target = table.read(_seg(tgt))
    note_list = ["".join(c.itertext()).strip() for c in tu if local(c) == "note"]
    notes = "\n".join(note_list)
    origin = SegmentOrigin(0, n, tu.get("tuid", ""), 0, "", notes=tuple(x for x in note_list if x))
    return Part(
        origin=origin,
        source=None if mt_side else source,
        mt=source if mt_side else target,
        target=target if mt_side else None,
        status="confirmed",
        codes=tuple(table.codes),
        file_target=target,
        file_status="confirmed",
        note=notes,
        mt_origin="mt" if mt_side else "file",
    )


def write_back(
    root: etree._Element,
    by_unit: dict[int, list[tuple[SegmentState, Part]]],
    target_language: str,
) -> None:
    """Write the changed targets into the original tree ``root``."""
    for n, tu in enumerate(units(root)):
        for state, part in by_unit.get(n, []):
            if state.target == part.file_target:
                continue
            tuv = _side(tu, target_language)
            seg = _seg(tuv) if tuv is not None else None
            if seg is None:
                raise InputError(f"{state.id}: its unit no longer has a {target_language} <seg>")
            clear(seg)
            write_inline(seg, state.target, state.codes, dialect="tmx", ns=None,
                         same_format=True, where=state.id)  # fmt: skip


def new_tmx(srclang: str, o_tmf: str) -> tuple[etree._Element, etree._Element]:
    """A TMX 1.4 document written by us: its root and its empty ``<body>``."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="workbench",
        creationtoolversion=__version__,
        segtype="sentence",
        adminlang="en",
        srclang=srclang,
        datatype="plaintext",
    ).set("o-tmf", o_tmf)
    return root, etree.SubElement(root, "body")


def write_tmx(view: ProjectView) -> Iterator[bytes]:
    """TMX 1.4 of the confirmed segments (one ``<tu>`` each)."""
    check_xml_chars(view)
    doc = view.document
    src_lang, tgt_lang = stated_languages(view)
    if same_language(src_lang, tgt_lang):
        src_lang = f"{tgt_lang}{MT_SUFFIX}"  # MT -> post-edit: a private-use tag keeps them apart
    root, body = new_tmx(src_lang, "workbench")
    same = doc.format == NAME
    sink = UnitSink(frozenset({"seg", "note", "prop"}))
    for unit in unit_views(view):
        for n, (seg, state) in enumerate(unit.parts, start=1):
            if state.status != "confirmed":
                continue
            tu = etree.SubElement(body, "tu")
            ids = UnitIds()  # converted codes keep one number on both sides
            for note in unit.notes if n == 1 else ():
                etree.SubElement(tu, "note").text = note
            if state.target_origin:  # where the target came from (MT, file, memory, translator)
                etree.SubElement(tu, "prop", type="x-origin").text = state.target_origin
            if seg.origin is not None and seg.origin.unit_id:
                tu.set("tuid", unit.unit_id if len(unit.parts) == 1 else f"{unit.unit_id}/{n}")
            for lang, text in (
                (src_lang, state.source if state.source else state.mt),
                (tgt_lang, state.target),
            ):
                tuv = etree.SubElement(tu, "tuv")
                tuv.set(XML_LANG, lang)
                write_inline(etree.SubElement(tuv, "seg"), text, state.codes, dialect="tmx",
                             ns=None, same_format=same, where=seg.id, ids=ids)  # fmt: skip
            sink.take(tu)
    return sink.document(root, '<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


@names_the_file
def read_tmx(path: Path | str, *, language: str = "", source_language: str = "") -> Document:
    """TMX 1.1-1.4 (``xml:lang`` or ``lang``, any case): the pair of languages from the
    options, else the header's ``srclang`` and the other language (see
    :func:`choose_pair`)."""
    p = Path(path)
    data, root = read_xml(p)
    if local(root) != "tmx":
        raise InputError(f"{p}: not a TMX file (root <{local(root)}>)")
    source, target, left_out = choose_pair(p, root, source_language, language)
    parts, skipped = parts_of(root, source, target)
    if source.lower().endswith(MT_SUFFIX):
        source = ""
    notices = [f"languages {source or '(MT)'} -> {target} (the file)", *left_out, *skipped]
    return build_document(
        p,
        parts,
        fmt=NAME,
        source_language=source,
        target_language=target,
        original=data,
        notices=notices,
    )


def _mt_side(root: etree._Element) -> str:
    langs = [spelt for spelt, _ in languages(root).values()]
    return next((x for x in langs if x.lower().endswith(MT_SUFFIX)), "")


def write_original(view: ProjectView) -> bytes:
    """The TMX the project was made from, the changed targets written into it."""
    doc = view.document
    root = original_tree(view)
    source = doc.source_language or _mt_side(root)
    parts, _ = parts_of(root, source, doc.target_language)
    write_back(root, by_unit(view, parts), doc.target_language)
    return serialise_like_original(root, doc.original)


class Tmx:
    """TMX 1.1-1.4 read, written back (version and encoding kept), written anew (1.4)."""

    def read(self, path: Path | str, *, language: str = "", source_language: str = "") -> Document:
        return read_tmx(path, language=language, source_language=source_language)

    def write_back(self, view: ProjectView) -> bytes:
        return write_original(view)

    def write_new(self, view: ProjectView) -> Iterator[bytes]:
        return write_tmx(view)


FORMAT: BilingualExchange = Tmx()
