"""Untranslated or source-language text left in the target.

Two tests, because each is blind where the other sees: a Unicode-script test (letters of a
script the target language is not written in: Han, kana, Hangul, Cyrillic, Arabic...), which
is reliable on a two-character leftover where langdetect guesses (it calls "轨道交通" Korean);
and langdetect for longer Latin-script passages ("Die Produktion stieg..." left in English).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from workbench.core.findings import Finding
from workbench.core.language import (
    WORD,
    base_language,
    foreign_language,
    foreign_languages,
    looks_like,
)
from workbench.core.language import detect_language as detect_language
from workbench.qa.model import QaContext, QaSegment, finding

# Languages not written in the Latin script: for these the script test does not apply.
NON_LATIN_TARGETS = frozenset(
    {"zh", "ja", "ko", "ru", "uk", "bg", "sr", "be", "mk", "kk", "ky", "mn", "ar", "fa", "ur",
     "ps", "he", "yi", "th", "lo", "km", "my", "hi", "mr", "ne", "bn", "ta", "te", "kn", "ml",
     "gu", "pa", "si", "ka", "hy", "el", "am"}
)  # fmt: skip
# Scripts that are at home in a Latin-script target (Greek for α, μm, Ω).
_HOME_SCRIPTS = frozenset({"LATIN", "GREEK", "MODIFIER", "COMBINING"})
_SCRIPT_NAMES = {
    "CJK": "Chinese",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "HANGUL": "Korean",
    "CYRILLIC": "Cyrillic",
    "ARABIC": "Arabic",
    "HEBREW": "Hebrew",
    "THAI": "Thai",
    "DEVANAGARI": "Devanagari",
}
_WORD = WORD


@functools.lru_cache(maxsize=64)
def _language(code: str) -> str:
    return base_language(code) or "en"


def foreign_script(char: str) -> str | None:
    """The script name of a letter that is foreign to a Latin-script text, else ``None``."""
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if not first or first in _HOME_SCRIPTS:
        return None
    return _SCRIPT_NAMES.get(first, first.title())


def _cjk_punctuation(char: str) -> bool:
    """Full-width and ideographic punctuation ("，", "。", "、", "（") that MT leaves behind."""
    code = ord(char)
    if 0x3000 < code <= 0x303F:  # CJK symbols and punctuation (not the ideographic space)
        return True
    return 0xFF01 <= code <= 0xFF65 and not unicodedata.category(char).startswith("L")


@dataclass(frozen=True)
class ScriptRun:
    """A run of foreign-script letters (and the CJK punctuation among them) in a text."""

    start: int
    end: int
    text: str
    script: str
    letters: int


# Characters that can never start a finding (Latin, Greek, general punctuation, symbols):
# a text made only of these skips the per-character test.
_ALL_HOME = re.compile(r"[\x00-\u03ff\u1e00-\u1fff\u2000-\u2bff]*")


@functools.lru_cache(maxsize=4096)
def script_runs(text: str) -> tuple[ScriptRun, ...]:
    """Runs of letters of a foreign script, CJK punctuation included; ascending."""
    if _ALL_HOME.fullmatch(text):
        return ()
    return tuple(_script_runs(text))


def _script_runs(text: str) -> Iterator[ScriptRun]:
    start = -1
    letters = 0
    script = ""
    for i, char in enumerate(text + "\n"):
        found = foreign_script(char) if i < len(text) else None
        punct = i < len(text) and _cjk_punctuation(char)
        if found or punct:
            if start < 0:
                start, letters, script = i, 0, ""
            if found:
                letters += 1
                script = script or found
            continue
        if start >= 0:
            end = i
            while end > start and text[end - 1].isspace():
                end -= 1
            yield ScriptRun(start, end, text[start:end], script, letters)
            start = -1


def source_script_left(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """Letters of a foreign script in a Latin-script target: an error for a run of two or
    more letters (a word left untranslated), a warning for a single letter."""
    if _language(context.target_language) in NON_LATIN_TARGETS:
        return ()
    return tuple(
        finding(
            segment,
            "source-script",
            "error" if run.letters >= 2 else "warning",
            f"{run.script} text '{run.text}' left in the target",
            start=run.start,
            end=run.end,
            matched=run.text,
        )
        for run in script_runs(segment.target)
        if run.letters
    )


def fullwidth_punctuation(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """Full-width or ideographic punctuation ("，", "。") on its own in a Latin-script target
    (inside a run of Chinese text it is part of that run's finding)."""
    if _language(context.target_language) in NON_LATIN_TARGETS:
        return ()
    return tuple(
        finding(
            segment,
            "fullwidth-punctuation",
            "warning",
            f"full-width punctuation '{run.text}' in the target",
            start=run.start,
            end=run.end,
            matched=run.text,
        )
        for run in script_runs(segment.target)
        if not run.letters
    )


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def untranslated(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """The target is the source, unchanged: more than one word, or any foreign-script letter
    (a lone name or code such as "SMM" is the same in both languages)."""
    if segment.source is None:
        return ()
    source, target = _squash(segment.source), _squash(segment.target)
    if not target or source != target:
        return ()
    words = _WORD.findall(target)
    if len(words) < 2 and not any(foreign_script(c) for c in target):
        return ()
    return (
        finding(
            segment,
            "untranslated",
            "error",
            "the target is identical to the source (untranslated)",
            matched=segment.target.strip(),
        ),
    )


@functools.lru_cache(maxsize=4096)  # (asked in a batch's preparation, then by the check)
def _asks_langdetect(target: str, expected: str) -> bool:
    """Whether :func:`wrong_language` asks langdetect about ``target``."""
    if expected in NON_LATIN_TARGETS or any(script_runs(target)):
        return False  # the script test speaks for this text
    return not looks_like(target, expected)  # the target language's own function words


def prepare_wrong_language(segments: Sequence[QaSegment], context: QaContext) -> None:
    """langdetect's answers for every target :func:`wrong_language` will ask about, found
    together (much faster than one by one) before the checks run."""
    expected = _language(context.target_language)
    foreign_languages(
        [s.target for s in segments if _asks_langdetect(s.target, expected)], expected
    )


def wrong_language(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """A longer Latin-script target that langdetect is sure is another language. langdetect
    (replayed, ``core/language_replay.py``: a fraction of a millisecond where the text is
    the expected language) is asked only where the cheaper signals leave doubt: a foreign
    script (the script test speaks), fewer than eight words (too short to tell), or the
    target language's function words making up an eighth of the words (it is that
    language)."""
    expected = _language(context.target_language)
    if not _asks_langdetect(segment.target, expected):
        return ()
    guess = foreign_language(segment.target, expected)
    if guess is None:
        return ()
    lang, prob = guess
    return (
        finding(
            segment,
            "wrong-language",
            "warning",
            f"the target reads as '{lang}' (langdetect, p={prob:.2f}), not '{expected}'",
            matched=lang,
        ),
    )
