"""Which language a text is written in: the one place for language detection.

Two tests, because each is blind where the other sees. A Unicode-script test is reliable on
Chinese, Japanese and Korean even in a few characters (langdetect calls "轨道交通" Korean);
langdetect tells Latin-script (and Cyrillic...) languages apart on longer passages, and is
seeded so the same text always gets the same answer. QA (``workbench/qa/language.py``),
sentence splitting of a source article and the language of an article with no language
information all use these functions.

Language tags are BCP 47 as written (``zh-CN`` stays ``zh-CN``); :func:`same_language`
compares them case-insensitively and :func:`base_language` gives the primary subtag.
"""

from __future__ import annotations

import functools
import itertools
import re

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

DetectorFactory.seed = 0  # langdetect is random unless seeded: same text, same answer

# langdetect only sees passages at least this long (in words): shorter ones it guesses.
MIN_DETECT_WORDS = 8
MIN_DETECT_PROBABILITY = 0.90
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def base_language(tag: str) -> str:
    """The primary language subtag, lower-cased: ``zh-CN`` -> ``zh``, ``EN_us`` -> ``en``."""
    return re.split(r"[-_]", tag.strip().lower() or "")[0]


def same_language(a: str, b: str) -> bool:
    """Whether two BCP 47 tags are the same tag (case-insensitively, ``_`` as ``-``)."""
    return a.strip().lower().replace("_", "-") == b.strip().lower().replace("_", "-")


# Chinese, Japanese or Korean letters must be at least this share of a text's letters for
# the script to name its language (an English text quoting "轨道交通" is English).
CJK_SHARE = 0.3


def script_language(text: str) -> str:
    """A language from the script alone, when Chinese, Japanese or Korean letters make up a
    good share of the text: kana means Japanese, Hangul Korean, Han (alone) Chinese; ``""``
    otherwise (the script does not tell)."""
    han = kana = hangul = letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF:
            kana += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
            hangul += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            han += 1
    if not letters or (han + kana + hangul) < CJK_SHARE * letters:
        return ""
    if kana:
        return "ja"
    if hangul > han:
        return "ko"
    return "zh"


def detect_language(text: str) -> tuple[str, float] | None:
    """langdetect's best guess for ``text`` and its probability, or ``None`` when the text is
    too short for it to be trusted or it cannot tell (cached per text: langdetect takes
    milliseconds)."""
    if sum(1 for _ in itertools.islice(WORD.finditer(text), MIN_DETECT_WORDS)) < MIN_DETECT_WORDS:
        return None
    return _detect(text)


@functools.lru_cache(maxsize=4096)
def _detect(text: str) -> tuple[str, float] | None:
    try:
        guesses = detect_langs(text)
    except LangDetectException:
        return None
    if not guesses:
        return None
    best = guesses[0]
    return str(best.lang), float(best.prob)


def text_language(text: str) -> str:
    """The language of a whole article or of a file's targets: the script test first, then
    langdetect (at least 8 words, p >= 0.9); ``""`` when neither can tell. langdetect's
    ``zh-cn``/``zh-tw`` never come back (the script test answers for Han first)."""
    by_script = script_language(text)
    if by_script:
        return by_script
    guess = detect_language(text)
    if guess is None or guess[1] < MIN_DETECT_PROBABILITY:
        return ""
    return guess[0]
