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
from typing import Any

from lxml import etree
from translate.storage import tmx, xliff, xliff2

from workbench.core.document import Document, Segment
from workbench.core.errors import InputError
from workbench.core.textio import decode_text, read_bytes

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
STATE_12 = {"new": "new", "draft": "needs-review-translation", "confirmed": "translated"}
STATE_2 = {"new": "initial", "draft": "translated", "confirmed": "final"}
FROM_STATE_12 = {
    "new": "new",
    "needs-review-translation": "draft",
    "translated": "confirmed",
    "final": "confirmed",
    "signed-off": "confirmed",
}
FROM_STATE_2 = {"initial": "new", "translated": "draft", "reviewed": "draft", "final": "confirmed"}


class Xliff12Unit(xliff.xliffunit):
    namespace = XLIFF12_NS


class Xliff12File(xliff.xlifffile):  # type: ignore[type-arg]
    UnitClass = Xliff12Unit
    namespace = XLIFF12_NS
    XMLskeleton = xliff.xlifffile.XMLskeleton.replace("1.1", "1.2")


def _rows(session: Any) -> list[tuple[str, str | None, str, str, str]]:
    """(id, source, mt, target, status) per segment."""
    return [(s.id, s.source, s.mt, s.target, s.status) for s in session.segments]


def _languages(session: Any) -> tuple[str, str]:
    doc: Document = session.document
    target = doc.target_language or "en"
    has_source = any(s.source for s in session.segments)
    return (doc.source_language or "zh") if has_source else target, target


def write_xliff12(session: Any) -> bytes:
    src_lang, tgt_lang = _languages(session)
    store = Xliff12File(sourcelanguage=src_lang, targetlanguage=tgt_lang)
    for sid, source, mt, target, status in _rows(session):
        unit = store.addsourceunit(source if source else mt)
        unit.setid(sid)
        unit.settarget(target)
        node = unit.xmlelement.find(unit.namespaced("target"))
        node.set("state", STATE_12[status])
        unit.markapproved(status == "confirmed")
        unit.addalttrans(mt, origin="machine-translation")
    for node in store.document.getroot().iter(f"{{{XLIFF12_NS}}}file"):
        node.set("original", session.document.name or "article")
    data: bytes = bytes(store)
    return data


def write_xliff2(session: Any) -> bytes:
    src_lang, tgt_lang = _languages(session)
    store = xliff2.Xliff2File(sourcelanguage=src_lang, targetlanguage=tgt_lang)
    for sid, source, mt, target, status in _rows(session):
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


def write_tmx(session: Any) -> bytes:
    src_lang, tgt_lang = _languages(session)
    if src_lang == tgt_lang:
        src_lang = f"{tgt_lang}-x-mt"  # MT -> post-edit: a private-use tag keeps the sides apart
    store = tmx.tmxfile(sourcelanguage=src_lang, targetlanguage=tgt_lang)
    for _sid, source, mt, target, status in _rows(session):
        if status != "confirmed":
            continue
        unit = store.addsourceunit(source if source else mt)
        unit.settarget(target)
    data: bytes = bytes(store)
    return data


# --- reading --------------------------------------------------------------------------------
Row = tuple[str | None, str, str | None, str | None]  # (source, mt, target, status)


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


def _load_xml(path: Path) -> tuple[bytes, etree._Element]:
    data = read_bytes(path, what="bilingual file")
    decode_text(data, path, what="bilingual file")
    try:
        root = etree.fromstring(
            data, parser=etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}:{exc.lineno}: not well-formed XML ({exc.msg})") from None
    return data, root


def read_xliff(path: Path | str, *, language: str = "en") -> Document:
    p = Path(path)
    data, root = _load_xml(p)
    if etree.QName(root).localname != "xliff":
        raise InputError(f"{p}: not an XLIFF file (root <{etree.QName(root).localname}>)")
    if root.get("version", "").startswith("2"):
        return _read_xliff2(p, data)
    store = xliff.xlifffile.parsestring(data)
    rows: list[Row] = []
    for unit in store.units:
        if not unit.istranslatable() or unit.isheader():
            continue
        source = str(unit.source or "")
        target = str(unit.target or "")
        mt_alts = [
            a
            for a in unit.getalttrans()
            if (a.xmlelement.get("origin") or "").lower()
            in ("machine-translation", "mt", "machine translation")
        ]
        if mt_alts:
            mt = str(mt_alts[0].target or "")
            state = unit.xmlelement.find(unit.namespaced("target"))
            status = FROM_STATE_12.get(state.get("state", "") if state is not None else "", "draft")
            same = source == mt
            rows.append((None if same else source, mt, target, status))
        else:
            rows.append((source, target or source, None, None))
    return _document(
        p, rows, "xliff", store.getsourcelanguage() or "", store.gettargetlanguage() or language
    )


def _read_xliff2(p: Path, data: bytes) -> Document:
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
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


def read_tmx(path: Path | str, *, language: str = "en") -> Document:
    p = Path(path)
    data, root = _load_xml(p)
    if etree.QName(root).localname != "tmx":
        raise InputError(f"{p}: not a TMX file (root <{etree.QName(root).localname}>)")
    store = tmx.tmxfile.parsestring(data)
    rows: list[Row] = [
        (str(u.source or ""), str(u.target or u.source or ""), None, None) for u in store.units
    ]
    rows = [r for r in rows if r[1].strip()]
    return _document(
        p, rows, "tmx", store.getsourcelanguage() or "", store.gettargetlanguage() or language
    )


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
