"""Rules between entries: what no set of layered glossaries may hold.

* **Conflicts:** two entries correcting the same MT text (by :func:`match_key`) differently.
  Identical patterns with the same correction are allowed (the first layer wins).
* **Cycles:** corrections that feed each other: A's correction contains B's pattern and B's
  (or a longer chain's) correction contains A's. A correction containing its own pattern
  ("SWA" -> "Southwest Aluminum (SWA)") is not a cycle: pre-editing is one pass over the
  MT; lint warns about such chains.
* **Duplicate ids:** two glossary files with the same ``glossary:`` id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from workbench.core.errors import GlossaryError
from workbench.core.glossary.engine import engine_of
from workbench.core.glossary.keys import match_key
from workbench.core.glossary.model import Entry, Glossary


def conflicts(entries: Sequence[Entry]) -> Iterator[GlossaryError]:
    """Two entries correcting the same MT text differently."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        for pattern in entry.patterns:
            key = match_key(pattern, case_sensitive=entry.case_sensitive)
            other = seen.get(key)
            if other is None:
                seen[key] = entry
            elif other.correction != entry.correction:
                yield GlossaryError(
                    entry.file,
                    entry.line,
                    f"'{pattern}' is corrected to '{entry.correction}' here but to "
                    f"'{other.correction}' at {other.file}:{other.line}",
                )


def cycles(entries: Sequence[Entry]) -> Iterator[GlossaryError]:
    """The first cycle of corrections feeding each other, if any (depth-first search over
    "this correction contains that entry's pattern")."""
    engine = engine_of(tuple(entries))
    index = {e.key: i for i, e in enumerate(entries)}
    edges: list[set[int]] = []
    for i, entry in enumerate(entries):
        targets = {index[h.entry.key] for h in engine.find(entry.correction)}
        targets.discard(i)
        edges.append(targets)
    state = [0] * len(entries)  # 0 new, 1 on stack, 2 done
    for start in range(len(entries)):
        if state[start]:
            continue
        path: list[int] = [start]
        iters = [iter(sorted(edges[start]))]
        state[start] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if state[nxt] == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                first = entries[cycle[0]]
                chain = " -> ".join(f"'{entries[c].correction}'" for c in cycle)
                yield GlossaryError(
                    first.file, first.line, f"corrections feed each other in a cycle: {chain}"
                )
                return
            if state[nxt] == 0:
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(sorted(edges[nxt])))


def duplicate_ids(glossaries: Sequence[Glossary]) -> Iterator[GlossaryError]:
    seen: dict[str, Glossary] = {}
    for g in glossaries:
        if g.id in seen:
            yield GlossaryError(
                g.path, 1, f"glossary id '{g.id}' is already used by {seen[g.id].path}"
            )
        else:
            seen[g.id] = g


def set_errors(entries: Sequence[Entry]) -> list[GlossaryError]:
    """Errors between entries of layered glossaries: conflicting corrections, cycles."""
    return [*conflicts(entries), *cycles(entries)]


def check_within(glossary: Glossary) -> None:
    """Raise the first conflict inside one glossary (cycles are checked over the whole
    set, where layers can close them)."""
    for error in conflicts(glossary.entries):
        raise error
