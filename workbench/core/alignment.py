"""Aligning a post-edited article made elsewhere with the project's segments.

The post-edit is segmented like the MT. Same number of segments: paired in order. Else the
paragraphs must correspond (same count); inside a paragraph with a different number of
sentences, a small dynamic programme in the style of Gale and Church pairs them on
character lengths with 1-1, 1-2 and 2-1 beads: when the translator split one MT sentence
in two, both go to that segment; when two MT sentences were merged, the first segment gets
the merged sentence and the second becomes empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.document import Document
from workbench.core.errors import InputError

_BEADS = ((1, 1, 0.0), (1, 2, 0.4), (2, 1, 0.4), (1, 0, 1.0), (0, 1, 1.0))


def _cost(a: Sequence[str], b: Sequence[str]) -> float:
    la = sum(len(x) for x in a)
    lb = sum(len(x) for x in b)
    return abs(la - lb) / (la + lb + 1)


def align_paragraph(mt: Sequence[str], pe: Sequence[str]) -> list[str]:
    """One post-edited text per MT segment (joined with a space where PE split one)."""
    if len(mt) == len(pe):
        return list(pe)
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
    out = [""] * m
    i, j = m, n
    while (i, j) != (0, 0):
        prev = back[i][j]
        assert prev is not None
        pi, pj = prev
        if i > pi:
            out[pi] = " ".join(pe[pj:j])
        i, j = pi, pj
    return out


def align_post_edit(mt_doc: Document, pe_doc: Document) -> list[str]:
    """The post-edited text for each segment of ``mt_doc``."""
    if len(mt_doc.segments) == len(pe_doc.segments):
        return [s.text for s in pe_doc.segments]
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
    out: list[str] = []
    for mt, pe in zip(mt_paras.values(), pe_paras.values(), strict=True):
        out.extend(align_paragraph(mt, pe))
    return out
