"""Bilingual interchange: XLIFF 1.2, XLIFF 2.0, TMX and two-column TSV, in and out.

Writing and reading go through translate-toolkit (``translate.storage.xliff``,
``xliff2``, ``tmx``). translate-toolkit writes XLIFF 1.1 by default, so 1.2 uses subclasses
with the 1.2 namespace; its XLIFF 2.0 notes sit inside ``<segment>``, where the 2.0 schema
does not allow them, so notes are not used there.

* **XLIFF 1.2**: one ``trans-unit`` per segment (``id`` = segment id); ``<source>`` is the
  source text when known, else the raw MT (source language = target language: monolingual
  post-editing); ``<target>`` the current target with ``state`` new -> ``new``, draft ->
  ``needs-review-translation``, confirmed -> ``translated`` (and ``approved="yes"``); the
  raw MT is kept as ``<alt-trans origin="machine-translation">``.
* **XLIFF 2.0**: one ``unit``/``segment`` per segment; ``state`` initial / translated /
  final; the raw MT in the Translation Candidates module (``mtc:matches`` with a
  ``mtc:match type="mt"``).
* **TMX 1.4**: one ``tu`` per *confirmed* segment, source -> target when the source is
  known, else MT -> target, the MT side tagged with the private-use language tag
  ``<lang>-x-mt`` (e.g. ``en-x-mt``); ``srclang`` stated.

Reading: a unit with an MT alt-trans / mtc match opens with that MT and its target as
post-edited work (our own exports load back as they were); otherwise the file's target is
the MT to post-edit and its source the source. OmegaT's ``project_save.tmx``, Okapi and
memoQ XLIFF (``seg-source``/``mrk``), and Angular i18n XLIFF (inline ``<x/>``
placeholders) import; inline codes become their text placeholders.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from lxml import etree
from translate.storage import tmx, xliff, xliff2

from workbench.core.document import Document, Segment
from workbench.core.edits import Status
from workbench.core.errors import InputError
from workbench.core.textio import decode_text, read_bytes
from workbench.formats.project_view import ProjectView
from workbench.formats.xmlfile import local_name as _local
from workbench.formats.xmlfile import parse_xml

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
STATE_12 = {"new": "new", "draft": "needs-review-translation", "confirmed": "translated"}
STATE_2 = {"new": "initial", "draft": "translated", "confirmed": "final"}
FROM_STATE_12: dict[str, Status] = {
    "new": "new",
    "needs-review-translation": "draft",
    "translated": "confirmed",
    "final": "confirmed",
    "signed-off": "confirmed",
}
FROM_STATE_2: dict[str, Status] = {
    "initial": "new",
    "translated": "draft",
    "reviewed": "draft",
    "final": "confirmed",
}


class Xliff12Unit(xliff.xliffunit):
    namespace = XLIFF12_NS


class Xliff12File(xliff.xlifffile):  # type: ignore[type-arg]
    UnitClass = Xliff12Unit
    namespace = XLIFF12_NS
    XMLskeleton = xliff.xlifffile.XMLskeleton.replace("1.1", "1.2")


def _rows(view: ProjectView) -> list[tuple[str, str | None, str, str, str]]:
    """(id, source, mt, target, status) per segment."""
    return [(s.id, s.source, s.mt, s.target, s.status) for s in view.segments]


def _languages(view: ProjectView) -> tuple[str, str]:
    doc = view.document
    target = doc.target_language or "en"
    has_source = any(s.source for s in view.segments)
    return (doc.source_language or "zh") if has_source else target, target


def write_xliff12(view: ProjectView) -> bytes:
    src_lang, tgt_lang = _languages(view)
    store = Xliff12File(sourcelanguage=src_lang, targetlanguage=tgt_lang)
    for sid, source, mt, target, status in _rows(view):
        unit = store.addsourceunit(source if source else mt)
        unit.setid(sid)
        unit.settarget(target)
        node = unit.xmlelement.find(unit.namespaced("target"))
        node.set("state", STATE_12[status])
        unit.markapproved(status == "confirmed")
        unit.addalttrans(mt, origin="machine-translation")
    for node in store.document.getroot().iter(f"{{{XLIFF12_NS}}}file"):
        node.set("original", view.document.name or "article")
    data: bytes = bytes(store)
    return data


def write_xliff2(view: ProjectView) -> bytes:
    src_lang, tgt_lang = _languages(view)
    store = xliff2.Xliff2File(sourcelanguage=src_lang, targetlanguage=tgt_lang)
    for sid, source, mt, target, status in _rows(view):
        unit = store.addsourceunit(source if source else mt)
        unit.setid(sid)
        unit.settarget(target)
        segment = unit.xmlelement
        segment.set("id", "s1")
        segment.set("state", STATE_2[status])
        unit_el = unit.getunitelement()
        matches = etree.Element(f"{{{MTC_NS}}}matches", nsmap={"mtc": MTC_NS})
        match = etree.SubElement(
            matches, f"{{{MTC_NS}}}match", ref="#s1", type="mt", origin="machine-translation"
        )
        etree.SubElement(match, f"{{{XLIFF2_NS}}}source").text = source if source else mt
        etree.SubElement(match, f"{{{XLIFF2_NS}}}target").text = mt
        unit_el.insert(0, matches)
    data: bytes = bytes(store)
    return data


def write_tmx(view: ProjectView) -> bytes:
    src_lang, tgt_lang = _languages(view)
    if src_lang == tgt_lang:
        src_lang = f"{tgt_lang}-x-mt"  # MT -> post-edit: a private-use tag keeps the sides apart
    store = tmx.tmxfile(sourcelanguage=src_lang, targetlanguage=tgt_lang)
    for _sid, source, mt, target, status in _rows(view):
        if status != "confirmed":
            continue
        unit = store.addsourceunit(source if source else mt)
        unit.settarget(target)
    data: bytes = bytes(store)
    return data


# --- reading --------------------------------------------------------------------------------
Row = tuple[str | None, str, str | None, Status | None]  # (source, mt, target, status)


def _document(
    path: Path,
    rows: Sequence[Row],
    fmt: str,
    source_language: str,
    target_language: str,
) -> Document:
    """A Document from (source, mt, target, status) rows, one paragraph per unit."""
    if not rows:
        raise InputError(f"{path}: no translation units")
    segments = tuple(
        Segment(
            id=f"p{n}s1", paragraph=n, text=mt, source=source or None, target=target, status=status
        )
        for n, (source, mt, target, status) in enumerate(rows, start=1)
    )
    gaps = ("", *["\n\n"] * (len(segments) - 1), "\n")
    return Document(
        name=path.name,
        segments=segments,
        gaps=gaps,
        format=fmt,
        source_language=source_language,
        target_language=target_language or "en",
    )


INLINE_CONTAINERS = {"g", "mrk", "pc", "sub"}


def inline_text(el: etree._Element | None) -> str:
    """The text of an XLIFF/TMX segment element with inline codes as text: ``<x>``/``<ph>``
    become their ``equiv-text`` (Angular ``{{ name }}``) or ``{id}``; paired codes keep
    their content."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name in INLINE_CONTAINERS:
            parts.append(inline_text(child))
        elif name in ("x", "ph", "bx", "ex", "it", "bpt", "ept", "sc", "ec"):
            equiv = child.get("equiv-text") or child.get("equiv") or child.get("disp")
            parts.append(equiv if equiv is not None else f"{{{child.get('id', name)}}}")
        parts.append(child.tail or "")
    return "".join(parts)


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if _local(c) == name), None)


