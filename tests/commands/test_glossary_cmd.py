"""``workbench glossary ...`` as a maintainer runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from workbench.cli import main
from workbench.workspace import open_article

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "glossaries"
DATA = REPO / "tests" / "data" / "glossaries"


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
        art.write_text(f"The orbital ships grew {n}.\n\nMore orbital ships.\n")
        with open_article(art) as s:
            for seg in s.segments:
                s.set_target(
                    seg.id, seg.target.replace("orbital ships", "rail transit and shipbuilding")
                )
            projects.append(s.project_path)
    result = run("suggest", *projects, "--min-count", "3")
    assert result.exit_code == 0, result.output
    assert '- mt: "orbital ships"\n    correct: "rail transit and shipbuilding"' in result.stdout
    assert "suggested from 4 corrections (100% consistent)" in result.stdout
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
    assert proc.returncode == 0 and "no correction repeated" in proc.stdout  # already covered
