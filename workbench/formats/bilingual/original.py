"""Bilingual files in and out: XLIFF 1.x and 2.0, TMX 1.1-1.4 and two-column TSV.

Reading (:func:`read_xliff`, :func:`read_tmx`, :func:`read_tsv`) makes a Document whose
segments keep their inline codes as placeholders (:mod:`workbench.core.inline_codes`),
know the unit they came from, and carry the file's languages (BCP 47 as written; an option
wins; a tag in the file name or detection fills what the file does not say) and statuses.
The file's bytes travel with the Document, so :func:`write_original` (``workbench export
--to original``) can write every target back into the same document: same files, groups,
notes, ids, metadata and inline codes, untranslated units left untranslated.

The format modules do the work: :mod:`~workbench.formats.bilingual.xliff12`,
:mod:`~workbench.formats.bilingual.xliff20`, :mod:`~workbench.formats.bilingual.tmx`; what
they share is in :mod:`~workbench.formats.bilingual.units`, the inline-code XML in
:mod:`~workbench.formats.bilingual.inline_xml`.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from lxml import etree

from workbench.core.document import Document, SegmentOrigin
from workbench.core.errors import InputError, OutputError
from workbench.core.model.project import SegmentState
from workbench.core.textio import decode_text, read_bytes
from workbench.formats.bilingual import tmx as tmxfile
from workbench.formats.bilingual import xliff12, xliff20
from workbench.formats.bilingual.inline_xml import TooManyCodes
from workbench.formats.bilingual.units import Languages, Part, build_document, check_xml_chars
from workbench.formats.project_view import ProjectView
from workbench.formats.xmlfile import local_name, parse_xml_bytes, serialise_like_original


def _named(reader: Callable[..., Document]) -> Callable[..., Document]:
    """``reader`` with a segment that has too many inline codes named by file and line."""

    @functools.wraps(reader)
    def read(path: Path | str, **options: str) -> Document:
        try:
            return reader(path, **options)
        except TooManyCodes as exc:
            raise InputError(f"{path}:{exc.line}: {exc}") from None

    return read


def _xml(path: Path) -> tuple[bytes, etree._Element]:
    data = read_bytes(path, what="bilingual file")
    return data, parse_xml_bytes(data, path, what="bilingual file")


@_named
def read_xliff(path: Path | str, *, language: str = "", source_language: str = "") -> Document:
    """XLIFF 1.x (whatever tool wrote it) or 2.0; ``language``/``source_language`` override
    the target and source languages the file states."""
    p = Path(path)
    data, root = _xml(p)
    if local_name(root) != "xliff":
        raise InputError(f"{p}: not an XLIFF file (root <{local_name(root)}>)")
    if root.get("version", "").startswith("2"):
        parts = xliff20.parts_of(root)
        skipped = xliff20.skipped_units(root)
        files = xliff20.file_names_of(root)
        stated = (root.get("srcLang", ""), root.get("trgLang", ""))
        fmt = "xliff2"
    else:
        parts = xliff12.parts_of(root)
        skipped = xliff12.skipped_units(root)
        files, stated_source, stated_target = xliff12.file_attributes(root)
        stated = (stated_source, stated_target)
        fmt = "xliff"
    langs_found = Languages.resolve(
        p,
        options=(source_language, language),
        stated=stated,
        sources=(part.source or "" for part in parts),
        targets=(part.target or part.mt for part in parts),
    )
    return build_document(
        p,
        parts,
        fmt=fmt,
        source_language=langs_found.source,
        target_language=langs_found.target,
        original=data,
        files=files,
        notices=[*langs_found.notices, *skipped],
    )


@_named
def read_tmx(path: Path | str, *, language: str = "", source_language: str = "") -> Document:
    """TMX 1.1-1.4 (``xml:lang`` or ``lang``, any case): the pair of languages from the
    options, else the header's ``srclang`` and the other language (see
    :mod:`~workbench.formats.bilingual.tmx`)."""
    p = Path(path)
    data, root = _xml(p)
    if local_name(root) != "tmx":
        raise InputError(f"{p}: not a TMX file (root <{local_name(root)}>)")
    source, target, left_out = tmxfile.choose_pair(p, root, source_language, language)
    parts, skipped = tmxfile.parts_of(root, source, target)
    if source.lower().endswith(tmxfile.MT_SUFFIX):
        source = ""
    notices = [f"languages {source or '(MT)'} -> {target} (the file)", *left_out, *skipped]
    return build_document(
        p,
        parts,
        fmt="tmx",
        source_language=source,
        target_language=target,
        original=data,
        notices=notices,
    )


def _tsv_rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    for n, row in enumerate(
        csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE), start=1
    ):
        rows.append((n, row))
    return rows


def _is_header(row: list[str]) -> bool:
    return row[0].strip().lower() in ("source", "src") and row[1].strip().lower() in (
        "target",
        "mt",
        "translation",
    )


def read_tsv(path: Path | str, *, language: str = "", source_language: str = "") -> Document:
    """Two columns, source<TAB>MT, one segment per line (UTF-8, or UTF-16 with a BOM); a
    header line is skipped when it names its columns (source/target/mt)."""
    p = Path(path)
    data = read_bytes(p, what="TSV file")
    text = decode_text(data, p, what="TSV file").text
    parts: list[Part] = []
    for index, (n, row) in enumerate(_tsv_rows(p, text)):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) != 2:
            raise InputError(
                f"{p}:{n}: expected two tab-separated columns (source, MT), got {len(row)}"
            )
        if n == 1 and _is_header(row):
            continue
        parts.append(
            Part(SegmentOrigin(0, index, str(n)), row[0], row[1], None, None, (), row[1], "new")
        )
    langs = Languages.resolve(
        p,
        options=(source_language, language),
        stated=("", ""),
        sources=(x.source or "" for x in parts),
        targets=(x.mt for x in parts),
    )
    return build_document(
        p,
        parts,
        fmt="tsv",
        source_language=langs.source,
        target_language=langs.target,
        original=data,
        notices=langs.notices,
    )


# --- writing back: --to original ---------------------------------------------------------------

WriteBack = Callable[[etree._Element, dict[int, list[tuple[SegmentState, Part]]], str], None]


def _by_unit(view: ProjectView, parts: list[Part]) -> dict[int, list[tuple[SegmentState, Part]]]:
    """The project's segments beside what the original holds for them, by unit index."""
    by_origin = {(p.origin.unit, p.origin.part): p for p in parts}
    out: dict[int, list[tuple[SegmentState, Part]]] = {}
    for seg, state in zip(view.document.segments, view.segments, strict=True):
        if seg.origin is None:
            continue
        part = by_origin.get((seg.origin.unit, seg.origin.part))
        if part is None:
            raise OutputError(f"{seg.id}: not found in the project's original file")
        out.setdefault(seg.origin.unit, []).append((state, replace(part, codes=state.codes)))
    return out


