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

import contextlib
import functools
import itertools
import re
import sys
from collections.abc import Sequence
from typing import Any

from langdetect.lang_detect_exception import LangDetectException

from workbench.core.language_profiles import load_factory
from workbench.core.projects import data_dir

# langdetect only sees passages at least this long (in words): shorter ones it guesses.
MIN_DETECT_WORDS = 8
MIN_DETECT_PROBABILITY = 0.90
DETECT_SAMPLE = 100_000  # characters of a long text handed to langdetect
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def base_language(tag: str) -> str:
    """The primary language subtag, lower-cased: ``zh-CN`` -> ``zh``, ``EN_us`` -> ``en``."""
    return re.split(r"[-_]", tag.strip().lower() or "")[0]


def same_language(a: str, b: str) -> bool:
    """Whether two BCP 47 tags are the same tag (case-insensitively, ``_`` as ``-``)."""
    return a.strip().lower().replace("_", "-") == b.strip().lower().replace("_", "-")


def canonical_tag(tag: str) -> str:
    """A BCP 47 tag in its usual case (RFC 5646 2.1.1): language lower case, script title
    case, region upper case, the rest lower case; ``_`` as ``-``: ``EN-US`` -> ``en-US``,
    ``zh_hant_tw`` -> ``zh-Hant-TW``, ``de-x-MT`` -> ``de-x-mt``. Not a tag (empty,
    ``*all*``): as it is."""
    parts = tag.strip().replace("_", "-").split("-")
    if not all(p.isalnum() and p.isascii() for p in parts):
        return tag
    out = [parts[0].lower()]
    private = parts[0].lower() == "x"
    for part in parts[1:]:
        if private or len(out[-1]) == 1:  # after a singleton (x-, u-...): lower case
            private = private or out[-1] == "x"
            out.append(part.lower())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


# Chinese, Japanese or Korean letters must be at least this share of a text's letters for
# the script to name its language (an English text quoting "轨道交通" is English).
CJK_SHARE = 0.3


_CJK = re.compile(
    "[\u3040-\u30ff\uac00-\ud7af\u1100-\u11ff\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"
)
_NOT_ASCII_LETTER = re.compile("[^A-Za-z]+")


def script_language(text: str) -> str:
    """A language from the script alone, when Chinese, Japanese or Korean letters make up a
    good share of the text: kana means Japanese, Hangul Korean, Han (alone) Chinese; ``""``
    otherwise (the script does not tell). An English article of megabytes is answered
    without looking at each character: no CJK character at all, or fewer than the share of
    its ASCII letters alone."""
    if text.isascii():
        return ""
    cjk = sum(1 for _ in _CJK.finditer(text))
    if not cjk or cjk < CJK_SHARE * len(_NOT_ASCII_LETTER.sub("", text)):
        return ""
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
    if not _enough_words(text):
        return None
    return _detect(text)


@functools.cache
def _factory() -> Any:
    """langdetect's profiles, loaded on the first text that needs them (compactly: see
    ``language_profiles``), kept packed between runs in the data folder's cache."""
    return load_factory(cache=data_dir() / "cache" / PROFILES_CACHE)


PROFILES_CACHE = "langdetect-profiles.bin"


@functools.lru_cache(maxsize=4096)
def _detect(text: str) -> tuple[str, float] | None:
    try:
        detector = _factory().create()
        detector.append(text)
        guesses = detector.get_probabilities()
    except LangDetectException:
        return None
    if not guesses:
        return None
    best = guesses[0]
    return str(best.lang), float(best.prob)


def foreign_language(text: str, expected: str) -> tuple[str, float] | None:
    """langdetect's guess for ``text`` and its probability when it is surely (p >= 0.9)
    another language than ``expected`` (a primary subtag), the way :func:`detect_language`
    would answer; ``None`` when it is not, or the text is too short to tell. langdetect is
    replayed (``language_replay``) and stops as soon as the answer cannot be another
    language: a text in the expected language costs a trial or two instead of seven.
    Cached per text; :func:`foreign_languages` answers many texts at once."""
    key = (text, expected)
    if key in _FOREIGN:
        with contextlib.suppress(KeyError):  # (another thread may just have dropped it)
            return _FOREIGN[key]
    return foreign_languages([text], expected)[0]


Guess = tuple[str, float] | None
_FOREIGN: dict[tuple[str, str], Guess] = {}
_FOREIGN_CACHED = 8192
_FOREIGN_BATCH = 256  # texts replayed together (their arrays: a few MB)
_FEW_TEXTS = 8  # at most this many to answer and numpy not loaded: langdetect itself


