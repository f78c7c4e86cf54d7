"""``workbench export``: every format, what it holds, and that nothing unsafe is written."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree
from translate.storage import tmx, xliff

from workbench.app.projects import open_article, open_existing
from workbench.cli import main

ARTICLE = (
    "Chinalco news\n\n"
    'The orbital ships grew <fast> & "well". The plant makes thick plate.\n\n'
    "Thanks.\n"
)
GLOSSARY = (
    "glossary: g\nentries:\n"
    "  - mt: orbital ships\n    correct: rail transit and shipbuilding\n    apply: auto\n"
    "  - mt: thick plate\n    correct: heavy plate\n"
)


def run(*args: object) -> Result:
    return CliRunner().invoke(main, ["export", *map(str, args)])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    gl = tmp_path / "g.yaml"
    gl.write_text(GLOSSARY)
    with open_article(art, glossaries=[gl]) as s:
        s.set_target("p2s2", "The plant makes heavy plate.", keystrokes=9, active_ms=4200)
        s.confirm("p2s2")
        s.confirm("p1s1")
        s.ignore_finding("p2s1", "repeated-word", "x", "house style")
    return art


def test_txt_is_identical_where_nothing_changed(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_bytes("\ufeffTitle\r\n\r\nOne. Two.\r\n".encode())
    open_article(art).close()
    out = tmp_path / "out.txt"
    assert run(art, "--to", "txt", "-o", out).exit_code == 0
    assert out.read_bytes() == art.read_bytes()


def test_txt_and_html_hold_the_corrections(project: Path, tmp_path: Path) -> None:
    assert run(project, "--to", "txt", "-o", tmp_path / "o.txt").exit_code == 0
    assert (tmp_path / "o.txt").read_text() == ARTICLE.replace(
        "orbital ships", "rail transit and shipbuilding"
    ).replace("thick plate", "heavy plate")
    assert run(project, "--to", "html", "-o", tmp_path / "o.html").exit_code == 0
    page = (tmp_path / "o.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<title>Chinalco news</title>" in page
    assert "rail transit and shipbuilding grew &lt;fast&gt; &amp; &quot;well&quot;" in page
    assert "<fast>" not in page


def test_report_has_diffs_figures_chart_and_findings(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert run(project, "--to", "report", "-o", out).exit_code == 0
    page = out.read_text()
    assert "<del>orbital ships</del> <ins>rail transit and shipbuilding</ins>" in page
    assert "<svg" in page and "HTER per segment" in page
    assert "0.0 s, 0 visit(s)<br>9 keys, 4.2 s typing" in page
    assert "g:orbital ships" in page  # the glossary hit that fixed it
    assert (
        "src=" not in page
        and "<script" not in page
        and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )


def test_csv_and_jsonl(project: Path, tmp_path: Path) -> None:
    assert run(project, "--to", "csv", "-o", tmp_path / "e.csv").exit_code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text())))
    assert list(rows[0]) == [
        "id",
        "mt",
        "final",
        "hter",
        "hter_after_glossary",
        "char_distance",
        "keystrokes",
        "seconds",
        "typing_seconds",
        "visits",
        "first_edit_seconds",
        "status",
        "glossary_hits",
        "qa_open",
        "qa_ignored",
        "hter_translator",
        "hter_reviewer",
        "translator",
    ]
    p2s2 = next(r for r in rows if r["id"] == "p2s2")
    assert (p2s2["status"], p2s2["keystrokes"], p2s2["typing_seconds"]) == ("confirmed", "9", "4.2")
    assert (p2s2["seconds"], p2s2["visits"], p2s2["first_edit_seconds"]) == ("0.0", "0", "")
    assert next(r for r in rows if r["id"] == "p2s1")["glossary_hits"] == "1"
    assert run(project, "--to", "jsonl", "-o", tmp_path / "e.jsonl").exit_code == 0
    events = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert [e["origin"] for e in events] == ["glossary-auto", "typing", "status", "status"]
    assert events[0]["ops"][0]["a"] == "orbital ships"


def test_xliff12_loads_in_translate_toolkit_and_back(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.xlf"
    assert run(project, "--to", "xliff", "-o", out).exit_code == 0
    root = etree.parse(str(out)).getroot()
    assert (
        root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff" and root.get("version") == "1.2"
    )
    store = xliff.xlifffile.parsestring(out.read_bytes())  # type: ignore[no-untyped-call]
    units = {u.getid().split("\x04")[-1]: u for u in store.units}
    assert units["p2s2"].target == "The plant makes heavy plate."
    assert [a.target for a in units["p2s2"].getalttrans()] == ["The plant makes thick plate."]
    states = {
        u.getid().split("\x04")[-1]: u.xmlelement.find(u.namespaced("target")).get("state")
        for u in store.units
    }
    assert states["p2s2"] == "translated" and states["p3s1"] == "new"
    with open_article(out) as s:
        assert [(x.mt, x.target, x.status) for x in s.segments][2] == (
            "The plant makes thick plate.",
            "The plant makes heavy plate.",
            "confirmed",
        )


def test_xliff2_and_tmx(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.xlf"
    assert run(project, "--to", "xliff2", "-o", out).exit_code == 0
    root = etree.parse(str(out)).getroot()
    assert root.get("version") == "2.0"
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0", "m": "urn:oasis:names:tc:xliff:matches:2.0"}
    unit = root.find(".//x:unit[@id='p2s2']", ns)
    assert unit is not None
    assert unit.find("x:segment", ns).get("state") == "final"
    assert unit.find("m:matches/m:match/x:target", ns).text == "The plant makes thick plate."
    with open_article(out) as s:
        assert s.segments[2].target == "The plant makes heavy plate."
    t = tmp_path / "c.tmx"
    assert run(project, "--to", "tmx", "-o", t).exit_code == 0
    units = tmx.tmxfile.parsestring(t.read_bytes()).units  # type: ignore[no-untyped-call]
    assert [(u.source, u.target) for u in units] == [
        ("Chinalco news", "Chinalco news"),
        ("The plant makes thick plate.", "The plant makes heavy plate."),
    ]
    assert b'srclang="en-x-mt"' in t.read_bytes()


def test_unsafe_outputs_are_refused(project: Path, tmp_path: Path) -> None:
    with open_existing(project) as s:
        project_file = s.project_path
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "elsewhere.txt")
    for out, message in [
        (project, "would overwrite the input"),
        (project_file, "would overwrite the input"),
        (link, "symbolic link"),
        (tmp_path / "nope" / "x.txt", "no such folder"),
    ]:
        result = run(project, "--to", "txt", "-o", out)
        assert result.exit_code == 2, out
        assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "elsewhere.txt").exists()
    assert project.read_text() == ARTICLE
    missing = run(tmp_path / "other.txt", "--to", "txt", "-o", tmp_path / "x.txt")
    assert missing.exit_code == 2


def test_failed_rename_leaves_no_partial_file(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "o.txt"
    out.write_text("previous export")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    refused = run(project, "--to", "txt", "-o", out)
    assert refused.exit_code == 2 and "exists; use --force" in refused.stderr
    assert out.read_text() == "previous export"
    monkeypatch.setattr(os, "replace", boom)
    result = run(project, "--to", "txt", "-o", out, "--force")
    monkeypatch.undo()
    assert result.exit_code == 2 and "No space left" in result.stderr
    assert out.read_text() == "previous export"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".o.txt")]
