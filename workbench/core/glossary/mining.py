"""Learning glossary entries from what translators corrected (``glossary suggest``).

For every segment a translator changed (``typing``, ``import`` or ``replace-all`` events;
changes made by the glossary itself, undo/redo and reverts do not count as evidence), the
text before the translator's first change is compared with the final target, word by word
(rapidfuzz opcodes). Adjacent changed words form one replaced phrase ("orbital ships" ->
"rail transit and shipbuilding"); punctuation both sides share at the edges is trimmed.
Phrases replaced the same way in several segments (across projects) are ranked by how often
(``count``) and how consistently (``consistency``: that replacement among all replacements
of the same phrase) they were made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.core.edits import EditEvent, word_ops
from workbench.core.glossary.keys import match_key

TRANSLATOR_ORIGINS = {"typing", "import", "replace-all"}
_EDGE = ".,;:!?\"'()[]{}“”‘’«»"


@dataclass(frozen=True)
class Example:
    project: str
    segment_id: str
    before: str
    after: str


@dataclass(frozen=True)
class Suggestion:
    mt: str
    correct: str
    count: int  # segments where mt was replaced by correct
    consistency: float  # count / segments where mt was replaced at all
    examples: tuple[Example, ...]


def replaced_phrases(before: str, after: str, *, max_words: int = 6) -> list[tuple[str, str]]:
    """The phrases of ``before`` replaced in ``after`` (pure insertions and deletions are
    not glossary material and are skipped)."""
    out: list[tuple[str, str]] = []
    for op in word_ops(before, after):
        if op.tag != "replace":
            continue
        src, dst = _trim(op.a, op.b)
        if src and dst and src != dst and len(src.split()) <= max_words:
            out.append((src, dst))
    return out


def _trim(a: str, b: str) -> tuple[str, str]:
    while a and b and a[-1] == b[-1] and a[-1] in _EDGE:
        a, b = a[:-1], b[:-1]
    while a and b and a[0] == b[0] and a[0] in _EDGE:
        a, b = a[1:], b[1:]
    return a.strip(), b.strip()


def segment_changes(events: Sequence[EditEvent]) -> dict[str, tuple[str, str]]:
    """Per segment: (text before the first translator change, final text)."""
    first: dict[str, str] = {}
    final: dict[str, str] = {}
    for e in sorted(events, key=lambda e: e.seq):
        if e.origin in TRANSLATOR_ORIGINS and e.segment_id not in first:
            first[e.segment_id] = e.before
        if e.segment_id in first:
            final[e.segment_id] = e.after
    return {sid: (first[sid], final[sid]) for sid in first}


def mine(
    projects: Iterable[tuple[str, Sequence[EditEvent]]],
    *,
    min_count: int = 2,
    known: Iterable[str] = (),
) -> list[Suggestion]:
    """Suggestions from ``(project name, events)`` pairs, best first. Phrases in ``known``
    (existing glossary patterns) are left out."""
    known_keys = {match_key(k) for k in known}
    by_pair: dict[tuple[str, str], list[Example]] = defaultdict(list)
    by_source: dict[str, int] = defaultdict(int)
    spelled: dict[str, str] = {}
    for project, events in projects:
        for sid, (before, after) in segment_changes(events).items():
            seen: set[tuple[str, str]] = set()
            for src, dst in replaced_phrases(before, after):
                key = (match_key(src), dst)
                if key in seen:
                    continue
                seen.add(key)
                spelled.setdefault(match_key(src), src)
                by_pair[key].append(Example(project, sid, before, after))
                by_source[match_key(src)] += 1
    out = []
    for (src, dst), examples in by_pair.items():
        if len(examples) < min_count or src in known_keys:
            continue
        out.append(
            Suggestion(
                mt=spelled[src],
                correct=dst,
                count=len(examples),
                consistency=len(examples) / by_source[src],
                examples=tuple(examples),
            )
        )
    return sorted(out, key=lambda s: (-s.count, -s.consistency, s.mt))
