"""Writing YAML glossaries: whole files, and single entries edited in place.

:func:`append_entry` appends YAML text at the end of the file's ``entries`` list,
:func:`replace_entry` and :func:`delete_entry` rewrite one entry's lines, so the file's
comments, order and formatting stay as the maintainer wrote them. Entries are given as the
fields of :mod:`workbench.core.glossary.schema` (every field the schema knows is written,
``domain`` and ``pos`` included). The new file text is loaded by the strict reader
(together with the other layers given) before anything is written, so a conflicting or
invalid entry is refused with the reader's one-line error and the file is untouched; the
write itself is atomic. :func:`glossary_yaml` writes a whole glossary (imports).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from workbench.core.errors import GlossaryError
from workbench.core.glossary.load import glossary_files
from workbench.core.glossary.model import Glossary, GlossarySet
from workbench.core.glossary.rules import set_errors
from workbench.core.glossary.schema import ENTRY_FIELDS, entry_fields
from workbench.core.glossary.yaml_reader import glossary_from_text, load_glossary
from workbench.core.textio import atomic_write, read_text


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML double-quoted scalars)."""
    return json.dumps(text, ensure_ascii=False)


def _yaml_value(value: Any) -> str:
    if value in ("auto", "suggest"):
        return str(value)  # the apply modes, written plain as maintainers write them
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_quote(str(v)) for v in value) + "]"
    return _quote(str(value))


def entry_yaml(fields: Mapping[str, Any], indent: str = "  ") -> str:
    """One entry as a YAML list item, fields in the schema's order (``None`` left out)."""
    lines = [
        f"{name}: {_yaml_value(fields[name])}"
        for name in ENTRY_FIELDS
        if fields.get(name) is not None
    ]
    unknown = sorted(set(fields) - set(ENTRY_FIELDS))
    if unknown:
        raise GlossaryError("<entry>", 0, f"unknown field '{unknown[0]}'")
    first, *rest = lines
    return f"{indent}- {first}\n" + "".join(f"{indent}  {line}\n" for line in rest)


class _Dumper(yaml.SafeDumper):
    """Multi-line texts (notes gathered from a termbase) as readable ``|`` blocks."""


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str)


def glossary_yaml(glossary: Glossary) -> str:
    """A whole glossary in our YAML format (re-loads equal through the strict reader)."""
    data: dict[str, Any] = {"glossary": glossary.id}
    if glossary.title:
        data["title"] = glossary.title
    if glossary.source_language or glossary.target_language:
        data["languages"] = {
            "source": glossary.source_language or "und",
            "target": glossary.target_language or "und",
        }
    if glossary.domain:
        data["domain"] = glossary.domain
    data["entries"] = [entry_fields(e) for e in glossary.entries]
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    glossary_from_text(text, "<export>")  # never write what we could not read back
    return text


def append_entry(
    path: Path | str, fields: Mapping[str, Any], *, layers: Sequence[Path | str] = ()
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
    new_text = text + entry_yaml(fields, indent)
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
    fields: Mapping[str, Any] | None,
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
    replacement = entry_yaml(fields, _entries_indent(tf.text)) if fields is not None else None
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
    path: Path | str,
    entry_key: str,
    fields: Mapping[str, Any],
    *,
    layers: Sequence[Path | str] = (),
) -> Glossary:
    """Rewrite one entry in place with ``fields`` (all of the entry's fields: what is left
    out is dropped); the rest of the file is untouched. Validated, then atomic."""
    return _rewrite(path, entry_key, fields, layers)
