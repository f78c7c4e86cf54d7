"""What the bilingual formats share: units read from a file becoming a Document, a
project's segments grouped back into units, statuses <-> states, languages, and the check
that a text can be written as XML at all.

* Reading: each reader yields :class:`Part` s (one per segment of a unit, with where it
  came from, its codes, and what the file held); :func:`build_document` makes the
  Document: one paragraph per unit, the unit's segments in it.
* Writing: :func:`unit_views` groups a project's segments by the unit they came from (an
  article's segments are units of their own), with unique ids per file.
* States: :data:`STATE_12`/:data:`FROM_STATE_12` (XLIFF 1.2), :data:`STATE_2`/
  :data:`FROM_STATE_2` (XLIFF 2.0); TMX has none (a unit there is a confirmed translation).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from workbench.core.document import Document, Segment, SegmentOrigin, UnitGroup
from workbench.core.edits import Status
from workbench.core.errors import InputError, OutputError
from workbench.core.inline_codes import InlineCode, strip_codes
from workbench.core.language import text_language
from workbench.core.model.project import SegmentState
from workbench.core.provenance import Provenance
from workbench.core.textio import read_bytes
from workbench.formats.project_view import ProjectView
from workbench.formats.xmlfile import local_name, parse_xml_bytes

STATE_12: dict[Status, str] = {
    "new": "new",
    "draft": "needs-review-translation",
    "confirmed": "translated",
}
FROM_STATE_12: dict[str, Status] = {
    "new": "new",
    "needs-translation": "new",
    "needs-adaptation": "new",
    "needs-l10n": "new",
    "needs-review-translation": "draft",
    "needs-review-adaptation": "draft",
    "needs-review-l10n": "draft",
    "translated": "confirmed",
    "final": "confirmed",
    "signed-off": "confirmed",
}
STATE_2: dict[Status, str] = {"new": "initial", "draft": "translated", "confirmed": "final"}
FROM_STATE_2: dict[str, Status] = {
    "initial": "new",
    "translated": "draft",
    "reviewed": "draft",
    "final": "confirmed",
}
STATUS_ORDER: dict[Status, int] = {"new": 0, "draft": 1, "confirmed": 2}


def least_status(statuses: Iterable[Status]) -> Status:
    """The status of a unit of several segments: that of its least advanced segment."""
    return min(statuses, key=STATUS_ORDER.__getitem__, default="new")


@dataclass(frozen=True)
class Part:
    """One segment read from a bilingual file.

    ``mt`` is the text to post-edit (a separate raw MT when the file has one, else the
    file's target, else ``""``); ``target`` is a translator's target beside a separate MT
    (``None`` otherwise); ``status`` what the file says (``None``: nothing). ``file_target``
    and ``file_status`` are what the file holds for this segment, to tell later whether the
    project changed it (``--to original`` rewrites only what changed). ``mt_origin`` says
    whether ``mt`` is machine translation (``mt``) or the file's own target (``file``)."""

    origin: SegmentOrigin
    source: str | None
    mt: str
    target: str | None
    status: Status | None
    codes: tuple[InlineCode, ...]
    file_target: str = ""
    file_status: Status = "new"
    note: str = ""
    mt_origin: Provenance = "file"  # ``mt`` is the file's own target, or a separate MT


def part_segment(part: Part, segment_id: str, paragraph: int) -> Segment:
    """The segment a unit's part becomes (read whole or streamed: the same fields)."""
    return Segment(
        id=segment_id,
        paragraph=paragraph,
        text=part.mt,
        source=part.source,
        target=part.target,
        status=part.status,
        codes=part.codes,
        origin=part.origin,
        note=part.note,
        mt_origin=part.mt_origin if part.mt else "",
    )


def build_document(
    path: Path,
    parts: Sequence[Part],
    *,
    fmt: str,
    source_language: str,
    target_language: str,
    original: bytes,
    files: Sequence[str] = (),
    notices: Sequence[str] = (),
) -> Document:
    """A Document of bilingual parts: one paragraph per unit, ids ``p{unit}s{n}``."""
    if not parts:
        raise InputError(f"{path}: no translation units")
    segments: list[Segment] = []
    gaps: list[str] = [""]
    paragraph = 0
    last_unit = -1
    n = 0
    for part in parts:
        if part.origin.unit != last_unit:
            paragraph += 1
            n = 0
            last_unit = part.origin.unit
            if segments:
                gaps[-1] = "\n\n"
        elif segments:
            gaps[-1] = " "
        n += 1
        segments.append(part_segment(part, f"p{paragraph}s{n}", paragraph))
        gaps.append("\n")
    return Document(
        name=path.name,
        segments=tuple(segments),
        gaps=tuple(gaps),
        format=fmt,
        source_language=source_language,
        target_language=target_language,
        original=original,
        files=tuple(files),
        notices=tuple(notices),
    )


# --- languages ---------------------------------------------------------------------------------

_NAME_TAG = re.compile(r"^[a-z]{2}(?:[-_](?:[A-Z]{2}|[A-Z][a-z]{3}|\d{3}))?$")


def language_in_name(path: Path) -> str:
    """A language tag in a file name the way Angular and many tools name translations
    (``messages.fr.xlf``, ``app.de-AT.xliff``), else ``""``."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) >= 3 and _NAME_TAG.match(parts[-2]) else ""


@dataclass
class Languages:
    """Resolving a file's languages: an option (``--source-lang``/``--target-lang``) wins,
    then what the file states, then a tag in the file name (target only), then detection
    (script test + langdetect) over the texts. ``notices`` says where each came from."""

    source: str = ""
    target: str = ""
    notices: list[str] = field(default_factory=list)

    @classmethod
    def resolve(
        cls,
        path: Path,
        *,
        options: tuple[str, str],
        stated: tuple[str, str],
        sources: Iterable[str],
        targets: Iterable[str],
    ) -> Languages:
        out = cls()
        for side, option, said, texts, hint in (
            ("source", options[0], stated[0], sources, ""),
            ("target", options[1], stated[1], targets, language_in_name(path)),
        ):
            value, how = option, "--" + side + "-lang"
            if not value and said:
                value, how = said, "the file"
            if not value and hint:
                value, how = hint, "the file name"
            if not value:
                value = text_language(" ".join(strip_codes(t) for t in texts if t))
                how = "detected (script + langdetect)" if value else ""
            if value:
                out.notices.append(f"{side} language {value} ({how})")
            else:
                out.notices.append(f"{side} language unknown: pass --{side}-lang")
            setattr(out, side, value)
        return out


def read_xml(path: Path) -> tuple[bytes, etree._Element]:
    """A bilingual XML file's bytes and parsed tree (bad input: one-line InputError)."""
    data = read_bytes(path, what="bilingual file")
    return data, parse_xml_bytes(data, path, what="bilingual file")


def original_bytes(view: ProjectView) -> bytes:
    """The bytes of the file the project was made from (``--to original``)."""
    doc = view.document
    if not doc.original:
        raise OutputError(
            f"{doc.name}: this project keeps no copy of its original file (made by an older "
            "workbench); export --to xliff, xliff2 or tmx instead"
        )
    return doc.original


def original_tree(view: ProjectView) -> etree._Element:
    """The tree of the file the project was made from, its texts checked to be writable
    as XML (``--to original``)."""
    data = original_bytes(view)
    check_xml_chars(view)
    return parse_xml_bytes(data, Path(view.document.name), what="original file")


def by_unit(view: ProjectView, parts: list[Part]) -> dict[int, list[tuple[SegmentState, Part]]]:
    """The project's segments beside what the original holds for them, by unit index."""
    by_origin = {(p.origin.unit, p.origin.part): p for p in parts}
    out: dict[int, list[tuple[SegmentState, Part]]] = {}
    for seg, state in zip(view.document.segments, view.segments, strict=True):
        if seg.origin is None:
            continue
        part = by_origin.get((seg.origin.unit, seg.origin.part))
        if part is None:
            raise OutputError(f"{seg.id}: not found in the project's original file")
        out.setdefault(seg.origin.unit, []).append((state, replace(part, codes=state.codes)))
    return out


# --- a project's segments grouped back into units ---------------------------------------------


@dataclass(frozen=True)
class UnitView:
    """A unit to write: its file, its id (unique in that file), its segments in order (with
    their document segment, which knows the origin) and its notes (``notes``: one by one as
    the file had them; ``note``: joined); its name and the groups around it in the file it
    came from."""

    file: int
    unit_id: str
    parts: tuple[tuple[Segment, SegmentState], ...]
    note: str
    notes: tuple[str, ...] = ()
    name: str = ""
    groups: tuple[UnitGroup, ...] = ()

    @property
    def status(self) -> Status:
        return least_status(state.status for _, state in self.parts)

    @property
    def target_origin(self) -> Provenance:
        """Where the unit's targets came from when its segments with a target agree (MT,
        the file, the memory, the translator); ``""`` when they do not, or it is not
        known."""
        found = {state.target_origin for _, state in self.parts if state.target}
        return found.pop() if len(found) == 1 else ""


def unit_views(view: ProjectView) -> list[UnitView]:
    """The project's segments grouped by the unit they came from; an article's segments
    (no origin) are one unit each, with the segment id as unit id."""
    groups: dict[tuple[int, int], list[tuple[Segment, SegmentState]]] = {}
    for n, (seg, state) in enumerate(zip(view.document.segments, view.segments, strict=True)):
        key = (seg.origin.file, seg.origin.unit) if seg.origin else (0, -1 - n)
        groups.setdefault(key, []).append((seg, state))
    units: list[UnitView] = []
    used: dict[int, set[str]] = {}
    for (file_index, _), parts in groups.items():
        first = parts[0][0]
        wanted = (first.origin.unit_id if first.origin else first.id) or first.id
        taken = used.setdefault(file_index, set())
        unit_id = wanted
        k = 2
        while unit_id in taken:
            unit_id = f"{wanted}-{k}"
            k += 1
        taken.add(unit_id)
        note = "\n".join(seg.note for seg, _ in parts if seg.note)
        origin = first.origin
        notes = origin.notes if origin and origin.notes else ((note,) if note else ())
        name = origin.unit_name if origin else ""
        around = origin.groups if origin else ()
        units.append(UnitView(file_index, unit_id, tuple(parts), note, notes, name, around))
    return units


def group_numbers(root: etree._Element) -> dict[etree._Element, int]:
    """Every ``<group>`` of a bilingual XML tree -> its place among them."""
    found = (e for e in root.iter() if isinstance(e.tag, str) and local_name(e) == "group")
    return {group: n for n, group in enumerate(found)}


def unit_origin_fields(
    el: etree._Element,
    name_attribute: str,
    notes: Sequence[str],
    numbers: dict[etree._Element, int],
) -> dict[str, object]:
    """What a reader keeps of a unit's place in its file (for :class:`SegmentOrigin`): its
    name (``name_attribute``), the ``<group>``s around it outermost first (their id,
    ``name_attribute`` and number in ``numbers``, from :func:`group_numbers`), its notes
    one by one."""
    groups: list[UnitGroup] = []
    parent = el.getparent()
    while parent is not None and local_name(parent) != "file":
        if local_name(parent) == "group":
            groups.append(
                UnitGroup(
                    parent.get("id", ""), parent.get(name_attribute, ""), numbers.get(parent, 0)
                )
            )
        parent = parent.getparent()
    return {
        "unit_name": el.get(name_attribute, ""),
        "groups": tuple(reversed(groups)),
        "notes": tuple(notes),
    }


def open_groups(
    stack: list[tuple[UnitGroup, etree._Element]],
    container: etree._Element,
    groups: Sequence[UnitGroup],
    make: Callable[[etree._Element, UnitGroup], etree._Element],
) -> etree._Element:
    """The element a unit inside ``groups`` goes into, under ``container`` (a file's body):
    the groups already open in ``stack`` (this file's, outermost first) that it shares
    are kept, the others closed, the missing ones made with ``make(parent, group)``."""
    keep = 0
    while keep < min(len(stack), len(groups)) and stack[keep][0] == groups[keep]:
        keep += 1
    del stack[keep:]
    for group in groups[keep:]:
        parent = stack[-1][1] if stack else container
        stack.append((group, make(parent, group)))
    return stack[-1][1] if stack else container


def stated_languages(view: ProjectView) -> tuple[str, str]:
    """The (source, target) languages a new bilingual export states: the export's options,
    else the project's; ``und`` (BCP 47 "undetermined") when unknown. A project without
    source texts (monolingual post-editing) has the target language on both sides."""
    source, target = view.languages()
    target = target or "und"
    if not any(s.source for s in view.segments):
        return target, target
    return source or "und", target


def file_names(view: ProjectView) -> list[str]:
    """The names of the files a project's units belong to (one for an article)."""
    count = 1 + max((s.origin.file for s in view.document.segments if s.origin), default=0)
    names = list(view.document.files) + [""] * count
    return [names[i] or view.document.name or "article" for i in range(count)]


# --- what XML cannot hold --------------------------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x0B: "VT",
    0x0C: "FF",
    0x1B: "ESC",
    0x7F: "DEL",
}


