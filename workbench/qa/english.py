"""English grammar a glossary fix can break: "a"/"an" before a word, and a plural verb
after an uncountable noun ("The all-aluminum furniture are light"). Only for an English
target; the rules are :mod:`workbench.core.articles`."""

from __future__ import annotations

from workbench.core.articles import article_mismatches, plural_verb_after_uncountable
from workbench.core.findings import Finding
from workbench.qa.model import QaContext, QaSegment, capped_matches, finding


def _english(context: QaContext) -> bool:
    return context.target_language.replace("_", "-").split("-", 1)[0].casefold() == "en"


def a_an(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """ "an pillar", "a hour": the article disagrees with the sound of the next word."""
    if not _english(context) or " " not in segment.target:
        return ()
    return capped_matches(
        article_mismatches(segment.target),
        lambda m: finding(
            segment,
            "a-an",
            "warning",
            f"'{m.article} {m.word}': '{m.word}' takes '{m.wanted}'",
            start=m.start,
            end=m.end,
            matched=m.article,
        ),
    )


def agreement(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """ "furniture are": an uncountable noun takes a singular verb."""
    if not _english(context) or " " not in segment.target:
        return ()
    return capped_matches(
        plural_verb_after_uncountable(segment.target),
        lambda d: finding(
            segment,
            "agreement",
            "warning",
            f"'{d.noun} {d.verb}': '{d.noun}' is uncountable, so '{d.noun} {d.wanted}'",
            start=d.start,
            end=d.end,
            matched=f"{d.noun} {d.verb}",
        ),
    )
