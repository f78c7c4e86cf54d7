"""What goes into the memory and under which key: units from a confirmed segment, a project
or an imported bilingual file, with their neighbours' hashes (for in-context matches)."""

from __future__ import annotations

import functools
import hashlib
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from workbench.core.document import Document, Segment
from workbench.core.errors import WorkbenchError
from workbench.core.inline_codes import InlineCode
from workbench.core.language import canonical_tag
from workbench.core.memory.index import (
    features,
    normalise,
    shown,
    text_hash,
    token_features,
    tokens,
)
from workbench.core.memory.intake import skip_reason
from workbench.core.model.makers import maker
from workbench.core.model.memory import (
    MemoryRecord,
    MemoryUnit,
)
from workbench.core.model.project import SegmentState


class ProjectSegments(Protocol):
    """What the memory reads of an open project (a :class:`~workbench.core.session.Session`
    has it): its segments, its document (languages), where it lives and its article."""

    @property
    def segments(self) -> Sequence[SegmentState]: ...

    @property
    def document(self) -> Document: ...

    @property
    def project_path(self) -> Path: ...

    @property
    def article_path(self) -> Path | None: ...

    def segment(self, segment_id: str) -> SegmentState:
        """The segment with this id (:class:`WorkbenchError` when there is none)."""
        ...


def _lang(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].casefold()


def _languages_fit(a: str, b: str) -> bool:
    """Languages are compatible when either is unknown or their primary subtags agree."""
    return not a or not b or _lang(a) == _lang(b)


# --- context ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Context:
    """The texts around a segment (``None``: none, at the start or end of the document)."""

    prev_mt: str | None = None
    next_mt: str | None = None
    prev_source: str | None = None
    next_source: str | None = None

    def mt_hash(self) -> int:
        return text_hash(normalise(self.prev_mt or "") + "\n" + normalise(self.next_mt or ""))

    def source_hash(self) -> int | None:
        if self.prev_source is None and self.next_source is None:
            return None
        return text_hash(
            normalise(self.prev_source or "") + "\n" + normalise(self.next_source or "")
        )


_Side = tuple[str, str | None, Sequence[InlineCode]]  # a neighbour's MT, source, codes


def _context(sides: Sequence[_Side], index: int) -> Context:
    """The context of item ``index``: its neighbours' MT and source, as shown."""
    prev = sides[index - 1] if index > 0 else None
    nxt = sides[index + 1] if index + 1 < len(sides) else None
    return Context(
        prev_mt=shown(prev[0], prev[2]) if prev else None,
        next_mt=shown(nxt[0], nxt[2]) if nxt else None,
        prev_source=shown(prev[1], prev[2]) if prev and prev[1] else None,
        next_source=shown(nxt[1], nxt[2]) if nxt and nxt[1] else None,
    )


def context_of(segments: Sequence[SegmentState], index: int) -> Context:
    """A project segment's context (its neighbours in the project)."""
    near = segments[max(index - 1, 0) : index + 2]
    return _context([(s.mt, s.source, s.codes) for s in near], min(index, 1))


def _match_text(unit: MemoryUnit) -> str:
    """The MT side a unit is matched on: its MT, or its target when it never had one."""
    return unit.mt if unit.mt is not None else unit.target


_canonical = functools.lru_cache(maxsize=256)(canonical_tag)  # a file has few tags


def make_record(unit: MemoryUnit, key: str, context: Context | None) -> MemoryRecord:
    """A unit with what the memory derives from it (normalised texts, hashes, features);
    its languages in the usual BCP 47 case (``EN-US`` and ``en-us`` are ``en-US``)."""
    source_lang, target_lang = _canonical(unit.source_lang), _canonical(unit.target_lang)
    if (source_lang, target_lang) != (unit.source_lang, unit.target_lang):
        unit = replace(unit, source_lang=source_lang, target_lang=target_lang)
    mt_norm = normalise(_match_text(unit))
    src_norm = normalise(unit.source) if unit.source else None
    mt_tokens = tokens(mt_norm)
    feats = token_features("m", mt_tokens)
    if src_norm:
        feats |= features("s", src_norm)
    if unit.mt is not None:
        feats |= features("t", normalise(unit.target), pairs=False, skip=mt_tokens)
    return MemoryRecord(
        unit=unit,
        key=key,
        mt_norm=mt_norm,
        src_norm=src_norm or None,
        mt_hash=text_hash(mt_norm),
        src_hash=text_hash(src_norm) if src_norm else None,
        ctx_mt=context.mt_hash() if context else None,
        ctx_src=context.source_hash() if context else None,
        features=tuple(feats),  # in no order: the postings are sorted as they are gathered
    )


def _key(*parts: str) -> str:
    return hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def segment_key(project: str, segment_id: str) -> str:
    """A confirmed segment's identity: re-confirming it updates its unit."""
    return _key("segment", project, segment_id)


def import_key(file: str, unit: MemoryUnit) -> str:
    """An imported unit's identity: importing the same file again adds nothing."""
    return _key("import", file, unit.source or "", unit.mt or "", unit.target)