def char_name(ch: str) -> str:
    """``U+001B (ESC)``: a character named for a one-line error."""
    code = ord(ch)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(ch, "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def first_non_xml(text: str) -> str | None:
    """The first character of ``text`` that XML 1.0 cannot hold (even escaped), or None."""
    m = _NOT_XML.search(text)
    return m.group() if m else None


def check_xml_chars(view: ProjectView, what: str = "XML", *, targets_only: bool = False) -> None:
    """Refuse (one line, exit 2) a project whose texts hold a character ``what`` cannot
    hold (ESC, BEL, form feed...): named with its segment, never dropped silently.
    ``targets_only``: only the targets are written."""
    segments, states = view.document.segments, view.segments
    for start in range(0, len(states), _CHECKED_TOGETHER):  # most projects: one search each
        chunk = states[start : start + _CHECKED_TOGETHER]
        texts = [s.target for s in chunk]
        if not targets_only:
            texts += [t for s in chunk for t in (s.mt, s.source or "", s.note)]
        if _NOT_XML.search("\n".join(texts)) is not None:
            _name_non_xml(segments[start : start + len(chunk)], chunk, what, targets_only)


_CHECKED_TOGETHER = 5_000  # segments whose texts are searched at once


def _name_non_xml(
    segments: Sequence[Segment], states: Sequence[SegmentState], what: str, targets_only: bool
) -> None:
    """:func:`check_xml_chars`'s error for the first segment with a text XML cannot hold."""
    for seg, state in zip(segments, states, strict=True):
        texts = [("target", state.target)]
        if not targets_only:
            texts += [("MT", state.mt), ("source", state.source or ""), ("note", state.note)]
        for field_name, text in texts:
            bad = first_non_xml(text)
            if bad is not None:
                fix = (
                    "remove it from the target and export again"
                    if field_name == "target"
                    else "it came with the input file; remove it there"
                )
                raise OutputError(
                    f"{seg.id}: the {field_name} holds {char_name(bad)}, which {what} cannot "
                    f"hold; {fix}"
                )
