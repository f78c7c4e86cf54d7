"""One langdetect trial of many texts, compiled (numba): the loop of
:meth:`workbench.core.language_replay._Draws.trial` one draw at a time, in machine code.

The numpy replay works on blocks of draws over many texts at once, a dozen array passes over
every draw's 55 log-factors (gather, group sums, running sums, best, gap, count): about a
microsecond a draw, and a random-letter text needs some 300 draws a trial and two or three
trials. Here each text's trial runs on its own, one draw at a time, with the same arithmetic
in the same order, so the same bits:

* a draw is ``random.choice``: the next 32-bit word of the stream shifted right, taken if
  below the text's n-gram count;
* the first check comes after one draw, the others after each five, whose log-factors are
  summed first, in order (``np.add.reduce`` over the five), then added to the running sums
  (``np.cumsum``);
* a check may stop the trial only where no other language is within ``gap`` of the best
  (then the shares ``exp(sum - best)`` are summed as numpy sums 55 numbers: eight running
  sums, combined pairwise, then the rest in order) and the best's share is over
  ``threshold``, or after ``limit`` draws.

The log-factors are a table's rows (the first two trials of all texts share one alpha), or,
for a text of its own alpha, ``log(alpha + p)`` made from the probabilities the first time
the text draws each n-gram. Compiled once and cached beside this file (``cache=True``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def pairwise(a: Any, n: int) -> float:  # pragma: no cover - compiled
    if n < 8:
        res = 0.0
        for i in range(n):
            res += a[i]
        return res
    r0, r1, r2, r3 = a[0], a[1], a[2], a[3]
    r4, r5, r6, r7 = a[4], a[5], a[6], a[7]
    i = 8
    stop = n - n % 8
    while i < stop:
        r0 += a[i]
        r1 += a[i + 1]
        r2 += a[i + 2]
        r3 += a[i + 3]
        r4 += a[i + 4]
        r5 += a[i + 5]
        r6 += a[i + 6]
        r7 += a[i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[i]
        i += 1
    return float(res)


@numba.njit(cache=True, nogil=True)
def choice(words: Any, pos: int, shift: int, n: int) -> tuple[np.int64, int]:  # pragma: no cover
    """``random.choice`` of ``n`` from the word at ``pos`` on: (the index, the position
    after it), or (-1, pos) where the stream runs out."""
    size = len(words)
    while pos < size:
        value = np.int64(words[pos]) >> shift
        pos += 1
        if value < n:
            return value, pos
    return np.int64(-1), pos


@numba.njit(cache=True, nogil=True)
def stopped(  # pragma: no cover - compiled
    total: Any, shares: Any, gap: float, threshold: float, over: bool
) -> bool:
    """Whether the check stops the trial (then ``shares`` holds the probabilities)."""
    width = len(total)
    top = total[0]
    for lang in range(1, width):
        top = max(top, total[lang])
    near = 0
    floor = top - gap
    for lang in range(width):
        if total[lang] >= floor:
            near += 1
    if near != 1 and not over:
        return False
    for lang in range(width):
        shares[lang] = math.exp(total[lang] - top)
    scale = pairwise(shares, width)
    if 1.0 / scale > threshold or over:
        for lang in range(width):
            shares[lang] = shares[lang] / scale
        return True
    return False


@numba.njit(cache=True, nogil=True)
def run(  # pragma: no cover - compiled
    words: Any,
    texts: Any,
    counts: Any,
    offsets: Any,
    shifts: Any,
    positions: Any,
    rows: Any,
    table: Any,
    own: bool,
    weights: Any,
    limit: int,
    threshold: float,
    gap: float,
    out: Any,
    ends: Any,
) -> None:
    width = table.shape[1]
    total = np.empty(width)
    group = np.empty(width)
    shares = np.empty(width)
    slot = np.full(table.shape[0] if own else 1, -1, dtype=np.int64)
    longest = 1
    for t in texts:
        longest = max(longest, counts[t])
    memo = np.empty((longest if own else 1, width))
    used = np.empty(longest if own else 1, dtype=np.int64)
    for j in range(len(texts)):
        t = texts[j]
        pos = positions[t]
        weight = weights[t]
        zero = math.log(0.0 + weight)
        made = 0
        done = 0  # draws so far
        while pos >= 0:
            take = 1 if done == 0 else 5
            for k in range(take):
                value, pos = choice(words, pos, shifts[t], counts[t])
                if value < 0:
                    pos = -1
                    break
                row = rows[offsets[t] + value]
                if own:
                    s = slot[row]
                    if s < 0:
                        s = made
                        slot[row] = s
                        used[made] = row
                        made += 1
                        for lang in range(width):
                            p = table[row, lang]  # (mostly 0: log(0 + weight) made once)
                            memo[s, lang] = zero if p == 0.0 else math.log(p + weight)
                    factors = memo[s]
                else:
                    factors = table[row]
                if k == 0:
                    group[:] = factors
                else:
                    group += factors
            if pos < 0:
                break
            if done == 0:
                total[:] = group
            else:
                total += group
            done += take
            if stopped(total, shares, gap, threshold, done > limit):
                out[j, :] = shares
                break
        ends[j] = pos
        for m in range(made):
            slot[used[m]] = -1


def trial_kernel() -> Callable[..., None]:
    """The compiled trial (compiled on first use, then read from numba's cache)."""
    return run