def foreign_languages(texts: Sequence[str], expected: str) -> list[Guess]:
    """:func:`foreign_language` of each of ``texts``, found together (the replay works on
    arrays of many texts) and cached for the calls that follow. A few texts while numpy is
    not loaded yet (an English article has a handful) go to langdetect itself, which gives
    the same answers: numpy would add 15 MB to a command that does not need it."""
    known: dict[str, Guess] = {}
    for text in texts:
        with contextlib.suppress(KeyError):
            known[text] = _FOREIGN[(text, expected)]
    todo = list(dict.fromkeys(t for t in texts if t not in known))
    long_enough = [t for t in todo if _enough_words(t)]
    known.update(dict.fromkeys(todo))
    if len(long_enough) <= _FEW_TEXTS and not _numpy_loaded():
        for text in long_enough:
            guess = _detect(text)
            if guess and base_language(guess[0]) != expected and guess[1] >= MIN_DETECT_PROBABILITY:
                known[text] = guess
        long_enough = []
    for start in range(0, len(long_enough), _FOREIGN_BATCH):
        from workbench.core.language_replay import surely_other

        part = long_enough[start : start + _FOREIGN_BATCH]
        known.update(zip(part, surely_other(part, expected, MIN_DETECT_PROBABILITY), strict=True))
    if len(_FOREIGN) + len(todo) > _FOREIGN_CACHED:
        for key in list(itertools.islice(_FOREIGN, max(len(_FOREIGN) // 2, len(todo)))):
            _FOREIGN.pop(key, None)  # (another thread may have done so)
    _FOREIGN.update(((t, expected), known[t]) for t in todo)
    return [known[t] for t in texts]


def _numpy_loaded() -> bool:
    return "numpy" in sys.modules


def _enough_words(text: str) -> bool:
    return (
        sum(1 for _ in itertools.islice(WORD.finditer(text), MIN_DETECT_WORDS)) >= MIN_DETECT_WORDS
    )


# Common English function words (``looks_like``): a target where they are frequent is English, and
# langdetect (milliseconds a text) is not asked. Words shared with other languages ("in",
# "on", "a") are left out.
_ENGLISH_FUNCTION_WORDS = frozenset(
    {"the", "of", "and", "to", "is", "are", "was", "were", "be", "been", "that", "for", "with",
     "as", "by", "it", "its", "this", "these", "from", "at", "has", "have", "had", "will",
     "would", "which", "an", "not", "or", "but", "their", "they"}
)  # fmt: skip


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words of other target languages, for the same cheap signal (words shared with
# English or with each other left out).
_FUNCTION_WORDS = {
    "en": _ENGLISH_FUNCTION_WORDS,
    "de": _words("der die das und ist nicht mit von den dem des ein eine einer sich auch "
                    "werden wird wurde sind für auf"),
    "fr": _words("le la les et est une des du dans pour pas sur avec sont qui au aux "
                    "cette été"),
    "es": _words("el los las y es una del en por para con que se su sus fue son está "
                    "como"),
    "it": _words("il lo gli e è una del della per con che non sono di alla nel "
                    "questo"),
    "pt": _words("os as e é uma do da dos das em para com que não são foi pelo "
                    "pela"),
    "nl": _words("de het een en is van niet met zijn voor op ook worden wordt door "
                    "deze"),
}  # fmt: skip


def looks_like(text: str, language: str) -> bool:
    """Cheap signal before langdetect: the target language's function words are frequent
    in the text (False where no list is known)."""
    known = _FUNCTION_WORDS.get(language)
    if known is None:
        return False
    words = WORD.findall(text)
    common = sum(1 for w in words if w.casefold() in known)
    return common >= 2 and common >= 0.12 * len(words)


def text_language(text: str) -> str:
    """The language of a whole article or of a file's targets: the script test first, then
    langdetect (at least 8 words, p >= 0.9); ``""`` when neither can tell. langdetect's
    ``zh-cn``/``zh-tw`` never come back (the script test answers for Han first)."""
    by_script = script_language(text)
    if by_script:
        return by_script
    sample = text[:DETECT_SAMPLE]  # langdetect reads 10,000 characters of it at most
    if looks_like(sample, "en"):
        return "en"  # its function words are an eighth of the words: no doubt left
    guess = detect_language(sample)
    if guess is None or guess[1] < MIN_DETECT_PROBABILITY:
        return ""
    return guess[0]
