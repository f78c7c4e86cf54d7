"""The one glossary entry schema: fields <-> :class:`Entry`.

Every reader builds entries here (the strict YAML reader, the CSV, OmegaT and TBX
importers), and every writer asks :func:`entry_fields` what an entry's fields are (the YAML
writer, the in-place editor of YAML files, the exporters). So a field exists in one place,
with one rule, and no reader can let through what another would refuse.

The fields, as the YAML format names them:

=================  ==========================================================
``mt``             MT output to find: a text or a list of variants (a fix)
``correct``        its correction (a fix)
``term``           a preferred target term (a term entry)
``forbidden``      texts that must not appear in a final target (a term entry)
``source``         the source-language term
``apply``          ``auto`` (pre-applied) or ``suggest`` (offered; the default)
``case_sensitive`` ``true``/``false`` (default false)
``note``           why the MT gets it wrong
``domain``         subject field
``pos``            part of speech
=================  ==========================================================

Readers hand over typed values (:data:`Value`): a text, a tuple of texts, a flag or
``None`` (absent/null), each with the line it was found on, and get a
:class:`~workbench.core.errors.GlossaryError` naming ``file:line`` for anything wrong.
Texts are NFC-normalised. MT patterns, corrections and settings are stripped; the texts a
termbase holds as written (``term``, ``source``, ``note``: OmegaT keeps a leading space in
a term) keep their spaces and lose only line breaks at their edges.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from workbench.core.errors import GlossaryError
from workbench.core.glossary.model import ApplyMode, Entry, EntryKind, Glossary
from workbench.core.glossary.rules import check_within

Value = str | tuple[str, ...] | bool | None
FieldType = Literal["text", "texts", "optional", "flag"]

ENTRY_FIELDS: dict[str, FieldType] = {
    "mt": "texts",
    "correct": "text",
    "source": "optional",
    "apply": "text",
    "case_sensitive": "flag",
    "note": "optional",
    "term": "text",
    "forbidden": "texts",
    "domain": "optional",
    "pos": "optional",
}
HEADER_FIELDS: dict[str, FieldType] = {
    "glossary": "text",
    "title": "optional",
    "domain": "optional",
}
LANGUAGE_FIELDS = ("source", "target")
AS_WRITTEN = frozenset({"term", "source", "note"})  # edge spaces kept (see the docstring)
APPLY_MODES: tuple[ApplyMode, ...] = ("auto", "suggest")


@dataclass(frozen=True)
class EntryInput:
    """One entry as a reader found it: its fields, the line of the entry and, where the
    reader knows them, the line of each field."""

    fields: Mapping[str, Value]
    line: int = 0
    field_lines: Mapping[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


def _clean(value: str, what: str) -> str:
    """NFC; stripped, or for the :data:`AS_WRITTEN` fields only edge line breaks removed
    (and nothing left if there is nothing but white space)."""
    text = unicodedata.normalize("NFC", value)
    if what not in AS_WRITTEN or not text.strip():
        return text.strip()
    return text.strip("\r\n")


def _text(value: Value, file: str, line: int, what: str) -> str:
    if not isinstance(value, str):
        raise GlossaryError(file, line, f"{what} must be a string")
    text = _clean(value, what)
    if not text:
        raise GlossaryError(file, line, f"{what} is empty")
    return text


# The longest pattern (mt, term, forbidden) or correction a glossary may hold. The longest
# in the shipped glossaries is under 60 characters; matching (Aho-Corasick) costs up to a
# pattern's length per character of text, so an absurd pattern (300,000 characters) took a
# minute to lint.
MAX_PATTERN_CHARS = 500


def _pattern(value: Value, file: str, line: int, what: str) -> str:
    text = _text(value, file, line, what)
    if len(text) > MAX_PATTERN_CHARS:
        raise GlossaryError(
            file,
            line,
            f"{what} is {len(text):,} characters long; the most an entry's text may have is "
            f"{MAX_PATTERN_CHARS} (a term or a phrase, not a text)",
        )
    return text


def _texts(value: Value, file: str, line: int, what: str) -> tuple[str, ...]:
    if isinstance(value, tuple):
        if not value:
            raise GlossaryError(file, line, f"{what} is an empty list")
        return tuple(_pattern(v, file, line, what) for v in value)
    return (_pattern(value, file, line, what),)


def _optional(value: Value, file: str, line: int, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise GlossaryError(file, line, f"{what} must be a string")
    return _clean(value, what) or None


def _flag(value: Value, file: str, line: int, what: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise GlossaryError(file, line, f"{what} must be true or false")
    return value


def check_names(
    names: Sequence[str], allowed: Sequence[str], file: str, lines: Sequence[int], where: str
) -> None:
    """Refuse a field name that is not in ``allowed`` (naming the line it is on)."""
    for name, line in zip(names, lines, strict=True):
        if name not in allowed:
            known = ", ".join(sorted(allowed))
            raise GlossaryError(file, line, f"unknown field '{name}' in {where} (known: {known})")


def entry_from_fields(item: EntryInput, file: str, glossary_id: str) -> Entry:
    """Validate one entry's fields and build the :class:`Entry` (key: ``<glossary>:<first
    pattern or correction>``; :func:`glossary_from_fields` makes keys unique)."""
    f = item.fields
    names = list(f)
    check_names(names, list(ENTRY_FIELDS), file, [item.line_of(n) for n in names], "an entry")
    present = {n for n, v in f.items() if v is not None}
    is_fix = bool({"mt", "correct"} & present)
    is_term = bool({"term", "forbidden"} & present)
    if is_fix and is_term:
        raise GlossaryError(
            file, item.line, "an entry is either mt/correct or term/forbidden, not both"
        )
    if not is_fix and not is_term:
        raise GlossaryError(file, item.line, "an entry needs mt and correct, or term")
    for name in ("mt", "correct") if is_fix else ("term",):
        if f.get(name) is None:
            raise GlossaryError(file, item.line, f"the entry has no '{name}'")
    apply_value = f.get("apply")
    apply_text = _text(
        "suggest" if apply_value is None else apply_value, file, item.line_of("apply"), "apply"
    )
    if apply_text not in APPLY_MODES:
        raise GlossaryError(file, item.line_of("apply"), "apply must be auto or suggest")
    kind: EntryKind
    if is_fix:
        kind = "fix"
        patterns = _texts(f["mt"], file, item.line_of("mt"), "mt")
        correction = _pattern(f["correct"], file, item.line_of("correct"), "correct")
    else:
        kind = "term"
        correction = _pattern(f["term"], file, item.line_of("term"), "term")
        forbidden = f.get("forbidden")
        patterns = (
            _texts(forbidden, file, item.line_of("forbidden"), "forbidden")
            if forbidden is not None
            else ()
        )

    def optional(name: str) -> str | None:
        return _optional(f.get(name), file, item.line_of(name), name)

    return Entry(
        key=f"{glossary_id}:{patterns[0] if patterns else correction}",
        kind=kind,
        patterns=patterns,
        correction=correction,
        apply="auto" if apply_text == "auto" else "suggest",
        case_sensitive=_flag(
            f.get("case_sensitive"), file, item.line_of("case_sensitive"), "case_sensitive"
        ),
        source=optional("source"),
        note=optional("note"),
        glossary=glossary_id,
        file=file,
        line=item.line,
        domain=optional("domain"),
        pos=optional("pos"),
    )


def unique_keys(entries: Sequence[Entry]) -> tuple[Entry, ...]:
    """Keys are "<glossary>:<first pattern>"; a repeated key gets "#2", "#3"..."""
    seen: dict[str, int] = {}
    out: list[Entry] = []
    for entry in entries:
        n = seen.get(entry.key, 0) + 1
        seen[entry.key] = n
        out.append(entry if n == 1 else replace(entry, key=f"{entry.key}#{n}"))
    return tuple(out)


@dataclass(frozen=True)
class GlossaryHeader:
    """A glossary's own fields: id, title, languages and domain."""

    id: str
    title: str = ""
    source_language: str = ""
    target_language: str = ""
    domain: str | None = None


