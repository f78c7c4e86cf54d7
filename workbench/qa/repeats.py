"""Repeated words ("the the"), a typical slip of fast post-editing."""

from __future__ import annotations

import re

from workbench.core.findings import Finding
from workbench.qa.model import QaContext, QaSegment, finding

# Words that are correctly doubled in English ("what it is is", "had had", "that that").
ALLOWED_REPEATS = frozenset({"had", "that", "is", "do"})
# Words of letters only: "20 20" and "1 1" are numbers (the numbers check looks at them).
_REPEAT = re.compile(
    # possessive: a repeated word is the whole run up to the gap, so no backtracking is lost
    r"(?<![\w'’-])(?P<word>[^\W\d_]++(?:['’-][^\W\d_]++)*+)(?P<gap>[ \u00a0]++)(?P=word)"
    r"(?![\w'’-])",
    re.IGNORECASE,
)


def repeated_words(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """The same word twice in a row, whatever its case ("The the")."""
    found: list[Finding] = []
    pos = 0
    while (m := _REPEAT.search(segment.target, pos)) is not None:
        pos = m.end("gap")
        if m.group("word").casefold() in ALLOWED_REPEATS:
            continue
        found.append(
            finding(
                segment,
                "repeated-word",
                "warning",
                f"repeated word '{m.group(0)}'",
                start=m.start(),
                end=m.end(),
                matched=m.group(0),
            )
        )
    return tuple(found)
