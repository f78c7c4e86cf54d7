"""TBX-Basic glossaries: v3 (ISO 30042:2019, DCA style) and v2 (TBX 2008, ``<martif>``).

Both are written (``--to tbx`` is v3, ``--to tbx2`` v2, the one OmegaT, translate-toolkit
and most CAT tools read) and both are read. One concept per entry:

* the source term in the source language's section (``preferredTerm-admn-sts``);
* in the target language's section, the correction or preferred term first
  (``preferredTerm-admn-sts``, with its part of speech), then each MT pattern or forbidden
  variant as a ``deprecatedTerm-admn-sts`` term;
* the domain as ``subjectField``, each line of the note as a concept ``<note>``;
* the part of speech as a TBX-Basic picklist value (adjective, noun, verb, adverb, other:
  ``proper noun`` and Microsoft's ``Noun`` are ``noun``), the wording when it differs kept
  as the term's note ``part of speech: proper noun``, which the reader turns back into it.

The root's ``xml:lang`` is the source language. Written v2 files use ``tig`` (the term
container translate-toolkit reads) and validate against the TBX core structure DTD; v3
files against the TBX-Basic RELAX NG schema and Schematron. Nothing of the workbench's own
is written into the file: ``apply: auto``, ``case_sensitive`` and the kind of a term entry
with forbidden variants (they come back as an MT fix) are reported as left out, as is the
glossary-wide domain.

**Reading** keeps what maps: per concept the target language's preferred (else first
admitted) term is the correction, its deprecated and superseded terms the MT patterns, the
first source term the source, further source terms further entries, further admitted
target terms lines of the note and entries of their own (source -> admitted term, which
OmegaT offers beside the preferred one); deprecated source terms are no source (named in
the report); definitions, contexts and notes at concept, language and
term level become lines of the note (``definition: …``, ``[en] definition: …``,
``[heavy plate] context: …``, with their ``source``). Terms in other languages, concepts
without a target term and data categories with no place (transactions, cross references,
term types, grammatical gender…) are reported. Which languages are source and target: as
asked (``--source-lang``/``--target-lang``), else the only language with deprecated terms
is the target and the root's ``xml:lang`` the source, else the next language the target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.keys import match_key
from workbench.core.glossary.model import Entry, Glossary
from workbench.core.glossary.schema import GlossaryHeader
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
from workbench.formats.xmlfile import local_name as _local
from workbench.formats.xmlfile import parse_xml

if TYPE_CHECKING:
    from workbench.formats.families import GlossaryFormat, GlossaryWriter

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
SUPERSEDED = "supersededTerm-admn-sts"
POS_PICKLIST = ("adjective", "noun", "other", "verb", "adverb")  # TBX-Basic DCA
POS_NOTE = "part of speech: "
_POS = {
    "n": "noun",
    "noun": "noun",
    "nouns": "noun",
    "noun phrase": "noun",
    "proper noun": "noun",
    "propernoun": "noun",
    "proper name": "noun",
    "v": "verb",
    "verb": "verb",
    "verb phrase": "verb",
    "phrasal verb": "verb",
    "a": "adjective",
    "adj": "adjective",
    "adjective": "adjective",
    "adjective phrase": "adjective",
    "adv": "adverb",
    "adverb": "adverb",
    "adverbial phrase": "adverb",
}
_NO_POS = {"", "not selected", "notselected", "unknown", "none", "n/a", "na", "-"}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAK_RUN = re.compile(r"\s*\n\s*")
_EDGE_BREAKS = re.compile(r"^\s*\n\s*|\s*\n\s*$")


def tbx_pos(pos: str) -> str | None:
    """The TBX-Basic picklist value of a free-text part of speech (``None``: none given)."""
    key = re.sub(r"[\s_]+", " ", pos.strip().lower())
    if key in _NO_POS:
        return None
    if key in POS_PICKLIST:
        return key
    if key in _POS:
        return _POS[key]
    if key.split()[-1] == "noun":  # "common noun", "collective noun" (not "pronoun")
        return "noun"
    return "other"


# --- writing -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Version:
    name: str
    root: str
    header: str
    concept: str
    lang: str
    term_sec: str
    ns: str | None


V3 = _Version("tbx", "tbx", "tbxHeader", "conceptEntry", "langSec", "termSec", TBX_NS)
V2 = _Version("tbx2", "martif", "martifHeader", "termEntry", "langSet", "tig", None)


def _writable(glossary: Glossary, losses: Losses, fmt: str) -> list[Entry]:
    """The entries XML can hold (no control characters); the rest is reported."""
    out = []
    for e in glossary.entries:
        texts = [*e.patterns, e.correction, e.source or "", e.note or "", e.domain or ""]
        if any(_XML_BAD.search(t) for t in [*texts, e.pos or ""]):
            losses.add("entries with control characters", e.key, f"{fmt} is XML")
        else:
            out.append(e)
    return out


def _languages_for(glossary: Glossary, fmt: str) -> tuple[str, str]:
    target = glossary.target_language
    if not target or target == "und":
        raise OutputError(
            f"{glossary.path or glossary.id}: {fmt} needs the glossary's languages "
            "(languages: {source: zh, target: en})"
        )
    source = glossary.source_language or "und"
    if _lang_key(source) == _lang_key(target):
        raise OutputError(f"{fmt}: the source and target languages are both '{target}'")
    return source, target


def _write(glossary: Glossary, v: _Version) -> Exported:
    fmt = "TBX v3" if v is V3 else "TBX v2"
    source_lang, target_lang = _languages_for(glossary, fmt)
    losses = Losses()
    header_losses(glossary, losses, fmt, ("domain",))
    entries = _writable(glossary, losses, fmt)
    make = _Maker(v)
    root = make.root(glossary, source_lang)
    body = make.sub(make.sub(root, "text"), "body")
    for n, e in enumerate(entries, start=1):
        concept = make.sub(body, v.concept, id=f"c{n}")
        if e.domain is not None:
            make.sub(concept, "descrip", e.domain, type="subjectField")
        for line in (e.note or "").splitlines():
            if line.strip():
                make.sub(concept, "note", line)
        if e.source is not None:
            make.term(make.lang(concept, source_lang), e.source, PREFERRED, None)
        target = make.lang(concept, target_lang)
        make.term(target, e.correction, PREFERRED, e.pos)
        for pattern in e.patterns:
            make.term(target, pattern, DEPRECATED, None)
        if e.kind == "term" and e.patterns:
            losses.add(
                "forbidden variants of term entries",
                e.key,
                "TBX marks them deprecated, as MT errors: they import as a fix (mt)",
            )
        setting_losses(e, losses, fmt)
    doctype = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">' if v is V2 else None
    data: bytes = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype
    )
    return Exported(data, losses.result(), len(entries))


class _Maker:
    """Elements of one TBX version."""

    def __init__(self, v: _Version) -> None:
        self.v = v

    def tag(self, name: str) -> str:
        return f"{{{self.v.ns}}}{name}" if self.v.ns else name

    def sub(self, parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> Any:
        el = etree.SubElement(parent, self.tag(name), **attrs)
        if text is not None:
            el.text = text
        return el

    def root(self, glossary: Glossary, source_lang: str) -> Any:
        v = self.v
        if v.ns:
            root = etree.Element(self.tag(v.root), nsmap={None: v.ns}, type="TBX-Basic")
            root.set("style", "dca")
        else:
            root = etree.Element(v.root, type="TBX-Basic")
        root.set(XML_LANG, source_lang)
        header = self.sub(root, v.header)
        desc = self.sub(header, "fileDesc")
        title = _XML_BAD.sub("", glossary.title or glossary.id)
        self.sub(self.sub(desc, "titleStmt"), "title", title)
        about = _XML_BAD.sub("", f"Exported by Workbench from the glossary {glossary.id}.")
        self.sub(self.sub(desc, "sourceDesc"), "p", about)
        if not v.ns:
            self.sub(self.sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
        return root

    def lang(self, concept: etree._Element, lang: str) -> Any:
        section = self.sub(concept, self.v.lang)
        section.set(XML_LANG, lang)
        return section

    def term(self, lang: etree._Element, text: str, status: str, pos: str | None) -> None:
        sec = self.sub(lang, self.v.term_sec)
        self.sub(sec, "term", text)
        picked = tbx_pos(pos) if pos is not None else None
        if picked is not None:
            self.sub(sec, "termNote", picked, type="partOfSpeech")
        self.sub(sec, "termNote", status, type="administrativeStatus")
        if pos is not None and picked != pos:
            self.sub(sec, "note", POS_NOTE + pos)


def write_tbx(glossary: Glossary) -> Exported:
    """TBX-Basic v3 (DCA)."""
    return _write(glossary, V3)


def write_tbx2(glossary: Glossary) -> Exported:
    """TBX-Basic v2 (TBX 2008 ``martif``): what OmegaT and translate-toolkit read."""
    return _write(glossary, V2)


# --- reading -------------------------------------------------------------------------------
@dataclass
class _Term:
    text: str
    status: str | None
    line: int
    pos: str | None = None
    pos_wording: str | None = None
    notes: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


@dataclass
class _Section:
    lang: str
    notes: list[str] = field(default_factory=list)
    terms: list[_Term] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


@dataclass
class _Concept:
    id: str
    line: int
    domain: str | None = None
    notes: list[str] = field(default_factory=list)
    sections: list[_Section] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


_TERM_PARTS = {"term", "termNote", "termNoteGrp", "termGrp", "termCompList"}
_CONTAINERS = {"langSec", "langSet", "termSec", "tig", "ntig"}


def _prose(el: etree._Element) -> str:
    """Descriptive text as written, without the line breaks and indentation of a
    pretty-printed file."""
    text = "".join(el.itertext())
    return _LINE_BREAK_RUN.sub(" ", _EDGE_BREAKS.sub("", text))


def _typed(el: etree._Element) -> str:
    """The data category of an element left out (``source`` alone would not say whose)."""
    kind = el.get("type")
    if kind == "source":
        return "source (not grouped with a definition or context)"
    return kind or _local(el)


def _descrip(el: etree._Element, source: str | None, owner: _Concept | None) -> str | None:
    """A descrip as a note line (a subject field is the concept's domain instead)."""
    kind = el.get("type") or "description"
    text = _prose(el)
    if kind == "subjectField" and owner is not None and owner.domain is None:
        owner.domain = text.strip()
        return None
    return f"{kind}: {text}" + (f" (source: {source})" if source else "")


def _aux(parent: etree._Element, notes: list[str], unread: list[str], owner: Any) -> None:
    """The notes, definitions and contexts among ``parent``'s children as note lines; the
    names of the data categories with no place in ``unread``."""
    concept = owner if isinstance(owner, _Concept) else None
    for child in parent:
        name = _local(child)
        if not name or name in _TERM_PARTS or name in _CONTAINERS:
            continue
        if name == "note":
            notes.append(_prose(child))
        elif name == "descrip":
            line = _descrip(child, None, concept)
            if line is not None:
                notes.append(line)
        elif name == "descripGrp":
            _descrip_grp(child, notes, unread, concept)
        else:
            unread.append(_typed(child))


def _descrip_grp(
    grp: etree._Element, notes: list[str], unread: list[str], concept: _Concept | None
) -> None:
    descrip = next((c for c in grp if _local(c) == "descrip"), None)
    sources = [_prose(c) for c in grp if _local(c) == "admin" and c.get("type") == "source"]
    for c in grp:
        name = _local(c)
        if name == "note":
            notes.append(_prose(c))
        elif name and c is not descrip and not (name == "admin" and c.get("type") == "source"):
            unread.append(_typed(c))
    if descrip is not None:
        line = _descrip(descrip, "; ".join(sources) or None, concept)
        if line is not None:
            notes.append(line)


def _read_term(container: etree._Element) -> _Term | None:
    term_el = next((t for t in container.iter() if _local(t) == "term"), None)
    text = "".join(term_el.itertext()) if term_el is not None else ""
    term = _Term(text, None, container.sourceline or 0)
    for note in container.iter():
        if _local(note) != "termNote":
            continue
        kind = note.get("type")
        value = "".join(note.itertext()).strip()
        if kind == "administrativeStatus":
            term.status = value
        elif kind == "partOfSpeech":
            term.pos = value
        else:
            term.unread.append(kind or "termNote")
    _aux(container, term.notes, term.unread, term)
    for line in list(term.notes):
        if line.startswith(POS_NOTE):
            term.pos_wording = line[len(POS_NOTE) :]
            term.notes.remove(line)
    return term if text.strip() else None


def _read_concept(el: etree._Element) -> _Concept:
    concept = _Concept(el.get("id") or f"line {el.sourceline}", el.sourceline or 0)
    _aux(el, concept.notes, concept.unread, concept)
    for child in el:
        if _local(child) not in ("langSec", "langSet"):
            continue
        section = _Section(child.get(XML_LANG, ""))
        _aux(child, section.notes, section.unread, section)
        for container in child:
            if _local(container) in ("termSec", "tig", "ntig"):
                term = _read_term(container)
                if term is None:
                    concept.unread.append("empty term")
                else:
                    section.terms.append(term)
        concept.sections.append(section)
    return concept


def _lang_key(tag: str) -> str:
    return tag.strip().lower().replace("_", "-")


def lang_matches(tag: str, wanted: str) -> bool:
    """``zh-CN`` matches ``zh-cn`` and ``zh`` (and ``zh`` matches ``zh-CN``)."""
    a, b = _lang_key(tag), _lang_key(wanted)
    if not a or not b:
        return False
    return (
        a == b or ("-" not in b and a.split("-")[0] == b) or ("-" not in a and b.split("-")[0] == a)
    )


def _pick_languages(
    root: etree._Element, concepts: list[_Concept], asked: Languages, path: Path
) -> tuple[str, str]:
    seen: list[str] = []
    deprecated: list[str] = []
    for c in concepts:
        for s in c.sections:
            if not any(lang_matches(s.lang, x) for x in seen):
                seen.append(s.lang)
            if any(t.status in (DEPRECATED, SUPERSEDED) for t in s.terms) and not any(
                lang_matches(s.lang, x) for x in deprecated
            ):
                deprecated.append(s.lang)
    if not seen:
        raise InputError(f"{path}: no language sections (langSec/langSet) in this TBX file")
    for wanted in (asked.source, asked.target):
        if wanted and not any(lang_matches(s, wanted) for s in seen):
            raise InputError(f"{path}: no terms in '{wanted}' (the file has {', '.join(seen)})")

    def spelled(wanted: str) -> str:
        return next((s for s in seen if lang_matches(s, wanted)), wanted)

    root_lang = root.get(XML_LANG, "")
    source, target = asked.source, asked.target
    if target is None:
        guesses = [d for d in deprecated if not (source and lang_matches(d, source))]
        if len(guesses) == 1:
            target = guesses[0]
        else:
            first = source or (root_lang if any(lang_matches(s, root_lang) for s in seen) else "")
            first = first or seen[0]
            others = [s for s in seen if not lang_matches(s, first)]
            target = others[0] if others else first
    if source is None:
        in_file = any(lang_matches(s, root_lang) for s in seen)
        if root_lang and in_file and not lang_matches(root_lang, target):
            source = root_lang
        else:
            source = next((s for s in seen if not lang_matches(s, target)), "")
    return (spelled(source) if source else ""), spelled(target)


def _header_losses(root: etree._Element, losses: Losses) -> None:
    """The header's notes and the back matter (its paragraphs describe the file)."""
    for el in root.iter():
        name = _local(el)
        in_header = any(_local(a) in ("martifHeader", "tbxHeader") for a in el.iterancestors())
        if name == "note" and in_header:
            losses.add("header notes", f"line {el.sourceline}", "no place in a glossary")
        elif name == "back":
            losses.add("back matter", f"line {el.sourceline}", "no place in a glossary")


def read_tbx(path: Path, glossary_id: str, languages: Languages | None = None) -> Imported:
    root = parse_xml(path, what="TBX glossary")
    if _local(root) not in ("tbx", "martif"):
        raise InputError(f"{path}: not a TBX file (root <{_local(root)}>)")
    elements = [el for el in root.iter() if _local(el) in ("conceptEntry", "termEntry")]
    if not elements:
        raise InputError(f"{path}: no conceptEntry/termEntry in this TBX file")
    concepts = [_read_concept(el) for el in elements]
    source, target = _pick_languages(root, concepts, languages or Languages(), path)
    losses = Losses()
    _header_losses(root, losses)
    mapper = _Mapper(source, target, losses)
    drafts = [d for c in concepts for d in mapper.drafts(c)]
    if not drafts:
        raise InputError(f"{path}: no concept has a term in '{target}'")
    title = next(
        ("".join(el.itertext()).strip() for el in root.iter() if _local(el) == "title"), ""
    )
    header = GlossaryHeader(
        id=glossary_id, title=title, source_language=source, target_language=target
    )
    return Imported(build_glossary(header, drafts, path), losses.result())


class _Mapper:
    """Concepts to entry drafts for one language pair."""

    def __init__(self, source: str, target: str, losses: Losses) -> None:
        self.source = source
        self.target = target
        self.losses = losses
        self.corrected: dict[str, str] = {}  # MT pattern key -> its correction so far

    def _split(self, c: _Concept) -> tuple[list[_Section], list[_Section]]:
        src, tgt = [], []
        for s in c.sections:
            if self.source and lang_matches(s.lang, self.source):
                src.append(s)
            elif lang_matches(s.lang, self.target):
                tgt.append(s)
            else:
                for t in s.terms:
                    self.losses.add(f"terms in {s.lang}", f"{c.id}: {t.text}", "not the pair read")
        return src, tgt

    def drafts(self, c: _Concept) -> list[Draft]:
        src_secs, tgt_secs = self._split(c)
        src_terms = _ranked(
            [t for s in src_secs for t in s.terms if t.status not in (DEPRECATED, SUPERSEDED)]
        )
        dep_src = [t for s in src_secs for t in s.terms if t.status in (DEPRECATED, SUPERSEDED)]
        for s in src_secs:
            for t in s.terms:
                if t.status in (DEPRECATED, SUPERSEDED):
                    self.losses.add(
                        f"{'deprecated' if t.status == DEPRECATED else 'superseded'} "
                        f"{self.source} terms",
                        f"{c.id}: {t.text}",
                        "not a source the glossary matches (a glossary has no forbidden source)",
                    )
        tgt_terms = [t for s in tgt_secs for t in s.terms]
        usable = _ranked([t for t in tgt_terms if t.status not in (DEPRECATED, SUPERSEDED)])
        if not usable:
            what = "deprecated" if tgt_terms else "no"
            for t in src_terms:
                self.losses.add(
                    f"concepts with {what} {self.target} terms", f"{c.id}: {t.text}", "no entry"
                )
            if not src_terms:
                self.losses.add(f"concepts with {what} {self.target} terms", c.id, "no entry")
            return []
        correction = usable[0]
        patterns = self._patterns(c, correction, tgt_terms)
        deprecated = [t for t in tgt_terms if t.status in (DEPRECATED, SUPERSEDED)]
        notes = self._notes(
            c, [*src_secs, *tgt_secs], [*src_terms, *dep_src, correction, *deprecated], usable[1:]
        )
        self._report_unread(c, src_secs, tgt_secs, [*src_terms, *dep_src, *tgt_terms], correction)
        common: dict[str, Any] = {}
        if notes:
            common["note"] = "\n".join(notes)
        if c.domain:
            common["domain"] = c.domain
        pos = correction.pos_wording or correction.pos
        if pos:
            common["pos"] = pos
        first: dict[str, Any] = (
            {"mt": patterns, "correct": correction.text} if patterns else {"term": correction.text}
        )
        if src_terms:
            first["source"] = src_terms[0].text
        out = [Draft({**first, **common}, c.line)]
        for extra in src_terms[1:]:
            out.append(Draft({"term": correction.text, "source": extra.text, **common}, c.line))
        if src_terms:  # an admitted synonym is an entry of its own (OmegaT offers it too)
            for t in usable[1:]:
                fields: dict[str, Any] = {"term": t.text, "source": src_terms[0].text}
                fields["note"] = f"admitted {self.target} term beside {correction.text}"
                if c.domain:
                    fields["domain"] = c.domain
                if t.pos_wording or t.pos:
                    fields["pos"] = t.pos_wording or t.pos
                out.append(Draft(fields, c.line))
        return out

    def _patterns(self, c: _Concept, correction: _Term, terms: list[_Term]) -> list[str]:
        out: list[str] = []
        for t in terms:
            text = t.text.strip()
            if t.status not in (DEPRECATED, SUPERSEDED) or text in (correction.text.strip(), *out):
                continue
            key = match_key(text)
            known = self.corrected.get(key)
            if known is not None and known != correction.text.strip():
                self.losses.add(
                    "deprecated terms another concept corrects otherwise",
                    f"{c.id}: {t.text}",
                    "a glossary corrects an MT text one way",
                )
                continue
            self.corrected[key] = correction.text.strip()
            out.append(text)
        return out

    def _notes(
        self, c: _Concept, sections: list[_Section], terms: list[_Term], admitted: list[_Term]
    ) -> list[str]:
        """The concept's notes, then its sections', then its terms' (named by the term)."""
        lines = list(c.notes)
        for s in sections:
            lines += [f"[{s.lang}] {n}" for n in s.notes]
        for t in terms:
            lines += [f"[{t.text.strip()}] {n}" for n in t.notes]
        for t in admitted:
            lines.append(f"admitted {self.target} term: {t.text}")
            lines += [f"[{t.text.strip()}] {n}" for n in t.notes]
        return [line for line in lines if line.strip()]

    def _report_unread(
        self,
        c: _Concept,
        src_secs: list[_Section],
        tgt_secs: list[_Section],
        terms: list[_Term],
        correction: _Term,
    ) -> None:
        names = list(c.unread)
        for s in [*src_secs, *tgt_secs]:
            names += s.unread
        for t in terms:
            names += t.unread
            if t is not correction and t.pos and t.pos_wording is None:
                names.append("partOfSpeech of terms other than the target term")
            if t.status not in (None, PREFERRED, ADMITTED, DEPRECATED, SUPERSEDED):
                names.append(f"administrativeStatus '{t.status}'")
        for name in names:
            self.losses.add(name, c.id, "no place in a glossary entry")


def _ranked(terms: list[_Term]) -> list[_Term]:
    """Preferred terms first, then the others in file order."""
    return sorted(terms, key=lambda t: 0 if t.status == PREFERRED else 1)


class Tbx:
    """TBX-Basic: v3 (DCA) written, v3 and v2 (martif) read."""

    def read_glossary(
        self, path: Path, glossary_id: str, languages: Languages | None = None
    ) -> Imported:
        return read_tbx(path, glossary_id, languages)

    def write_glossary(self, glossary: Glossary) -> Exported:
        return write_tbx(glossary)


class Tbx2:
    """TBX-Basic v2 (TBX 2008 martif), written for OmegaT and translate-toolkit."""

    def write_glossary(self, glossary: Glossary) -> Exported:
        return write_tbx2(glossary)


FORMAT: GlossaryFormat = Tbx()
TBX2: GlossaryWriter = Tbx2()
