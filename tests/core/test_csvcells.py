"""CSV cells a spreadsheet would run as formulas are neutralised in every CSV we write
(OWASP: a quote before a leading =, +, -, @, tab or carriage return), reversibly."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from workbench.cli import main
from workbench.core.csvcells import csv_text, neutralise, read_csv_rows, restore
from workbench.core.findings import Finding
from workbench.qa.report import report_csv

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def test_neutralise() -> None:
    assert [neutralise(c) for c in ["=1+1", "+1", "-2 dB", "@SUM(A1)", "\tx", "\rx"]] == [
        "'=1+1",
        "'+1",
        "'-2 dB",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
    ]
    assert [neutralise(c) for c in ["", "plain", "'quoted", "1-2", " =x", "-1", "-0.25"]] == [
        "",
        "plain",
        "'quoted",
        "1-2",
        " =x",
        "-1",  # a number, not a formula
        "-0.25",
    ]
    assert neutralise("-1+2") == "'-1+2" and neutralise("-2+3+cmd|' /C calc'!A0")[0] == "'"
    assert neutralise("'=x") == "''=x" and neutralise("''") == "'''"


@given(
    st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "a", " "]) | st.characters())
)
def test_restore_gives_back_what_was_written(text: str) -> None:
    cell = neutralise(text)
    assert restore(cell) == text
    assert cell[:1] not in DANGEROUS or re.fullmatch(r"-\d+(\.\d+)?", cell)


def test_csv_text_round_trip() -> None:
    rows = [["id", "text"], ["1", '=HYPERLINK("http://evil","x")'], ["2", 'a, "b"\nc']]
    text = csv_text(rows)
    assert read_csv_rows(text) == rows
    assert [r[1] for r in csv.reader(io.StringIO(text))][1].startswith("'=")


def test_qa_report_csv_is_neutralised() -> None:
    f = Finding("p1s1", "glossary-mt-error", "error", "=cmd|' /C calc'!A0", matched="-1+1")
    row = list(csv.reader(io.StringIO(report_csv([f]))))[1]
    assert row[3] == "'=cmd|' /C calc'!A0" and row[6] == "'-1+1"
    assert row[4:6] == ["-1", "-1"]  # start and end stay numbers


def test_effort_table_export_is_neutralised(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("=1+2 is the sum.\n\n@all read this.\n", encoding="utf-8")
    pe = tmp_path / "pe.txt"
    pe.write_text("-3 is not the sum.\n\n@all read this.\n", encoding="utf-8")
    project = tmp_path / "p.wbproj"
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["record", str(article), "--pe", str(pe), "--project", str(project)]
        ).exit_code
        == 0
    )
    out = tmp_path / "effort.csv"
    result = runner.invoke(main, ["export", str(project), "--to", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r[1:3] for r in rows[1:]] == [
        ["'=1+2 is the sum.", "'-3 is not the sum."],
        ["'@all read this.", "'@all read this."],
    ]
    for row in rows:
        assert all(cell[:1] not in DANGEROUS for cell in row)
