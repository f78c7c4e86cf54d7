"""``--to csv`` and ``--to report`` written as they are made: the QA findings come segment by
segment while the rows are written, the report's rows wait in a spool (in memory while
small, on disk past that) until the totals above them are known. The page and the table are
the same however the work is cut up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.app.projects import open_article
from workbench.cli import main
from workbench.qa import runner
from workbench.qa.model import QaSegment
from workbench.qa.runner import QaRun, iter_findings, run

ARTICLE = (
    "Chinalco news\n\n"
    "The plant made 100 billion tonnes in May. The the plant is big.\n\n"
    "Prices rose 3.5 per cent on July 27. Thanks.\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    with open_article(art) as s:
        s.set_target("p2s1", "The plant made 10 billion tonnes in June.", keystrokes=3)
        s.set_target("p3s1", "Prices rose 3,5 per cent on July 28.", keystrokes=2)
        s.ignore_finding("p2s2", "repeated-word", "The the", "a quote")
    return art


def _export(project: Path, fmt: str, out: Path) -> bytes:
    result = CliRunner().invoke(main, ["export", str(project), "--to", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_report_spooled_on_disk_is_the_same_page(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_memory = _export(project, "report", tmp_path / "a.html")
    from workbench.formats.exports import report

    monkeypatch.setattr(report, "_SPOOL_IN_MEMORY", 64)  # the rows go to a temporary file
    monkeypatch.setattr(report, "_SPOOL_READ", 100)
    assert _export(project, "report", tmp_path / "b.html") == in_memory
    page = in_memory.decode()
    # The totals, written above the rows, count the findings the rows show.
    rows = page[page.index("<tbody>") :]
    shown_open = len(re.findall(r'<div class="(?:warning|error|info)">', rows))
    shown_ignored = rows.count('<div class="ignored">')
    assert shown_open >= 3 and shown_ignored == 1
    assert f"<dd>{shown_open} open, {shown_ignored} ignored</dd>" in page


def test_csv_lists_each_segments_findings_in_its_row(project: Path, tmp_path: Path) -> None:
    import csv
    import io

    table = _export(project, "csv", tmp_path / "e.csv").decode()
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(table))}
    assert rows["p2s1"]["qa_open"].count("warning:numbers") == 4  # 100 and May out, 10, June in
    assert rows["p2s2"]["qa_ignored"] == "warning:repeated-word (a quote)"
    assert rows["p3s1"]["qa_open"] == "warning:numbers; warning:numbers"  # 27 out, 28 in
    assert rows["p3s2"]["qa_open"] == rows["p3s2"]["qa_ignored"] == ""  # "Thanks."


def test_findings_made_a_batch_at_a_time_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    segments = (
        QaSegment("s1", "The output rose 10 per cent in June.", mt="The output rose 12 per cent."),
        QaSegment(
            "s2",
            "Die Produktion von Aluminium ist im Juli deutlich gestiegen, sagte der Bürgermeister.",
            mt="Aluminium production rose clearly in July, the mayor said.",
        ),
        QaSegment("s3", "", mt="Thanks."),
        QaSegment(
            "s4",
            "La producción de aluminio aumentó claramente en julio, dijo el alcalde de la ciudad.",
            mt="Aluminium production rose clearly in July, said the mayor of the city.",
        ),
        QaSegment("s5", "He he said so.", mt="He said so."),
    )
    qa = QaRun(segments, ignored={("s5", "repeated-word", "He he"): "quoted"})
    whole = run(qa)
    assert {f.check for f in whole} >= {"numbers", "wrong-language", "empty-target"}
    assert any(f.ignored for f in whole)
    monkeypatch.setattr(runner, "PREPARED", 2)  # langdetect asked two segments at a time
    assert tuple(iter_findings(qa)) == whole
