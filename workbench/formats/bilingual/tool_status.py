"""Workflow statuses that CAT tools keep beside XLIFF 1.2's ``state``, read and written back.

The big tools do not use ``state`` for their workflow; each has its own attribute, and a
file written back must carry the tool's own value or the tool shows nothing done:

* **Trados Studio** (SDLXLIFF): per segment, ``<sdl:seg id="{mid}" conf="…" origin="…">``
  in the unit's ``<sdl:seg-defs>``. No ``conf`` is "not translated"; ``Draft`` and the two
  ``Rejected…`` are drafts; ``Translated``, ``ApprovedTranslation`` and ``ApprovedSignOff``
  are done. A segment whose target the translator changed is written
  ``origin="interactive"`` (Trados' own value for a human translation) without the
  ``origin-system``/``percent`` of the MT or match it no longer is.
* **MadCap Lingo**: per segment, ``MadCap:segmentStatus`` on the target's ``<mrk
  mtype="seg">`` (``Translated``, ``Reviewed``, ``Approved`` are done; ``Untranslated``
  leaves it to the unit's ``state``, which Lingo writes beside it: a draft is written
  ``Untranslated`` with ``state="needs-review-translation"``).
* **WorldServer**: per unit, ``<iws:segment-metadata><iws:status translation_status="…">``
  (``finished`` is done, anything else, no value included, is not: MT and placeholder-only
  targets are not translations yet; a confirmed unit is written ``finished``/``manual_translation``
  and loses ``target_content``, as WorldServer's own export after translation does).
* **memoQ** (``mq:status``) stays in :mod:`~workbench.formats.bilingual.xliff12`.

Statuses map to the project's three: ``new``, ``draft``, ``confirmed``; a value is written
back only when the project's status no longer means the same (the file's own finer value,
``ApprovedSignOff`` say, is kept while the segment stays confirmed).
"""

from __future__ import annotations

from lxml import etree

from workbench.core.edits import Status

SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
MADCAP_NS = "http://www.madcapsoftware.com/Schemas/MadCap.xsd"
IWS_NS = "http://www.idiominc.com/ws/asset"
MADCAP_STATUS = f"{{{MADCAP_NS}}}segmentStatus"

FROM_TRADOS: dict[str, Status] = {
    "": "new",
    "Unspecified": "new",
    "Draft": "draft",
    "RejectedTranslation": "draft",
    "RejectedSignOff": "draft",
    "Translated": "confirmed",
    "ApprovedTranslation": "confirmed",
    "ApprovedSignOff": "confirmed",
}
TO_TRADOS: dict[Status, str] = {"new": "", "draft": "Draft", "confirmed": "Translated"}
FROM_MADCAP: dict[str, Status] = {
    "Untranslated": "new",
    "Translated": "confirmed",
    "Reviewed": "confirmed",
    "Approved": "confirmed",
}
TO_MADCAP: dict[Status, str] = {
    "new": "Untranslated",
    "draft": "Untranslated",
    "confirmed": "Translated",
}
FROM_WORLDSERVER: dict[str, Status] = {"finished": "confirmed"}


def _sdl_seg(tu: etree._Element, mid: str) -> etree._Element | None:
    for defs in tu.iterchildren(f"{{{SDL_NS}}}seg-defs"):
        for seg in defs.iterchildren(f"{{{SDL_NS}}}seg"):
            if seg.get("id") == mid:
                return seg
    return None


def _iws_status(tu: etree._Element) -> etree._Element | None:
    return next(tu.iter(f"{{{IWS_NS}}}status"), None)


def segment_status(
    tu: etree._Element, part_id: str, target: etree._Element | None
) -> Status | None:
    """The status a tool gives one segment (``part_id``: its ``mid``; ``target``: its
    target element, the ``<mrk>`` of a segmented unit), ``None`` when no tool says."""
    sdl = _sdl_seg(tu, part_id) if part_id else None
    if sdl is not None:
        return FROM_TRADOS.get(sdl.get("conf") or "", "new")
    said = target.get(MADCAP_STATUS) if target is not None else None
    if said is not None and FROM_MADCAP.get(str(said), "new") != "new":
        return FROM_MADCAP[str(said)]
    return None  # MadCap's Untranslated: the unit's state tells new from draft


def unit_status(tu: etree._Element) -> Status | None:
    """The status a tool gives a whole unit (WorldServer), ``None`` when none does."""
    status = _iws_status(tu)
    if status is None:
        return None
    return FROM_WORLDSERVER.get(str(status.get("translation_status") or ""), "new")


def has_segment_statuses(tu: etree._Element) -> bool:
    """Whether a tool keeps this unit's statuses per segment (then ``state`` is not added)."""
    if next(tu.iterchildren(f"{{{SDL_NS}}}seg-defs"), None) is not None:
        return True
    return any(el.get(MADCAP_STATUS) is not None for el in tu.iter())


def placeholders_only(tu: etree._Element) -> bool:
    """WorldServer's mark of a target that holds only the source's placeholders (no
    translation): ``target_content="placeholders_only"``."""
    status = _iws_status(tu)
    return status is not None and status.get("target_content") == "placeholders_only"


def write_segment_status(
    tu: etree._Element,
    part_id: str,
    target: etree._Element | None,
    status: Status,
    *,
    typed: bool,
) -> None:
    """Write a segment's status in the tool's own terms; ``typed``: its target changed."""
    sdl = _sdl_seg(tu, part_id) if part_id else None
    if sdl is not None:
        if FROM_TRADOS.get(sdl.get("conf") or "", "new") != status:
            if status == "new":
                sdl.attrib.pop("conf", None)
            else:
                sdl.set("conf", TO_TRADOS[status])
        if typed:
            sdl.set("origin", "interactive")
            for attr in ("origin-system", "percent", "text-match", "struct-match"):
                sdl.attrib.pop(attr, None)
    said = target.get(MADCAP_STATUS) if target is not None else None
    if target is not None and said is not None and FROM_MADCAP.get(str(said)) != status:
        target.set(MADCAP_STATUS, TO_MADCAP[status])


def write_unit_status(tu: etree._Element, status: Status, *, typed: bool) -> None:
    """Write a unit's status where a tool keeps it per unit (WorldServer)."""
    iws = _iws_status(tu)
    if iws is None:
        return
    said = iws.get("translation_status")
    if status == "confirmed" and FROM_WORLDSERVER.get(said or "") != "confirmed":
        iws.set("translation_status", "finished")
    elif status != "confirmed" and said is not None and FROM_WORLDSERVER.get(said) == "confirmed":
        del iws.attrib["translation_status"]
    if typed:
        iws.set("translation_type", "manual_translation")
        iws.attrib.pop("target_content", None)