def glossary_from_fields(
    header: GlossaryHeader, entries: Sequence[EntryInput], file: str
) -> Glossary:
    """A whole glossary from its header and entry fields, checked entry by entry and then
    for conflicts within it (:func:`workbench.core.glossary.rules.check_within`)."""
    if not header.id.strip():
        raise GlossaryError(file, 1, "the glossary id is empty")
    built = unique_keys([entry_from_fields(item, file, header.id) for item in entries])
    if header.target_language:
        built = tuple(replace(e, target_language=header.target_language) for e in built)
    glossary = Glossary(
        id=header.id,
        title=header.title,
        source_language=header.source_language,
        target_language=header.target_language,
        domain=header.domain,
        path=file,
        entries=built,
    )
    check_within(glossary)
    return glossary


def entry_fields(entry: Entry) -> dict[str, Any]:
    """An entry as its fields, in the YAML format's order (absent and default values left
    out); :func:`entry_from_fields` of the result gives the entry back."""
    out: dict[str, Any] = {}
    if entry.kind == "fix":
        out["mt"] = entry.patterns[0] if len(entry.patterns) == 1 else list(entry.patterns)
        out["correct"] = entry.correction
    else:
        out["term"] = entry.correction
        if entry.patterns:
            out["forbidden"] = list(entry.patterns)
    if entry.source is not None:
        out["source"] = entry.source
    out["apply"] = entry.apply
    if entry.case_sensitive:
        out["case_sensitive"] = True
    for name in ("note", "domain", "pos"):
        value = getattr(entry, name)
        if value is not None:
            out[name] = value
    return out


def fields_input(fields: Mapping[str, Any], line: int = 0) -> EntryInput:
    """Plain Python fields (lists for variants) as an :class:`EntryInput`."""
    typed: dict[str, Value] = {}
    for name, value in fields.items():
        typed[name] = tuple(value) if isinstance(value, list) else value
    return EntryInput(typed, line)