def write_original(view: ProjectView) -> bytes:
    """The file the project was made from, with the project's targets and states written
    into it (``--to original``); an article is written as the corrected article."""
    doc = view.document
    if doc.format in ("txt", "md"):
        return view.encode_target()
    if not doc.original:
        raise OutputError(
            f"{doc.name}: this project keeps no copy of its original file (made by an older "
            "workbench); export --to xliff, xliff2 or tmx instead"
        )
    if doc.format == "tsv":
        return _tsv_back(view)
    check_xml_chars(view)
    path = Path(doc.name)
    root = parse_xml_bytes(doc.original, path, what="original file")
    if doc.format == "tmx":
        source = doc.source_language or _tmx_mt_side(root, doc.target_language)
        parts, _ = tmxfile.parts_of(root, source, doc.target_language)
        tmxfile.write_back(root, _by_unit(view, parts), doc.target_language)
    elif doc.format == "xliff2":
        target = view.languages()[1]
        xliff20.write_back(root, _by_unit(view, xliff20.parts_of(root)), target)
        if view.source_option:
            root.set("srcLang", view.source_option)
        if view.target_option:
            root.set("trgLang", view.target_option)
    else:
        target = view.languages()[1]
        xliff12.write_back(root, _by_unit(view, xliff12.parts_of(root)), target)
        for file_el in (e for e in root.iter() if local_name(e) == "file"):
            if view.source_option:
                file_el.set("source-language", view.source_option)
            if view.target_option:
                file_el.set("target-language", view.target_option)
    return serialise_like_original(root, doc.original)


def _tmx_mt_side(root: etree._Element, target: str) -> str:
    langs = [spelt for spelt, _ in tmxfile.languages(root).values()]
    return next((x for x in langs if x.lower().endswith(tmxfile.MT_SUFFIX)), "")


def _tsv_back(view: ProjectView) -> bytes:
    """The TSV with each MT cell replaced by the project's target."""
    doc = view.document
    tf = decode_text(doc.original, Path(doc.name), what="TSV file")
    targets = {
        seg.origin.unit: (seg.id, state.target)
        for seg, state in zip(doc.segments, view.segments, strict=True)
        if seg.origin is not None
    }
    out = []
    for index, line in enumerate(tf.text.splitlines(keepends=True)):
        if index not in targets:
            out.append(line)
            continue
        sid, target = targets[index]
        body = line.rstrip("\r\n")
        if "\t" in target or "\n" in target or "\r" in target:
            raise OutputError(
                f"{sid}: a target with a tab or a line break cannot go back into a TSV line"
            )
        out.append(f"{body.split(chr(9), 1)[0]}\t{target}{line[len(body) :]}")
    return tf.encode("".join(out))
