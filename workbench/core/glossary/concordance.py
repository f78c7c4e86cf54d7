"""Glossary concordance: the entries whose MT patterns, correction, source or note contain a
text (the editor's ctrl+k lists them beside the memory's hits)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.core.glossary.model import Entry


@dataclass(frozen=True)
class GlossaryHit:
    """A glossary entry containing the searched text in one of its fields."""

    entry: Entry
    field: str
    text: str
    start: int
    end: int


def glossary_concordance(entries: Iterable[Entry], text: str) -> tuple[GlossaryHit, ...]:
    """Glossary entries whose MT patterns, correction, source or note contain ``text``
    (case-insensitive)."""
    needle = text.strip()
    if not needle:
        return ()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in needle.split()), re.IGNORECASE)
    hits = []
    for entry in entries:
        fields = [("mt", p) for p in entry.patterns]
        fields += [
            ("correct", entry.correction),
            ("source", entry.source or ""),
            ("note", entry.note or ""),
        ]
        for name, value in fields:
            m = pattern.search(value)
            if m:
                hits.append(GlossaryHit(entry, name, value, m.start(), m.end()))
                break
    return tuple(hits)
