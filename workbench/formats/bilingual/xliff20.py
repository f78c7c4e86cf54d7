"""XLIFF 2.0: read, write back into the original, write anew.

* **Units** are every ``<unit>`` in document order (in ``<file>``s and ``<group>``s); a unit
  with several ``<segment>``s is one paragraph of several segments (``<ignorable>``s stay
  in the file); ``translate="no"`` units stay in the file but not in the project.
* **Inline codes:** ``<ph>``, ``<pc>``, ``<sc>``/``<ec>`` (also across segments and
  isolated), ``<mrk>``, ``<sm>``/``<em>``, ``<cp>``; a code keeps the ``<data>`` of
  ``<originalData>`` it refers to.
* **MT:** an ``mtc:match type="mt"`` for a segment (``ref="#id"``) is the raw MT and the
  segment's target the translator's work; otherwise the target is the text to post-edit.
  ``state`` initial -> new, translated/reviewed -> draft, final -> confirmed.
* **Back into the original** (:func:`write_back`): only changed segments get their target
  (created after ``<source>`` when missing) and ``state`` (kept while it means the same
  status; a changed state drops its ``subState``); ``trgLang`` is added when the file had
  targets for the first time.
* **Anew** (:func:`write_xliff2`): XLIFF 2.0 core + Translation Candidates (``mtc``):
  ``<file>`` per original file, the original's ``<group>``s (id, ``name``), ``<unit>`` per
  unit (id made an NMTOKEN when it is not one; ``name`` its name, else the original id),
  its notes one by one, ``<originalData>``, segments with ``state`` and where the target
  came from as ``subState`` (``workbench:mt|file|memory|translator``), and the raw MT as
  ``mtc:match type="mt"`` only where it is MT. ``xml:space="preserve"`` sits on ``<unit>``
  (the schema does not allow it on ``<segment>``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from workbench.core.document import Document, SegmentOrigin, UnitGroup
from workbench.core.edits import Status
from workbench.core.errors import InputError
from workbench.core.model.project import SegmentState
from workbench.core.provenance import Provenance
from workbench.formats.bilingual import xliff20_checks
from workbench.formats.bilingual.inline_xml import (
    CodeTable,
    UnitIds,
    clear,
    data_elements,
    literal_pua,
    strip_namespace,
    write_inline,
)
from workbench.formats.bilingual.streamed_xml import UnitSink
from workbench.formats.bilingual.units import (
    FROM_STATE_2,
    STATE_2,
    Languages,
    Part,
    UnitView,
    build_document,
    by_unit,
    check_xml_chars,
    file_names,
    group_numbers,
    open_groups,
    original_tree,
    stated_languages,
    unit_origin_fields,
    unit_views,
)
from workbench.formats.project_view import ProjectView
from workbench.formats.xmlfile import local_name as local
from workbench.formats.xmlfile import serialise_like_original

if TYPE_CHECKING:
    from workbench.formats.families import BilingualExchange

NAME = "xliff2"  # the registry row, and the Document's format

NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NMTOKEN = re.compile(r"^[\w.\-:]+$")


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def units(root: etree._Element) -> list[tuple[int, etree._Element]]:
    """Every ``<unit>`` with the index of its ``<file>``."""
    files = [e for e in root if local(e) == "file"]
    return [(i, u) for i, f in enumerate(files) for u in f.iter(_q("unit"))]


def _segments(unit: etree._Element) -> list[etree._Element]:
    return [c for c in unit if local(c) == "segment"]


def _mt_targets(unit: etree._Element, segments: list[etree._Element]) -> dict[int, etree._Element]:
    """The raw MT target per segment index, from ``mtc:match type="mt"``."""
    out: dict[int, etree._Element] = {}
    ids = {s.get("id"): n for n, s in enumerate(segments) if s.get("id")}
    for match in unit.iter(f"{{{MTC_NS}}}match"):
        if match.get("type") != "mt":
            continue
        target = match.find(_q("target"))
        if target is None:
            continue
        ref = (match.get("ref") or "").removeprefix("#")
        n = ids.get(ref)
        if n is None and len(segments) == 1:
            n = 0
        if n is not None:
            out.setdefault(n, target)
    return out


def _data(unit: etree._Element) -> dict[str, str]:
    original = unit.find(_q("originalData"))
    if original is None:
        return {}
    return {
        str(d.get("id")): etree.tostring(strip_namespace(d, NS), encoding="unicode")
        for d in original
        if local(d) == "data"
    }


def _notes(unit: etree._Element) -> list[str]:
    notes = unit.find(_q("notes"))
    if notes is None:
        return []
    return ["".join(n.itertext()).strip() for n in notes if local(n) == "note"]


def read_unit(
    unit: etree._Element,
    file_index: int,
    unit_index: int,
    groups: dict[etree._Element, int] | None = None,
) -> list[Part]:
    """The segments of one ``<unit>`` (``groups``: the tree's
    :func:`~.units.group_numbers`)."""
    segments = _segments(unit)
    mts = _mt_targets(unit, segments)
    data = _data(unit)
    reserved = literal_pua([unit])
    note_list = _notes(unit)
    notes = "\n".join(note_list)
    place = unit_origin_fields(unit, "name", [n for n in note_list if n], groups or {})
    parts: list[Part] = []
    for n, segment in enumerate(segments):
        table = CodeTable(NS, reserved, data)
        source = table.read(segment.find(_q("source")))
        mt_el = mts.get(n)
        mt = table.read(mt_el) if mt_el is not None else None
        target_el = segment.find(_q("target"))
        target = table.read(target_el) if target_el is not None else ""
        said = segment.get("state")
        status: Status | None = FROM_STATE_2.get(said) if said else None
        origin = SegmentOrigin(
            file_index, unit_index, unit.get("id", ""), n, segment.get("id", ""),
            **{**place, "notes": place["notes"] if n == 0 else ()},  # type: ignore[arg-type]
        )  # fmt: skip
        common = {
            "origin": origin,
            "codes": tuple(table.codes),
            "file_target": target,
            "file_status": FROM_STATE_2.get(said or "initial", "new"),
            "note": notes if n == 0 else "",
        }
        if mt is not None:
            has_target = target_el is not None
            parts.append(
                Part(
                    source=None if source == mt else source,
                    mt=mt,
                    target=target if has_target else None,
                    status=(status or "new") if has_target else None,
                    mt_origin="mt",
                    **common,  # type: ignore[arg-type]
                )
            )
        else:
            parts.append(Part(source=source, mt=target, target=None, status=status, **common))  # type: ignore[arg-type]
    return parts


def parts_of(root: etree._Element) -> list[Part]:
    out: list[Part] = []
    groups = group_numbers(root)
    for unit_index, (file_index, unit) in enumerate(units(root)):
        if _translatable(unit):
            out.extend(read_unit(unit, file_index, unit_index, groups))
    return out


def _translatable(unit: etree._Element) -> bool:
    """``translate`` is inherited from the enclosing group or file, and the nearest explicit
    one wins: a ``translate="yes"`` unit in a ``translate="no"`` file is translated."""
    el: etree._Element | None = unit
    while el is not None:
        said = el.get("translate")
        if said in ("yes", "no"):
            return bool(said == "yes")
        el = el.getparent()
    return True


def skipped_units(root: etree._Element) -> list[str]:
    return [
        f'unit {u.get("id", "?")}: translate="no", left as it is'
        for _, u in units(root)
        if not _translatable(u)
    ]


def file_names_of(root: etree._Element) -> list[str]:
    return [f.get("original") or f.get("id", "") for f in root if local(f) == "file"]


# --- writing back into the original -----------------------------------------------------------


def write_back(
    root: etree._Element,
    by_unit: dict[int, list[tuple[SegmentState, Part]]],
    target_language: str,
) -> None:
    """Write the changed targets and states into the original tree ``root``."""
    wrote = False
    for unit_index, (_, unit) in enumerate(units(root)):
        pairs = by_unit.get(unit_index)
        if not pairs:
            continue
        segments = _segments(unit)
        for state, part in pairs:
            if state.target == part.file_target and state.status == part.file_status:
                continue
            segment = segments[part.origin.part]
            target = segment.find(_q("target"))
            if target is None:
                target = etree.Element(_q("target"))
                source = segment.find(_q("source"))
                assert source is not None
                source.addnext(target)
                target.tail = source.tail
            clear(target)
            write_inline(target, state.target, state.codes, dialect="xliff2", ns=NS,
                         same_format=True, where=state.id)  # fmt: skip
            wrote = True
            said = segment.get("state")
            if FROM_STATE_2.get(said or "initial") != state.status:
                segment.set("state", STATE_2[state.status])
                if segment.get("subState") is not None:
                    del segment.attrib["subState"]
    if wrote and not root.get("trgLang"):
        root.set("trgLang", target_language or "und")


# --- writing anew ------------------------------------------------------------------------------


def _nmtoken(value: str, fallback: str) -> str:
    return value if value and _NMTOKEN.match(value) else fallback


def _unique(wanted: str, used: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``-3``... when a unit or group of the file has it."""
    value, k = wanted, 2
    while value in used:
        value, k = f"{wanted}-{k}", k + 1
    used.add(value)
    return value


