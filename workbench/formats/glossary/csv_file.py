"""Glossaries as CSV: one row per MT variant, the languages in the header.

Columns (RFC 4180, UTF-8, CRLF)::

    entry,kind,<source language>,<target language>,mt,apply,case_sensitive,note,domain,pos

As MateCat's glossary files do, the language columns are named by their language codes
(``zh,en``): they hold the source term and the correction (a fix) or preferred term (a
term entry); a glossary without languages writes ``source,target`` there. ``mt`` holds an
MT variant of a fix or a forbidden variant of a term; the rows of one entry share its
``entry`` number (one row with an empty ``mt`` for a term without variants). Cells a
spreadsheet would run as formulas are quote-prefixed (:mod:`workbench.core.csvcells`) and
read back as written.

CSV cannot hold the glossary's id (it comes from the file name, or ``--id``), title and
glossary-wide domain: the writer names them when they are set.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.csvcells import csv_text, read_csv_rows
from workbench.core.errors import InputError
from workbench.core.glossary.model import Glossary
from workbench.core.glossary.schema import GlossaryHeader
from workbench.core.textio import read_text
from workbench.formats.glossary.exchange import (
    Draft,
    Exported,
    Imported,
    Languages,
    Losses,
    build_glossary,
    header_losses,
)

if TYPE_CHECKING:
    from workbench.formats.families import GlossaryFormat

BEFORE = ["entry", "kind"]
AFTER = ["mt", "apply", "case_sensitive", "note", "domain", "pos"]
PLACEHOLDERS = ("source", "target")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*")
FMT = "CSV"


def columns(source_language: str, target_language: str) -> list[str]:
    return [
        *BEFORE,
        source_language or PLACEHOLDERS[0],
        target_language or PLACEHOLDERS[1],
        *AFTER,
    ]


def write_csv(glossary: Glossary) -> Exported:
    losses = Losses()
    header_losses(glossary, losses, FMT, ("title", "domain"))
    rows: list[list[object]] = [[*columns(glossary.source_language, glossary.target_language)]]
    for n, e in enumerate(glossary.entries, start=1):
        for pattern in e.patterns or ("",):
            rows.append(
                [
                    n,
                    e.kind,
                    e.source or "",
                    e.correction,
                    pattern,
                    e.apply,
                    "true" if e.case_sensitive else "false",
                    e.note or "",
                    e.domain or "",
                    e.pos or "",
                ]
            )
    data = csv_text(rows).encode("utf-8")
    return Exported(data, losses.result(), len(glossary.entries))


def _header_languages(path: Path, header: list[str]) -> tuple[str, str]:
    names = [c.strip() for c in header]
    expected = ",".join(columns("<source language>", "<target language>"))
    if (
        len(names) != len(BEFORE) + 2 + len(AFTER)
        or [n.lower() for n in names[:2] + names[4:]] != BEFORE + AFTER
    ):
        raise InputError(f"{path}:1: expected the header {expected}")
    found = names[2:4]
    for name in found:
        if name.lower() not in PLACEHOLDERS and not _LANGUAGE.fullmatch(name):
            raise InputError(f"{path}:1: '{name}' is not a language code (header {expected})")
    src, tgt = ("" if n.lower() in PLACEHOLDERS else n for n in found)
    return src, tgt


def _entry_fields(r: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {"term" if r["kind"] == "term" else "correct": r["target"]}
    for name in ("source", "note", "domain", "pos"):
        if r[name]:
            fields[name] = r[name]
    fields["apply"] = r["apply"]
    fields["case_sensitive"] = r["case_sensitive"] == "true"
    return fields


def read_csv(path: Path, glossary_id: str, languages: Languages | None = None) -> Imported:
    languages = languages or Languages()
    rows = read_csv_rows(read_text(path, what="CSV glossary").text)
    if not rows:
        raise InputError(f"{path}:1: no header")
    src, tgt = _header_languages(path, rows[0])
    for asked, found in ((languages.source, src), (languages.target, tgt)):
        if asked and found and asked.lower() != found.lower():
            raise InputError(f"{path}:1: the file's languages are {src or '?'}→{tgt or '?'}")
    names = [*BEFORE, "source", "target", *AFTER]
    grouped: dict[str, tuple[Draft, dict[str, str]]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) != len(names):
            raise InputError(f"{path}:{line}: expected {len(names)} columns, got {len(row)}")
        r = dict(zip(names, row, strict=True))
        if r["kind"] not in ("fix", "term"):
            raise InputError(f"{path}:{line}: kind must be fix or term, not '{r['kind']}'")
        if r["entry"] not in grouped:
            grouped[r["entry"]] = (Draft(_entry_fields(r), line), r)
        else:
            first = grouped[r["entry"]][1]
            differs = [n for n in names if n not in ("mt",) and r[n] != first[n]]
            if differs:
                raise InputError(
                    f"{path}:{line}: entry {r['entry']} has another {differs[0]} than on line "
                    f"{grouped[r['entry']][0].line}"
                )
        if r["mt"]:
            fields = grouped[r["entry"]][0].fields
            fields.setdefault("forbidden" if "term" in fields else "mt", []).append(r["mt"])
    header = GlossaryHeader(
        id=glossary_id,
        source_language=src or languages.source or "",
        target_language=tgt or languages.target or "",
    )
    return Imported(build_glossary(header, [d for d, _ in grouped.values()], path))


class CsvGlossary:
    def read_glossary(
        self, path: Path, glossary_id: str, languages: Languages | None = None
    ) -> Imported:
        return read_csv(path, glossary_id, languages)

    def write_glossary(self, glossary: Glossary) -> Exported:
        return write_csv(glossary)


FORMAT: GlossaryFormat = CsvGlossary()
