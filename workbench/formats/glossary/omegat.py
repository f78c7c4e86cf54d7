"""OmegaT's tab-separated glossary, read and written as OmegaT does.

OmegaT (``GlossaryReaderTSV``) reads a file line by line (``\\n``, ``\\r\\n`` or ``\\r``); a
line starting with ``#`` is a comment; the rest is split on tabs into ``source``, ``target``
and an optional ``comment`` (further columns are ignored, as are lines with fewer than two
columns or an empty source). The same source on several lines is several entries (senses).
OmegaT writes UTF-8 with the header comment ``# Glossary in tab-separated format -*- coding:
utf-8 -*-`` (its encoding detector reads that magic comment); real glossaries are often
UTF-16 with a byte-order mark, which :func:`workbench.core.textio.read_text` decodes.

**Reading:** each row becomes a term entry: the target is the preferred term, the source its
source-language term, the comment the note; text is kept as written (a leading space too).
Comment lines (other than OmegaT's header), short rows and extra columns are reported.

**Writing:** one row per entry with a source term: ``source<TAB>term or correction<TAB>note``
(the comment column only when there is a note). An imported OmegaT glossary therefore comes
back row for row. What OmegaT has no column for is left out and reported: MT patterns and
forbidden variants, ``apply: auto``, ``case_sensitive``, domain, part of speech and the
glossary's title, languages and domain; entries without a source term (OmegaT matches
source text) or with a tab or line break in a term are left out whole; a line break in a
note is written as a space.

**A source starting with ``#``** would be read back as a comment line: such a source (after
any leading spaces) is written with one more leading space, which OmegaT trims (3.6 keeps
it, and matches the term regardless), and which our reader removes again. So
``#话题`` is written `` #话题`` and read back as ``#话题``; the mapping is one-to-one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

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
    setting_losses,
)

if TYPE_CHECKING:
    from workbench.formats.families import GlossaryFormat

HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-"
_LINES = re.compile(r"\r\n|\r|\n")
_MAGIC = re.compile(r"-\*-\s*coding:")
FMT = "OmegaT's glossary"


def escape_source(source: str) -> str:
    """A source that would start a comment line gets one more leading space."""
    return " " + source if source.lstrip(" ").startswith("#") else source


def unescape_source(source: str) -> str:
    """The source :func:`escape_source` was given."""
    if source.startswith(" ") and source.lstrip(" ").startswith("#"):
        return source[1:]
    return source


def write_omegat(glossary: Glossary) -> Exported:
    losses = Losses()
    header_losses(glossary, losses, FMT, ("title", "languages", "domain"))
    lines = [HEADER]
    for e in glossary.entries:
        if e.source is None:
            losses.add(
                "entries without a source term",
                e.key,
                "OmegaT matches glossary terms in the source text",
            )
            continue
        if any(c in text for text in (e.source, e.correction) for c in "\t\r\n"):
            losses.add("entries with a tab or line break in a term", e.key, "left out")
            continue
        note = e.note or ""
        if "\t" in note:
            losses.add("notes with a tab", e.key, "tabs written as spaces")
        if "\n" in note or "\r" in note:
            losses.add("notes with line breaks", e.key, "written on one line")
        note = " ".join(re.split(r"[\t\r\n]+", note)) if note else ""
        if e.patterns:
            what = "MT patterns (mt)" if e.kind == "fix" else "forbidden variants"
            losses.add(what, e.key, "OmegaT has no column for them; they import as terms")
        for name in ("domain", "pos"):
            if getattr(e, name) is not None:
                losses.add(name, e.key, "OmegaT has no column for it")
        setting_losses(e, losses, FMT)
        row = [escape_source(e.source), e.correction] + ([note] if note else [])
        lines.append("\t".join(row))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return Exported(data, losses.result(), len(lines) - 1)


def read_omegat(path: Path, glossary_id: str, languages: Languages | None = None) -> Imported:
    languages = languages or Languages()
    text = read_text(path, what="OmegaT glossary").text
    losses = Losses()
    drafts: list[Draft] = []
    for line_no, line in enumerate(_LINES.split(text), start=1):
        where = f"line {line_no}"
        if line.startswith("#"):
            if not (line_no == 1 and _MAGIC.search(line)):
                losses.add("comment lines", where, "a glossary has no place for them")
            continue
        cols = line.split("\t")
        while cols and not cols[-1]:  # as Java's String.split drops trailing empty fields
            cols.pop()
        if not cols:
            continue
        if len(cols) < 2 or not cols[0].strip():
            losses.add("lines without source<TAB>target", where, "OmegaT skips them too")
            continue
        if not cols[1].strip():
            losses.add("lines with an empty target", where, "a term entry needs a term")
            continue
        if len(cols) > 3:
            losses.add("columns after the third", where, "OmegaT ignores them too")
        fields = {"term": cols[1], "source": unescape_source(cols[0])}
        if len(cols) > 2 and cols[2].strip():
            fields["note"] = cols[2]
        drafts.append(Draft(fields, line_no))
    if not drafts and any(line.strip() and not line.startswith("#") for line in _LINES.split(text)):
        raise InputError(f"{path}: no glossary lines (source<TAB>target[<TAB>comment])")
    # Only comments (or nothing): OmegaT reads an empty glossary, and so do we.
    header = GlossaryHeader(
        id=glossary_id,
        source_language=languages.source or "",
        target_language=languages.target or "",
    )
    return Imported(build_glossary(header, drafts, path), losses.result())


class OmegatGlossary:
    def read_glossary(
        self, path: Path, glossary_id: str, languages: Languages | None = None
    ) -> Imported:
        return read_omegat(path, glossary_id, languages)

    def write_glossary(self, glossary: Glossary) -> Exported:
        return write_omegat(glossary)


FORMAT: GlossaryFormat = OmegatGlossary()
