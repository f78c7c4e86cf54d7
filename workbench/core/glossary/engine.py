"""One matcher for every glossary entry.

Matching rules: whole words only (Unicode-aware: "café" is one word; a hit never
touches a word character on either side, so "C++" matches in "C++, Java" but not in
"C++11"); case-insensitive unless the entry says otherwise
(``str.casefold``); text and patterns compared in NFC; overlapping hits resolve
leftmost-longest; spans always index the text as given, even where NFC or case folding
changes lengths ("İ" folds to two characters, NFD input composes).

How: all case-insensitive patterns go into one pyahocorasick automaton over the folded text,
case-sensitive ones into a second automaton over the NFC text. The automaton reports every
occurrence; occurrences that are not whole words are dropped, the rest resolved
leftmost-longest. Mapping offsets back to the input costs nothing in the common case (the
text is NFC and folding keeps its length) and one pass over the text otherwise.

Near misses ("orbital ship" for "orbital ships") are found with rapidfuzz over word n-grams,
through a filter that hands rapidfuzz only the patterns that can reach the score
(:mod:`workbench.core.glossary.near`; the n-grams of a batch are found and told apart in
numpy, :mod:`workbench.core.glossary.ngrams`); they are only ever offered, never applied.

Inline codes (placeholder characters, :mod:`workbench.core.inline_codes`) are ignored:
matching runs on the text without them and spans are mapped back, so "orbital ⟨1⟩ships⟨/1⟩"
is a hit for "orbital ships"; a code inside a replaced span is kept, right after the
replacement, so pre-editing never loses a tag.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import ahocorasick

from workbench.core.glossary.cache import GlossaryCache
from workbench.core.glossary.keys import match_key
from workbench.core.glossary.model import Entry
from workbench.core.inline_codes import Stripped, codes_in, stripped

if TYPE_CHECKING:  # numpy is imported when near misses are first asked for
    import numpy as np
    import numpy.typing as npt

    from workbench.core.glossary.near import NearIndex
    from workbench.core.glossary.ngrams import Grams

HitKind = Literal["auto", "suggest", "near"]


@dataclass(frozen=True)
class Hit:
    """A place in a text where an entry matches.

    ``start``/``end`` index the text that was searched (offsets of the text given, whatever
    normalisation happened inside). ``replacement`` is the correction with the case of
    ``matched`` applied. ``kind``: ``auto`` (applied by pre-editing), ``suggest`` (offered),
    ``near`` (a fuzzy near miss, offered with ``score`` < 100, never applied).
    """

    start: int
    end: int
    matched: str
    replacement: str
    entry: Entry
    kind: HitKind
    score: float = 100.0


@dataclass(frozen=True)
class SourceHit:
    """Where an entry's source-language term occurs in a source text (offsets of the text
    given), with every entry that names that term."""

    start: int
    end: int
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Applied:
    """The result of pre-editing one text: the new text and the hits that were applied
    (spans in the *input* text, ascending)."""

    text: str
    applied: tuple[Hit, ...]


@functools.lru_cache(maxsize=4096)
def is_word_char(ch: str) -> bool:
    """Letters, digits, underscore and combining marks are word characters."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


@functools.lru_cache(maxsize=8192)
def follow_case(matched: str, correction: str) -> str:
    """The correction in the case of what it replaces, unless it has capitals of its own."""
    if any(c.isupper() for c in correction):
        return correction
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return correction.upper()
    if letters and letters[0].isupper():
        for i, c in enumerate(correction):
            if c.isalpha():
                return correction[:i] + c.upper() + correction[i + 1 :]
    return correction


