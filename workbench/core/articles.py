"""The English indefinite article: "a" or "an" by the sound of the next word.

:func:`wants_an` tells from spelling, with the usual exceptions: a silent h ("an hour",
"an honest"), a u or eu said "you" ("a university", "a European"), "one" said "won" ("a
one-off"), letters said by name in an abbreviation ("an MT system", "an SMM report", "a
URL", "an 8-hour shift"). Where the sound cannot be told ("a/an historic", "herb", an
abbreviation that may be said as a word), it says None and nothing is flagged or changed.

:func:`article_mismatches` finds "a"/"an" that disagree with the next word (QA);
:func:`fix_article` changes the article right before a replaced span when the replacement
broke its agreement (the glossary's automatic fixes: "an important weapon" -> "a pillar").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Words starting with a vowel letter said with a consonant ("a university", "a one-off").
_CONSONANT_SOUND = re.compile(
    r"^(?:uni(?![nmd])|unanim|use|usa|usu|uti|ute|uto|ura|ure|uri|uro|ubiq|uku|ukr|ugand"
    r"|eu|ewe|one(?![a-z])|once|ouija)",
    re.IGNORECASE,
)
# Words starting with an h that is not said ("an hour", "an honest").
_SILENT_H = re.compile(r"^(?:hour|honest|hono(?:u)?r|heir)", re.IGNORECASE)
# Where usage or accent differs: neither article is flagged.
_EITHER = re.compile(r"^(?:herb|histor|hotel|humble|homage)", re.IGNORECASE)
# Letters whose names start with a vowel sound (F = "ef", H = "aitch", M = "em", ...).
_VOWEL_NAMES = frozenset("AEFHILMNORSX")
# Abbreviations said as words, not letter by letter ("a NATO summit", "an OPEC quota").
WORD_ACRONYMS = frozenset(
    {
        "NASA",
        "NATO",
        "OPEC",
        "UNESCO",
        "UNICEF",
        "ASEAN",
        "FIFA",
        "IKEA",
        "LASER",
        "RADAR",
        "LIDAR",
        "SARS",
        "AIDS",
        "COVID",
        "GIF",
        "JPEG",
        "NAFTA",
        "SWIFT",
        "ISIS",
        "OLED",
        "PIN",
        "RAM",
        "ROM",
        "SIM",
        "WHO",
        "SWAT",
    }
)
_ARTICLE_WORDS = {"a": False, "an": True}
# Words that never follow an article: "a" before them is a letter or a name ("point a and b").
_NOT_AFTER_ARTICLE = frozenset(
    {"and", "or", "of", "in", "on", "at", "as", "is", "are", "am", "was", "were", "if", "it"}
    | {"its", "into", "onto", "upon", "to", "the", "an", "a", "be", "by", "nor"}
)


@functools.lru_cache(maxsize=65536)
def wants_an(word: str) -> bool | None:
    """Whether ``word`` takes "an" (True), "a" (False) or cannot be told (None)."""
    word = word.lstrip("\"'“‘«([{")
    if not word:
        return None
    first = word[0]
    if first.isdigit():
        return _number_wants_an(word)
    if not first.isalpha() or not first.isascii():
        return None
    head = re.split(r"[^A-Za-z]", word, maxsplit=1)[0]
    if len(head) == 1 and (len(word) == 1 or not word[1].isalpha()):
        return first.upper() in _VOWEL_NAMES  # a letter said by name ("an X-ray", "a B")
    if len(head) > 1 and head.isupper():
        if head in WORD_ACRONYMS:
            return _word_wants_an(head)
        if any(c in "AEIOU" for c in head) and len(head) > 3:
            return None  # may be said as a word ("a NASDAQ listing"?): not told
        return first in _VOWEL_NAMES  # said letter by letter ("an MT engine", "a URL")
    return _word_wants_an(word)


def _word_wants_an(word: str) -> bool | None:
    if _EITHER.match(word):
        return None
    if _SILENT_H.match(word):
        return True
    if _CONSONANT_SOUND.match(word):
        return False
    return word[0].lower() in "aeiou"


def _number_wants_an(word: str) -> bool | None:
    """ "an 8", "an 11-year", "an 18", "an 80", "an 800"; "a 1", "a 100"."""
    digits = re.match(r"\d[\d,]*", word)
    number = digits.group().replace(",", "") if digits else ""
    if number.startswith("8"):
        return True
    if number in ("11", "18") or re.fullmatch(r"1[18]\d{3}(?:\d{3})*", number):
        return True  # eleven, eighteen, eleven thousand...
    if re.fullmatch(r"1[18]\d\d", number):
        return None  # "eleven hundred" or "one thousand one hundred"
    return False


@dataclass(frozen=True)
class Mismatch:
    """An article at ``text[start:end]`` that disagrees with the word after it; ``wanted``
    is the right article in the same case."""

    start: int
    end: int
    article: str
    word: str
    wanted: str


# An article: "a"/"an" as a word; "A"/"An" only where a sentence starts (elsewhere "A" is
# mostly a letter or a name: "vitamin A", "Class A shares").
_ARTICLE = re.compile(
    r"(?<![\w'’.-])(?P<article>an?|An?|AN)(?P<gap>[ \u00a0]+)"
    r"(?P<word>[\"'“‘«(]?[^\W_][\w'’-]*)",
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:;]\s+|[\"“‘«(]|\n)$")


def _is_article(text: str, start: int, article: str) -> bool:
    if article[0].islower():
        return True
    if article == "AN":
        return False
    return bool(_SENTENCE_END.search(text[max(0, start - 3) : start]))


def in_case_of(article: str, wanted_an: bool) -> str:
    """ "a"/"an" in the case of ``article`` ("A" -> "An", "AN" -> "A")."""
    word = "an" if wanted_an else "a"
    if len(article) > 1 and article.isupper():
        return word.upper()
    return word.capitalize() if article[0].isupper() else word


def article_mismatches(text: str) -> Iterator[Mismatch]:
    """Each "a"/"an" whose next word wants the other one, in order."""
    for m in _ARTICLE.finditer(text):
        article = m.group("article")
        word = m.group("word")
        if not _is_article(text, m.start(), article):
            continue
        bare = word.lstrip("\"'“‘«(")
        if bare.casefold() in _NOT_AFTER_ARTICLE:
            continue
        want = wants_an(bare)
        if want is None or want == _ARTICLE_WORDS[article.lower()]:
            continue
        yield Mismatch(m.start(), m.end("article"), article, bare, in_case_of(article, want))


_ARTICLE_BEFORE = re.compile(r"(?<![\w'’.-])(an?|An?|AN)([ \u00a0]+)$")


def fix_article(before: str, old: str, new: str, *, at_start: bool = False) -> str:
    """``before`` (the text right before a span replaced from ``old`` to ``new``) with its
    last word, if that is "a"/"an" and agreed with ``old``, changed to agree with ``new``
    (its case kept). ``at_start``: ``before`` starts the text (its first word may start a
    sentence). Nothing else is ever changed."""
    m = _ARTICLE_BEFORE.search(before)
    if m is None:
        return before
    article = m.group(1)
    if m.start() == 0 and not at_start and article[0].isupper():
        return before  # "A" right after another replaced span: not known to start a sentence
    if not _is_article(before, m.start(), article):
        return before
    has_an = _ARTICLE_WORDS[article.lower()]
    if wants_an(old) != has_an:
        return before  # it did not agree before: not the fix's doing
    want = wants_an(new)
    if want is None or want == has_an:
        return before
    return before[: m.start()] + in_case_of(article, want) + m.group(2)


# --- a singular verb after an uncountable noun ("the furniture are light") -----------------
# Nouns English does not count: never followed by a plural verb of their own.
UNCOUNTABLE = frozenset(
    {
        "furniture",
        "equipment",
        "information",
        "advice",
        "machinery",
        "luggage",
        "baggage",
        "software",
        "hardware",
        "evidence",
        "knowledge",
        "feedback",
        "homework",
        "jewellery",
        "jewelry",
        "merchandise",
        "clothing",
        "scenery",
        "weaponry",
        "cutlery",
        "stationery",
        "research",
    }
)
_PLURAL_VERBS = {"are": "is", "were": "was", "Are": "Is", "Were": "Was", "ARE": "IS", "WERE": "WAS"}
# "are"/"were" (a few words in a hundred) first, then the word before it.
_PLURAL_VERB = re.compile(
    r"(?<=[A-Za-z])(?P<gap>[ \u00a0]+)(?P<verb>are|were|Are|Were|ARE|WERE)(?!\w)"
)
_LAST_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+$")
_WORDS_BEFORE = re.compile(r"[\w'’-]+")
# A word among the three before the noun that makes a plural subject, or another noun the
# head: "pieces of furniture are", "furniture and equipment are", "furniture or fittings".
_SUBJECT_ELSEWHERE = frozenset({"of", "and", "or", "nor", "plus", "with"})


@dataclass(frozen=True)
class Disagreement:
    """ "furniture are" at ``text[start:end]``: ``wanted`` is the verb it takes."""

    start: int
    end: int
    noun: str
    verb: str
    wanted: str


def plural_verb_after_uncountable(text: str) -> Iterator[Disagreement]:
    """Each uncountable noun right before "are"/"were" as its own subject (nothing among
    the three words before it makes the subject another noun or a plural one)."""
    for m in _PLURAL_VERB.finditer(text):
        w = _LAST_WORD.search(text, max(0, m.start() - 40), m.start())
        if w is None or w.group().lower() not in UNCOUNTABLE:
            continue
        noun = w.group()
        before = _WORDS_BEFORE.findall(text[max(0, w.start() - 60) : w.start()])[-3:]
        if any(x.lower() in _SUBJECT_ELSEWHERE for x in before):
            continue
        verb = m.group("verb")
        yield Disagreement(w.start(), m.end(), noun, verb, _PLURAL_VERBS[verb])
