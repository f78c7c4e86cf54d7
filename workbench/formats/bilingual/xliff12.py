"""XLIFF 1.x (1.0-1.2, any tool's dialect): read, write back into the original, write anew.

Read with lxml by local names, so 1.0/1.1/1.2 namespaces and tools' variants (Angular,
Xcode, Okapi, memoQ, Symfony) all work.

* **Units** are every ``<trans-unit>`` in document order (:func:`units`), with the index of
  their ``<file>``; ``translate="no"`` units stay in the file but not in the project.
* **Segments:** a unit with ``<seg-source>`` and ``<mrk mtype="seg">`` is one paragraph of
  several segments (Okapi, Trados); else one segment.
* **MT:** an ``<alt-trans origin="machine-translation">`` (our own export) is the raw MT and
  the file's target the translator's work (status from ``state``); otherwise the file's
  target is the text to post-edit (its ``state``/``approved`` give the status) and a unit
  without a target starts empty.
* **Back into the original** (:func:`write_back`): only units whose target text or status
  changed are touched: their target (created after ``<source>``/``<seg-source>`` when
  missing; per ``mrk`` when segmented) with the inline codes as they were, and ``state``
  (kept when it still means the same status). Everything else is left as it was.
* **Anew** (:func:`write_xliff12`): XLIFF 1.2 strict, one ``<file>`` per original file, the
  original's ``<group>``s (id, ``resname``), one ``<trans-unit>`` per unit with its original
  id and name (``resname``; ``<seg-source>``/``<mrk>`` for several segments), ``state``,
  ``approved``, where the target came from as ``state-qualifier`` (``leveraged-mt``, ``-tm``,
  ``-inherited`` for the file's own target; none for the translator's), its notes one by
  one and the raw MT as ``<alt-trans origin="machine-translation">`` only where it is MT.
  Codes keep only the attributes strict allows (:mod:`.xliff12_strict`); what was left out
  is named in a ``<note>`` in the ``<file>``'s ``<header>``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from workbench.core.document import Document, SegmentOrigin, UnitGroup
from workbench.core.edits import Status
from workbench.core.errors import InputError
from workbench.core.model.project import SegmentState
from workbench.core.provenance import Provenance
from workbench.formats.bilingual import tool_status
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
    FROM_STATE_12,
    STATE_12,
    Languages,
    Part,
    UnitView,
    build_document,
    by_unit,
    check_xml_chars,
    file_names,
    group_numbers,
    least_status,
    open_groups,
    original_tree,
    read_xml,
    stated_languages,
    unit_origin_fields,
    unit_views,
)
from workbench.formats.bilingual.xliff12_strict import dropped_note, keep_strict
from workbench.formats.project_view import ProjectView
from workbench.formats.xmlfile import local_name as local
from workbench.formats.xmlfile import serialise_like_original

if TYPE_CHECKING:
    from workbench.formats.families import BilingualExchange

NAME = "xliff"  # the registry row, and the Document's format

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MT_ORIGINS = ("machine-translation", "mt")
# where a target came from, as XLIFF 1.2's ``state-qualifier`` says it (a translator's own
# text needs none: ``state`` says where it stands)
STATE_QUALIFIER: dict[Provenance, str] = {
    "mt": "leveraged-mt",
    "memory": "leveraged-tm",
    "file": "leveraged-inherited",
}


def children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c) == name]


def child(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    return next((c for c in el if local(c) == name), None)


def units(root: etree._Element) -> list[tuple[int, etree._Element]]:
    """Every ``<trans-unit>`` with the index of its ``<file>`` (0 when the file has none)."""
    files = [e for e in root.iter() if local(e) == "file"] or [root]
    return [(i, tu) for i, f in enumerate(files) for tu in f.iter() if local(tu) == "trans-unit"]


def _seg_mrks(el: etree._Element | None) -> list[etree._Element]:
    """The segment markers of a ``<seg-source>``/``<target>``, at any depth: Trados wraps
    them in the paragraph's formatting (``<g id="2"><mrk mtype="seg" mid="1">…</mrk>
    <mrk …>…</mrk></g>``); what is around them (those codes, the spaces between) stays in
    the file as it is."""
    if el is None:
        return []
    return [
        c
        for c in el.iterdescendants()
        if local(c) == "mrk" and c.get("mtype") == "seg" and not _in_seg_mrk(c, el)
    ]


def _in_seg_mrk(mrk: etree._Element, top: etree._Element) -> bool:
    parent = mrk.getparent()
    while parent is not None and parent is not top:
        if local(parent) == "mrk" and parent.get("mtype") == "seg":
            return True
        parent = parent.getparent()
    return False


def _has_content(el: etree._Element | None) -> bool:
    return el is not None and (bool((el.text or "").strip()) or len(el) > 0)


@dataclass(frozen=True)
class _Shape:
    """How a unit is cut into segments: per part (id, source element, target element)."""

    parts: tuple[tuple[str, etree._Element | None, etree._Element | None], ...]
    segmented: bool


def _shape(tu: etree._Element) -> _Shape:
    source = child(tu, "source")
    target = child(tu, "target")
    src_mrks = _seg_mrks(child(tu, "seg-source"))
    tgt_mrks = {m.get("mid", ""): m for m in _seg_mrks(target)}
    if src_mrks and (tgt_mrks or not _has_content(target)):
        parts = tuple((m.get("mid", ""), m, tgt_mrks.get(m.get("mid", ""))) for m in src_mrks)
        return _Shape(parts, True)
    return _Shape((("", source, target),), False)


def _mt_alts(tu: etree._Element) -> dict[str, etree._Element]:
    """The raw MT per segment id (``""``: the whole unit) from MT ``<alt-trans>``s."""
    out: dict[str, etree._Element] = {}
    for alt in children(tu, "alt-trans"):
        if (alt.get("origin") or "").lower() in MT_ORIGINS:
            target = child(alt, "target")
            if target is not None:
                out.setdefault(alt.get("mid", ""), target)
    return out


MQ_STATUS = "{MQXliff}status"
FROM_MEMOQ: dict[str, Status] = {
    "NotStarted": "new",
    "MachineTranslated": "new",
    "PreTranslated": "new",
    "PartiallyEdited": "draft",
    "Rejected": "draft",
    "ManuallyConfirmed": "confirmed",
    "Confirmed": "confirmed",
    "Proofread": "confirmed",
    "Reviewer1Confirmed": "confirmed",
    "Reviewer2Confirmed": "confirmed",
}
TO_MEMOQ: dict[Status, str] = {
    "new": "NotStarted",
    "draft": "PartiallyEdited",
    "confirmed": "ManuallyConfirmed",
}


def file_status(tu: etree._Element) -> Status | None:
    """The status a unit's ``state``/``approved`` say (memoQ's ``mq:status`` when they say
    nothing), ``None`` when nothing does."""
    target = child(tu, "target")
    state = target.get("state", "") if target is not None else ""
    if tu.get("approved") == "yes":
        return "confirmed"
    return (
        FROM_STATE_12.get(state)
        or FROM_MEMOQ.get(tu.get(MQ_STATUS, ""))
        or tool_status.unit_status(tu)
    )


def part_status(
    tu: etree._Element, unit: Status | None, part_id: str, target: etree._Element | None
) -> Status | None:
    """A segment's status: what its tool says for it (Trados, MadCap), else the unit's."""
    if tu.get("approved") == "yes":
        return "confirmed"
    return tool_status.segment_status(tu, part_id, target) or unit


def read_unit(
    tu: etree._Element,
    file_index: int,
    unit_index: int,
    groups: dict[etree._Element, int] | None = None,
) -> list[Part]:
    """The segments of one ``<trans-unit>`` (``groups``: the tree's
    :func:`~.units.group_numbers`)."""
    shape = _shape(tu)
    alts = _mt_alts(tu)
    unit_status = file_status(tu)
    note_list = ["".join(n.itertext()).strip() for n in children(tu, "note")]
    notes = "\n".join(note_list)
    place = unit_origin_fields(tu, "resname", [n for n in note_list if n], groups or {})
    reserved = literal_pua([tu])
    parts: list[Part] = []
    for n, (part_id, source_el, target_el) in enumerate(shape.parts):
        status = part_status(tu, unit_status, part_id, target_el)
        table = CodeTable(etree.QName(tu).namespace, reserved)
        source = table.read(source_el)
        alt = alts.get(part_id) if part_id in alts else (alts.get("") if n == 0 else None)
        mt_alt = table.read(alt) if alt is not None else None
        target = table.read(target_el) if target_el is not None else ""
        origin = SegmentOrigin(
            file_index, unit_index, tu.get("id", ""), n, part_id,
            **{**place, "notes": place["notes"] if n == 0 else ()},  # type: ignore[arg-type]
        )  # fmt: skip
        common = {
            "origin": origin,
            "file_target": target,
            "file_status": status or "new",
            "note": notes if n == 0 else "",
        }
        if mt_alt is not None:
            own_status: Status = status or "draft"
            parts.append(
                Part(
                    source=None if source == mt_alt else source,
                    mt=mt_alt,
                    target=target if target_el is not None else None,
                    status=own_status if target_el is not None else None,
                    codes=tuple(table.codes),
                    mt_origin="mt",
                    **common,  # type: ignore[arg-type]
                )
            )
        else:
            parts.append(
                Part(
                    source=source,
                    mt=target,
                    target=None,
                    status=status,
                    codes=tuple(table.codes),
                    **common,  # type: ignore[arg-type]
                )
            )
    return parts


# --- writing back into the original -----------------------------------------------------------


def write_back(
    root: etree._Element,
    by_unit: dict[int, list[tuple[SegmentState, Part]]],
    target_language: str,
) -> None:
    """Write the changed targets and states into the original tree ``root``."""
    for unit_index, (_, tu) in enumerate(units(root)):
        pairs = by_unit.get(unit_index)
        if not pairs:
            continue
        if all(s.target == p.file_target and s.status == p.file_status for s, p in pairs):
            continue
        ns = etree.QName(tu).namespace
        shape = _shape(tu)
        target = child(tu, "target")
        if target is None:
            target = _new_target(tu, ns, shape, target_language)
        for state, part in pairs:
            where = state.id
            holder = _target_mrk(target, shape, part.origin.part, ns) if shape.segmented else target
            clear(holder)
            write_inline(holder, state.target, state.codes, dialect="xliff12", ns=ns,
                         same_format=True, where=where)  # fmt: skip
            typed = state.target != part.file_target
            tool_status.write_segment_status(
                tu, part.origin.part_id, holder, state.status, typed=typed
            )
        status = least_status(s.status for s, _ in pairs)
        current = target.get("state")
        if current in FROM_STATE_12:
            if FROM_STATE_12[str(current)] != status:
                target.set("state", STATE_12[status])
        elif status != least_status(p.file_status for _, p in pairs) and not (
            tool_status.has_segment_statuses(tu)
        ):
            target.set("state", STATE_12[status])
        tool_status.write_unit_status(
            tu, status, typed=any(s.target != p.file_target for s, p in pairs)
        )
        if tu.get("approved") is not None:
            tu.set("approved", "yes" if status == "confirmed" else "no")
        if FROM_MEMOQ.get(tu.get(MQ_STATUS, "")) not in (None, status):
            tu.set(MQ_STATUS, TO_MEMOQ[status])


def _new_target(
    tu: etree._Element, ns: str | None, shape: _Shape, target_language: str
) -> etree._Element:
    target = etree.Element(f"{{{ns}}}target" if ns else "target")
    seg_source = child(tu, "seg-source")
    anchor = seg_source if seg_source is not None else child(tu, "source")
    if anchor is None:
        tu.insert(0, target)
    else:
        anchor.addnext(target)
        target.tail = anchor.tail
    source = child(tu, "source")
    if source is not None and source.get(XML_LANG) is not None and target_language:
        target.set(XML_LANG, target_language)
    if source is not None and source.get(XML_SPACE) is not None:
        target.set(XML_SPACE, str(source.get(XML_SPACE)))
    if shape.segmented and seg_source is not None:
        target.text = seg_source.text
        for c in seg_source:
            copy = etree.fromstring(etree.tostring(c))
            target.append(copy)
    return target


def _target_mrk(target: etree._Element, shape: _Shape, part: int, ns: str | None) -> etree._Element:
    part_id = shape.parts[part][0]
    for mrk in _seg_mrks(target):
        if mrk.get("mid", "") == part_id:
            return mrk
    mrk = etree.SubElement(target, f"{{{ns}}}mrk" if ns else "mrk", mtype="seg")
    if part_id:
        mrk.set("mid", part_id)
    return mrk


# --- writing anew ------------------------------------------------------------------------------


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _content(
    parent: etree._Element,
    text: str,
    state: SegmentState,
    *,
    same: bool,
    where: str,
    ids: UnitIds,
) -> etree._Element:
    write_inline(
        parent, text, state.codes, dialect="xliff12", ns=NS, same_format=same, where=where, ids=ids
    )
    return parent


def _unit(
    body: etree._Element, unit: UnitView, same: bool, mt_ids: frozenset[str]
) -> etree._Element:
    tu = etree.SubElement(body, _q("trans-unit"), id=unit.unit_id)
    if unit.name:
        tu.set("resname", unit.name)
    tu.set(XML_SPACE, "preserve")
    status = unit.status
    if status == "confirmed":
        tu.set("approved", "yes")
    several = len(unit.parts) > 1
    ids = UnitIds()  # converted codes keep one id in source, target and MT
    source = etree.SubElement(tu, _q("source"))
    seg_source = etree.SubElement(tu, _q("seg-source")) if several else None
    target = etree.SubElement(tu, _q("target"), state=STATE_12[status])
    mids: list[str] = []
    for n, (seg, state) in enumerate(unit.parts):
        src_text = state.source if state.source else state.mt
        if several:
            mid = (seg.origin.part_id if seg.origin else "") or str(n)
            mids.append(mid)
            gap = " " if n else ""
            for el in (source, target, seg_source):
                if el is not None:
                    _tail(el, gap)
            _content(_mrk(source, None), src_text, state, same=same, where=seg.id, ids=ids)
            assert seg_source is not None
            _content(_mrk(seg_source, mid), src_text, state, same=same, where=seg.id, ids=ids)
            _content(_mrk(target, mid), state.target, state, same=same, where=seg.id, ids=ids)
        else:
            _content(source, src_text, state, same=same, where=seg.id, ids=ids)
            _content(target, state.target, state, same=same, where=seg.id, ids=ids)
    if several:
        _flatten(source)
    if status == "new" and not any(state.target for _, state in unit.parts):
        tu.remove(target)  # untranslated stays untranslated: no target at all
    elif unit.target_origin in STATE_QUALIFIER:
        target.set("state-qualifier", STATE_QUALIFIER[unit.target_origin])
    for note in unit.notes:
        etree.SubElement(tu, _q("note")).text = note
    for n, (seg, state) in enumerate(unit.parts):
        if seg.id not in mt_ids or not state.mt:
            continue  # the file's own target is not MT; no empty MT
        alt = etree.SubElement(tu, _q("alt-trans"), origin="machine-translation")
        if several:
            alt.set("mid", mids[n])
        _content(
            etree.SubElement(alt, _q("target")), state.mt, state, same=same, where=seg.id, ids=ids
        )
    return tu


def _group(parent: etree._Element, group: UnitGroup) -> etree._Element:
    """A ``<group>`` of the original file (its id and ``resname``)."""
    el = etree.SubElement(parent, _q("group"))
    if group.id:
        el.set("id", group.id)
    if group.name:
        el.set("resname", group.name)
    return el


def _tail(el: etree._Element, text: str) -> None:
    if not text:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _mrk(parent: etree._Element, mid: str | None) -> etree._Element:
    mrk = etree.SubElement(parent, _q("mrk"), mtype="seg")
    if mid is not None:
        mrk.set("mid", mid)
    return mrk


def _flatten(source: etree._Element) -> None:
    """``<source>`` of a segmented unit holds the text of its segments without the mrks."""
    for mrk in [m for m in source if local(m) == "mrk"]:
        parent = mrk.getparent()
        assert parent is not None
        index = parent.index(mrk)
        text, tail = mrk.text or "", mrk.tail or ""
        kids = list(mrk)
        if index == 0:
            parent.text = (parent.text or "") + text
        else:
            prev = parent[index - 1]
            prev.tail = (prev.tail or "") + text
        for k, kid in enumerate(kids):
            parent.insert(index + k, kid)
        if kids:
            kids[-1].tail = (kids[-1].tail or "") + tail
        elif index == 0:
            parent.text = (parent.text or "") + tail
        else:
            prev = parent[index - 1]
            prev.tail = (prev.tail or "") + tail
        parent.remove(mrk)


def _shaped(
    sink: UnitSink, parent: etree._Element, unit: UnitView, same: bool, mt_ids: frozenset[str]
) -> bool:
    """A unit of one segment without inline codes (an article's) written by its shape
    (:meth:`UnitSink.take_shaped`): what :func:`_unit` writes, built once per shape.
    ``False`` for any other unit (written by :func:`_unit`)."""
    if len(unit.parts) != 1:
        return False
    seg, state = unit.parts[0]
    if state.codes:
        return False  # (nothing for keep_strict to drop either)
    with_mt = seg.id in mt_ids and bool(state.mt)
    shape = ("xliff12", same, state.status, state.target_origin, len(unit.notes), with_mt)
    values = (
        unit.unit_id, unit.name, state.source if state.source else state.mt, state.target,
        state.mt, *unit.notes,
    )  # fmt: skip

    def build(slots: Sequence[str]) -> etree._Element:
        unit_id, name, source, target, mt, *notes = slots
        fake = replace(seg, id="s")
        fake_state = replace(state, source=source, mt=source, target=target)
        tu = _unit(
            parent,
            replace(
                unit, unit_id=unit_id, name=name, notes=tuple(notes), parts=((fake, fake_state),)
            ),
            same,
            frozenset({"s"}) if with_mt else frozenset(),
        )
        if with_mt:  # the MT's own slot (the source's when the segment has no source)
            alt = tu[-1]
            alt[0].text = mt
        return tu

    sink.take_shaped(parent, shape, values, 2, build)
    return True


def write_xliff12(view: ProjectView) -> Iterator[bytes]:
    """XLIFF 1.2 (strict) of the project: original files, unit ids, notes, inline codes,
    states, and the raw MT as ``<alt-trans origin="machine-translation">`` where it is MT
    (:func:`~workbench.formats.registry.machine_translated`; none when empty)."""
    from workbench.formats.registry import machine_translated

    check_xml_chars(view)
    src_lang, tgt_lang = stated_languages(view)
    same = view.document.format == NAME
    root = etree.Element(_q("xliff"), version="1.2", nsmap={None: NS})
    bodies: dict[int, etree._Element] = {}
    for index, name in enumerate(file_names(view)):
        file_el = etree.SubElement(
            root,
            _q("file"),
            original=name,
            datatype="plaintext",
        )
        file_el.set("source-language", src_lang)
        file_el.set("target-language", tgt_lang)
        bodies[index] = etree.SubElement(file_el, _q("body"))
    mt_ids = machine_translated(view)
    sink = UnitSink(TEXT_ELEMENTS)
    drops: dict[int, Counter[str]] = {index: Counter() for index in bodies}
    open_now: dict[int, list[tuple[UnitGroup, etree._Element]]] = {}
    for unit in unit_views(view):
        parent = open_groups(open_now.setdefault(unit.file, []), bodies[unit.file], unit.groups,
                             _group)  # fmt: skip
        if _shaped(sink, parent, unit, same, mt_ids):
            continue
        tu = _unit(parent, unit, same, mt_ids)
        drops[unit.file].update(keep_strict(tu))  # other tools' attributes (WorldServer, Trados)
        sink.take(tu)
    for index, body in bodies.items():
        dropped = drops[index]
        if dropped:
            header = etree.Element(_q("header"))
            body.addprevious(header)
            etree.SubElement(header, _q("note"), {"from": "workbench"}).text = dropped_note(dropped)
    for index in list(bodies):
        if not len(bodies[index]):
            parent = bodies[index].getparent()
            assert parent is not None
            root.remove(parent)
    return sink.document(root)


TEXT_ELEMENTS = frozenset({"source", "seg-source", "target", "note"})


def parts_of(root: etree._Element) -> list[Part]:
    """Every translatable segment of an XLIFF 1.x tree, in order."""
    out: list[Part] = []
    groups = group_numbers(root)
    for unit_index, (file_index, tu) in enumerate(units(root)):
        if tu.get("translate") == "no":
            continue
        out.extend(read_unit(tu, file_index, unit_index, groups))
    return out


def skipped_units(root: etree._Element) -> list[str]:
    return [
        f'unit {tu.get("id", "?")}: translate="no", left as it is'
        for _, tu in units(root)
        if tu.get("translate") == "no"
    ]


def file_attributes(root: etree._Element) -> tuple[list[str], str, str]:
    """The ``<file>`` names and the first stated source and target languages."""
    files = [e for e in root.iter() if local(e) == "file"]
    names = [f.get("original", "") for f in files]
    src = next((f.get("source-language", "") for f in files if f.get("source-language")), "")
    tgt = next((f.get("target-language", "") for f in files if f.get("target-language")), "")
    return names, src, tgt


@names_the_file
def read_xliff(path: Path | str, *, language: str = "", source_language: str = "") -> Document:
    """XLIFF 1.x (whatever tool wrote it), or 2.0 (read by
    :mod:`~workbench.formats.bilingual.xliff20`: the two share their file endings);
    ``language``/``source_language`` override the target and source languages the file
    states."""
    p = Path(path)
    data, root = read_xml(p)
    if local(root) != "xliff":
        raise InputError(f"{p}: not an XLIFF file (root <{local(root)}>)")
    if root.get("version", "").startswith("2"):
        from workbench.formats.bilingual import xliff20

        return xliff20.document(p, data, root, language, source_language)
    parts = parts_of(root)
    files, stated_source, stated_target = file_attributes(root)
    langs = Languages.resolve(
        p,
        options=(source_language, language),
        stated=(stated_source, stated_target),
        sources=(part.source or "" for part in parts),
        targets=(part.target or part.mt for part in parts),
    )
    return build_document(
        p,
        parts,
        fmt=NAME,
        source_language=langs.source,
        target_language=langs.target,
        original=data,
        files=files,
        notices=[*langs.notices, *skipped_units(root)],
    )


def write_original(view: ProjectView) -> bytes:
    """The XLIFF 1.x file the project was made from, the changed targets and states written
    into it (``--to original``); ``--source-lang``/``--target-lang`` restate the
    ``<file>``s' languages."""
    root = original_tree(view)
    target = view.languages()[1]
    write_back(root, by_unit(view, parts_of(root)), target)
    for file_el in (e for e in root.iter() if local(e) == "file"):
        if view.source_option:
            file_el.set("source-language", view.source_option)
        if view.target_option:
            file_el.set("target-language", view.target_option)
    return serialise_like_original(root, view.document.original)


class Xliff12:
    """XLIFF 1.x read (any tool's dialect), written back, written anew (1.2 strict)."""

    def read(self, path: Path | str, *, language: str = "", source_language: str = "") -> Document:
        return read_xliff(path, language=language, source_language=source_language)

    def write_back(self, view: ProjectView) -> bytes:
        return write_original(view)

    def write_new(self, view: ProjectView) -> Iterator[bytes]:
        return write_xliff12(view)


FORMAT: BilingualExchange = Xliff12()
