"""``workbench glossary lint``: the loader's errors plus warnings a maintainer wants.

Errors are every rejection of the loader (:mod:`workbench.core.glossary.yaml_reader`,
:mod:`workbench.core.glossary.schema`, :mod:`workbench.core.glossary.rules`).
Warnings:

* ``shadowed``: an entry's pattern lies, as whole words, inside a longer entry's pattern;
  wherever the longer one matches it wins (leftmost-longest), so the shorter one only
  fires elsewhere; and ``duplicate``: the same pattern and correction twice (the first
  wins, the second never fires);
* ``chain``: a correction contains another entry's (or its own) MT pattern, so pre-editing
  the output again would change it;
* ``capitalisation``: the same correction written with different capitals;
* ``no-note``: an entry without a ``note`` explaining the MT error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workbench.core.errors import GlossaryError
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.keys import match_key
from workbench.core.glossary.load import validate_glossaries
from workbench.core.glossary.model import Entry


@dataclass(frozen=True)
class LintFinding:
    file: str
    line: int
    severity: Literal["error", "warning"]
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message} [{self.code}]"


def warnings_for(entries: Sequence[Entry]) -> list[LintFinding]:
    out: list[LintFinding] = []
    engine = GlossaryEngine(entries)
    seen: dict[str, Entry] = {}
    for entry in entries:
        for pattern in entry.patterns:
            key = match_key(pattern, case_sensitive=entry.case_sensitive)
            first = seen.setdefault(key, entry)
            if first is not entry:
                out.append(
                    LintFinding(
                        entry.file,
                        entry.line,
                        "warning",
                        "duplicate",
                        f"'{pattern}' repeats {first.file}:{first.line}; the first entry wins",
                    )
                )
            # a pattern of another entry inside this (longer) pattern
            for start, end, inner in engine.occurrences(pattern):
                if inner is entry or (start == 0 and end == len(pattern)):
                    continue
                out.append(
                    LintFinding(
                        inner.file,
                        inner.line,
                        "warning",
                        "shadowed",
                        f"'{pattern[start:end]}' is inside the longer pattern '{pattern}' "
                        f"({entry.file}:{entry.line}), which wins where both match",
                    )
                )
        for hit in engine.find(entry.correction):
            target = hit.entry
            which = "its own" if target is entry else f"the pattern of {target.file}:{target.line}"
            out.append(
                LintFinding(
                    entry.file,
                    entry.line,
                    "warning",
                    "chain",
                    f"the correction '{entry.correction}' contains {which} '{hit.matched}'",
                )
            )
        if not entry.note:
            out.append(
                LintFinding(
                    entry.file,
                    entry.line,
                    "warning",
                    "no-note",
                    f"'{entry.correction}' has no note explaining the MT error",
                )
            )
    spellings: dict[str, Entry] = {}
    for entry in entries:
        first = spellings.setdefault(match_key(entry.correction), entry)
        if first.correction != entry.correction:
            out.append(
                LintFinding(
                    entry.file,
                    entry.line,
                    "warning",
                    "capitalisation",
                    f"'{entry.correction}' is written '{first.correction}' at "
                    f"{first.file}:{first.line}",
                )
            )
    return out


def lint(paths: Sequence[Path | str]) -> list[LintFinding]:
    """Every error and warning for the glossaries at ``paths``, in file and line order."""
    gset, errors = validate_glossaries(paths)
    found = [_from_error(e) for e in errors]
    found.extend(warnings_for(gset.entries))
    return sorted(found, key=lambda f: (f.file, f.line, f.severity != "error", f.code))


def _from_error(error: GlossaryError) -> LintFinding:
    return LintFinding(error.file, error.line, "error", "invalid", error.message)
