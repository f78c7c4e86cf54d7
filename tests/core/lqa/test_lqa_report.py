"""``workbench lqa report``: the HTML page passes the post-editing report's checks (no
script, no network, text escaped) and shows what an LQA report must; the CSV."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workbench.app.projects import open_article
from workbench.cli import main
from workbench.core.lqa.annotation import Span
from workbench.core.lqa.project import correct
from workbench.core.storage.review_store import NewError, ReviewStore

HEADER = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\tcomment\n"
ROWS = [
    "sys<b>\td1\t1\t1\tr1\tThe <cat> sat.\tDie <v><Katze></v> & saß.\tAccuracy/Mistranslation\t"
    "Major\t<script>alert(1)</script>",
    "sys<b>\td1\t1\t1\tr1\tThe <cat> sat.\tDie <Katze> & saß<v>.</v>\tFluency/Punctuation\tMinor\t",
    "sys<b>\td1\t1\t2\tr1\tA dog.\tEin Hund.\tNo-error\tNo-error\t",
    "other\td1\t1\t1\tr2\tThe <cat> sat.\tDie Katze saß.\tNo-error\tNo-error\t",
]


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [*map(str, args)])


@pytest.fixture
def mqm(tmp_path: Path) -> Path:
    p = tmp_path / "m.tsv"
    p.write_text(HEADER + "\n".join(ROWS) + "\n")
    return p


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]


def safe(page: str) -> None:
    """The post-editing report's checks (tests/formats/test_export_formats.py) and a parse."""
    assert (
        "src=" not in page
        and "<script" not in page
        and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    parser = Tags()
    parser.feed(page)
    assert "script" not in parser.tags and not any(a.startswith("on") for a in parser.attrs)


def test_html_report_of_an_mqm_file(mqm: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run("lqa", "report", mqm, "-o", out)
    assert result.exit_code == 0, result.output
    # 5.1 points over 4 + 2 + 3 words rated = 566.67 per 1,000 words
    assert result.stdout.strip() == (
        f"wrote {out}: 566.67 points per 1,000 words, FAIL (threshold 50)"
    )
    page = out.read_text()
    safe(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "Die <mark>&lt;Katze&gt;</mark> &amp; saß." in page  # the span, escaped
    assert "Die &lt;Katze&gt; &amp; saß<mark>.</mark>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the comment, as text
    assert "sys&lt;b&gt;" in page and "sys<b>" not in page
    # category x severity: Accuracy/Mistranslation one Major (5 points)
    assert (
        '<tr><td>Accuracy/Mistranslation</td><td class="num">1</td><td class="num"></td>'
        '<td class="num"></td><td class="num">5</td></tr>'
    ) in page
    assert "566.67 points per 1,000 words (threshold 50)" in page and "FAIL" in page


def test_csv_report(mqm: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    assert run("lqa", "report", mqm, "--to", "csv", "-o", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 4
    assert rows[0]["span"] == "<Katze>" and rows[0]["points"] == "5"
    assert rows[1]["points"] == "0.1" and rows[0]["segment_points"] == "5.1"
    assert rows[2]["category"] == "No-error" and rows[2]["points"] == "0"


def test_report_refuses_to_overwrite_without_force(mqm: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("keep")
    result = run("lqa", "report", mqm, "-o", out)
    assert result.exit_code == 2 and out.read_text() == "keep"
    assert run("lqa", "report", mqm, "-o", out, "--force").exit_code == 0


def test_project_report_shows_translator_and_reviewer_effort(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("Title line\n\nThe plant makes thick plate.\n")
    with open_article(art) as s:
        s.set_target("p2s1", "The plant makes heavy plates.")
        review = ReviewStore(s.store)
        review.set_meta({"translator": "Tom <T>", "reviewer": "Rita"})
        text = s.segment("p2s1").target
        review.add_errors(
            [NewError("p2s1", "Rita", "Fluency/Grammar", "Minor", Span(22, 28), text, "")]
        )
        correct(s, review, "p2s1", "The plant makes heavy plate.", keystrokes=3)
    out = tmp_path / "r.html"
    result = run("lqa", "report", art, "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text()
    safe(page)
    assert "<dt>Translator</dt><dd>Tom &lt;T&gt;</dd>" in page
    assert "The plant makes heavy <mark>plate</mark>." in page  # the span after the fix
    assert "<del>thick plate.</del> <ins>heavy plates.</ins>" in page  # the translator's
    assert "<del>plates.</del> <ins>plate.</ins>" in page  # the reviewer's change
    assert "Translator HTER" in page and "Reviewer HTER" in page
