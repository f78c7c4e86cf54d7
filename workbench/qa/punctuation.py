"""Unbalanced quotes and brackets, and double spaces, in the target."""

from __future__ import annotations

import re

from workbench.core.findings import Finding
from workbench.qa.model import QaContext, QaSegment, capped_matches, finding

# Paired marks: opener -> closer. Straight double quotes are counted apart (same mark both
# ways). ’ is not paired: it is also the apostrophe ("don’t").
PAIRS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "（": "）",
    "【": "】",
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "《": "》",
}
_CLOSERS = {closer: opener for opener, closer in PAIRS.items() if closer != "’"}
_QUOTES = frozenset('“”‘"「」『』《》')
_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
# Any character the scan below looks at: a text without one has nothing unbalanced.
_MARKS = re.compile("[" + re.escape("".join({*PAIRS, *PAIRS.values(), '"'})) + "]")


def unbalanced_marks(text: str) -> tuple[tuple[int, str], ...]:
    """Positions and characters of quotes and brackets without a partner, ascending."""
    if _MARKS.search(text) is None:
        return ()
    stack: list[tuple[int, str]] = []
    lone: list[tuple[int, str]] = []
    straight: list[int] = []
    for i, char in enumerate(text):
        if char == "[" and i and text[i - 1] == "\x1b":
            continue  # a terminal escape sequence (ESC [ ... m), not a bracket
        if char == '"':
            straight.append(i)
        elif char in PAIRS:
            stack.append((i, char))
        elif char == "’":
            if stack and stack[-1][1] == "‘":
                stack.pop()
        elif char in _CLOSERS:
            opener = _CLOSERS[char]
            depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][1] == opener), -1)
            if depth < 0:
                lone.append((i, char))
            else:
                lone.extend(stack[depth + 1 :])  # openers closed over are unbalanced too
                del stack[depth:]
    lone.extend(stack)
    if len(straight) % 2:
        lone.append((straight[-1], '"'))
    return tuple(sorted(lone))


def _signature(text: str) -> list[str]:
    return sorted(char for _, char in unbalanced_marks(text))


def unbalanced(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """A quote or bracket without its partner. When the MT is known and is unbalanced the
    same way (a quotation that spans two sentences), the target is not blamed for it."""
    marks = unbalanced_marks(segment.target)
    if not marks:
        return ()
    if segment.mt is not None and _signature(segment.mt) == _signature(segment.target):
        return ()
    return tuple(
        finding(
            segment,
            "unbalanced",
            "warning",
            f"unbalanced {'quote' if char in _QUOTES else 'bracket'} '{char}'",
            start=i,
            end=i + 1,
            matched=char,
        )
        for i, char in marks
    )


def double_spaces(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """Two or more spaces between words (at most ``MAX_PER_CHECK`` and a count)."""

    def make(m: re.Match[str]) -> Finding:
        return finding(
            segment,
            "double-space",
            "warning",
            f"{len(m.group(0))} spaces in a row",
            start=m.start(),
            end=m.end(),
            matched=segment.target[max(0, m.start() - 12) : m.end() + 12],
        )

    return capped_matches(_DOUBLE_SPACE.finditer(segment.target), make)