def _document_context(segs: Sequence[Segment], index: int) -> Context:
    """A document segment's context (its neighbours in the document)."""
    near = segs[max(index - 1, 0) : index + 2]
    return _context([(s.text, s.source, s.codes) for s in near], min(index, 1))


def _segment_units(
    session: ProjectSegments, ids: Iterable[str] | None, who: str, now: float
) -> list[tuple[MemoryUnit, str, Context | None]]:
    wanted = None if ids is None else set(ids)
    segments = session.segments
    doc = session.document
    project = str(session.project_path)
    article = str(session.article_path or "")
    out: list[tuple[MemoryUnit, str, Context | None]] = []
    if wanted is None:
        where: Iterable[int] = range(len(segments))
    else:  # a confirmation names one segment: not a walk over the project's thousands
        found = []
        for sid in wanted:
            try:
                found.append(session.segment(sid).index)
            except WorkbenchError:
                continue  # not in this project
        where = sorted(found)
    for i in where:
        s = segments[i]
        if s.status != "confirmed":
            continue
        if not s.target.strip():
            continue
        unit = MemoryUnit(
            source=shown(s.source, s.codes) if s.source else None,
            # a bilingual file's own target is not MT: the unit is source -> final
            mt=None if s.mt_origin == "file" and s.source else shown(s.mt, s.codes),
            target=shown(s.target, s.codes),
            source_lang=doc.source_language,
            target_lang=doc.target_language,
            project=project,
            article=article,
            segment_id=s.id,
            who=who,
            when=now,
            origin="confirmed",
            codes=s.codes,
            code_format=doc.format if s.codes else "",
        )
        out.append((unit, segment_key(project, s.id), context_of(segments, i)))
    return out


def units_from_project(
    session: ProjectSegments, *, who: str = ""
) -> list[tuple[MemoryUnit, str, Context | None]]:
    """A project's confirmed segments as memory units (``memory import PROJECT``)."""
    return _segment_units(session, None, who, time.time())


def units_from_segments(
    segments: Iterable[Segment],
    *,
    fmt: str,
    source_language: str,
    target_language: str,
    file: Path | str,
    left_out: Counter[str],
    now: float | None = None,
) -> Iterator[tuple[MemoryUnit, str, Context | None]]:
    """:func:`units_from_document` of an unordered file read as a stream (a large TMX:
    no neighbours, so no in-context matches), one unit at a time; what is not a translation
    is counted in ``left_out`` by reason as it goes by."""
    when = time.time() if now is None else now
    name = str(Path(file).resolve())
    source_lang = "" if source_language == "*all*" else source_language
    for seg in segments:
        reason = skip_reason(seg)
        if reason is not None:
            left_out[reason] += 1
            continue
        unit = _file_unit(seg, fmt, source_lang, target_language, name, when)
        yield unit, import_key(name, unit), None


def _file_unit(
    seg: Segment, origin: str, source_lang: str, target_lang: str, name: str, when: float
) -> MemoryUnit:
    """The unit of a translated segment of a bilingual file."""
    source = shown(seg.source, seg.codes) if seg.source else None
    if seg.target is not None:
        mt: str | None = shown(seg.text, seg.codes)
        target = shown(seg.target, seg.codes)
    else:
        mt, target = None, shown(seg.text, seg.codes)
    return _unit(source, mt, target, source_lang, target_lang, "", name, seg.id, "", when,
                 origin, seg.codes, origin if seg.codes else "")  # fmt: skip


_unit = maker(MemoryUnit)  # MemoryUnit(...) of every field, set straight (one a file's unit)


def units_from_document(
    document: Document, file: Path | str, *, ordered: bool = True, now: float | None = None
) -> list[tuple[MemoryUnit, str, Context | None]]:
    """The translated units of a bilingual file read by the format registry.

    A segment that carries a target besides its raw MT (an XLIFF with the MT as
    ``alt-trans``, a TMX whose source side is ``<lang>-x-mt``, our own exports) becomes an
    MT -> final unit; any other translated segment (TMX, XLIFF without MT) a source -> final
    unit without MT. Left out: what is not a translation
    (:func:`workbench.core.memory.intake.skip_reason`: untranslated, empty -- OmegaT's
    single space included --, codes only, the source copied, no source). Inline codes are
    kept as their tag tokens. Units of ordered files (XLIFF) keep their neighbours for
    in-context matches; a memory's (TMX: ``ordered=False``, the format registry says which)
    have no order."""
    origin = document.format
    when = time.time() if now is None else now
    # TMX's srclang="*all*" names no language
    source_lang = "" if document.source_language == "*all*" else document.source_language
    name = str(Path(file).resolve())
    segs = document.segments
    out: list[tuple[MemoryUnit, str, Context | None]] = []
    for i, seg in enumerate(segs):
        if skip_reason(seg) is not None:  # not a translation (core/memory/intake.py)
            continue
        unit = _file_unit(seg, origin, source_lang, document.target_language, name, when)
        context = _document_context(segs, i) if ordered else None
        out.append((unit, import_key(name, unit), context))
    return out
