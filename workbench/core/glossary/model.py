"""The glossary model: entries are data, matched by one engine.

Two kinds of entry share one shape:

* a **fix**: MT output to find (``patterns``, one or more variants) and its ``correction``;
* a **term**: a preferred target term (``correction``) with ``forbidden`` alternatives,
  which are the ``patterns`` the engine looks for.

Fields of an entry and their rules are :mod:`workbench.core.glossary.schema`; reading YAML
is :mod:`workbench.core.glossary.yaml_reader`; matching is
:mod:`workbench.core.glossary.engine`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EntryKind = Literal["fix", "term"]
ApplyMode = Literal["auto", "suggest"]


@dataclass(frozen=True)
class Entry:
    """One glossary entry, as loaded. ``key`` is unique across all loaded glossaries."""

    key: str
    kind: EntryKind
    patterns: tuple[str, ...]
    correction: str
    apply: ApplyMode = "suggest"
    case_sensitive: bool = False
    source: str | None = None
    note: str | None = None
    glossary: str = ""
    file: str = ""
    line: int = 0
    domain: str | None = None
    pos: str | None = None
    target_language: str = ""  # its glossary's (the article fix is for English only)


@dataclass(frozen=True)
class Glossary:
    """One glossary file: its header and its entries, in file order."""

    id: str
    title: str = ""
    source_language: str = ""
    target_language: str = ""
    domain: str | None = None
    path: str = ""
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class GlossarySet:
    """Several glossaries layered in a stated order (later layers listed after earlier ones)."""

    glossaries: tuple[Glossary, ...] = ()
    entries: tuple[Entry, ...] = field(default=())

    @staticmethod
    def of(glossaries: tuple[Glossary, ...]) -> GlossarySet:
        return GlossarySet(
            glossaries=glossaries, entries=tuple(e for g in glossaries for e in g.entries)
        )
