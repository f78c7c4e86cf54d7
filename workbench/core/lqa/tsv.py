"""MQM annotations as TSV, in the layout of the published WMT MQM data
(github.com/google/wmt-mqm-human-evaluation)::

    system  doc  doc_id  seg_id  rater  source  target  category  severity  [comment]

one row per error, the error span marked ``<v>…</v>`` in the source or the target, and a
``No-error`` row for a segment rated without errors. Some years quote a field holding a
``"`` the CSV way (``"a ""b"" c"``); such fields are unquoted. Extra columns after the
nine are allowed (the TED files have ``comment``).

Reading checks every row first and refuses the file at the first bad one, naming its line
(wrong number of columns, unbalanced or nested span markers, an unknown severity or
category, an empty ``system``/``seg_id``/``rater``): nothing is half-read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import InputError
from workbench.core.lqa.annotation import Annotation, Span
from workbench.core.lqa.model import QAModel
from workbench.core.textio import read_text

COLUMNS = ("system", "doc", "doc_id", "seg_id", "rater", "source", "target", "category", "severity")
OPEN, CLOSE = "<v>", "</v>"
_MARK = re.compile(r"</?v>")


@dataclass(frozen=True)
class MqmData:
    """The rows of an MQM file, in file order, and its header."""

    columns: tuple[str, ...]
    annotations: tuple[Annotation, ...]
    warnings: tuple[str, ...] = ()  # rows read leniently (``open_ended`` spans)


def _unquote(field: str) -> str:
    """A field quoted the CSV way (only ever because it holds a doubled quote) unquoted."""
    if len(field) >= 2 and field[0] == '"' and field[-1] == '"':
        inner = field[1:-1]
        if '""' in inner and '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return field


def split_span(text: str, *, open_ended: bool = False) -> tuple[str, Span | None]:
    """The text without its ``<v>…</v>`` markers and the span they marked; raises
    ``ValueError`` (with what is wrong) for unbalanced, nested or several spans. With
    ``open_ended``, a lone ``<v>`` marks a span to the end of the text (a few rows of the
    published WMT data lost their ``</v>``)."""
    marks = list(_MARK.finditer(text))
    if not marks:
        return text, None
    kinds = [m.group() for m in marks]
    if open_ended and kinds == [OPEN]:
        start = marks[0].start()
        plain = text[:start] + text[marks[0].end() :]
        return plain, Span(start, len(plain))
    if kinds != [OPEN, CLOSE]:
        if kinds.count(OPEN) != kinds.count(CLOSE):
            raise ValueError(
                f"unbalanced span markers ({kinds.count(OPEN)} <v>, {kinds.count(CLOSE)} </v>)"
            )
        if len(kinds) > 2 and all(k == (OPEN, CLOSE)[i % 2] for i, k in enumerate(kinds)):
            raise ValueError("more than one error span in a field")
        raise ValueError("span markers out of order (</v> before <v>, or nested)")
    start = marks[0].start()
    end = marks[1].start() - len(OPEN)
    return text[:start] + text[marks[0].end() : marks[1].start()] + text[marks[1].end() :], Span(
        start, end
    )


def join_span(text: str, span: Span | None) -> str:
    """The text with ``<v>…</v>`` around ``span``."""
    if span is None:
        return text
    return text[: span.start] + OPEN + text[span.start : span.end] + CLOSE + text[span.end :]


def _row(
    fields: list[str],
    n: int,
    where: str,
    model: QAModel,
    has_comment: bool,
    open_ended: bool = False,
) -> Annotation:
    values = dict(zip(COLUMNS, fields, strict=False))
    for name in ("system", "seg_id", "rater", "category", "severity"):
        if not values[name].strip():
            raise InputError(f"{where}:{n}: empty {name}")
    try:
        source, source_span = split_span(values["source"], open_ended=open_ended)
    except ValueError as exc:
        raise InputError(f"{where}:{n}: source: {exc}") from None
    try:
        target, target_span = split_span(values["target"], open_ended=open_ended)
    except ValueError as exc:
        raise InputError(f"{where}:{n}: target: {exc}") from None
    severity = model.severity(values["severity"])
    if severity is None:
        raise InputError(
            f"{where}:{n}: unknown severity '{values['severity']}' "
            f"(the model {model.id} has {', '.join(model.severity_names)})"
        )
    if model.category(values["category"]) is None:
        raise InputError(
            f"{where}:{n}: unknown category '{values['category']}' (not in the model {model.id})"
        )
    return Annotation(
        system=values["system"],
        doc=values["doc"],
        doc_id=values["doc_id"],
        seg_id=values["seg_id"],
        rater=values["rater"],
        source=source,
        target=target,
        category=values["category"].strip(),
        severity=severity,
        source_span=source_span,
        target_span=target_span,
        comment=fields[len(COLUMNS)] if has_comment else "",
        line=n,
    )


def parse_mqm_text(text: str, where: str, model: QAModel, *, open_ended: bool = False) -> MqmData:
    """Parse MQM TSV text (see the module docstring); raises :class:`InputError` naming
    ``where:line`` at the first bad row. With ``open_ended``, a lone ``<v>`` marks a span
    to the end of its field, and each such row is named in ``warnings``."""
    lines = text.split("\n")
    header = lines[0].rstrip("\r").split("\t")
    if tuple(header[: len(COLUMNS)]) != COLUMNS:
        raise InputError(
            f"{where}:1: expected the MQM header {' '.join(COLUMNS)} (tab-separated), "
            f"found {' '.join(header[: len(COLUMNS)])[:80]}"
        )
    width = len(header)
    has_comment = width > len(COLUMNS) and header[len(COLUMNS)] == "comment"
    rows: list[Annotation] = []
    warnings: list[str] = []
    for n, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != width:
            raise InputError(f"{where}:{n}: {len(fields)} columns, expected {width} as the header")
        cells = [_unquote(f) for f in fields]
        rows.append(_row(cells, n, where, model, has_comment, open_ended))
        if open_ended and any(c.count(OPEN) == 1 and CLOSE not in c for c in cells[5:7]):
            warnings.append(f"{where}:{n}: a <v> without </v>: the span runs to the end")
    if not rows:
        raise InputError(f"{where}: no annotation rows after the header")
    return MqmData(tuple(header), tuple(rows), tuple(warnings))


def read_mqm(path: Path | str, model: QAModel, *, open_ended: bool = False) -> MqmData:
    """Read an MQM TSV file strictly (UTF-8; see :func:`parse_mqm_text`)."""
    text = read_text(path, what="MQM file").text
    return parse_mqm_text(text, str(path), model, open_ended=open_ended)


def _cell(text: str) -> str:
    """A field as one TSV cell: tabs and line breaks (which the layout cannot hold) become
    spaces (one for one: span offsets stay right); a field the reader would take for a
    quoted one is quoted, so it reads back as it was."""
    cell = re.sub(r"[\t\r\n]", " ", text)
    if _unquote(cell) != cell:
        cell = '"' + cell.replace('"', '""') + '"'
    return cell


def mqm_tsv(annotations: Iterable[Annotation], *, comment: bool = True) -> str:
    """The TSV text of ``annotations`` in the published layout (with a ``comment`` column
    when ``comment``); :func:`parse_mqm_text` reads it back to the same annotations."""
    header = (*COLUMNS, "comment") if comment else COLUMNS
    out = ["\t".join(header)]
    for a in annotations:
        cells = [
            a.system,
            a.doc,
            a.doc_id,
            a.seg_id,
            a.rater,
            join_span(a.source, a.source_span),
            join_span(a.target, a.target_span),
            a.category,
            a.severity,
        ]
        if comment:
            cells.append(a.comment)
        out.append("\t".join(_cell(c) for c in cells))
    return "\n".join(out) + "\n"
