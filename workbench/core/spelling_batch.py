"""The spelling filter's first test for many words at once, in numpy.

:class:`workbench.core.spelling_filter.Possible` turns a word down when one of the four
characters in a row of ``"^" + word + "$"`` is a piece no dictionary word has, and makes a
misspelt word's swap/drop variants only where they pass that test
(:meth:`~workbench.core.spelling_filter.Possible.swaps_and_drops`). On a text of unusual
words QA asks both about nearly every word, and in Python each costs tens of microseconds a
word. Here the pieces of lower-case ASCII words are numbers (five bits a character) looked up
in one table, for every word of a batch, and every variant of every word, in a few array
operations a word length: the same answers, for a small part of the time. Words with any
other character are left to the word-by-word test.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from workbench.core.spelling_filter import _SPAN

_BITS = 5
_MARKS = "^$abcdefghijklmnopqrstuvwxyz"  # codes 1...28 (0: a character not told here)
_CODES = np.zeros(256, dtype=np.int64)
_CODES[np.frombuffer(_MARKS.encode("ascii"), dtype=np.uint8)] = np.arange(1, len(_MARKS) + 1)

Bools = npt.NDArray[np.bool_]
Table = Bools


def piece_table(pieces: frozenset[str]) -> Table:
    """Whether each piece of ``_SPAN`` characters of ``"^$a-z"`` is one of ``pieces`` (a
    piece's number: its characters' codes, five bits each)."""
    table = np.zeros(1 << (_BITS * _SPAN), dtype=np.bool_)
    whole = [p for p in pieces if len(p) == _SPAN]
    if whole:
        points = np.frombuffer("".join(whole).encode("utf-32-le"), dtype="<u4")
        codes = np.where(points < 256, _CODES[np.minimum(points, 255)], 0)
        codes = codes.reshape(len(whole), _SPAN)
        codes = codes[(codes > 0).all(axis=1)]  # pieces of "^$a-z" only
        table[_numbers(codes)[:, 0]] = True
    return table


def _numbers(codes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The number of each piece of each row of character codes (a row per word)."""
    width = codes.shape[1] - _SPAN + 1
    out = codes[:, :width].copy()
    for k in range(1, _SPAN):
        out <<= _BITS
        out |= codes[:, k : k + width]
    return out


def _marked(words: Sequence[str]) -> npt.NDArray[np.int64]:
    """The codes of ``"^" + word + "$"`` for words of one length, a row each."""
    joined = "".join(f"^{w}$" for w in words).encode("ascii")
    return _CODES[np.frombuffer(joined, dtype=np.uint8)].reshape(len(words), -1)


def _passing(table: Table, codes: npt.NDArray[np.int64]) -> Bools:
    """Whether every piece of each row is in the table."""
    if codes.shape[1] < _SPAN:
        return np.ones(codes.shape[0], dtype=np.bool_)
    return np.asarray(table[_numbers(codes)].all(axis=1))


def _by_length(words: Sequence[str]) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        groups.setdefault(len(w), []).append(i)
    return groups


def may_be_words(table: Table, words: Sequence[str]) -> list[bool]:
    """For each of ``words`` (lower-case ASCII letters): whether every piece of it is in the
    table (False: no dictionary word, as ``Possible.may_be_word`` would say)."""
    out = [True] * len(words)
    for _, where in _by_length(words).items():
        ok = _passing(table, _marked([words[i] for i in where]))
        for i, good in zip(where, ok.tolist(), strict=True):
            out[i] = good
    return out


def swaps_and_drops(table: Table, words: Sequence[str]) -> list[list[str]]:
    """For each of ``words`` (lower-case ASCII letters): its variants with two neighbours swapped,
    then those with a letter dropped, each in the order of its place, less those with a
    piece not in the table: ``Possible.swaps_and_drops`` of each word."""
    out: list[list[str]] = [[] for _ in words]
    for n, where in _by_length(words).items():
        group = [words[i] for i in where]
        codes = _marked(group)
        kept: list[tuple[npt.NDArray[np.int64], int]] = []  # (rows, place), swaps then drops
        for i in range(n - 1):  # marked[i + 1] and marked[i + 2] change places
            swapped = codes.copy()
            swapped[:, i + 1], swapped[:, i + 2] = codes[:, i + 2], codes[:, i + 1]
            kept.append((np.flatnonzero(_passing(table, swapped)), i))
        swaps = len(kept)
        for i in range(n):  # marked[i + 1] dropped
            dropped = np.delete(codes, i + 1, axis=1)
            kept.append((np.flatnonzero(_passing(table, dropped)), i))
        for k, (rows, i) in enumerate(kept):
            for r in rows.tolist():
                w = group[r]
                variant = w[:i] + w[i + 1] + w[i] + w[i + 2 :] if k < swaps else w[:i] + w[i + 1 :]
                out[where[r]].append(variant)
    return out
