"""The records of many units at once (``memory import``): what
:func:`~workbench.core.memory.records.make_record` makes of each unit, made for a batch.

A unit's index features are hashes of its tokens and token pairs. Made one unit at a time,
each occurrence of a word is looked up in Python (an import of 30,000 news sentences spent
two thirds of its record building there). Here the batch's texts are cut into tokens in one
pass (ASCII text: one ``bytes.translate`` and one ``split`` for the whole batch), each token
numbered once through a dict, and the rest done in numpy over the whole batch: pairs as
numbers, each distinct token and pair hashed once a batch (the hashes kept between batches),
the features of each unit made unique and sorted. The records are equal to
:func:`make_record`'s (the features in ascending order).
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from workbench.core.language import canonical_tag
from workbench.core.memory.index import _hash_feature, normalise, text_hash, tokens
from workbench.core.memory.records import Context, _match_text, make_record
from workbench.core.model.makers import maker
from workbench.core.model.memory import MemoryRecord, MemoryUnit

_I64 = npt.NDArray[np.int64]

_SEP = "\x01"  # ends each text in a batch: a token of its own (number 0), never in a word
# ASCII text: every byte but a letter or a digit is a space (``tokens``'s rule), but _SEP
_ASCII_BYTES = bytes(
    c if chr(c).isalnum() or c == ord(_SEP) else ord(" ") for c in range(128)
) + bytes(range(128, 256))
_record = maker(MemoryRecord)  # MemoryRecord(...) of every field, set straight
_canonical = functools.lru_cache(maxsize=256)(canonical_tag)


class _Vocabulary(dict[str, int]):
    """Tokens numbered from 1 as they are first met (0 is :data:`_SEP`), kept between
    batches, and the features of each kind of token and token pair already hashed (a
    memory's words and word pairs recur: each is hashed once, the rest is numpy)."""

    def __init__(self) -> None:
        super().__init__({_SEP: 0})
        self.words = [_SEP]
        self.unigrams: dict[str, tuple[_I64, npt.NDArray[np.bool_]]] = {}
        self.pairs: dict[str, tuple[_I64, _I64]] = {}

    def __missing__(self, token: str) -> int:
        value = self[token] = len(self.words)
        self.words.append(token)
        return value

    def unigram_features(self, kind: str, ids: _I64) -> _I64:
        """The features of kind ``kind`` (``m1``...) of tokens ``ids`` (none 0)."""
        size = len(self.words)
        values, known = self.unigrams.get(kind, (np.zeros(0, np.int64), np.zeros(0, np.bool_)))
        if len(values) < size:
            room = max(size, 2 * len(values))
            values = np.concatenate((values, np.zeros(room - len(values), np.int64)))
            known = np.concatenate((known, np.zeros(room - len(known), np.bool_)))
            self.unigrams[kind] = values, known
        distinct = _distinct(ids)
        new = distinct[~known[distinct]]
        if len(new):
            prefix, words = f"{kind} ", self.words
            values[new] = np.fromiter(
                (_hash_feature(prefix + words[i]) for i in new.tolist()),
                dtype=np.int64,
                count=len(new),
            )
            known[new] = True
        return values[ids]

    def pair_features(self, kind: str, ids: _I64) -> tuple[_I64, npt.NDArray[np.bool_]]:
        """The features of kind ``kind`` (``m2``...) of the adjacent token pairs in
        ``ids`` (texts ended by 0), and where each pair starts."""
        first, second = ids[:-1], ids[1:]
        starts = np.zeros(len(ids), dtype=np.bool_)
        starts[:-1] = (first != 0) & (second != 0)
        keys = (first[starts[:-1]] << 32) | second[starts[:-1]]
        known, values = self.pairs.get(kind, (np.zeros(0, np.int64), np.zeros(0, np.int64)))
        distinct = _distinct(keys)
        at = np.searchsorted(known, distinct)
        found = at < len(known)
        found[found] = known[at[found]] == distinct[found]
        new = distinct[~found]
        if len(new):
            prefix, words = f"{kind} ", self.words
            new_values = np.fromiter(
                (
                    _hash_feature(f"{prefix}{words[k >> 32]} {words[k & 0xFFFFFFFF]}")
                    for k in new.tolist()
                ),
                dtype=np.int64,
                count=len(new),
            )
            place = np.searchsorted(known, new)  # both ascending: merged without a sort
            known = np.insert(known, place, new)
            values = np.insert(values, place, new_values)
            self.pairs[kind] = known, values
        return values[np.searchsorted(known, keys)], starts

    def full(self) -> bool:
        return len(self.words) > _KEEP_WORDS or any(
            len(known) > _KEEP_PAIRS for known, _values in self.pairs.values()
        )


AT_ONCE_FROM = 64  # fewer units are made one by one
_KEEP_WORDS = 1 << 18  # tokens kept between batches (some 30 MB), all forgotten when more
_KEEP_PAIRS = 1 << 20  # token pairs of one kind kept (16 bytes each)
_vocabulary = _Vocabulary()
_lock = threading.Lock()


def _tokenised(texts: Sequence[str], vocab: _Vocabulary) -> tuple[_I64, _I64]:
    """The tokens of ``texts`` (normalised) as numbers, each text ended by a 0, and the
    position of each token's text in ``texts``."""
    joined = f" {_SEP} ".join(texts)
    if joined.isascii() and joined.count(_SEP) == len(texts) - 1:  # no text holds a _SEP
        words = joined.encode("ascii").translate(_ASCII_BYTES).decode("ascii").split()
        words.append(_SEP)
    else:
        words = []
        for text in texts:
            words += tokens(text)
            words.append(_SEP)
    ids = np.fromiter(map(vocab.__getitem__, words), dtype=np.int64, count=len(words))
    ends = ids == 0
    text_of = np.cumsum(ends) - ends  # a text's end counts as its own
    return ids, text_of


def _distinct(values: _I64) -> _I64:
    """The distinct values, ascending (``np.unique`` without its hash table, which numpy
    2.4 takes for plain ``unique`` and which is some 100x slower than sorting here)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    first = np.empty(len(ordered), dtype=np.bool_)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


def _ranked(values: _I64) -> tuple[_I64, _I64]:
    """The distinct values, ascending, and each value's position among them."""
    order = np.argsort(values)
    ordered = values[order]
    first = np.empty(len(ordered), dtype=np.bool_)
    if len(ordered):
        first[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.cumsum(first) - 1
    return ordered[first], rank


def make_records(items: Sequence[tuple[MemoryUnit, str, Context | None]]) -> list[MemoryRecord]:
    """:func:`~workbench.core.memory.records.make_record` of each (unit, key, context)
    (a few units, a segment confirmed in the editor: made one by one, numpy's calls would
    cost more than they save)."""
    if len(items) < AT_ONCE_FROM:
        return [make_record(unit, key, context) for unit, key, context in items]
    columns = record_columns(items)
    values, bounds = columns.features
    feats = [tuple(values[a:b]) for a, b in itertools.pairwise(bounds)]
    return list(map(_record, columns.units, *columns.fields, feats))


class RecordColumns(NamedTuple):
    """The records of a batch as columns: the units (their language tags canonical), the
    other fields of :class:`MemoryRecord` but the features, one list each in the order of
    its fields, and the features of all (each unit's ``values[bounds[i]:bounds[i + 1]]``,
    ascending)."""

    units: list[MemoryUnit]
    fields: tuple[list[object], ...]  # key, mt_norm, src_norm, mt_hash, src_hash, ctx_mt, ctx_src
    features: tuple[list[int], list[int]]


def record_columns(items: Sequence[tuple[MemoryUnit, str, Context | None]]) -> RecordColumns:
    """What :func:`make_records` makes of a batch, as columns (to hand them on as they are)."""
    units: list[MemoryUnit] = []
    for unit, _key, _context in items:
        source_lang, target_lang = _canonical(unit.source_lang), _canonical(unit.target_lang)
        if source_lang != unit.source_lang or target_lang != unit.target_lang:
            unit = replace(unit, source_lang=source_lang, target_lang=target_lang)
        units.append(unit)
    mt_norms = [normalise(_match_text(u)) for u in units]
    src_norms = [normalise(u.source) if u.source else None for u in units]
    with _lock:
        features = _features(units, mt_norms, src_norms)
    contexts = [context for _unit, _key, context in items]
    fields: tuple[list[object], ...] = (
        [key for _unit, key, _context in items],
        list(mt_norms),
        [n or None for n in src_norms],
        list(map(text_hash, mt_norms)),
        [text_hash(n) if n else None for n in src_norms],
        [c.mt_hash() if c else None for c in contexts],
        [c.source_hash() if c else None for c in contexts],
    )
    return RecordColumns(units, fields, features)


def _features(
    units: Sequence[MemoryUnit], mt_norms: Sequence[str], src_norms: Sequence[str | None]
) -> tuple[list[int], list[int]]:
    """Each unit's features (ascending), as :func:`make_record` finds them (as
    :func:`_unique_by_owner` gives them)."""
    global _vocabulary
    if _vocabulary.full():
        _vocabulary = _Vocabulary()
    vocab = _vocabulary
    owners: list[_I64] = []
    values: list[_I64] = []

    # the match text: its tokens and pairs
    m_ids, m_text = _tokenised(mt_norms, vocab)
    keep = m_ids != 0
    m_kept = m_ids[keep]
    m_owner = m_text[keep]
    owners.append(m_owner)
    values.append(vocab.unigram_features("m1", m_kept))
    pair_values, starts = vocab.pair_features("m2", m_ids)
    owners.append(m_text[starts])
    values.append(pair_values)

    # the source, where there is one
    with_source = [i for i, s in enumerate(src_norms) if s]
    if with_source:
        s_ids, s_text = _tokenised([src_norms[i] or "" for i in with_source], vocab)
        s_owner = np.asarray(with_source, dtype=np.int64)[s_text]
        keep = s_ids != 0
        owners.append(s_owner[keep])
        values.append(vocab.unigram_features("s1", s_ids[keep]))
        pair_values, starts = vocab.pair_features("s2", s_ids)
        owners.append(s_owner[starts])
        values.append(pair_values)

    # target words the MT lacks (units with MT)
    with_mt = [i for i, u in enumerate(units) if u.mt is not None]
    if with_mt:
        t_ids, t_text = _tokenised([normalise(units[i].target) for i in with_mt], vocab)
        keep = t_ids != 0
        t_owner = np.asarray(with_mt, dtype=np.int64)[t_text[keep]]
        t_kept = t_ids[keep]
        size = len(vocab.words)
        known = _distinct(m_owner * size + m_kept)
        wanted = t_owner * size + t_kept
        at = np.minimum(np.searchsorted(known, wanted), max(len(known) - 1, 0))
        lacking = known[at] != wanted if len(known) else np.ones(len(wanted), dtype=np.bool_)
        owners.append(t_owner[lacking])
        values.append(vocab.unigram_features("t1", t_kept[lacking]))

    return _unique_by_owner(len(units), np.concatenate(owners), np.concatenate(values))


def _unique_by_owner(count: int, owners: _I64, values: _I64) -> tuple[list[int], list[int]]:
    """For each of ``count`` units, its distinct ``values`` in ascending order: all of
    them, and where each unit's start (and the last ends)."""
    if not len(values):
        return [], [0] * (count + 1)
    distinct, rank = _ranked(values)
    size = len(distinct)
    keys = _distinct(owners * size + rank)
    owner_of = keys // size
    ordered: list[int] = distinct[keys % size].tolist()
    bounds: list[int] = np.searchsorted(owner_of, np.arange(count + 1)).tolist()
    return ordered, bounds
