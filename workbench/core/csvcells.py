"""CSV cells a spreadsheet cannot run: the one way every CSV the workbench writes is made.

A spreadsheet (Excel, LibreOffice Calc, Google Sheets) opening a CSV file treats a cell that
starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) as a formula, so text
from an article or a glossary ("=HYPERLINK(...)", "-1 dB", "@mention") could run as one.
Following OWASP's advice on CSV injection, :func:`neutralise` puts a single quote before
such a cell; spreadsheets show the quote-prefixed cell as plain text. A negative number
(``-1``, ``-0.25``) is left as it is: a spreadsheet reads it as a number, not a formula.

The prefix is reversible, so a CSV we read back (glossary import) gives the text that was
written: :func:`restore` removes a quote only where :func:`neutralise` would have put one,
and a cell that itself starts with a quote before one of those characters gets a second
quote. ``restore(neutralise(text)) == text`` for every text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

TRIGGERS = frozenset("=+-@\t\r")
QUOTE = "'"
_ESCAPED = TRIGGERS | {QUOTE}
_NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?")


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet will show it as text: a quote before a leading formula
    character (and before a leading quote that precedes one, so it reads back exactly)."""
    if cell[:1] == QUOTE and cell[1:2] in _ESCAPED:
        return QUOTE + cell
    if cell[:1] in TRIGGERS and not _NEGATIVE_NUMBER.fullmatch(cell):
        return QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """The text :func:`neutralise` was given."""
    if cell[:1] == QUOTE and cell[1:2] in _ESCAPED:
        return cell[1:]
    return cell


def csv_text(rows: Iterable[Sequence[object]], *, lineterminator: str = "\r\n") -> str:
    """Rows as CSV text (RFC 4180 quoting by the csv module), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerows(
        [
            text
            if (text := "" if cell is None else str(cell))[:1] not in _ESCAPED
            # (only a cell that starts with one of those can need a quote)
            else neutralise(text)
            for cell in row
        ]
        for row in rows
    )
    return buffer.getvalue()


def read_csv_rows(text: str) -> list[list[str]]:
    """CSV text as rows of restored cells."""
    return [[restore(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
