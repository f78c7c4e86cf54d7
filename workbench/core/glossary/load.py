"""Glossary files and folders, layered: what every command, the editor and QA load.

``load_glossaries(paths)`` reads the paths in the order given; a folder contributes its
``*.yaml``/``*.yml`` files sorted by name. Entries keep that order, and the engine gives an
earlier entry precedence when two entries share a pattern with the *same* correction
(different corrections are a conflict and are rejected). :func:`validate_glossaries`
collects every error (for ``workbench glossary lint``); :func:`load_glossaries` raises the
first; :func:`engine_for` is the one way to get a matching engine for glossary paths.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from workbench.core.errors import GlossaryError, WorkbenchError
from workbench.core.glossary.engine import GlossaryEngine, engine_of
from workbench.core.glossary.model import Entry, Glossary, GlossarySet
from workbench.core.glossary.rules import duplicate_ids, set_errors
from workbench.core.glossary.yaml_reader import load_glossary
from workbench.core.projects import data_dir
from workbench.core.textio import atomic_write, read_bytes


def glossary_files(paths: Sequence[Path | str]) -> list[Path]:
    """The files of ``paths`` in layer order (a folder: its *.yaml/*.yml sorted by name)."""
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                (f for f in p.iterdir() if f.suffix.lower() in (".yaml", ".yml") and f.is_file()),
                key=lambda f: f.name,
            )
            if not found:
                raise GlossaryError(str(p), 0, "the folder holds no .yaml glossary")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            raise GlossaryError(str(p), 0, "no such glossary file or folder")
    return files


def validate_glossaries(paths: Sequence[Path | str]) -> tuple[GlossarySet, list[GlossaryError]]:
    """Load what can be loaded and collect every error (one per file at most for the
    file-level checks, then conflicts and cycles across the set)."""
    glossaries: list[Glossary] = []
    errors: list[GlossaryError] = []
    try:
        files = glossary_files(paths)
    except GlossaryError as exc:
        return GlossarySet(), [exc]
    for f in files:
        try:
            glossaries.append(load_glossary(f))
        except GlossaryError as exc:
            errors.append(exc)
    errors.extend(duplicate_ids(glossaries))
    gset = GlossarySet.of(tuple(glossaries))
    errors.extend(set_errors(gset.entries))
    return gset, errors


def load_glossaries(paths: Sequence[Path | str]) -> GlossarySet:
    """Load glossary files and folders in layer order; raise the first error found.

    A set that loaded without error is remembered in the data folder
    (``cache/glossaries/``) under the SHA-256 of the files' paths and bytes and of the
    loader's own source: the same glossaries load again from there (a 10,000-entry
    glossary in a tenth of the time) and any change to a file is read and checked in full."""
    try:
        key = _cache_key(glossary_files(paths))
    except WorkbenchError:
        key = ""  # the full load below names the problem
    cached = _cached(key) if key else None
    if cached is not None:
        return cached
    gset, errors = validate_glossaries(paths)
    if errors:
        raise errors[0]
    if key:
        _remember(key, gset)
    return gset


_LOADER_FILES = ("keys.py", "load.py", "model.py", "rules.py", "schema.py", "yaml_reader.py")
_CACHE_FILES = 32  # sets remembered; the oldest are removed


def _cache_key(files: Sequence[Path]) -> str:
    digest = hashlib.sha256(b"workbench glossary cache 1\0")
    here = Path(__file__).resolve().parent
    for name in _LOADER_FILES:
        digest.update((here / name).read_bytes())
    for f in files:
        digest.update(str(f.resolve()).encode("utf-8", "surrogatepass") + b"\0")
        digest.update(hashlib.sha256(read_bytes(f, what="glossary")).digest())
    return digest.hexdigest()


def _cache_dir() -> Path:
    return data_dir() / "cache" / "glossaries"


def _cached(key: str) -> GlossarySet | None:
    try:
        data = json.loads((_cache_dir() / f"{key}.json").read_text(encoding="utf-8"))
        glossaries = tuple(
            Glossary(
                **dict(zip(_HEADER_FIELDS, g["header"], strict=True)),
                entries=tuple(_entry(e) for e in g["entries"]),
            )
            for g in data["glossaries"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return GlossarySet.of(glossaries)


def _entry(row: list[Any]) -> Entry:
    values = dict(zip(_ENTRY_FIELDS, row, strict=True))
    values["patterns"] = tuple(values["patterns"])
    return Entry(**values)


_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))
_HEADER_FIELDS = ("id", "title", "source_language", "target_language", "domain", "path")


def _remember(key: str, gset: GlossarySet) -> None:
    """Write the set to the cache (atomically; a failure only means no cache)."""
    payload = {
        "glossaries": [
            {
                "header": [g.id, g.title, g.source_language, g.target_language, g.domain, g.path],
                "entries": [[getattr(e, name) for name in _ENTRY_FIELDS] for e in g.entries],
            }
            for g in gset.glossaries
        ]
    }
    folder = _cache_dir()
    with contextlib.suppress(OSError, WorkbenchError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / f"{key}.json", json.dumps(payload, ensure_ascii=False))
        old = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)[:-_CACHE_FILES]
        for stale in old:
            stale.unlink()


def engine_for(paths: Sequence[Path | str]) -> GlossaryEngine:
    """The matching engine of the glossaries at ``paths`` (an empty engine for none)."""
    if not paths:
        return GlossaryEngine(())
    return engine_of(load_glossaries(list(paths)).entries)
