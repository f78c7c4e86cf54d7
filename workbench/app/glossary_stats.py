"""Glossary statistics for its maintainer (``workbench glossary hits``): how often each
entry fires in the MT of articles, folders of articles and projects, and which never fire."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.app.projects import open_existing
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.model import Entry
from workbench.core.storage.sqlite import is_project_file
from workbench.formats.registry import read_document

ARTICLE_SUFFIXES = (".txt", ".md", ".wbproj")


@dataclass(frozen=True)
class EntryHits:
    """Per entry (in glossary order) how many hits it had in the files read."""

    files: tuple[Path, ...]
    rows: tuple[tuple[Entry, int], ...]

    @property
    def never(self) -> tuple[Entry, ...]:
        return tuple(e for e, n in self.rows if n == 0)


def files_of(paths: Iterable[Path]) -> list[Path]:
    """The articles and projects named, a folder's found recursively (sorted)."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix in ARTICLE_SUFFIXES))
        else:
            files.append(p)
    return files


def mt_texts(path: Path) -> list[str]:
    """The MT of an article or of a project's segments."""
    if is_project_file(path):
        with open_existing(path) as session:
            return [seg.mt for seg in session.segments]
    return [seg.text for seg in read_document(path).segments]


def entry_hits(entries: Sequence[Entry], paths: Iterable[Path]) -> EntryHits:
    engine = GlossaryEngine(tuple(entries))
    counts: Counter[str] = Counter()
    files = files_of(paths)
    for f in files:
        for text in mt_texts(f):
            counts.update(h.entry.key for h in engine.find(text))
    return EntryHits(tuple(files), tuple((e, counts.get(e.key, 0)) for e in entries))
