"""Glossary files and folders, layered: what every command, the editor and QA load.

``load_glossaries(paths)`` reads the paths in the order given; a folder contributes its
``*.yaml``/``*.yml`` files sorted by name. Entries keep that order, and the engine gives an
earlier entry precedence when two entries share a pattern with the *same* correction
(different corrections are a conflict and are rejected). :func:`validate_glossaries`
collects every error (for ``workbench glossary lint``); :func:`load_glossaries` raises the
first; :func:`engine_for` is the one way to get a matching engine for glossary paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.core.errors import GlossaryError
from workbench.core.glossary.engine import GlossaryEngine, engine_of
from workbench.core.glossary.model import Glossary, GlossarySet
from workbench.core.glossary.rules import duplicate_ids, set_errors
from workbench.core.glossary.yaml_reader import load_glossary


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
    """Load glossary files and folders in layer order; raise the first error found."""
    gset, errors = validate_glossaries(paths)
    if errors:
        raise errors[0]
    return gset


def engine_for(paths: Sequence[Path | str]) -> GlossaryEngine:
    """The matching engine of the glossaries at ``paths`` (an empty engine for none)."""
    if not paths:
        return GlossaryEngine(())
    return engine_of(load_glossaries(list(paths)).entries)
