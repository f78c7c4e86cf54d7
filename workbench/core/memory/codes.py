"""Inline codes in fuzzy scores: compared apart from the words.

The memory holds a unit's inline codes as tag tokens (``⟨1⟩…⟨/1⟩``, ``⟨ph:1⟩``). Scored as
text, a token weighs as much as the characters of its label, so a unit's own words with
its codes left out scored 47–93 % against it. A fuzzy score is therefore ``fuzz.ratio`` of
the texts with their tokens taken out (:func:`neutral`), less :data:`CODE_PENALTY` points
for each code one text has and the other lacks (:func:`code_penalty`; matches show it).
"""

from __future__ import annotations

import re
from collections import Counter

from workbench.core.inline_codes import MAX_LABEL, TOKEN_END, TOKEN_START

CODE_PENALTY = 1.0  # points off a fuzzy score per code that differs
_TOKEN = re.compile(f"{TOKEN_START}[^{TOKEN_START}{TOKEN_END}\\n]{{1,{MAX_LABEL + 2}}}{TOKEN_END}")


def neutral(text: str) -> str:
    """``text`` without its tag tokens, whitespace runs as one space (unchanged, the same
    object, when it has none)."""
    if TOKEN_START not in text:
        return text
    return " ".join(_TOKEN.sub(" ", text).split())


def _codes(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text)) if TOKEN_START in text else Counter()


def code_penalty(a: str, b: str) -> float:
    """Points off the score of ``a`` against ``b`` for the codes they do not share."""
    if TOKEN_START not in a and TOKEN_START not in b:
        return 0.0
    ca, cb = _codes(a), _codes(b)
    return CODE_PENALTY * sum(((ca - cb) + (cb - ca)).values())
