"""Edit events (SPEC section 2): one recorded change to one segment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Origin = Literal[
    "glossary-auto",
    "glossary-suggestion",
    "typing",
    "replace-all",
    "revert",
    "undo",
    "redo",
    "import",
    "status",
]
Status = Literal["new", "draft", "confirmed"]


@dataclass(frozen=True)
class WordOp:
    """A word-level operation between ``before`` and ``after`` (rapidfuzz opcodes on words):
    ``tag`` is replace/delete/insert; ``a``/``b`` are the words taken out and put in."""

    tag: Literal["replace", "delete", "insert"]
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a: str
    b: str


@dataclass(frozen=True)
class EditEvent:
    """One recorded change. ``seq`` is the project-wide order; ``ts`` seconds since the epoch.

    ``detail`` names what caused it where that matters (the glossary entry key for glossary
    origins, the find/replace pattern for replace-all). ``keystrokes`` and ``active_ms`` are
    the translator effort the caller measured for this change (typing only).
    """

    seq: int
    ts: float
    segment_id: str
    origin: Origin
    before: str
    after: str
    ops: tuple[WordOp, ...] = ()
    detail: str = ""
    keystrokes: int = 0
    active_ms: int = 0
    status_before: Status | None = None
    status_after: Status | None = None


def word_ops(before: str, after: str) -> tuple[WordOp, ...]:
    """The word-level operations turning ``before`` into ``after``: rapidfuzz opcodes with
    adjacent changes merged, so "orbital ships" -> "rail transit and shipbuilding" is one
    replace rather than a scatter of one-word operations."""
    from rapidfuzz.distance import Levenshtein

    a = before.split()
    b = after.split()
    changes = [op for op in Levenshtein.opcodes(a, b)]
    ops: list[WordOp] = []
    i = 0
    while i < len(changes):
        if changes[i].tag == "equal":
            i += 1
            continue
        j = i
        while j + 1 < len(changes) and changes[j + 1].tag != "equal":
            j += 1
        a0, a1 = changes[i].src_start, changes[j].src_end
        b0, b1 = changes[i].dest_start, changes[j].dest_end
        tag: Literal["replace", "delete", "insert"] = (
            "replace" if a1 > a0 and b1 > b0 else "delete" if a1 > a0 else "insert"
        )
        ops.append(WordOp(tag, a0, a1, b0, b1, " ".join(a[a0:a1]), " ".join(b[b0:b1])))
        i = j + 1
    return tuple(ops)
