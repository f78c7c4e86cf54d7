"""The word n-grams of a batch of texts, found and told apart in numpy.

Near misses compare every word n-gram of a text with the glossary's patterns of the same word
count; a 1,000,000-word article has millions of n-grams, most of them repeats. Here the
texts of a batch are joined, split into words (runs of what ``re`` calls non-whitespace, as
``\\S+`` does), and each n-gram is given the id of its exact character sequence (words and
the whitespace between them), built up word by word with ``numpy.unique``. Only one
occurrence of each distinct n-gram is then turned into a string, its *key*: the n-gram
without the punctuation around it (:func:`~workbench.core.glossary.keys.strip_punct`),
case-folded; that is what is scored.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from workbench.core.glossary.keys import PUNCT, strip_punct

IntArray = npt.NDArray[np.int64]

_LAST_SPACE = 0x3000  # no code point above this is whitespace


@lru_cache(maxsize=1)
def _space_table() -> npt.NDArray[np.bool_]:
    """Which code points up to U+3000 are whitespace (``str.isspace``, which is also what
    ``re``'s ``\\s`` and ``str.split`` go by)."""
    return np.array([chr(c).isspace() for c in range(_LAST_SPACE + 1)], dtype=bool)


@dataclass(frozen=True)
class Grams:
    """The n-grams of one word count in a batch that touch no excluded span.

    Per occurrence, in order of texts then positions: ``text`` (its index in the batch),
    ``start`` (its first word's offset in that text) and ``kind`` (an index into ``cores``
    and ``keys``, the same for every occurrence of the same character sequence).
    """

    text: IntArray
    start: IntArray
    kind: IntArray
    keys: list[str]
    spans: list[tuple[int, int]]

    def where(self, kinds: Sequence[int]) -> IntArray:
        """The occurrences (ascending) of the distinct n-grams ``kinds``."""
        wanted = np.zeros(len(self.keys), dtype=bool)
        wanted[np.array(kinds, dtype=np.int64)] = True
        return np.flatnonzero(wanted[self.kind])


def _dense(a: IntArray, b: IntArray, c: IntArray) -> IntArray:
    """Dense ids of the triples ``(a, b, c)`` (equal triples, equal ids)."""
    sa, sb, sc = (int(x.max()) + 1 if len(x) else 1 for x in (a, b, c))
    if sa * sb * sc < 1 << 62:
        inverse = np.unique((a * sb + b) * sc + c, return_inverse=True)[1]
    else:  # too many to pack in 64 bits: compare the rows
        inverse = np.unique(np.stack([a, b, c], axis=1), axis=0, return_inverse=True)[1]
    ids: IntArray = inverse.astype(np.int64).reshape(-1)
    return ids


class BatchWords:
    """The words of a batch of texts, ready to give the n-grams of any word count."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.joined = "\n".join(self.texts)  # a space between texts: no word spans two
        folded = self.joined.casefold()
        # casefold never shortens a character, so the same length means one for one (and it
        # leaves spaces and punctuation as they are): keys are then slices of one fold
        self._folded = folded if len(folded) == len(self.joined) else None
        lens = np.fromiter((len(t) for t in self.texts), dtype=np.int64, count=len(self.texts))
        self.offsets = np.cumsum(lens + 1) - (lens + 1)
        cps = np.frombuffer(self.joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        space = np.zeros(len(cps), dtype=bool)
        low = cps <= _LAST_SPACE
        space[low] = _space_table()[cps[low]]
        word = ~space
        before = np.concatenate(([False], word[:-1]))
        after = np.concatenate((word[1:], [False]))
        self.starts = np.flatnonzero(word & ~before).astype(np.int64)
        self.ends = np.flatnonzero(word & ~after).astype(np.int64) + 1
        self.text_of = np.searchsorted(self.offsets, self.starts, "right").astype(np.int64) - 1
        # ``str.split`` cuts at the same whitespace; a word's id is where it first occurs
        words: dict[str, int] = {}
        first = map(words.setdefault, self.joined.split(), itertools.count())
        self._word_ids = np.fromiter(first, dtype=np.int64, count=len(self.starts))
        # the whitespace after each word but the last: id 0 for one plain space
        gap_ids = np.zeros(max(len(self.starts) - 1, 0), dtype=np.int64)
        if len(gap_ids):
            one_space = (self.starts[1:] - self.ends[:-1] == 1) & (cps[self.ends[:-1]] == 0x20)
            gaps: dict[str, int] = {" ": 0}
            for i in np.flatnonzero(~one_space).tolist():
                gap = self.joined[int(self.ends[i]) : int(self.starts[i + 1])]
                gap_ids[i] = gaps.setdefault(gap, len(gaps))
        self._gap_ids = gap_ids
        self._chains: list[IntArray] = [self._word_ids]  # ids of the 1-grams, 2-grams, ...

    def _ids(self, n: int) -> IntArray:
        """The id of the n-gram starting at each word (that has ``n - 1`` words after it)."""
        while len(self._chains) < n:
            k = len(self._chains) + 1  # building the k-grams from the (k-1)-grams
            count = len(self._word_ids) - k + 1
            if count <= 0:
                self._chains.append(np.zeros(0, dtype=np.int64))
                continue
            previous = self._chains[-1][:count]
            self._chains.append(
                _dense(previous, self._gap_ids[k - 2 : k - 2 + count], self._word_ids[k - 1 :])
            )
        return self._chains[n - 1]

    def grams(self, n: int, excluded_starts: IntArray, excluded_ends: IntArray) -> Grams:
        """The n-grams (``n`` words within one text) that overlap none of the excluded
        spans (offsets in :attr:`joined`, ascending and not overlapping)."""
        ids = self._ids(n)
        count = len(ids)
        first = np.arange(count, dtype=np.int64)
        last = first + n - 1
        s, e = self.starts[:count], self.ends[n - 1 : n - 1 + count]
        keep = self.text_of[first] == self.text_of[last]
        if len(excluded_starts) and count:
            j = np.searchsorted(excluded_ends, s, "right")
            inside = j < len(excluded_starts)
            touches = np.zeros(count, dtype=bool)
            touches[inside] = excluded_starts[j[inside]] < e[inside]
            keep &= ~touches
        at = np.flatnonzero(keep)
        kept = ids[at]
        # the distinct ids, numbered in order, each with one place it occurs (no sort)
        size = int(kept.max()) + 1 if len(kept) else 0
        present = np.zeros(size, dtype=bool)
        present[kept] = True
        number = np.cumsum(present) - 1
        place = np.zeros(size, dtype=np.int64)
        place[kept] = at  # any occurrence will do: all have the same characters
        first_word = place[present]
        kind = number[kept]
        spans = list(
            zip(
                self.starts[first_word].tolist(),
                self.ends[first_word + n - 1].tolist(),
                strict=True,
            )
        )
        if self._folded is not None:  # one casefold for the batch, then slices
            folded = self._folded
            keys = [folded[a:b].strip(PUNCT) for a, b in spans]
        else:
            keys = [strip_punct(self.joined[a:b]).casefold() for a, b in spans]
        text = self.text_of[at]
        return Grams(
            text=text,
            start=s[at] - self.offsets[text],
            kind=kind,
            keys=keys,
            spans=spans,
        )

    def core(self, span: tuple[int, int]) -> str:
        """The core of the n-gram at ``span`` (of :attr:`Grams.spans`): its text without
        the punctuation around it."""
        return strip_punct(self.joined[span[0] : span[1]])
