"""Is the target there at all, and plausible in size: empty targets, targets confirmed
unchanged although the glossary had corrections for the MT, suspicious length ratios."""

from __future__ import annotations

import unicodedata

from workbench.core.findings import Finding
from workbench.qa.model import QaContext, QaSegment, finding

# target/MT length ratio outside this range is suspicious (the MT is a same-language
# baseline, so a post-edit rarely halves or doubles it).
MIN_RATIO = 0.5
MAX_RATIO = 2.0
# Below this many characters of MT, ratios say nothing ("Source:" -> "Source: SMN").
MIN_RATIO_CHARS = 20


def empty_target(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """No target text where there is something to translate."""
    if segment.target.strip():
        return ()
    if not (segment.mt or "").strip() and not (segment.source or "").strip():
        return ()
    return (finding(segment, "empty-target", "error", "the target is empty"),)


def unchanged_confirmed(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """A confirmed target that is the raw MT, unchanged, although the glossary has fixes or
    suggestions for that MT: the translator probably confirmed without looking."""
    if segment.status != "confirmed" or segment.mt is None or context.engine is None:
        return ()
    if unicodedata.normalize("NFC", segment.target) != unicodedata.normalize("NFC", segment.mt):
        return ()
    hits = [h for h in context.engine.find(segment.mt) if h.kind != "near"]
    if not hits:
        return ()
    terms = ", ".join(f"'{h.matched}'" for h in hits[:3])
    return (
        finding(
            segment,
            "unchanged-confirmed",
            "warning",
            f"confirmed unchanged from the MT although the glossary has corrections for {terms}",
            matched=segment.mt,
        ),
    )


def length_ratio(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """The target much shorter or longer than the MT it was post-edited from."""
    if segment.mt is None or not segment.target.strip():
        return ()
    mt_len = len(segment.mt.strip())
    if mt_len < MIN_RATIO_CHARS:
        return ()
    ratio = len(segment.target.strip()) / mt_len
    if MIN_RATIO <= ratio <= MAX_RATIO:
        return ()
    side = "shorter" if ratio < MIN_RATIO else "longer"
    return (
        finding(
            segment,
            "length-ratio",
            "info",
            f"the target is much {side} than the MT ({ratio:.0%} of its length)",
            matched=f"{ratio:.2f}",
        ),
    )
