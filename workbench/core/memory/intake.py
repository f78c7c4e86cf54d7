"""Which segments of a bilingual file are translations a memory should learn from
(``workbench memory import FILE``).

A file's targets are not all translations: WorldServer writes placeholder-only targets
(``target_content="placeholders_only"``: the source's codes and nothing else), Okapi's
copy-source step writes the source into every target, and untranslated units carry a
state saying so. Such a target in the memory would be offered as a translation. A segment
is learnt only when its state does not say untranslated, it has a source (or a separate
raw MT), and its target has words (a letter or digit outside its codes) and is not its
source. What is left out is counted by reason, for the command to report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from workbench.core.document import Segment
from workbench.core.inline_codes import strip_codes

UNTRANSLATED = "untranslated"
EMPTY = "empty target"
NO_WORDS = "target without words (codes only)"
SOURCE_COPIED = "source copied into the target"
NO_SOURCE = "no source"

_WORD = re.compile(r"[^\W_]")
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", strip_codes(text)).strip().casefold()


def skip_reason(seg: Segment) -> str | None:
    """Why a segment read from a bilingual file is not a translation to learn, or ``None``.
    ``seg.target`` is a translator's target beside a separate raw MT (``seg.text``);
    without one, ``seg.text`` is the file's target."""
    if seg.status == "new":
        return UNTRANSLATED
    target = seg.target if seg.target is not None else seg.text
    if seg.target is None and seg.source is None:
        return NO_SOURCE
    if not target.strip():
        return EMPTY
    if not _WORD.search(strip_codes(target)):
        return NO_WORDS
    if seg.source is not None and _norm(seg.source) == _norm(target):
        return SOURCE_COPIED
    return None


def skipped(segments: Iterable[Segment]) -> Counter[str]:
    """How many segments were left out, by reason."""
    return Counter(r for r in map(skip_reason, segments) if r is not None)
