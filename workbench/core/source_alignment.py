"""Pairing a source-language article with its MT, segment by segment.

Rule: when both documents have the same number of segments they are paired in order. Else,
paragraph by paragraph when the paragraph counts agree: a paragraph with as many source as
MT segments is paired in order; otherwise the whole source paragraph goes with the
paragraph's first MT segment (the others keep no source) and QA will see it. When even the
paragraph counts differ, the documents cannot be aligned and an InputError says so.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.core.document import Document, Segment
from workbench.core.errors import InputError


def _by_paragraph(doc: Document) -> dict[int, list[Segment]]:
    groups: dict[int, list[Segment]] = {}
    for seg in doc.segments:
        groups.setdefault(seg.paragraph, []).append(seg)
    return groups


def align_source(mt_doc: Document, source_doc: Document) -> Document:
    """``mt_doc`` with each segment's ``source`` filled from ``source_doc``."""
    if len(mt_doc.segments) == len(source_doc.segments):
        segs = tuple(
            replace(m, source=s.text)
            for m, s in zip(mt_doc.segments, source_doc.segments, strict=True)
        )
        return replace(mt_doc, segments=segs)
    mt_groups = _by_paragraph(mt_doc)
    src_groups = _by_paragraph(source_doc)
    if len(mt_groups) != len(src_groups):
        raise InputError(
            f"{source_doc.name}: cannot align the source with the MT "
            f"({len(src_groups)} paragraphs against {len(mt_groups)})"
        )
    sources: dict[str, str] = {}
    for mt_segs, src_segs in zip(mt_groups.values(), src_groups.values(), strict=True):
        if len(mt_segs) == len(src_segs):
            sources.update({m.id: s.text for m, s in zip(mt_segs, src_segs, strict=True)})
        else:
            sources[mt_segs[0].id] = " ".join(s.text for s in src_segs)
    segs = tuple(replace(m, source=sources.get(m.id)) for m in mt_doc.segments)
    return replace(mt_doc, segments=segs)
