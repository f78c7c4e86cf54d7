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
    """The word-level operations turning ``before`` into ``after`` (rapidfuzz opcodes)."""
    from rapidfuzz.distance import Levenshtein

    a = before.split()
    b = after.split()
    ops: list[WordOp] = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        ops.append(
            WordOp(
                tag=op.tag,  # type: ignore[arg-type]
                a_start=op.src_start,
                a_end=op.src_end,
                b_start=op.dest_start,
                b_end=op.dest_end,
                a=" ".join(a[op.src_start : op.src_end]),
                b=" ".join(b[op.dest_start : op.dest_end]),
            )
        )
    return tuple(ops)