def _segment_ids(unit: UnitView, same: bool) -> list[str]:
    ids: list[str] = []
    for n, (seg, _) in enumerate(unit.parts, start=1):
        own = seg.origin.part_id if (same and seg.origin) else ""
        wanted = _nmtoken(own, f"s{n}")
        ids.append(wanted if wanted not in ids else f"s{n}")
    return ids


# where a target came from, in the segment's ``subState`` ("prefix:value", XLIFF 2.0 core)
SUB_STATE: dict[Provenance, str] = {
    "mt": "workbench:mt",
    "memory": "workbench:memory",
    "file": "workbench:file",
    "translator": "workbench:translator",
}


def _unit(
    parent: etree._Element,
    unit: UnitView,
    n: int,
    same: bool,
    mt_ids: frozenset[str],
    used: set[str],
) -> etree._Element:
    unit_id = _unique(_nmtoken(unit.unit_id, f"u{n}"), used)
    el = etree.SubElement(parent, _q("unit"), id=unit_id)
    if unit.name:
        el.set("name", unit.name)
    elif unit_id != unit.unit_id:
        el.set("name", unit.unit_id)
    el.set(XML_SPACE, "preserve")
    matches = etree.SubElement(el, f"{{{MTC_NS}}}matches")
    if unit.notes:
        notes = etree.SubElement(el, _q("notes"))
        for note in unit.notes:
            etree.SubElement(notes, _q("note")).text = note
    original = etree.SubElement(el, _q("originalData"))
    ids = UnitIds()
    raw_data: dict[str, etree._Element] = {}
    seg_ids = _segment_ids(unit, same)
    for (seg, state), seg_id in zip(unit.parts, seg_ids, strict=True):
        source_text = state.source if state.source else state.mt
        segment = etree.SubElement(el, _q("segment"), id=seg_id, state=STATE_2[state.status])
        if state.target and state.target_origin in SUB_STATE:
            segment.set("subState", SUB_STATE[state.target_origin])
        holders = [(etree.SubElement(segment, _q("source")), source_text)]
        if seg.id in mt_ids and state.mt:  # the file's own target is not MT; no empty MT
            match = etree.SubElement(
                matches, f"{{{MTC_NS}}}match", ref=f"#{seg_id}", type="mt",
                origin="machine-translation",
            )  # fmt: skip
            holders[:0] = [
                (etree.SubElement(match, _q("source")), source_text),
                (etree.SubElement(match, _q("target")), state.mt),
            ]
        if state.target or state.status != "new":  # untranslated stays without a target
            holders.append((etree.SubElement(segment, _q("target")), state.target))
        for holder, text in holders:
            write_inline(holder, text, state.codes, dialect="xliff2", ns=NS, same_format=same,
                         where=seg.id, ids=ids)  # fmt: skip
        if same:
            for code in state.codes:
                for node in data_elements(code, NS):
                    raw_data.setdefault(str(node.get("id")), node)
    for data_id, content in ids.data.items():
        etree.SubElement(original, _q("data"), id=data_id).text = content
    for node in raw_data.values():
        original.append(node)
    if not len(original):
        el.remove(original)
    if not len(matches):
        el.remove(matches)
    return el


