"""``workbench glossary ...`` as a maintainer runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workbench.app.projects import open_article
from workbench.cli import main

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "glossaries"
DATA = REPO / "tests" / "data" / "glossaries"
TESTS = REPO / "tests" / "data"


def run(*args: object) -> Result:
    return CliRunner().invoke(main, ["glossary", *map(str, args)])


def test_lint_clean_and_broken(tmp_path: Path) -> None:
    ok = run("lint", SHIPPED)
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.strip().endswith("0 error(s), 0 warning(s)")
    bad = tmp_path / "bad.yaml"
    bad.write_text("glossary: g\nentries:\n  - mt: x\n    correct: y\n  - mt: x\n    correct: z\n")
    result = run("lint", bad, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["errors"] == 1 and data["findings"][0]["line"] == 5


def test_list_filters() -> None:
    result = run("list", SHIPPED, "--filter", "aluminium", "--apply", "auto")
    assert result.exit_code == 0
    assert "Southwest Aluminium | South-west Aluminum => Southwest Aluminum" in result.stdout
    data = json.loads(run("list", SHIPPED, "--kind", "term", "--format", "json").stdout)
    assert {d["correction"] for d in data} == {
        "Southwest Aluminum",
        "Chinalco",
        "Jiulongpo District",
    }


def test_add_and_refuse_conflict(tmp_path: Path) -> None:
    g = tmp_path / "g.yaml"
    g.write_text("# comments stay\nglossary: g\nentries:\n  - mt: a\n    correct: b\n")
    result = run("add", g, "--mt", "orbit ships", "--correct", "rail transit", "--note", "MT")
    assert result.exit_code == 0, result.output
    assert "added g:orbit ships at" in result.stdout
    assert g.read_text().startswith("# comments stay\n")
    before = g.read_bytes()
    clash = run("add", g, "--mt", "Orbit Ships", "--correct", "other")
    assert clash.exit_code == 2 and "corrected to" in clash.stderr
    assert g.read_bytes() == before
    assert run("add", g, "--correct", "x").exit_code == 2


def test_hits_over_articles_and_projects(tmp_path: Path) -> None:
    art = REPO / "samples" / "chinalco-demo.mt.txt"
    copy = tmp_path / "demo.txt"
    copy.write_bytes(art.read_bytes())
    with open_article(copy) as s:
        project = s.project_path
    result = run("hits", art, project, "-g", SHIPPED, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (
        data["hits"]["metals-news:orbital ships"] == 2
    )  # once in the article, once in the project
    assert "metals-news:district mayor" in data["never"]


def test_export_import_round_trip_cli(tmp_path: Path) -> None:
    for fmt, ext, kept in (
        ("tbx", "tbx", 21),
        ("tbx2", "tbx", 21),
        ("csv", "csv", 21),
        ("omegat", "txt", 19),
    ):
        out = tmp_path / f"g-{fmt}.{ext}"
        exported = run("export", SHIPPED, "--to", fmt, "-o", out)
        assert exported.exit_code == 0, exported.output
        assert exported.stdout == f"exported {kept} of 21 entries to {out}\n"
        back = tmp_path / f"back-{fmt}.yaml"
        result = run("import", out, "-o", back, "--id", "metals-news")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"imported {kept} entries into {back}")
        again = run("list", back, "--format", "json")
        assert len(json.loads(again.stdout)) == kept
    bad = tmp_path / "bad.tbx"
    bad.write_bytes(b"\xff\xfe garbage")
    result = run("import", bad, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2 and not (tmp_path / "x.yaml").exists()


def test_export_names_what_the_format_cannot_hold(tmp_path: Path) -> None:
    out = tmp_path / "g.txt"
    result = run("export", SHIPPED, "--to", "omegat", "-o", out)
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert all(w.startswith("workbench: warning: omegat: left out ") for w in warnings)
    assert (
        "workbench: warning: omegat: left out entries without a source term (2: "
        "metals-news:aluminum processing industry better, stronger and bigger, "
        "metals-news:Chongqing Municipal Party Committee Deputy Secretary); "
        "OmegaT matches glossary terms in the source text" in warnings
    )
    assert any(
        w.startswith("workbench: warning: omegat: left out MT patterns (mt) (16: ")
        for w in warnings
    )
    assert "workbench:" not in out.read_text()


def test_import_prints_what_it_left_out(tmp_path: Path) -> None:
    out = tmp_path / "ms.yaml"
    result = run("import", DATA / "microsoft-style.tbx", "-o", out)
    assert result.exit_code == 0
    assert result.stdout == f"imported 5 entries into {out} (en-US→fr-fr)\n"
    assert (
        "workbench: warning: import: left out grammaticalGender (5: 4401_120775_120790,"
        in result.stderr
    )
    omegat = run(
        "import",
        DATA / "omegat-metals.txt",
        "-o",
        tmp_path / "o.yaml",
        "--source-lang",
        "zh",
        "--target-lang",
        "en",
    )
    assert omegat.exit_code == 0, omegat.output
    assert omegat.stdout.endswith("(zh→en)\n")
    assert omegat.stderr == (
        "workbench: warning: import: left out comment lines (2: line 2, line 9); "
        "a glossary has no place for them\n"
    )
    assert "source: ' 国之重器'" in (tmp_path / "o.yaml").read_text(encoding="utf-8")
    wrong = run(
        "import", DATA / "tbx-basic-v2.tbx", "-o", tmp_path / "x.yaml", "--target-lang", "de"
    )
    assert wrong.exit_code == 2 and "no terms in 'de' (the file has zh-CN, en)" in wrong.stderr


def test_suggest_prints_ready_yaml(tmp_path: Path) -> None:
    projects = []
    for n in range(2):
        art = tmp_path / f"a{n}.txt"
        art.write_text(f"The orbital ships grew {n}.\n\nMore orbital ships.\n\nNo change.\n")
        with open_article(art) as s:
            for seg in s.segments:
                s.set_target(
                    seg.id, seg.target.replace("orbital ships", "rail transit and shipbuilding")
                )
            projects.append(s.project_path)
    result = run("suggest", *projects, "--min-count", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "# 1 suggestion(s) from 2 project(s), 6 segments",
        '  - mt: "orbital ships"',
        '    correct: "rail transit and shipbuilding"',
        "    apply: suggest",
        '    note: "corrected this way in 4 of 4 segments with this MT (100%)"',
        "    # e.g. a0.txt p1s1",
        "    #   MT:    The «orbital ships» grew 0.",
        "    #   final: The «rail transit and shipbuilding» grew 0.",
    ]
    data = json.loads(run("suggest", *projects, "--format", "json").stdout)
    assert [(d["mt"], d["count"], d["seen"]) for d in data] == [("orbital ships", 4, 4)]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench",
            "glossary",
            "suggest",
            *map(str, projects),
            "-g",
            str(SHIPPED),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode == 0 and "# no correction made in 2+ segments" in proc.stdout


# (MT pattern, correction) of every shipped fix: what a maintainer keeps.
def _shipped_fixes() -> set[tuple[str, str]]:
    from workbench.core.glossary.keys import match_key
    from workbench.core.glossary.load import load_glossaries

    return {
        (match_key(p), match_key(e.correction))
        for e in load_glossaries([SHIPPED]).entries
        for p in e.patterns
    }


def _record(tmp_path: Path, name: str, article: Path, post_edit: Path) -> Path:
    """A project of ARTICLE with POST_EDIT recorded into it, without any glossary."""
    copy = tmp_path / article.name
    copy.write_bytes(article.read_bytes())
    project = tmp_path / f"{name}.wbproj"
    result = CliRunner().invoke(
        main, ["record", str(copy), "--pe", str(post_edit), "--project", str(project)]
    )
    assert result.exit_code == 0, result.output
    assert "HTER" in result.stdout and "(after glossary" in result.stdout
    return project


@pytest.mark.parametrize("which", [("demo",), ("demo", "news")])
def test_suggest_from_full_post_edits_finds_the_glossarys_fixes(
    tmp_path: Path, which: tuple[str, ...]
) -> None:
    from workbench.core.glossary.keys import match_key
    from workbench.core.glossary.mining import tokenize

    articles = {
        "demo": (REPO / "samples" / "chinalco-demo.mt.txt", TESTS / "chinalco-demo.pe.txt"),
        "news": (TESTS / "metals-news.mt.txt", TESTS / "metals-news.pe.txt"),
    }
    projects = [_record(tmp_path, name, *articles[name]) for name in which]
    result = run("suggest", *projects, "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    pairs = {(match_key(d["mt"]), match_key(d["correct"])) for d in found}
    kept = pairs & _shipped_fixes()
    assert len(kept) >= 3, (kept, pairs)
    if which == ("demo", "news"):
        for pair in (
            ("orbital ships", "rail transit and shipbuilding"),
            ("thick plate", "heavy plate"),
            ("important weapon of the country", "pillar of the nation"),
            ("100 billion-level", "100-billion-yuan"),
        ):
            assert pair in kept
    for d in found:
        assert any(t.kind == "content" for t in tokenize(d["mt"])), d  # never "the" -> "its"
        assert d["count"] >= 2 and d["consistency"] >= 0.5
    # even taking every one-off correction, nothing is made of function words alone
    everything = json.loads(
        run("suggest", *projects, "--min-count", "1", "--format", "json").stdout
    )
    assert len(everything) > len(found)
    for d in everything:
        assert any(t.kind == "content" for t in tokenize(d["mt"])), d
        # the nonsense an unaligned diff gave ("Tang Liangzhi" -> "of Chongqing,")
        assert "Tang Liangzhi" not in d["mt"] and not d["correct"].endswith(","), d
    text = run("suggest", *projects).stdout
    assert '  - mt: "thick plate"\n    correct: "heavy plate"\n    apply: suggest\n' in text
    assert "    #   MT:    " in text and "«thick plate»" in text