def read_xliff(path: Path | str, *, language: str = "en") -> Document:
    """XLIFF 1.x (read with lxml, whatever tool wrote it) or 2.0."""
    p = Path(path)
    root = parse_xml(p, what="bilingual file")
    if _local(root) != "xliff":
        raise InputError(f"{p}: not an XLIFF file (root <{_local(root)}>)")
    if root.get("version", "").startswith("2"):
        return _read_xliff2(p, root)
    rows: list[Row] = []
    src_lang = tgt_lang = ""
    for file_el in (e for e in root.iter() if _local(e) == "file"):
        src_lang = src_lang or file_el.get("source-language", "")
        tgt_lang = tgt_lang or file_el.get("target-language", "")
    for unit in (e for e in root.iter() if _local(e) == "trans-unit"):
        if unit.get("translate") == "no":
            continue
        source = inline_text(_child(unit, "source"))
        target_el = _child(unit, "target")
        target = inline_text(target_el)
        mt_alt = next(
            (
                a
                for a in unit
                if _local(a) == "alt-trans"
                and (a.get("origin") or "").lower() in ("machine-translation", "mt")
            ),
            None,
        )
        if mt_alt is not None:
            mt = inline_text(_child(mt_alt, "target"))
            state = target_el.get("state", "") if target_el is not None else ""
            status = FROM_STATE_12.get(state, "draft")
            rows.append((None if source == mt else source, mt, target, status))
        else:
            rows.append((source, target or source, None, None))
    return _document(p, rows, "xliff", src_lang, tgt_lang or language)