def _shaped(
    sink: UnitSink,
    parent: etree._Element,
    unit: UnitView,
    n: int,
    same: bool,
    mt_ids: frozenset[str],
    used: set[str],
) -> bool:
    """A unit of one segment without inline codes (an article's) written by its shape
    (:meth:`UnitSink.take_shaped`): what :func:`_unit` writes, built once per shape.
    ``False`` for any other unit (written by :func:`_unit`)."""
    if len(unit.parts) != 1 or _segment_ids(unit, same) != ["s1"]:
        return False
    seg, state = unit.parts[0]
    if state.codes or not unit.unit_id:
        return False
    unit_id = _unique(_nmtoken(unit.unit_id, f"u{n}"), used)
    name = unit.name or (unit.unit_id if unit_id != unit.unit_id else "")
    with_mt = seg.id in mt_ids and bool(state.mt)
    shape = ("xliff2", state.status, state.target_origin, len(unit.notes), with_mt)
    values = (unit_id, name, state.source if state.source else state.mt, state.target, state.mt,
              *unit.notes)  # fmt: skip

    def build(slots: Sequence[str]) -> etree._Element:
        unit_id, name, source, target, mt, *notes = slots
        fake_state = replace(state, source=source, mt=mt if with_mt else source, target=target)
        fake = replace(unit, unit_id=unit_id, name=name, notes=tuple(notes),
                       parts=((replace(seg, id="s"), fake_state),))  # fmt: skip
        return _unit(parent, fake, n, same, frozenset({"s"}) if with_mt else frozenset(), set())

    sink.take_shaped(parent, shape, values, 2, build)
    return True


