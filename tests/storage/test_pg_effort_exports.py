"""Effort per translator in the exported report (HTML) and effort table (CSV), and in
``stats``: a project in the team store worked on by two translators, against a real server;
a project file of one translator for comparison (one translator: the document's figures)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import html as lxml_html

from workbench.app.projects import open_article
from workbench.app.team import open_team_project
from workbench.cli import main
from workbench.core.glossary.load import engine_for
from workbench.core.inline_codes import strip_codes
from workbench.core.model.project import Visit
from workbench.core.session import Session
from workbench.core.storage import backends
from workbench.core.storage.pg import project_location
from workbench.core.ter import ter
from workbench.core.translators import UNNAMED

ARTICLE = (
    "Copper output rose in May. Zinc prices fell sharply.\n\n"
    "The smelter in Yunnan restarted. Analysts expect more supply.\n"
)


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _open(pg_url: str, who: str) -> Session:
    store = backends.open_project(project_location(pg_url, "metals"), author=who)
    return Session(store, engine_for([]), read_only=False)


def _work(session: Session, index: int, text: str, keys: int, typing_ms: int, seen_ms: int) -> str:
    """Type ``text`` into segment ``index`` in one visit, then confirm it."""
    sid = session.segments[index].id
    session.set_target(sid, text, keystrokes=keys, active_ms=typing_ms)
    session.confirm(sid)
    session.record_visit(Visit(sid, 1000.0 + index, 1010.0 + index, seen_ms, 500))
    return sid


def _hter(pairs: list[tuple[str, str]]) -> float:
    """Corpus HTER of (mt, final) pairs, from the TER module itself."""
    results = [ter(strip_codes(mt), strip_codes(final)) for mt, final in pairs]
    return sum(r.edits for r in results) / sum(r.ref_words for r in results)


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _translator_rows(report: Path) -> dict[str, list[str]]:
    tree = lxml_html.fromstring(report.read_bytes())
    rows = tree.xpath('//table[@class="translators"]/tbody/tr')
    return {r[0].text_content(): [c.text_content() for c in r[1:]] for r in rows}


@pytest.fixture
def worked(pg_url: str, tmp_path: Path) -> dict[str, tuple[str, str]]:
    """ana finishes two segments, ben one; ben also corrects one of ana's before she
    confirms it (his keystrokes, her segment). Segment id -> (mt, final)."""
    article = tmp_path / "metals.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    open_team_project(pg_url, "metals", article=article).close()
    ana, ben = _open(pg_url, "ana"), _open(pg_url, "ben")
    try:
        done: dict[str, tuple[str, str]] = {}
        sid = ben.segments[1].id
        ben.set_target(sid, "The Yunnan smelter restarted.", keystrokes=5, active_ms=1500)
        ana.reload()
        for index, text, keys, typing, seen in (
            (0, "Copper output climbed in May. Zinc prices dropped.", 14, 4000, 9000),
            (1, "The Yunnan smelter reopened.", 6, 2000, 5000),
        ):
            sid = _work(ana, index, text, keys, typing, seen)
            done[sid] = (ana.segment(sid).mt, text)
        ben.reload()
        sid = _work(ben, 2, "Analysts expect a larger supply.", 9, 3000, 7000)
        done[sid] = (ben.segment(sid).mt, "Analysts expect a larger supply.")
    finally:
        ana.close()
        ben.close()
    return done


def test_the_csv_names_who_finished_each_segment(
    pg_url: str, tmp_path: Path, worked: dict[str, tuple[str, str]]
) -> None:
    out = tmp_path / "effort.csv"
    result = invoke("export", "metals", "--store", pg_url, "--to", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in _csv(out)}
    ids = list(worked)
    assert [rows[i]["translator"] for i in ids] == ["ana", "ana", "ben"]
    # the segment ben typed in and ana finished: ana's, with both keystrokes summed
    assert rows[ids[1]]["keystrokes"] == "11"


def test_the_report_has_effort_per_translator(
    pg_url: str, tmp_path: Path, worked: dict[str, tuple[str, str]]
) -> None:
    out = tmp_path / "report.html"
    result = invoke("export", "metals", "--store", pg_url, "--to", "report", "-o", out)
    assert result.exit_code == 0, result.output
    rows = _translator_rows(out)
    assert list(rows) == ["ana", "ben"]
    ana_ids, ben_ids = list(worked)[:2], list(worked)[2:]
    segments, words, hter, _pre, edits, keys, typing, time_on = rows["ana"]
    assert (segments, keys, typing) == ("2", "20", "6.0 s")
    assert words == str(sum(len(worked[i][1].split()) for i in ana_ids))
    assert hter == f"{_hter([worked[i] for i in ana_ids]):.4f}"
    assert edits == "2 in 2"
    assert time_on == "14.0 s, 2 visit(s)"
    segments, _words, hter, _pre, edits, keys, typing, time_on = rows["ben"]
    assert (segments, keys, typing) == ("1", "14", "4.5 s")  # 5 + 9 keys, 1.5 + 3 s
    assert hter == f"{_hter([worked[i] for i in ben_ids]):.4f}"
    assert edits == "2 in 2"  # his correction of ana's segment, and his own
    assert time_on == "7.0 s, 1 visit(s)"
    page = lxml_html.fromstring(out.read_bytes())
    by = {tr.get("id"): tr.xpath('string(.//span[@class="by"])') for tr in page.xpath("//tr[@id]")}
    assert [by[i] for i in worked] == ["by ana", "by ana", "by ben"]


def test_stats_gives_hter_and_time_per_translator(
    pg_url: str, worked: dict[str, tuple[str, str]]
) -> None:
    result = invoke("stats", "metals", "--store", pg_url, "--format", "json")
    assert result.exit_code == 0, result.output
    data = {t["author"]: t for t in json.loads(result.stdout)["translators"]}
    ana_ids = list(worked)[:2]
    assert data["ana"]["hter"] == pytest.approx(_hter([worked[i] for i in ana_ids]))
    assert (data["ana"]["keystrokes"], data["ana"]["seconds"]) == (20, 14.0)
    assert (data["ben"]["keystrokes"], data["ben"]["segments"]) == (14, 1)
    text = invoke("stats", "metals", "--store", pg_url).stdout
    assert "translator     ana: 2 segments finished (HTER " in text
    assert "20 keystrokes, 6.0 s typing, 14.0 s on segments" in text


def test_a_project_file_of_one_translator_has_one_row_with_the_documents_figures(
    tmp_path: Path,
) -> None:
    article = tmp_path / "metals.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with open_article(article) as session:
        finals = [
            "Copper output climbed in May. Zinc prices dropped.",
            "The Yunnan smelter restarted.",
            "Analysts expect a larger supply.",
        ]
        for index, text in enumerate(finals):
            _work(session, index, text, 3 + index, 1000 * (index + 1), 2000 * (index + 1))
    out = tmp_path / "report.html"
    assert invoke("export", article, "--to", "report", "-o", out).exit_code == 0
    rows = _translator_rows(out)
    assert list(rows) == [UNNAMED]
    segments, _words, hter, _pre, edits, keys, typing, time_on = rows[UNNAMED]
    with open_article(article, read_only=True) as s:
        figures = s.figures()
    assert segments == str(figures.total)
    assert hter == f"{figures.hter:.4f}"
    assert keys == str(figures.keystrokes)
    assert typing == f"{figures.active_seconds:.1f} s"
    assert time_on == f"{figures.seconds:.1f} s, {figures.visits} visit(s)"
    assert edits == f"{len(finals)} in {figures.total}"
    table = tmp_path / "effort.csv"
    assert invoke("export", article, "--to", "csv", "-o", table).exit_code == 0
    assert {r["translator"] for r in _csv(table)} == {UNNAMED}


def test_nobody_has_finished_a_segment_nobody_changed(tmp_path: Path) -> None:
    article = tmp_path / "metals.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    open_article(article).close()
    table, report = tmp_path / "effort.csv", tmp_path / "report.html"
    assert invoke("export", article, "--to", "csv", "-o", table).exit_code == 0
    assert {r["translator"] for r in _csv(table)} == {""}
    assert invoke("export", article, "--to", "report", "-o", report).exit_code == 0
    assert _translator_rows(report) == {}
    assert b"<h2>Translators</h2>" not in report.read_bytes()
