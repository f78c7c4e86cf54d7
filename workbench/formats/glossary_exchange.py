"""Glossary exchange without loss: our YAML, CSV, OmegaT tab-separated and TBX-Basic.

Every writer here is followed by a reader that gives back an equal glossary (the same
entries with the same patterns, correction, kind, apply, case sensitivity, source, note,
domain and part of speech); tests check it with hypothesis.

* **YAML** (:func:`write_yaml`): our own format
  (:func:`workbench.core.glossary.writer.glossary_yaml`).
* **CSV**: a header and one row per MT variant; rows of one entry share ``entry``.
  Columns: ``entry, kind, mt, correct, source, apply, case_sensitive, note, domain, pos``.
* **OmegaT** (tab-separated ``source<TAB>target<TAB>comment``, ``#`` comment lines): the
  source column is the source-language term (the MT pattern when there is none), the target
  the correction, the comment the note; what OmegaT has no column for is kept in the comment
  after a ``workbench:`` marker as JSON. A plain OmegaT line (no such marker) imports as a
  term entry: the target is the preferred term, the source its source term, the comment the
  note. Several lines for one source term stay several entries (senses). OmegaT cannot
  hold tabs or line breaks inside a field: such entries are refused on export.
* **TBX-Basic**: TBX v3 DCA (``<tbx type="TBX-Basic">`` with ``conceptEntry``/``langSec``/
  ``termSec``) is written; v3 and the older v2 ``martif``/``termEntry``/``langSet``/``tig``
  layout are read. MT errors are deprecated terms (``deprecatedTerm-admn-sts``),
  corrections preferred terms (``preferredTerm-admn-sts``), the source term sits in the
  source language section; ``subjectField`` holds the domain, ``partOfSpeech`` the part of
  speech, ``note`` the note; the apply mode and case sensitivity go in a ``workbench:`` note.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from lxml import etree

from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.model import Glossary
from workbench.core.glossary.schema import (
    GlossaryHeader,
    fields_input,
    glossary_from_fields,
)
from workbench.core.glossary.writer import glossary_yaml
from workbench.core.textio import read_text
from workbench.formats.xmlfile import local_name as _local
from workbench.formats.xmlfile import parse_xml

CSV_COLUMNS = [
    "entry",
    "kind",
    "mt",
    "correct",
    "source",
    "apply",
    "case_sensitive",
    "note",
    "domain",
    "pos",
]
MARKER = "workbench:"
TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_yaml(glossary: Glossary) -> bytes:
    return glossary_yaml(glossary).encode("utf-8")


def _glossary(
    base: GlossaryHeader, entries: list[tuple[dict[str, Any], int]], path: Path
) -> Glossary:
    """Every importer builds its glossary through the one entry schema (and its checks)."""
    return glossary_from_fields(
        base, [fields_input(fields, line) for fields, line in entries], str(path)
    )


# --- CSV ------------------------------------------------------------------------------------
def write_csv(glossary: Glossary) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for n, e in enumerate(glossary.entries, start=1):
        for pattern in e.patterns or ("",):
            writer.writerow(
                [
                    n,
                    e.kind,
                    pattern,
                    e.correction,
                    e.source or "",
                    e.apply,
                    "true" if e.case_sensitive else "false",
                    e.note or "",
                    e.domain or "",
                    e.pos or "",
                ]
            )
    return buffer.getvalue().encode("utf-8")


def read_csv(path: Path, glossary_id: str) -> Glossary:
    text = read_text(path, what="CSV glossary").text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or [c.strip().lower() for c in rows[0]] != CSV_COLUMNS:
        raise InputError(f"{path}:1: expected the header {','.join(CSV_COLUMNS)}")
    grouped: dict[str, tuple[dict[str, Any], int]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) != len(CSV_COLUMNS):
            raise InputError(f"{path}:{line}: expected {len(CSV_COLUMNS)} columns, got {len(row)}")
        r = dict(zip(CSV_COLUMNS, row, strict=True))
        if r["entry"] not in grouped:
            fields: dict[str, Any] = {}
            if r["kind"] == "term":
                fields["term"] = r["correct"]
            else:
                fields["correct"] = r["correct"]
            for name in ("source", "note", "domain", "pos"):
                if r[name]:
                    fields[name] = r[name]
            fields["apply"] = r["apply"]
            fields["case_sensitive"] = r["case_sensitive"] == "true"
            grouped[r["entry"]] = (fields, line)
        if r["mt"]:
            fields = grouped[r["entry"]][0]
            name = "forbidden" if "term" in fields else "mt"
            fields.setdefault(name, []).append(r["mt"])
    return _glossary(GlossaryHeader(id=glossary_id), list(grouped.values()), path)


# --- OmegaT ---------------------------------------------------------------------------------
def write_omegat(glossary: Glossary) -> bytes:
    header = {
        "glossary": glossary.id,
        "title": glossary.title,
        "source": glossary.source_language,
        "target": glossary.target_language,
        "domain": glossary.domain,
    }
    lines = [
        f"# {glossary.title or glossary.id}",
        f"# {MARKER}{json.dumps(header, ensure_ascii=False)}",
    ]
    for e in glossary.entries:
        source = (
            e.source if e.source is not None else (e.patterns[0] if e.patterns else e.correction)
        )
        extra: dict[str, Any] = {"kind": e.kind, "patterns": list(e.patterns), "apply": e.apply}
        if e.source is None:
            extra["no_source"] = True
        if e.case_sensitive:
            extra["case_sensitive"] = True
        for name in ("domain", "pos"):
            if getattr(e, name) is not None:
                extra[name] = getattr(e, name)
        note = e.note or ""
        comment = f"{note} {MARKER}{json.dumps(extra, ensure_ascii=False)}".lstrip()
        for field in (source, e.correction, note):
            if "\t" in field or "\n" in field or "\r" in field:
                raise OutputError(
                    f"{e.file}:{e.line}: OmegaT glossaries cannot hold tabs or line breaks "
                    f"in a field ({field!r})"
                )
        lines.append(f"{source}\t{e.correction}\t{comment}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def read_omegat(path: Path, glossary_id: str) -> Glossary:
    text = read_text(path, what="OmegaT glossary").text
    entries: list[tuple[dict[str, Any], int]] = []
    header: dict[str, Any] = {}
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"# {MARKER}"):
            try:
                header = json.loads(line[len(MARKER) + 2 :])
            except json.JSONDecodeError:
                header = {}
            continue
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
            raise InputError(f"{path}:{line_no}: expected source<TAB>target[<TAB>comment]")
        source, target = cols[0], cols[1]
        comment = "\t".join(cols[2:])
        note, extra = comment, {}
        if MARKER in comment:
            note, _, data = comment.rpartition(MARKER)
            try:
                extra = json.loads(data)
            except json.JSONDecodeError:
                raise InputError(
                    f"{path}:{line_no}: unreadable workbench data in comment"
                ) from None
            note = note[:-1] if note.endswith(" ") else note
        entry: dict[str, Any] = {}
        # A plain OmegaT line is a source term and its preferred translation: a term entry.
        kind = extra.get("kind", "term")
        patterns = extra.get("patterns", [])
        if kind == "term":
            entry["term"] = target
            if patterns:
                entry["forbidden"] = patterns
        else:
            entry["mt"] = patterns[0] if len(patterns) == 1 else patterns
            entry["correct"] = target
        if not extra.get("no_source"):
            entry["source"] = source
        entry["apply"] = extra.get("apply", "suggest")
        if extra.get("case_sensitive"):
            entry["case_sensitive"] = True
        if note:
            entry["note"] = note
        for name in ("domain", "pos"):
            if name in extra:
                entry[name] = extra[name]
        entries.append((entry, line_no))
    if not entries:
        raise InputError(f"{path}: no glossary lines")
    base = GlossaryHeader(
        id=header.get("glossary") or glossary_id,
        title=header.get("title") or "",
        source_language=header.get("source") or "",
        target_language=header.get("target") or "",
        domain=header.get("domain"),
    )
    return _glossary(base, entries, path)


# --- TBX ------------------------------------------------------------------------------------
def write_tbx(glossary: Glossary) -> bytes:
    src_lang = glossary.source_language or "und"
    tgt_lang = glossary.target_language or "und"
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS}, type="TBX-Basic", style="dca")
    root.set(XML_LANG, tgt_lang)
    header = etree.SubElement(root, f"{{{TBX_NS}}}tbxHeader")
    fdesc = etree.SubElement(header, f"{{{TBX_NS}}}fileDesc")
    title_stmt = etree.SubElement(fdesc, f"{{{TBX_NS}}}titleStmt")
    etree.SubElement(title_stmt, f"{{{TBX_NS}}}title").text = glossary.title or glossary.id
    source_desc = etree.SubElement(fdesc, f"{{{TBX_NS}}}sourceDesc")
    info = json.dumps({"glossary": glossary.id, "domain": glossary.domain}, ensure_ascii=False)
    etree.SubElement(source_desc, f"{{{TBX_NS}}}p").text = MARKER + info
    body = etree.SubElement(etree.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    for n, e in enumerate(glossary.entries, start=1):
        concept = etree.SubElement(body, f"{{{TBX_NS}}}conceptEntry", id=f"c{n}")
        if e.domain is not None:
            etree.SubElement(concept, f"{{{TBX_NS}}}descrip", type="subjectField").text = e.domain
        if e.note is not None:
            etree.SubElement(concept, f"{{{TBX_NS}}}note").text = e.note
        extra = {"kind": e.kind, "apply": e.apply, "case_sensitive": e.case_sensitive}
        etree.SubElement(concept, f"{{{TBX_NS}}}note").text = MARKER + json.dumps(extra)
        if e.source is not None:
            lang = etree.SubElement(concept, f"{{{TBX_NS}}}langSec")
            lang.set(XML_LANG, src_lang)
            _term(lang, e.source, None, None)
        lang = etree.SubElement(concept, f"{{{TBX_NS}}}langSec")
        lang.set(XML_LANG, tgt_lang)
        _term(lang, e.correction, "preferredTerm-admn-sts", e.pos)
        for pattern in e.patterns:
            _term(lang, pattern, "deprecatedTerm-admn-sts", None)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _term(lang: etree._Element, text: str, status: str | None, pos: str | None) -> None:
    sec = etree.SubElement(lang, f"{{{TBX_NS}}}termSec")
    etree.SubElement(sec, f"{{{TBX_NS}}}term").text = text
    if status:
        etree.SubElement(sec, f"{{{TBX_NS}}}termNote", type="administrativeStatus").text = status
    if pos:
        etree.SubElement(sec, f"{{{TBX_NS}}}termNote", type="partOfSpeech").text = pos


def read_tbx(path: Path, glossary_id: str) -> Glossary:
    root = parse_xml(path, what="TBX glossary")
    if _local(root) not in ("tbx", "martif"):
        raise InputError(f"{path}: not a TBX file (root <{_local(root)}>)")
    header_info: dict[str, Any] = {}
    for p in root.iter():
        if _local(p) == "p" and (p.text or "").startswith(MARKER):
            header_info = json.loads((p.text or "")[len(MARKER) :])
    title = next((el.text or "" for el in root.iter() if _local(el) == "title"), "")
    concepts = [el for el in root.iter() if _local(el) in ("conceptEntry", "termEntry")]
    if not concepts:
        raise InputError(f"{path}: no conceptEntry/termEntry in this TBX file")
    default_lang = root.get(XML_LANG, "")
    languages: list[str] = []
    entries: list[tuple[dict[str, Any], int]] = []
    for concept in concepts:
        entries.append(
            (_tbx_entry(concept, path, languages, default_lang), concept.sourceline or 0)
        )
    source_language = next((lang for lang in languages if lang != default_lang), "")
    base = GlossaryHeader(
        id=header_info.get("glossary") or glossary_id,
        title=title,
        source_language=source_language if default_lang else "",
        target_language=default_lang,
        domain=header_info.get("domain"),
    )
    return _glossary(base, entries, path)


def _tbx_entry(
    concept: etree._Element, path: Path, languages: list[str], target_lang: str
) -> dict[str, Any]:
    """One concept. Terms in the target language (the root's xml:lang; without one, the
    last language section of the concept) are the correction and the MT errors; a term in
    another language is the source."""
    notes: list[str] = []
    extra: dict[str, Any] = {}
    domain = None
    preferred: tuple[str, str | None] | None = None
    deprecated: list[str] = []
    source = None
    for child in concept:
        name = _local(child)
        if name == "descrip" and child.get("type") == "subjectField":
            domain = child.text or ""
        elif name == "note":
            text = child.text or ""
            if text.startswith(MARKER):
                extra = json.loads(text[len(MARKER) :])
            else:
                notes.append(text)
        elif name in ("langSec", "langSet"):
            lang = child.get(XML_LANG, "")
            if lang not in languages:
                languages.append(lang)
            sections = [c for c in concept if _local(c) in ("langSec", "langSet")]
            is_target = lang == target_lang if target_lang else child is sections[-1]
            for term_el in child:
                if _local(term_el) not in ("termSec", "tig", "ntig"):
                    continue
                term, status, pos = _term_info(term_el)
                if not is_target:
                    if source is None:
                        source = term
                elif status in ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts"):
                    deprecated.append(term)
                elif preferred is None:
                    preferred = (term, pos)
    if preferred is None:
        if source is None:
            raise InputError(f"{path}:{concept.sourceline}: a concept without terms")
        preferred, source = (source, None), None
    return _concept_fields(concept, path, extra, preferred, deprecated, source, notes, domain)


def _term_info(term_el: etree._Element) -> tuple[str, str | None, str | None]:
    """A term section's term, administrative status and part of speech."""
    term = next((t.text or "" for t in term_el.iter() if _local(t) == "term"), "")
    status = pos = None
    for note in term_el.iter():
        if _local(note) == "termNote" and note.get("type") == "administrativeStatus":
            status = note.text
        if _local(note) == "termNote" and note.get("type") == "partOfSpeech":
            pos = note.text
    return term, status, pos


def _concept_fields(
    concept: etree._Element,
    path: Path,
    extra: dict[str, Any],
    preferred: tuple[str, str | None],
    deprecated: list[str],
    source: str | None,
    notes: list[str],
    domain: str | None,
) -> dict[str, Any]:
    """The entry fields of one concept's terms and notes."""
    kind = extra.get("kind", "fix" if deprecated else "term")
    entry: dict[str, Any] = {}
    if kind == "term":
        entry["term"] = preferred[0]
        if deprecated:
            entry["forbidden"] = deprecated
    else:
        if not deprecated:
            raise InputError(f"{path}:{concept.sourceline}: a fix entry needs a deprecated term")
        entry["mt"] = deprecated[0] if len(deprecated) == 1 else deprecated
        entry["correct"] = preferred[0]
    if source is not None:
        entry["source"] = source
    entry["apply"] = extra.get("apply", "suggest")
    if extra.get("case_sensitive"):
        entry["case_sensitive"] = True
    if notes:
        entry["note"] = "\n".join(notes)
    if domain is not None:
        entry["domain"] = domain
    if preferred[1] is not None:
        entry["pos"] = preferred[1]
    return entry
