"""What OmegaT 3.6 reads from glossary files, for tests (OmegaT is Java; it cannot run here).

Follows omegat-org/omegat at tag ``v3.6.0_08``:

* ``src/org/omegat/gui/glossary/GlossaryReaderTBX.java``: the file is unmarshalled by JAXB
  into the classes generated from ``src/schemas/tbx.xsd`` (TBX 2008, no namespace), so the
  root must be ``<martif>`` (anything else is an ``UnmarshalException``: "unexpected
  element") and only un-namespaced ``text/body/termEntry/langSet/(tig|ntig)`` are seen;
  ``readMartif`` then keeps, per ``termEntry``, the terms of the ``langSet``s whose
  language code (``new Language(xml:lang).getLanguageCode()``) equals the project's source
  or target language code, ignoring case, and makes one entry per source term and target
  term, with a comment of the concept's descriptions and notes, the language sections' and
  terms' descriptions and notes, and the target terms' ``termNote`` texts;
* ``GlossaryReaderTSV.java``: a line starting with ``#`` is skipped, the rest is split on
  tabs (trailing empty fields dropped, as Java's ``String.split`` does), a line with fewer
  than two fields or an empty first field is skipped, the comment is the third field. Newer
  OmegaT (``master``) also trims every field; ``trim=True`` does that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class UnmarshalException(Exception):
    """JAXB's refusal of a document whose root is not the schema's ``martif``."""


@dataclass(frozen=True)
class GlossaryEntry:
    source: str
    target: str
    comment: str


def language_code(tag: str) -> str:
    """``org.omegat.util.Language.getLanguageCode``: the part before ``-`` or ``_``."""
    return re.split(r"[-_]", tag, maxsplit=1)[0].lower()


def _content(el: etree._Element) -> str:
    """``readContent``: the text, ``<hi>`` children as `` *text* ``."""
    out = [el.text or ""]
    for child in el:
        if child.tag == "hi":
            out.append(f" *{child.text or ''}* ")
        out.append(child.tail or "")
    return "".join(out)


def _desc_or_note(children: list[etree._Element], lines: list[str]) -> None:
    """``appendDescOrNote``: descrip and descripGrp as ``type: text``, termNote and note as
    their text (contexts shown, as by default)."""
    for o in children:
        line = None
        if o.tag == "descrip":
            line = f"{o.get('type')}: {_content(o)}"
        elif o.tag == "descripGrp":
            d = o.find("descrip")
            if d is not None:
                line = f"{d.get('type')}: {_content(d)}"
        elif o.tag in ("termNote", "note"):
            line = _content(o)
        if line:
            lines.append(line)


_AUX = {"descrip", "descripGrp", "note", "admin", "adminGrp", "transacGrp", "ref", "xref"}


def read_tbx(data: bytes, source_lang: str, target_lang: str) -> list[GlossaryEntry]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    if root.tag != "martif":
        raise UnmarshalException(f'unexpected element (uri:"", local:"{etree.QName(root)}")')
    body = root.find("text/body")
    if body is None:
        return []
    s_lang, t_lang = language_code(source_lang), language_code(target_lang)
    result: list[GlossaryEntry] = []
    for te in body.findall("termEntry"):
        desc_term: list[str] = []
        desc_tig: list[str] = []
        note: list[str] = []
        s_terms: list[str] = []
        t_terms: list[str] = []
        _desc_or_note([c for c in te if c.tag in _AUX], desc_term)
        for ls in te.findall("langSet"):
            lang = language_code(ls.get(XML_LANG, ""))
            _desc_or_note([c for c in ls if c.tag in _AUX], desc_tig)
            for o in ls:
                if o.tag == "tig":
                    term, notes = o.find("term"), o.findall("termNote")
                    aux = [c for c in o if c.tag in _AUX]
                elif o.tag == "ntig":
                    grp = o.find("termGrp")
                    if grp is None:
                        continue
                    term, notes = grp.find("term"), grp.findall("termNote")
                    aux = [c for c in o if c.tag in _AUX]
                else:
                    continue
                if term is None:
                    continue
                if lang == s_lang:
                    s_terms.append(_content(term))
                elif lang == t_lang:
                    t_terms.append(_content(term))
                    _desc_or_note(notes, note)
                _desc_or_note(aux, desc_tig)
        comment = "\n".join(
            x for x in ("\n".join(desc_term), "\n".join(desc_tig), "\n".join(note)) if x
        )
        for s in s_terms:
            result += [GlossaryEntry(s, t, comment) for t in t_terms] or [
                GlossaryEntry(s, "", comment)
            ]
    return result


def read_tsv(text: str, *, trim: bool = False) -> list[GlossaryEntry]:
    """OmegaT's tab-separated reader over decoded text (3.6; ``trim=True``: newer OmegaT)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    result = []
    for line in re.split(r"\r\n|\r|\n", text):
        if line.startswith("#"):
            continue
        tokens = line.split("\t")
        while tokens and tokens[-1] == "":
            tokens.pop()
        if trim:
            tokens = [t.strip() for t in tokens]
        if len(tokens) < 2 or not tokens[0]:
            continue
        result.append(GlossaryEntry(tokens[0], tokens[1], tokens[2] if len(tokens) > 2 else ""))
    return result
