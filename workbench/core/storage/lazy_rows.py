"""Rows read from a store as plain tuples, each made into its record the first time it is
asked for (:class:`LazyRows`).

Opening a book of 50,000 segments reads every row at once (one query), but making 50,000
frozen records of them took longer than the query: the editor's first screen needs one
segment, and the work of the others is done when something walks them all (the background
QA, the figures). Building touches no database, so a worker thread may ask for rows: a row
is made under a lock, and a record set meanwhile (the main thread's edit) is never
overwritten by one made from the row read at opening.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, MutableSequence, Sequence
from typing import Any, Generic, TypeVar, overload

_T = TypeVar("_T")


class LazyRows(MutableSequence[_T], Generic[_T]):
    """A list of records made from ``raw`` rows by ``build`` when first read; records set
    by index replace them (the raw row is then let go of)."""

    __slots__ = ("_build", "_lock", "_made", "_raw")

    def __init__(self, raw: Sequence[Any], build: Callable[[Any], _T]) -> None:
        self._raw: list[Any] = list(raw)
        self._made: list[_T | None] = [None] * len(self._raw)
        self._build = build
        self._lock = threading.RLock()

    def _item(self, i: int) -> _T:
        made = self._made[i]
        if made is not None:
            return made
        with self._lock:
            made = self._made[i]
            if made is None:
                made = self._build(self._raw[i])
                self._made[i] = made
                self._raw[i] = None
            return made

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> list[_T]: ...
    def __getitem__(self, index: int | slice) -> _T | list[_T]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self._made)))]
        if index < 0:
            index += len(self._made)
        if not 0 <= index < len(self._made):
            raise IndexError("row index out of range")
        return self._item(index)

    def __iter__(self) -> Iterator[_T]:
        made = self._made
        for i in range(len(made)):
            row = made[i]
            yield row if row is not None else self._item(i)

    @overload
    def __setitem__(self, index: int, value: _T) -> None: ...
    @overload
    def __setitem__(self, index: slice, value: Iterable[_T]) -> None: ...
    def __setitem__(self, index: int | slice, value: Any) -> None:
        with self._lock:
            if isinstance(index, slice):
                values = list(value)
                self._made[index] = values
                self._raw[index] = [None] * len(values)
                return
            self._made[index] = value
            self._raw[index] = None

    def __delitem__(self, index: int | slice) -> None:
        with self._lock:
            del self._made[index]
            del self._raw[index]

    def insert(self, index: int, value: _T) -> None:
        with self._lock:
            self._made.insert(index, value)
            self._raw.insert(index, None)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyRows | list):  # as a list: never equal to a tuple
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"LazyRows({list(self)!r})"
