"""Adding entries to a glossary file without disturbing it.

:func:`append_entry` appends YAML text at the end of the file's ``entries`` list, so the
file's comments, order and formatting stay as the maintainer wrote them. The new file text
is loaded by the strict loader (together with the other layers given) before anything is
written, so a conflicting or invalid entry is refused with the loader's one-line error and
the file is untouched; the write itself is atomic.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.core.errors import GlossaryError
from workbench.core.glossary import Glossary, GlossarySet
from workbench.core.glossary_loader import (
    glossary_files,
    glossary_from_text,
    load_glossary,
    set_errors,
)
from workbench.core.textio import atomic_write, read_text


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML double-quoted scalars)."""
    return json.dumps(text, ensure_ascii=False)


def entry_yaml(
    *,
    mt: Sequence[str] | str | None = None,
    correct: str | None = None,
    term: str | None = None,
    forbidden: Sequence[str] = (),
    apply: str = "suggest",
    source: str | None = None,
    note: str | None = None,
    case_sensitive: bool = False,
    indent: str = "  ",
) -> str:
    lines: list[str] = []
    if term is not None:
        lines.append(f"term: {_quote(term)}")
        if forbidden:
            lines.append(f"forbidden: [{', '.join(_quote(f) for f in forbidden)}]")
    else:
        patterns = [mt] if isinstance(mt, str) else list(mt or [])
        value = (
            _quote(patterns[0])
            if len(patterns) == 1
            else ("[" + ", ".join(_quote(p) for p in patterns) + "]")
        )
        lines.append(f"mt: {value}")
        lines.append(f"correct: {_quote(correct or '')}")
    if source:
        lines.append(f"source: {_quote(source)}")
    lines.append(f"apply: {apply}")
    if case_sensitive:
        lines.append("case_sensitive: true")
    if note:
        lines.append(f"note: {_quote(note)}")
    first, *rest = lines
    return f"{indent}- {first}\n" + "".join(f"{indent}  {line}\n" for line in rest)


def append_entry(
    path: Path | str,
    mt: Sequence[str] | str | None = None,
    correct: str | None = None,
    *,
    apply: str = "suggest",
    note: str | None = None,
    source: str | None = None,
    term: str | None = None,
    forbidden: Sequence[str] = (),
    case_sensitive: bool = False,
    layers: Sequence[Path | str] = (),
) -> Glossary:
    """Append one entry to the glossary file at ``path`` and return the reloaded glossary.

    ``layers`` are the other glossary files or folders in use: the new entry must not
    conflict with them either. Raises :class:`GlossaryError` (file untouched) when the
    result would not load.
    """
    p = Path(path)
    tf = read_text(p, what="glossary")
    text = tf.text
    if text and not text.endswith("\n"):
        text += "\n"
    existing = load_glossary(p)
    indent = _entries_indent(text)
    if not existing.entries and "entries: []" in text:
        text = text.replace("entries: []", "entries:", 1)
    new_text = text + entry_yaml(
        mt=mt,
        correct=correct,
        term=term,
        forbidden=forbidden,
        apply=apply,
        source=source,
        note=note,
        case_sensitive=case_sensitive,
        indent=indent,
    )
    glossary = glossary_from_text(new_text, str(p))
    _validate(glossary, p, layers)
    atomic_write(p, tf.encode(new_text))
    return glossary


def _validate(glossary: Glossary, path: Path, layers: Sequence[Path | str]) -> None:
    """Refuse a glossary that conflicts or cycles, alone or with the other layers."""
    others = [f for f in glossary_files(list(layers)) if f.resolve() != path.resolve()]
    gset = GlossarySet.of((*[load_glossary(f) for f in others], glossary))
    errors = set_errors(gset.entries)
    if errors:
        raise errors[0]


def _entries_indent(text: str) -> str:
    """The indentation of the existing entries' dashes (default two spaces)."""
    in_entries = False
    for line in text.splitlines():
        if line.startswith("entries:"):
            in_entries = True
            continue
        if in_entries and line.lstrip().startswith("- "):
            return line[: len(line) - len(line.lstrip())]
    return "  "


__all__ = ["GlossaryError", "append_entry", "delete_entry", "entry_yaml", "replace_entry"]


def _entry_block(lines: list[str], entry_line: int, next_lines: Sequence[int]) -> tuple[int, int]:
    """0-based [start, end) of the lines of the entry starting at 1-based ``entry_line``:
    up to the next entry, a top-level key or the end, leaving trailing comments and blank
    lines (they usually introduce what follows)."""
    start = entry_line - 1
    following = [n - 1 for n in next_lines if n > entry_line]
    end = min(following) if following else len(lines)
    for i in range(start + 1, end):
        line = lines[i]
        if line and not line[0].isspace() and not line.startswith("#"):
            end = i
            break
    while end > start + 1 and (
        not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
    ):
        end -= 1
    return start, end


def _rewrite(
    path: Path | str,
    entry_key: str,
    replacement: str | None,
    layers: Sequence[Path | str] = (),
) -> Glossary:
    p = Path(path)
    tf = read_text(p, what="glossary")
    glossary = load_glossary(p)
    entry = next((e for e in glossary.entries if e.key == entry_key), None)
    if entry is None:
        raise GlossaryError(str(p), 0, f"no entry '{entry_key}' in this glossary")
    lines = tf.text.splitlines(keepends=True)
    start, end = _entry_block(lines, entry.line, [e.line for e in glossary.entries])
    new_lines = [*lines[:start], *([replacement] if replacement else []), *lines[end:]]
    new_text = "".join(new_lines)
    if not any(e for e in glossary.entries if e.key != entry_key) and replacement is None:
        new_text = new_text.replace("entries:\n", "entries: []\n", 1)
    result = glossary_from_text(new_text, str(p))
    _validate(result, p, layers)
    atomic_write(p, tf.encode(new_text))
    return result


def delete_entry(
    path: Path | str, entry_key: str, *, layers: Sequence[Path | str] = ()
) -> Glossary:
    """Remove one entry (its lines) from the file; validated, then written atomically."""
    return _rewrite(path, entry_key, None, layers)


def replace_entry(
    path: Path | str, entry_key: str, *, layers: Sequence[Path | str] = (), **fields: Any
) -> Glossary:
    """Rewrite one entry in place with ``fields`` (the keyword arguments of
    :func:`entry_yaml`); the rest of the file is untouched. Validated, then atomic."""
    p = Path(path)
    text = read_text(p, what="glossary").text
    return _rewrite(p, entry_key, entry_yaml(indent=_entries_indent(text), **fields), layers)