@dataclass(frozen=True)
class _View:
    """A transformed text (NFC, maybe folded) and the map back to the input's offsets."""

    text: str
    starts: list[int] | None  # view index -> input start offset (None: identity)
    ends: list[int] | None  # view index -> input end offset of that character's cluster

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _view(text: str, fold: bool) -> _View:
    if unicodedata.is_normalized("NFC", text):
        if not fold:
            return _View(text, None, None)
        folded = text.casefold()
        if len(folded) == len(text):
            return _View(folded, None, None)
    # Slow path: map cluster by cluster (a starter and its combining marks).
    starts: list[int] = []
    ends: list[int] = []
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        if fold:
            piece = piece.casefold()
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return _View("".join(out), starts, ends)


_WORDS = re.compile(r"\S+")


class GlossaryEngine:
    """Built once from entries; then ``find``/``near_misses``/``apply_auto`` are cheap."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = tuple(entries)
        self.cache = GlossaryCache()  # what users of this engine compute from it
        self._sources: ahocorasick.Automaton | None = None
        self._sources_built = False
        self._auto: dict[bool, ahocorasick.Automaton | None] = {}
        self._max_len = 0
        self._near_by_length: dict[int, tuple[list[str], list[Entry]]] = {}
        self._near_groups: dict[float, list[tuple[int, NearIndex, list[Entry]]]] = {}
        # per cutoff, per word count: n-gram key -> best (score, pattern) or None
        self._near_cache: dict[float, dict[int, dict[str, tuple[float, int] | None]]] = {}
        for case_sensitive in (False, True):
            automaton = ahocorasick.Automaton()
            count = 0
            for entry in self.entries:
                if entry.case_sensitive != case_sensitive:
                    continue
                for pattern in entry.patterns:
                    key = match_key(pattern, case_sensitive=case_sensitive)
                    if not key or key in automaton:
                        continue  # the first layer wins on identical patterns
                    automaton.add_word(key, (len(key), entry))
                    count += 1
                    self._max_len = max(self._max_len, len(key))
            if count:
                automaton.make_automaton()
                self._auto[case_sensitive] = automaton
            else:
                self._auto[case_sensitive] = None
        for entry in self.entries:
            for pattern in entry.patterns:
                if len(pattern) >= 4:
                    group = self._near_by_length.setdefault(len(pattern.split()), ([], []))
                    group[0].append(match_key(pattern))
                    group[1].append(entry)

    # --- exact hits --------------------------------------------------------------------
    def _candidates(self, text: str) -> list[tuple[int, int, Entry]]:
        found: list[tuple[int, int, Entry]] = []
        for case_sensitive in (False, True):
            automaton = self._auto[case_sensitive]
            if automaton is None:
                continue
            view: _View | None = None
            vt = text
            if case_sensitive or not text.isascii():
                view = _view(text, not case_sensitive)
                vt = view.text
            else:
                vt = text.lower()  # ASCII: lower() is casefold(), NFC, same length
            n = len(vt)
            for end_index, (length, entry) in automaton.iter(vt):
                start = end_index - length + 1
                end = end_index + 1
                if start > 0 and is_word_char(vt[start - 1]):
                    continue
                if end < n and is_word_char(vt[end]):
                    continue
                if view is not None:
                    start, end = view.span(start, end)
                found.append((start, end, entry))
        return found

    def occurrences(self, text: str) -> list[tuple[int, int, Entry]]:
        """Every whole-word occurrence of every pattern, overlapping ones included
        (``find`` resolves them leftmost-longest); for lint and statistics."""
        view = stripped(text)
        found = ((*view.span(s, e), entry) for s, e, entry in self._candidates(view.text))
        return sorted(found, key=lambda c: (c[0], c[1]))

    def find(self, text: str) -> tuple[Hit, ...]:
        """Exact hits (kind auto/suggest), non-overlapping, leftmost-longest, ascending
        (spans index ``text``, inline codes and all)."""
        view = stripped(text)
        return _mapped(self._find(view.text), view, text)

    def _find(self, text: str) -> tuple[Hit, ...]:
        candidates = self._candidates(text)
        if not candidates:
            return ()
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        hits: list[Hit] = []
        last_end = 0
        for s, e, entry in candidates:
            if s < last_end:
                continue
            matched = text[s:e]
            hits.append(
                Hit(
                    start=s,
                    end=e,
                    matched=matched,
                    replacement=follow_case(matched, entry.correction),
                    entry=entry,
                    kind=entry.apply,
                )
            )
            last_end = e
        return tuple(hits)

    # --- near misses -------------------------------------------------------------------
    def _near_index(self, min_score: float) -> list[tuple[int, NearIndex, list[Entry]]]:
        """The near-miss indexes (one per pattern word count), built on first use."""
        groups = self._near_groups.get(min_score)
        if groups is None:
            from workbench.core.glossary.near import NearIndex

            groups = [
                (n, NearIndex(patterns, min_score), owners)
                for n, (patterns, owners) in self._near_by_length.items()
            ]
            self._near_groups[min_score] = groups
        return groups

    def near_misses(
        self, text: str, *, min_score: float = 85.0, exact: tuple[Hit, ...] | None = None
    ) -> tuple[Hit, ...]:
        """Fuzzy variants of entry patterns that are not exact hits; kind ``near``,
        ascending, non-overlapping with each other and with exact hits (``exact``: the
        text's :meth:`find`, when the caller has it already).

        Every word n-gram of a pattern's word count that touches no exact hit is compared
        (punctuation around it stripped, case-folded) with the patterns of that word count by
        ``rapidfuzz.fuzz.ratio``; a score of ``min_score`` or more (below 100) with the best
        pattern is a near miss, unless the n-gram already holds the entry's correction.
        Candidates come from an index (:mod:`workbench.core.glossary.near`); the result is
        the same as scoring every pattern."""
        return self.near_misses_many(
            [text], min_score=min_score, exact=None if exact is None else [exact]
        )[0]

    def near_misses_many(
        self,
        texts: Sequence[str],
        *,
        min_score: float = 85.0,
        exact: Sequence[tuple[Hit, ...]] | None = None,
    ) -> list[tuple[Hit, ...]]:
        """:meth:`near_misses` of many texts at once (the n-grams of a batch are scored
        together, each distinct one once)."""
        if not self._near_by_length:
            return [() for _ in texts]
        out: list[tuple[Hit, ...]] = []
        for first in range(0, len(texts), _NEAR_BATCH):
            chunk = texts[first : first + _NEAR_BATCH]
            hits = exact[first : first + _NEAR_BATCH] if exact is not None else None
            out.extend(self._near_batch(chunk, min_score, hits))
        return out

    def _near_batch(
        self,
        texts: Sequence[str],
        min_score: float,
        exact: Sequence[tuple[Hit, ...]] | None,
    ) -> list[tuple[Hit, ...]]:
        from workbench.core.glossary.ngrams import BatchWords

        groups = self._near_index(min_score)
        cache = self._near_cache.setdefault(min_score, {})
        if sum(map(len, cache.values())) > _NEAR_CACHE:
            cache.clear()
        views = [stripped(text) for text in texts]  # inline codes are not words
        words = BatchWords([view.text for view in views])
        starts: list[int] = []
        ends: list[int] = []
        for ti, (view, offset) in enumerate(zip(views, words.offsets.tolist(), strict=True)):
            if exact is not None and not view.positions:
                found_exact = exact[ti]  # the caller's find(): same offsets without codes
            else:
                found_exact = self._find(view.text)
            for hit in found_exact:
                starts.append(offset + hit.start)
                ends.append(offset + hit.end)
        found: list[list[tuple[float, int, int, Entry]]] = [[] for _ in texts]
        for n, index, owners in groups:  # in the reference order: by group, then position
            grams = words.grams(n, _int_array(starts), _int_array(ends))
            near = self._near_kinds(grams, n, index, owners, min_score)
            at = grams.where(list(near))
            texts_at, starts_at = grams.text[at].tolist(), grams.start[at].tolist()
            for ti, gram_start, kind in zip(
                texts_at, starts_at, grams.kind[at].tolist(), strict=True
            ):
                score, entry = near[kind]
                core = words.core(grams.spans[kind])
                offset = views[ti].text.index(core, gram_start)
                found[ti].append((score, offset, offset + len(core), entry))
        return [
            _mapped(_choose_near(view.text, hits), view, original)
            for original, view, hits in zip(texts, views, found, strict=True)
        ]

    def _near_kinds(
        self, grams: Grams, n: int, index: NearIndex, owners: list[Entry], min_score: float
    ) -> dict[int, tuple[float, Entry]]:
        """The distinct n-grams of ``grams`` that are near misses: ``{kind: (score, entry)}``
        (scored once each, then remembered)."""
        cache = self._near_cache[min_score].setdefault(n, {})
        keys = grams.keys
        get = cache.get
        bests = [get(key, _UNKNOWN) for key in keys]
        # ("" is what is left of an n-gram of punctuation alone: never scored, never near)
        todo = list(
            dict.fromkeys(k for k, b in zip(keys, bests, strict=True) if b is _UNKNOWN and k)
        )
        scored = dict(zip(todo, index.best(todo), strict=True)) if todo else {}
        cache.update(scored)
        new_hits = {key for key, found in scored.items() if found is not None}
        # the kinds worth a look: a near miss remembered or just found (a few in thousands)
        kinds = [
            i
            for i, (key, best) in enumerate(zip(keys, bests, strict=True))
            if best is not None and (best is not _UNKNOWN or key in new_hits)
        ]
        near: dict[int, tuple[float, Entry]] = {}
        for kind in kinds:
            found = bests[kind]
            if found is _UNKNOWN:
                found = scored[keys[kind]]
            if found is None:  # (never: kinds holds near misses only)
                continue
            score, pattern = found
            if not min_score <= score < 100.0:
                continue
            entry = owners[pattern]
            if entry.correction.casefold() in keys[kind]:
                continue  # already the right wording, with a word around it
            near[kind] = (score, entry)
        return near

    # --- source-language terms ------------------------------------------------------------
    def source_hits(self, text: str) -> tuple[SourceHit, ...]:
        """Where entries' source terms (``source:``) occur in a source text: compared by
        :func:`match_key`, without word boundaries (Chinese and Japanese have none),
        overlapping occurrences resolved leftmost-longest; one scan however many entries."""
        automaton = self._source_automaton()
        if automaton is None:
            return ()
        view = _view(text, True)
        found: list[tuple[int, int, tuple[Entry, ...]]] = []
        for end_index, (length, entries) in automaton.iter(view.text):
            s, e = view.span(end_index - length + 1, end_index + 1)
            found.append((s, e, entries))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[SourceHit] = []
        last_end = 0
        for s, e, entries in found:
            if s >= last_end:
                hits.append(SourceHit(s, e, entries))
                last_end = e
        return tuple(hits)

    def _source_automaton(self) -> ahocorasick.Automaton | None:
        if self._sources_built:
            return self._sources
        self._sources_built = True
        by_term: dict[str, list[Entry]] = {}
        for entry in self.entries:
            if entry.source and entry.source.strip():
                # a termbase's term may keep a space it was written with (" 国之重器")
                by_term.setdefault(match_key(entry.source.strip()), []).append(entry)
        if by_term:
            automaton = ahocorasick.Automaton()
            for term, entries in by_term.items():
                automaton.add_word(term, (len(term), tuple(entries)))
            automaton.make_automaton()
            self._sources = automaton
        return self._sources

    def offers(self, text: str) -> tuple[Hit, ...]:
        """Exact hits of any kind plus near misses, ascending by start."""
        exact = self.find(text)
        near = self.near_misses(text, exact=exact)
        return tuple(sorted(exact + near, key=lambda h: h.start))

    def apply_auto(self, text: str) -> Applied:
        """Apply every ``auto`` hit of :meth:`find` (one pass, no re-scan of replacements)."""
        return apply_found(text, self.find(text))


_LAST: list[tuple[tuple[Entry, ...], GlossaryEngine]] = []


def engine_of(entries: tuple[Entry, ...]) -> GlossaryEngine:
    """The engine of ``entries``, built once: loading checks a glossary set for cycles with
    an engine, and the command that loaded it then matches with the same one."""
    if _LAST and _LAST[0][0] is entries:
        return _LAST[0][1]
    engine = GlossaryEngine(entries)
    _LAST[:] = [(entries, engine)]
    return engine


def apply_found(text: str, hits: tuple[Hit, ...]) -> Applied:
    """``text`` with the ``auto`` hits among ``hits`` (the text's :meth:`GlossaryEngine.find`)
    applied; inline codes inside a replaced span are kept right after the replacement, and
    an English "a"/"an" right before it follows the replacement (:func:`_article`)."""
    applied = tuple(h for h in hits if h.kind == "auto")
    if not applied:
        return Applied(text, ())
    parts: list[str] = []
    pos = 0
    for hit in applied:
        parts.append(_article(text[pos : hit.start], hit, at_start=pos == 0))
        parts.append(hit.replacement + codes_in(hit.matched))
        pos = hit.end
    parts.append(text[pos:])
    return Applied("".join(parts), applied)


def _article(before: str, hit: Hit, *, at_start: bool) -> str:
    """``before`` (the text up to the hit) with an English article right before the hit
    changed when the replacement broke its agreement ("an important weapon" -> "a pillar");
    for entries of an English glossary, or of one that names no target language."""
    language = hit.entry.target_language
    if language and language.replace("_", "-").split("-", 1)[0].casefold() != "en":
        return before
    if not before.endswith((" ", "\u00a0")):
        return before
    from workbench.core.articles import fix_article

    return fix_article(before, hit.matched, hit.replacement, at_start=at_start)


def _mapped(hits: tuple[Hit, ...], view: Stripped, text: str) -> tuple[Hit, ...]:
    """Hits found in the text without codes, with spans and ``matched`` in ``text``."""
    if not view.positions:
        return hits
    out = []
    for hit in hits:
        start, end = view.span(hit.start, hit.end)
        out.append(
            Hit(start, end, text[start:end], hit.replacement, hit.entry, hit.kind, hit.score)
        )
    return tuple(out)


_NEAR_BATCH = 20_000  # texts whose n-grams are found and scored together
_NEAR_CACHE = 300_000  # distinct n-grams remembered (then the memory starts again)
_UNKNOWN = (-1.0, -1)  # not yet in the memory of scored n-grams


def _int_array(values: list[int]) -> npt.NDArray[np.int64]:
    import numpy as np

    return np.array(values, dtype=np.int64)


def _choose_near(text: str, found: list[tuple[float, int, int, Entry]]) -> tuple[Hit, ...]:
    """Best first, then leftmost, then longest; none overlapping another; ascending."""
    found.sort(key=lambda f: (-f[0], f[1], -(f[2] - f[1])))
    chosen: list[Hit] = []
    for score, s, e, entry in found:
        if any(s < h.end and h.start < e for h in chosen):
            continue
        matched = text[s:e]
        chosen.append(
            Hit(s, e, matched, follow_case(matched, entry.correction), entry, "near", score)
        )
    return tuple(sorted(chosen, key=lambda h: h.start))


def apply_hit(text: str, hit: Hit) -> str:
    """``text`` with one hit replaced (the hit's span must index ``text``); inline codes
    inside the span are kept, right after the replacement, and an English article right
    before it follows the replacement (as in :func:`apply_found`)."""
    return (
        _article(text[: hit.start], hit, at_start=True)
        + hit.replacement
        + codes_in(text[hit.start : hit.end])
        + text[hit.end :]
    )
