"""One matcher for every glossary entry (SPEC section 3). CONTRACT STUB: being implemented.

The public shapes below are fixed; other modules (QA, store, TUI) code against them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from workbench.core.glossary import Entry

HitKind = Literal["auto", "suggest", "near"]


@dataclass(frozen=True)
class Hit:
    """A place in a text where an entry matches.

    ``start``/``end`` index the text that was searched (Python str offsets, NFC text is
    searched but offsets are those of the text given). ``replacement`` is the correction with
    the case of ``matched`` applied. ``kind``: ``auto`` (applied by pre-editing), ``suggest``
    (offered), ``near`` (a fuzzy near miss, offered with ``score`` < 100, never applied).
    """

    start: int
    end: int
    matched: str
    replacement: str
    entry: Entry
    kind: HitKind
    score: float = 100.0


@dataclass(frozen=True)
class Applied:
    """The result of pre-editing one text: the new text and the hits that were applied
    (spans in the *input* text, ascending)."""

    text: str
    applied: tuple[Hit, ...]


class GlossaryEngine:
    """Built once from entries; then ``find``/``near_misses``/``apply_auto`` are cheap."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = tuple(entries)

    def find(self, text: str) -> tuple[Hit, ...]:
        """Exact hits (kind auto/suggest), non-overlapping, leftmost-longest, ascending."""
        raise NotImplementedError

    def near_misses(self, text: str, *, min_score: float = 85.0) -> tuple[Hit, ...]:
        """Fuzzy variants of entry patterns ("orbital ship" for "orbital ships") that are not
        exact hits; kind ``near``, ascending, non-overlapping with each other and exact hits."""
        raise NotImplementedError

    def offers(self, text: str) -> tuple[Hit, ...]:
        """What to offer the translator in ``text``: exact hits of any kind plus near misses,
        ascending by start. Auto hits still present in a target are offered again."""
        raise NotImplementedError

    def apply_auto(self, text: str) -> Applied:
        """Apply every ``auto`` hit of :meth:`find` (one pass, no re-scan of replacements)."""
        raise NotImplementedError


def apply_hit(text: str, hit: Hit) -> str:
    """``text`` with one hit replaced (the hit's span must index ``text``)."""
    return text[: hit.start] + hit.replacement + text[hit.end :]
