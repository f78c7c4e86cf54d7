"""A reviewer's corrections (``review`` edits) are not the translator's work: ``stats``, the
post-editing report and the effort CSV report translator HTER (raw MT -> the translator's
text) apart from reviewer HTER (the translator's text -> the reviewed text), and the HTER
split by source names the reviewer's share."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workbench.app.projects import open_article, open_existing
from workbench.app.reviewing import open_review
from workbench.cli import main
from workbench.core.lqa.project import correct
from workbench.core.ter import ter

ARTICLE = "Title here\n\nThe plant make thick plate for ships. It grew fast.\n"
MT = "The plant make thick plate for ships."
TRANSLATED = "The plant makes thick plate for ships."  # one substitution over 7 words
REVIEWED = "The plant makes heavy plate for shipbuilders."  # two more over 7 words


def invoke(*args: object) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    with open_article(article) as s:
        s.set_target("p2s1", TRANSLATED, keystrokes=1, active_ms=900)
        s.confirm("p2s1")
    with open_existing(article, read_only=False) as s:
        correct(s, open_review(s), "p2s1", REVIEWED, keystrokes=12, active_ms=5000)
    return article


def expected() -> tuple[float, float]:
    translator = ter(MT, TRANSLATED)
    reviewer = ter(TRANSLATED, REVIEWED)
    # the document's other segments are unchanged: their words count, no edits
    other = 2 + 3  # "Title here", "It grew fast."
    return (
        translator.edits / (translator.ref_words + other),
        reviewer.edits / (reviewer.ref_words + other),
    )


def test_stats_reports_the_reviewer_apart(reviewed: Path) -> None:
    data = json.loads(invoke("stats", reviewed, "--format", "json").stdout)
    translator, reviewer = expected()
    assert translator > 0 and reviewer > translator  # the test can tell them apart
    assert data["hter_review"]["translator"] == pytest.approx(translator)
    assert data["hter_review"]["reviewer"] == pytest.approx(reviewer)
    assert data["hter_review"]["reviewed_segments"] == 1
    split = data["hter_split"]
    assert split["reviewer"] > 0 and split["translator"] > 0
    assert sum(split.values()) == pytest.approx(data["hter"])
    (seg,) = [r for r in data["segment_split"] if r["segment_id"] == "p2s1"]
    assert seg["reviewer"] > seg["translator"] > 0  # 2 words changed by review, 1 by typing
    text = invoke("stats", reviewed).stdout
    assert f"reviewer {split['reviewer']:.4f}" in text
    line = next(x for x in text.splitlines() if x.startswith("HTER review"))
    assert f"translator {translator:.4f}" in line and f"reviewer {reviewer:.4f}" in line
    assert "1 segments corrected" in line


def test_unreviewed_stats_say_nothing_of_a_reviewer(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    with open_article(article) as s:
        s.set_target("p2s1", TRANSLATED)
    data = json.loads(invoke("stats", article, "--format", "json").stdout)
    assert data["hter_split"]["reviewer"] == 0.0
    assert data["hter_review"] == {
        "translator": data["hter"],
        "reviewer": 0.0,
        "reviewed_segments": 0,
    }
    text = invoke("stats", article).stdout
    assert "reviewer" not in text and "HTER review" not in text


def test_effort_csv_has_translator_and_reviewer_hter(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    invoke("export", reviewed, "--to", "csv", "-o", out)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_bytes().decode()))}
    row = rows["p2s1"]
    assert row["hter_translator"] == f"{ter(MT, TRANSLATED).score:.4f}"
    assert row["hter_reviewer"] == f"{ter(TRANSLATED, REVIEWED).score:.4f}"
    assert row["final"] == REVIEWED
    assert (rows["p1s1"]["hter_translator"], rows["p1s1"]["hter_reviewer"]) == (
        "0.0000",
        "0.0000",
    )


def test_report_shows_translator_and_reviewer_hter(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    invoke("export", reviewed, "--to", "report", "-o", out)
    page = out.read_bytes().decode()
    translator, reviewer = expected()
    assert re.search(
        rf"<dt>Translator HTER \(raw MT → translator's text\)</dt><dd>{translator:.4f}</dd>",
        page,
    )
    assert f"<dd>{reviewer:.4f} (1 segments corrected)</dd>" in page
    row = page[page.index('<tr id="p2s1">') :]
    row = row[: row.index("</tr>")]
    t, r = ter(MT, TRANSLATED).score, ter(TRANSLATED, REVIEWED).score
    assert f"<br>{t:.3f}<br>{r:.3f}</td>" in row
    assert "<script" not in page
