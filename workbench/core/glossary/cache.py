"""One cache object per glossary set: what is computed from one engine's entries and kept
while that engine is in use (and dropped with it, when the glossary is reloaded), instead of
module-level caches that would keep every engine ever built alive."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

V = TypeVar("V")


class GlossaryCache:
    """Named, bounded memos (least recently used dropped first). ``memo(name, key,
    compute)`` is ``compute()`` the first time and the remembered value afterwards."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._memos: dict[str, OrderedDict[Hashable, object]] = {}

    def memo(self, name: str, key: Hashable, compute: Callable[[], V]) -> V:
        memo = self._memos.setdefault(name, OrderedDict())
        if key in memo:
            memo.move_to_end(key)
            return memo[key]  # type: ignore[return-value]
        value = compute()
        memo[key] = value
        if len(memo) > self.size:
            memo.popitem(last=False)
        return value

    def clear(self) -> None:
        self._memos.clear()