def write_xliff2(view: ProjectView) -> Iterator[bytes]:
    """XLIFF 2.0 of the project (core + Translation Candidates module, valid against the
    OASIS schemas): original files and unit ids, notes, inline codes, states, raw MT where
    it is MT (:func:`~workbench.formats.registry.machine_translated`; none when empty)."""
    from workbench.formats.registry import machine_translated

    check_xml_chars(view)
    doc = view.document
    source, target = stated_languages(view)
    root = etree.Element(
        _q("xliff"), version="2.0", srcLang=source, trgLang=target, nsmap={None: NS, "mtc": MTC_NS}
    )
    same = doc.format == NAME
    files: dict[int, etree._Element] = {}
    for index, name in enumerate(file_names(view)):
        files[index] = etree.SubElement(root, _q("file"), id=f"f{index + 1}", original=name)
    mt_ids = machine_translated(view)
    sink = UnitSink(frozenset({"source", "target", "note", "data"}))
    open_now: dict[int, list[tuple[UnitGroup, etree._Element]]] = {}
    used: dict[int, set[str]] = {}  # the ids of a file's units and groups (unique there)
    for n, unit in enumerate(unit_views(view), start=1):
        ids = used.setdefault(unit.file, set())

        def group(parent: etree._Element, g: UnitGroup, ids: set[str] = ids) -> etree._Element:
            el = etree.SubElement(parent, _q("group"), id=_unique(_nmtoken(g.id, "g1"), ids))
            if g.name:
                el.set("name", g.name)
            return el

        parent = open_groups(open_now.setdefault(unit.file, []), files[unit.file], unit.groups,
                             group)  # fmt: skip
        if not _shaped(sink, parent, unit, n, same, mt_ids, ids):
            sink.take(_unit(parent, unit, n, same, mt_ids, ids))
    for file_el in list(files.values()):
        if not len(file_el):
            root.remove(file_el)
    return sink.document(root)


def document(
    path: Path, data: bytes, root: etree._Element, language: str, source_language: str
) -> Document:
    """The Document of an XLIFF 2.0 file already parsed (``root``); ``language``/
    ``source_language`` override ``trgLang``/``srcLang``. A file breaking a constraint of
    XLIFF 2.0 core (:mod:`.xliff20_checks`) is refused with one line."""
    try:
        xliff20_checks.check(root)
    except xliff20_checks.Broken as exc:
        raise InputError(f"{path}: not valid XLIFF 2.0: {exc}") from None
    parts = parts_of(root)
    langs = Languages.resolve(
        path,
        options=(source_language, language),
        stated=(root.get("srcLang", ""), root.get("trgLang", "")),
        sources=(part.source or "" for part in parts),
        targets=(part.target or part.mt for part in parts),
    )
    return build_document(
        path,
        parts,
        fmt=NAME,
        source_language=langs.source,
        target_language=langs.target,
        original=data,
        files=file_names_of(root),
        notices=[*langs.notices, *skipped_units(root)],
    )


def write_original(view: ProjectView) -> bytes:
    """The XLIFF 2.0 file the project was made from, the changed targets and states written
    into it (``--to original``); ``--source-lang``/``--target-lang`` restate
    ``srcLang``/``trgLang``."""
    root = original_tree(view)
    write_back(root, by_unit(view, parts_of(root)), view.languages()[1])
    if view.source_option:
        root.set("srcLang", view.source_option)
    if view.target_option:
        root.set("trgLang", view.target_option)
    return serialise_like_original(root, view.document.original)


class Xliff20:
    """XLIFF 2.0 read (through the XLIFF row: the root's ``version`` tells), written back,
    written anew (core + Translation Candidates)."""

    def read(self, path: Path | str, *, language: str = "", source_language: str = "") -> Document:
        from workbench.formats.bilingual.xliff12 import read_xliff

        return read_xliff(path, language=language, source_language=source_language)

    def write_back(self, view: ProjectView) -> bytes:
        return write_original(view)

    def write_new(self, view: ProjectView) -> Iterator[bytes]:
        return write_xliff2(view)


FORMAT: BilingualExchange = Xliff20()
