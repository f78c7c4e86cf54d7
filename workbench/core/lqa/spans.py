"""Error spans carried through an edit of the text they are on.

An edit changes a text ``before`` into ``after``. Their common head and tail (cut back to
word boundaries) are untouched, so a span there moves exactly (shifted by the length
change when it is in the tail). What changed in between is aligned word by word
(:class:`difflib.SequenceMatcher` on words, spaces and punctuation marks), so a span on
words that were only moved (a clause put first) stays on them. A span boundary inside a
changed stretch goes to the edge of what replaced it: the span grows to cover a rewrite of
its words or shrinks when some of them are deleted; a span whose every word was deleted is
gone (None).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from difflib import SequenceMatcher

from workbench.core.lqa.annotation import Span

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def _word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _common(before: str, after: str) -> tuple[int, int]:
    """Lengths of the common head and tail (not overlapping), neither ending inside a word."""
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    while (
        head > 0
        and _word_char(before, head - 1)
        and (_word_char(before, head) or _word_char(after, head))
    ):
        head -= 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    while (
        tail > 0
        and _word_char(before, len(before) - tail)
        and (_word_char(before, len(before) - tail - 1) or _word_char(after, len(after) - tail - 1))
    ):
        tail -= 1
    return head, tail


class _Alignment:
    """Word alignment of two texts, mapping character offsets of the first to the second."""

    def __init__(self, a: str, b: str) -> None:
        self.a_len, self.b_len = len(a), len(b)
        self.a_starts = [m.start() for m in _TOKEN.finditer(a)]
        self.b_starts = [m.start() for m in _TOKEN.finditer(b)]
        a_tokens = [m.group() for m in _TOKEN.finditer(a)]
        b_tokens = [m.group() for m in _TOKEN.finditer(b)]
        self.ops = SequenceMatcher(None, a_tokens, b_tokens, autojunk=False).get_opcodes()

    def _b_pos(self, j: int) -> int:
        return self.b_starts[j] if j < len(self.b_starts) else self.b_len

    def _block(self, k: int) -> tuple[str, int, int, int, int]:
        for op in self.ops:
            if op[1] <= k < op[2]:
                return op
        raise IndexError(k)  # pragma: no cover - the opcodes cover every token

    def start(self, offset: int) -> int:
        if offset >= self.a_len:
            return self.b_len
        k = bisect_right(self.a_starts, offset) - 1
        tag, i1, _i2, j1, _j2 = self._block(k)
        if tag == "equal":
            return self.b_starts[j1 + k - i1] + offset - self.a_starts[k]
        return self._b_pos(j1)

    def end(self, offset: int) -> int:
        if offset <= 0:
            return 0
        k = bisect_right(self.a_starts, offset - 1) - 1  # the token of the span's last char
        tag, i1, _i2, j1, j2 = self._block(k)
        if tag == "equal":
            return self.b_starts[j1 + k - i1] + offset - self.a_starts[k]
        return self._b_pos(j2)


def map_span(before: str, after: str, span: Span) -> Span | None:
    """``span`` (on ``before``) on ``after``; None when all of its text was deleted. When
    the alignment loses the span's words but they stand, whole, in one place of ``after``,
    the span goes there."""
    if before == after:
        return span
    head, tail = _common(before, after)
    shift = len(after) - len(before)
    if span.end <= head:
        return span
    if span.start >= len(before) - tail:
        return Span(span.start + shift, span.end + shift)
    align = _Alignment(before[head : len(before) - tail], after[head : len(after) - tail])

    def where(offset: int, *, is_end: bool) -> int:
        if offset < head:
            return offset
        if offset > len(before) - tail:
            return offset + shift
        mid = offset - head
        return head + (align.end(mid) if is_end else align.start(mid))

    start = where(span.start, is_end=False)
    end = max(start, where(span.end, is_end=True))
    words = before[span.start : span.end]
    if words and after[start:end] != words:
        moved = _only_place(after, words)
        if moved is not None:
            return moved
    if start == end and span.start != span.end:
        return None
    return Span(start, end)


def _only_place(text: str, words: str) -> Span | None:
    """Where ``words`` stand in ``text`` as whole words, when that is one place only (the
    alignment cannot follow words moved past other moved words: "a XY" -> "XY a")."""
    found: list[int] = []
    for m in re.finditer(re.escape(words), text):
        s, e = m.start(), m.end()
        if (_word_char(text, s) and _word_char(text, s - 1)) or (
            _word_char(text, e - 1) and _word_char(text, e)
        ):
            continue
        found.append(s)
        if len(found) > 1:
            return None
    return Span(found[0], found[0] + len(words)) if found else None
