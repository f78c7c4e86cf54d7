"""Glossary exchange: what every glossary reader and writer returns, and our own YAML.

The other tools' formats each live in a module of their own: TBX-Basic v3 and v2
(:mod:`workbench.formats.glossary.tbx`), CSV (:mod:`workbench.formats.glossary.csv_file`)
and OmegaT's tab-separated glossary (:mod:`workbench.formats.glossary.omegat`).
Each holds what it has
a field for, written the way the other tool reads it, and nothing of ours in disguise: a
field a format cannot hold is left out of the file, and the writer says so
(:class:`Exported`); a reader says what it found but could not keep (:class:`Imported`).
``workbench glossary export|import`` print those lines; YAML is the one format that holds
everything.

Every reader builds its entries through the one entry schema
(:func:`workbench.core.glossary.schema.glossary_from_fields`) with :func:`build_glossary`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.glossary.model import Entry, Glossary
from workbench.core.glossary.schema import GlossaryHeader, fields_input, glossary_from_fields
from workbench.core.glossary.writer import glossary_yaml

if TYPE_CHECKING:
    from workbench.formats.families import GlossaryWriter

SHOWN = 3  # examples named per line of a report


@dataclass(frozen=True)
class LeftOut:
    """Something a format could not hold: ``what`` (a field, a data category, a kind of
    line), the places it was found (entry keys, ``line N``, concept ids) and what that
    means for the data (``consequence``)."""

    what: str
    where: tuple[str, ...]
    consequence: str = ""

    def __str__(self) -> str:
        places = list(dict.fromkeys(self.where))  # each place once, in order
        shown = ", ".join(places[:SHOWN]) + (", …" if len(places) > SHOWN else "")
        count = f"{len(self.where)}: " if len(self.where) > 1 else ""
        text = f"{self.what} ({count}{shown})"
        return f"{text}; {self.consequence}" if self.consequence else text


class Losses:
    """Collects :class:`LeftOut` lines in the order first met, one line per ``what``."""

    def __init__(self) -> None:
        self._where: dict[str, list[str]] = {}
        self._why: dict[str, str] = {}

    def add(self, what: str, where: str, consequence: str = "") -> None:
        self._where.setdefault(what, []).append(where)
        if consequence:
            self._why.setdefault(what, consequence)

    def result(self) -> tuple[LeftOut, ...]:
        return tuple(
            LeftOut(what, tuple(where), self._why.get(what, ""))
            for what, where in self._where.items()
        )


@dataclass(frozen=True)
class Imported:
    """A glossary read from another tool's file, and what of that file it could not keep."""

    glossary: Glossary
    left_out: tuple[LeftOut, ...] = ()


@dataclass(frozen=True)
class Exported:
    """A glossary written in another tool's format, and what of it the format cannot hold."""

    data: bytes
    left_out: tuple[LeftOut, ...] = ()
    entries: int = 0  # how many entries the file holds


@dataclass(frozen=True)
class Languages:
    """The languages asked for on import (``--source-lang``/``--target-lang``)."""

    source: str | None = None
    target: str | None = None


@dataclass
class Draft:
    """An entry's fields as a reader found them, with the line (or XML line) they came from."""

    fields: dict[str, Any]
    line: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def build_glossary(header: GlossaryHeader, drafts: Sequence[Draft], path: Path) -> Glossary:
    """The glossary of a reader's drafts, through the one entry schema and its checks."""
    return glossary_from_fields(header, [fields_input(d.fields, d.line) for d in drafts], str(path))


def header_losses(glossary: Glossary, losses: Losses, fmt: str, what: Iterable[str]) -> None:
    """Report the glossary-level fields (``title``, ``languages``, ``domain``) a format has
    no header for."""
    values = {
        "title": glossary.title,
        "languages": "→".join(x for x in (glossary.source_language, glossary.target_language) if x),
        "domain": glossary.domain or "",
    }
    for name in what:
        if values[name]:
            losses.add(f"the glossary's {name}", values[name], f"{fmt} has no place for it")


def setting_losses(entry: Entry, losses: Losses, fmt: str) -> None:
    """Report an entry's workbench-only settings that differ from the defaults every
    importer gives (``apply: suggest``, ``case_sensitive: false``)."""
    if entry.apply == "auto":
        losses.add("apply: auto", entry.key, f"{fmt} has no place for it (imports as suggest)")
    if entry.case_sensitive:
        losses.add(
            "case_sensitive: true",
            entry.key,
            f"{fmt} has no place for it (imports as case-insensitive)",
        )


def write_yaml(glossary: Glossary) -> Exported:
    """Our own format: everything."""
    return Exported(glossary_yaml(glossary).encode("utf-8"), (), len(glossary.entries))


class _Yaml:
    def write_glossary(self, glossary: Glossary) -> Exported:
        return write_yaml(glossary)


FORMAT: GlossaryWriter = _Yaml()