def _read_xliff2(p: Path, root: etree._Element) -> Document:
    ns = {"x": XLIFF2_NS, "mtc": MTC_NS}
    rows: list[Row] = []
    for unit in root.iterfind(".//x:unit", ns):
        mt_el = unit.find("mtc:matches/mtc:match[@type='mt']/x:target", ns)
        for segment in unit.iterfind("x:segment", ns):
            source = (
                "".join(segment.find("x:source", ns).itertext())
                if segment.find("x:source", ns) is not None
                else ""
            )
            tnode = segment.find("x:target", ns)
            target = "".join(tnode.itertext()) if tnode is not None else ""
            if mt_el is not None:
                mt = "".join(mt_el.itertext())
                status = FROM_STATE_2.get(segment.get("state", ""), "draft")
                rows.append((None if source == mt else source, mt, target, status))
            else:
                rows.append((source, target or source, None, None))
    return _document(p, rows, "xliff2", root.get("srcLang", ""), root.get("trgLang", "en"))


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tmx(path: Path | str, *, language: str = "en") -> Document:
    """TMX 1.1-1.4 (``xml:lang`` or the older ``lang``, any case): the ``tuv`` in the
    header's ``srclang`` is the source, the first other one the MT."""
    p = Path(path)
    root = parse_xml(p, what="bilingual file")
    if _local(root) != "tmx":
        raise InputError(f"{p}: not a TMX file (root <{_local(root)}>)")
    header = next((e for e in root.iter() if _local(e) == "header"), None)
    srclang = (header.get("srclang", "") if header is not None else "").lower()
    rows: list[Row] = []
    tgt_lang = ""
    for tu in (e for e in root.iter() if _local(e) == "tu"):
        tuvs = []
        for tuv in (c for c in tu if _local(c) == "tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            tuvs.append((lang, inline_text(_child(tuv, "seg"))))
        if not tuvs:
            continue
        source = next((t for lang, t in tuvs if srclang and lang == srclang), None)
        others = [(lang, t) for lang, t in tuvs if not (srclang and lang == srclang)]
        if source is None and len(tuvs) > 1:
            source, others = tuvs[0][1], tuvs[1:]
        if not others:
            continue
        tgt_lang = tgt_lang or others[0][0]
        if others[0][1].strip():
            rows.append((source, others[0][1], None, None))
    return _document(p, rows, "tmx", srclang, tgt_lang or language)


def read_tsv(path: Path | str, *, language: str = "en") -> Document:
    """Two columns, source<TAB>MT, one segment per line; a header line is skipped when it
    names its columns (source/target/mt)."""
    p = Path(path)
    text = decode_text(read_bytes(p, what="TSV file"), p, what="TSV file").text
    rows: list[Row] = []
    for n, row in enumerate(
        csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE), start=1
    ):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) != 2:
            raise InputError(
                f"{p}:{n}: expected two tab-separated columns (source, MT), got {len(row)}"
            )
        if (
            n == 1
            and row[0].strip().lower() in ("source", "src")
            and row[1].strip().lower()
            in (
                "target",
                "mt",
                "translation",
            )
        ):
            continue
        rows.append((row[0], row[1], None, None))
    return _document(p, rows, "tsv", "", language)
