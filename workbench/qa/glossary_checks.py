"""Glossary checks: an MT error still in the target, a forbidden term used, a preferred
term missing where the source has its source-language term."""

from __future__ import annotations

from workbench.core.findings import Finding
from workbench.core.glossary.engine import GlossaryEngine, Hit
from workbench.core.glossary.keys import match_key
from workbench.core.glossary.model import Entry
from workbench.qa.model import QaContext, QaSegment, finding


def _fold(text: str, case_sensitive: bool) -> str:
    return match_key(text, case_sensitive=case_sensitive)


def _inside_correction(target: str, hit: Hit) -> bool:
    """The hit is part of the entry's own correction ("SWA" inside "Southwest Aluminum
    (SWA)"): the error has been fixed, not left in."""
    correction = hit.entry.correction
    if not correction:
        return False
    haystack = _fold(target, hit.entry.case_sensitive)
    needle = _fold(correction, hit.entry.case_sensitive)
    if len(haystack) != len(target) or len(needle) != len(correction):
        return False  # folding changed lengths: offsets would not line up; be literal
    start = haystack.find(needle)
    while start != -1:
        if start <= hit.start and hit.end <= start + len(needle):
            return True
        start = haystack.find(needle, start + 1)
    return False


def _target_hits(segment: QaSegment, context: QaContext) -> tuple[Hit, ...]:
    if context.engine is None or not segment.target.strip():
        return ()
    engine = context.engine
    target = segment.target
    # two checks ask for the same segment in a row: kept in the engine's own cache
    return engine.cache.memo("qa-target-hits", target, lambda: _hits(engine, target))


def _hits(engine: GlossaryEngine, target: str) -> tuple[Hit, ...]:
    """The exact hits left in a target."""
    return tuple(
        h for h in engine.find(target) if h.kind != "near" and not _inside_correction(target, h)
    )


def mt_error_present(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """A glossary fix's MT-error pattern is still in the target: an error for automatic
    entries, a warning for suggested ones."""
    return tuple(
        finding(
            segment,
            "glossary-mt-error",
            "error" if hit.entry.apply == "auto" else "warning",
            f"MT error '{hit.matched}' is still in the target; the glossary says "
            f"'{hit.replacement}'",
            start=hit.start,
            end=hit.end,
            matched=hit.matched,
        )
        for hit in _target_hits(segment, context)
        if hit.entry.kind == "fix"
    )


def forbidden_term(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """A term the glossary forbids is in the target."""
    return tuple(
        finding(
            segment,
            "glossary-forbidden",
            "error",
            f"forbidden term '{hit.matched}' is used; the glossary prefers "
            f"'{hit.entry.correction}'",
            start=hit.start,
            end=hit.end,
            matched=hit.matched,
        )
        for hit in _target_hits(segment, context)
        if hit.entry.kind == "term"
    )


def _contains(text: str, term: str, case_sensitive: bool) -> bool:
    # A termbase's term may keep a space it was written with (" 国之重器"): not part of it.
    return _fold(term.strip(), case_sensitive) in _fold(text, case_sensitive)


def _preferred_missing(segment: QaSegment, entry: Entry) -> bool:
    if not entry.source or not entry.correction or segment.source is None:
        return False
    if not _contains(segment.source, entry.source, entry.case_sensitive):
        return False
    return not _contains(segment.target, entry.correction, entry.case_sensitive)


def preferred_term_missing(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """The source has an entry's source-language term but the target lacks the glossary's
    rendering of it (only when the source text is known)."""
    if context.engine is None or segment.source is None or not segment.target.strip():
        return ()
    seen: set[str] = set()
    found: list[Finding] = []
    in_source = {
        e.key: e for hit in context.engine.source_hits(segment.source) for e in hit.entries
    }
    for entry in in_source.values():
        if entry.correction in seen or not _preferred_missing(segment, entry):
            continue
        seen.add(entry.correction)
        found.append(
            finding(
                segment,
                "glossary-preferred-missing",
                "warning",
                f"the source has '{entry.source}' but the target lacks the glossary's "
                f"'{entry.correction}'",
                matched=entry.correction,
            )
        )
    return tuple(found)
