"""Repeated words ("the the"), a typical slip of fast post-editing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.core.findings import Finding
from workbench.qa.model import QaContext, QaSegment, capped_matches, finding

# Words that are correctly doubled in English ("what it is is", "had had", "that that").
ALLOWED_REPEATS = frozenset({"had", "that", "is", "do"})
# Words of letters only: "20 20" and "1 1" are numbers (the numbers check looks at them).
_REPEAT = re.compile(
    # possessive: a repeated word is the whole run up to the gap, so no backtracking is lost
    r"(?<![\w'’-])(?P<word>[^\W\d_]++(?:['’-][^\W\d_]++)*+)(?P<gap>[ \u00a0]++)(?P=word)"
    r"(?![\w'’-])",
    re.IGNORECASE,
)


def _matches(text: str) -> Iterator[re.Match[str]]:
    pos = 0
    while (m := _REPEAT.search(text, pos)) is not None:
        pos = m.end("gap")
        yield m


def repeated_words(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """The same word twice in a row, whatever its case ("The the"); at most
    :data:`~workbench.qa.model.MAX_PER_CHECK` and a count of the rest."""

    def make(m: re.Match[str]) -> Finding:
        return finding(
            segment,
            "repeated-word",
            "warning",
            f"repeated word '{m.group(0)}'",
            start=m.start(),
            end=m.end(),
            matched=m.group(0),
        )

    return capped_matches(
        _matches(segment.target), make, lambda m: m.group("word").casefold() not in ALLOWED_REPEATS
    )
