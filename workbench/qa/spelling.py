"""Spelling: words of the target that its language's dictionary does not know.

Glossary corrections and terms, and the user's own word list, are never flagged; see
:mod:`workbench.core.spelling` for what counts as a word. Each finding carries suggestions
(the dictionary's words one edit away), also named in its message.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.findings import Finding
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.model.makers import maker
from workbench.core.spelling import Span, SpellChecker, checker, ignore_set, personal_words
from workbench.qa.model import QaContext, QaSegment, capped


def _ignored(engine: GlossaryEngine | None, personal: frozenset[str]) -> frozenset[str]:
    """The words of every entry's correction (the glossary's own wording) and the personal
    list, once per engine and list (kept in the engine's own cache, dropped with it)."""
    if engine is None:
        return personal
    return engine.cache.memo(
        "spelling-ignored",
        personal,
        lambda: ignore_set(e.correction for e in engine.entries) | personal,
    )


def prepare_spelling(segments: Sequence[QaSegment], context: QaContext) -> None:
    """The dictionary's answers for the new words of every target, found together before
    the checks run (much faster than one by one on a text of unusual words)."""
    spell = checker(context.target_language)
    if spell is not None:
        spell.prepare(s.target for s in segments if s.target)


def misspelt_words(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """Each misspelt word of the target, a warning with suggestions; nothing for a language
    without a dictionary."""
    spell = checker(context.target_language)
    if spell is None or not segment.target:
        return ()
    ignore = _ignored(context.engine, context.known_words)
    found: list[Finding] = []
    for span in spell.misspelt(segment.target, ignore):
        message, offers = _said(spell, span.word)
        found.append(
            _finding(
                segment.id, "spelling", "warning", message, span.start, span.end, span.word,
                False, "", offers,
            )
        )  # fmt: skip
    return capped(tuple(found))


# Finding(*every field) set straight (a text of unusual words has a finding a word: the
# frozen __init__ by keywords took 1.5 µs of each, this 0.6)
_finding = maker(Finding)


_SAID: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}


def _said(spell: SpellChecker, word: str) -> tuple[str, tuple[str, ...]]:
    """The message and suggestions for a misspelt word (made once per word)."""
    key = (spell.name, word)
    said = _SAID.get(key)
    if said is None:
        offers = spell.quick_suggestions(word)
        message = f"'{word}' is not in the {spell.name} dictionary"
        if offers:
            message += f"; did you mean {', '.join(offers)}?"
        if len(_SAID) >= 20_000:  # (a long article of unusual words: bounded memory)
            _SAID.clear()
        said = _SAID[key] = (message, offers)
    return said


def misspelt_in(text: str, language: str, engine: GlossaryEngine | None = None) -> tuple[Span, ...]:
    """The misspelt words of ``text`` as the editor shows it, by the same rules as the
    ``spelling`` check (the glossary's wording and the personal list never flagged): the
    editor marks these as the translator types. Nothing for a language without a
    dictionary."""
    spell = checker(language or "en")
    if spell is None or not text:
        return ()
    return spell.misspelt(text, _ignored(engine, personal_words()))
