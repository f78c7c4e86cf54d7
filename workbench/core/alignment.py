"""Aligning a post-edited article made elsewhere with the project's segments.

The post-edit is segmented like the MT. Same number of segments: paired in order. Else the
paragraphs must correspond (same count); inside a paragraph with a different number of
sentences, a small dynamic programme in the style of Gale and Church pairs them on
character lengths with 1-1, 1-2, 2-1, 1-0 and 0-1 beads:

* the translator split one MT sentence in two: both go to that segment;
* two MT sentences were **merged** into one: the merged sentence is cut between the two
  segments at the word boundary where each part is closest to its MT sentence (word edit
  distance), so each segment gets its share and HTER counts the edits actually made, not
  a whole sentence inserted in one segment and deleted from the other; both parts are one
  edit across the two segments (:attr:`Aligned.group`);
* an MT sentence dropped: that segment becomes empty; a sentence added: it joins the
  segment before it (the first one when there is none), so no post-edited text is lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from workbench.core.document import Document
from workbench.core.errors import InputError

_BEADS = ((1, 1, 0.0), (1, 2, 0.4), (2, 1, 0.4), (1, 0, 1.0), (0, 1, 1.0))
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Aligned:
    """The post-edited text of one MT segment. ``group`` lists the indices (in the
    paragraph or document) of the MT segments that share one post-edited sentence with
    this one (a merge), ``()`` when it stands alone."""

    text: str
    group: tuple[int, ...] = ()


def _cost(a: Sequence[str], b: Sequence[str]) -> float:
    la = sum(len(x) for x in a)
    lb = sum(len(x) for x in b)
    return abs(la - lb) / (la + lb + 1)


def split_merged(first: str, second: str, merged: str) -> tuple[str, str]:
    """Cut ``merged`` (one post-edited sentence made of two MT sentences) at the word
    boundary where the two parts are closest, in words, to ``first`` and ``second``."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(merged)]
    words = [_norm(merged[s:e]) for s, e in spans]
    a, b = [_norm(w) for w in first.split()], [_norm(w) for w in second.split()]
    best_k, best = 0, (float("inf"), 1)
    for k in range(len(words) + 1):
        cost = Levenshtein.distance(a, words[:k]) + Levenshtein.distance(b, words[k:])
        # on a tie, a cut after punctuation ("forgings," | "are worth") wins
        after_punct = 0 if k and merged[spans[k - 1][1] - 1] in ",;:.!?)" else 1
        if (cost, after_punct) < best:
            best_k, best = k, (cost, after_punct)
    if best_k == 0:
        return "", merged.strip()
    if best_k == len(words):
        return merged.strip(), ""
    cut = spans[best_k][0]
    return merged[:cut].strip(), merged[cut:].strip()


def _norm(word: str) -> str:
    """A word compared without case and surrounding punctuation ("Forgings," = "forgings")."""
    return word.strip(".,;:!?\"'()[]“”‘’«»").casefold()


def _beads(mt: Sequence[str], pe: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """The alignment as (mt start, mt end, pe start, pe end) beads, in order."""
    m, n = len(mt), len(pe)
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(m + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for i in range(m + 1):
        for j in range(n + 1):
            if best[i][j] == inf:
                continue
            for di, dj, penalty in _BEADS:
                ni, nj = i + di, j + dj
                if ni > m or nj > n:
                    continue
                cost = best[i][j] + penalty + _cost(mt[i:ni], pe[j:nj])
                if cost < best[ni][nj]:
                    best[ni][nj] = cost
                    back[ni][nj] = (i, j)
    beads: list[tuple[int, int, int, int]] = []
    i, j = m, n
    while (i, j) != (0, 0):
        prev = back[i][j]
        assert prev is not None
        beads.append((prev[0], i, prev[1], j))
        i, j = prev
    return beads[::-1]


def align_paragraph(mt: Sequence[str], pe: Sequence[str]) -> list[Aligned]:
    """One post-edited text per MT segment of a paragraph (see the module docstring)."""
    if len(mt) == len(pe):
        return [Aligned(text) for text in pe]
    out = [Aligned("") for _ in mt]
    orphans: list[str] = []
    for i0, i1, j0, j1 in _beads(mt, pe):
        text = " ".join(pe[j0:j1])
        if i1 - i0 == 2:
            first, second = split_merged(mt[i0], mt[i0 + 1], text)
            out[i0] = Aligned(first, (i0, i0 + 1))
            out[i0 + 1] = Aligned(second, (i0, i0 + 1))
        elif i1 > i0:
            out[i0] = Aligned(text)
        elif i0 == 0:
            orphans.append(text)  # added before the first MT sentence: joins it
        else:
            prev = out[i0 - 1]
            out[i0 - 1] = Aligned(" ".join(x for x in (prev.text, text) if x), prev.group)
    if orphans and out:
        out[0] = Aligned(" ".join([*orphans, out[0].text]).strip(), out[0].group)
    return out


def align_post_edit(mt_doc: Document, pe_doc: Document) -> list[Aligned]:
    """The post-edited text for each segment of ``mt_doc`` (``group`` indices are
    positions in ``mt_doc.segments``)."""
    if len(mt_doc.segments) == len(pe_doc.segments):
        return [Aligned(s.text) for s in pe_doc.segments]
    mt_paras: dict[int, list[str]] = {}
    pe_paras: dict[int, list[str]] = {}
    for s in mt_doc.segments:
        mt_paras.setdefault(s.paragraph, []).append(s.text)
    for s in pe_doc.segments:
        pe_paras.setdefault(s.paragraph, []).append(s.text)
    if len(mt_paras) != len(pe_paras):
        raise InputError(
            f"{pe_doc.name}: cannot align with the article: {len(pe_paras)} paragraphs "
            f"against {len(mt_paras)}"
        )
    out: list[Aligned] = []
    for mt, pe in zip(mt_paras.values(), pe_paras.values(), strict=True):
        offset = len(out)
        out.extend(
            Aligned(a.text, tuple(offset + g for g in a.group)) for a in align_paragraph(mt, pe)
        )
    return out
