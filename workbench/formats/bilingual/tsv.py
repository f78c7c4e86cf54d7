"""Two-column TSV (source<TAB>MT, one segment per line): read, written back.

A header line naming its columns (source/target/mt) is skipped; UTF-8, or UTF-16 with a
BOM. Written back (``--to original``), each MT cell becomes the project's target and the
rest of the file stays as it was. There is no ``--to tsv``: a new bilingual file is XLIFF
or TMX.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.document import Document, SegmentOrigin
from workbench.core.errors import InputError, OutputError
from workbench.core.textio import decode_text, read_bytes
from workbench.formats.bilingual.units import Languages, Part, build_document, original_bytes
from workbench.formats.project_view import ProjectView

if TYPE_CHECKING:
    from workbench.formats.families import BilingualFormat

NAME = "tsv"  # the registry row, and the Document's format


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
            Part(
                SegmentOrigin(0, index, str(n)),
                row[0],
                row[1],
                None,
                None,
                (),
                row[1],
                "new",
                mt_origin="mt",
            )
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
        fmt=NAME,
        source_language=langs.source,
        target_language=langs.target,
        original=data,
        notices=langs.notices,
    )


def write_original(view: ProjectView) -> bytes:
    """The TSV the project was made from, each MT cell replaced by the project's target
    (``--to original``)."""
    doc = view.document
    tf = decode_text(original_bytes(view), Path(doc.name), what="TSV file")
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


class Tsv:
    def read(self, path: Path | str, *, language: str = "", source_language: str = "") -> Document:
        return read_tsv(path, language=language, source_language=source_language)

    def write_back(self, view: ProjectView) -> bytes:
        return write_original(view)


FORMAT: BilingualFormat = Tsv()
