"""The postings a batch of new units adds to the memory's index, gathered with numpy:
every (feature, unit id) pair of the batch sorted by feature (ids ascending within one),
each feature's ids as little-endian uint32 bytes -- the way they are stored -- without a
Python list per feature."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

ID_BYTES = 4


@dataclass(frozen=True)
class NewPostings:
    """Features in ascending order, and for each the bytes of its new ids."""

    terms: tuple[int, ...]
    ids: bytes  # every new id, little-endian uint32, grouped by feature
    bounds: tuple[int, ...]  # feature i's ids are ids[bounds[i] : bounds[i + 1]] (bytes)

    @classmethod
    def gather(cls, ids: Sequence[int], features: Sequence[Sequence[int]]) -> NewPostings:
        """The postings of units ``ids`` (ascending) with their ``features``."""
        counts = np.fromiter(map(len, features), dtype=np.int64, count=len(features))
        total = int(counts.sum())
        if not total:
            return cls((), b"", (0,))
        terms = np.fromiter(itertools.chain.from_iterable(features), dtype=np.int64, count=total)
        owners = np.repeat(np.asarray(ids, dtype="<u4"), counts)
        order = np.argsort(terms, kind="stable")  # stable: ids stay ascending in a feature
        terms, owners = terms[order], owners[order]
        first = np.empty(total, dtype=np.bool_)  # sorted: a term starts where it changes
        first[0] = True
        np.not_equal(terms[1:], terms[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        unique = terms[starts]
        bounds = np.append(starts, total) * ID_BYTES
        return cls(tuple(unique.tolist()), owners.tobytes(), tuple(bounds.tolist()))

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        """Each feature with the bytes of its new ids."""
        data, bounds = self.ids, self.bounds
        for n, term in enumerate(self.terms):
            yield term, data[bounds[n] : bounds[n + 1]]
