"""Edit events: one recorded change to one segment, with its origin and word operations."""

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
    "memory",
    "propagation",
    "review",  # a reviewer's correction (workbench review)
]
Status = Literal["new", "draft", "confirmed"]


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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
    author: str = ""  # the ``workbench serve`` user who made it; "" when not known


@dataclass(frozen=True)
class DiffChunk:
    """A stretch of a word diff: ``equal`` (``removed == added``) or a change, where
    ``removed`` words of ``before`` were replaced by ``added`` words of ``after``."""

    equal: bool
    removed: str
    added: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def diff_chunks(before: str, after: str) -> list[DiffChunk]:
    """The word diff of two texts as alternating equal and changed stretches (rapidfuzz
    opcodes on words, adjacent changes merged: "orbital ships" -> "rail transit and
    shipbuilding" is one change, not a scatter of one-word operations)."""
    from rapidfuzz.distance import Levenshtein

    a = before.split()
    b = after.split()
    ops = list(Levenshtein.opcodes(a, b))
    chunks: list[DiffChunk] = []
    i = 0
    while i < len(ops):
        j = i
        if ops[i].tag != "equal":
            while j + 1 < len(ops) and ops[j + 1].tag != "equal":
                j += 1
        a0, a1 = ops[i].src_start, ops[j].src_end
        b0, b1 = ops[i].dest_start, ops[j].dest_end
        chunks.append(
            DiffChunk(ops[i].tag == "equal", " ".join(a[a0:a1]), " ".join(b[b0:b1]), a0, a1, b0, b1)
        )
        i = j + 1
    return chunks


def word_ops(before: str, after: str) -> tuple[WordOp, ...]:
    """The word-level operations turning ``before`` into ``after`` (see :func:`diff_chunks`)."""
    ops: list[WordOp] = []
    for c in diff_chunks(before, after):
        if c.equal:
            continue
        tag: Literal["replace", "delete", "insert"] = (
            "replace" if c.removed and c.added else "delete" if c.removed else "insert"
        )
        ops.append(WordOp(tag, c.a_start, c.a_end, c.b_start, c.b_end, c.removed, c.added))
    return tuple(ops)
