"""For the glossary maintainer: ``glossary suggest`` and ``glossary hits`` read every project
of the team store named with ``--store`` (no files given), against a real server; a project
file given beside it is read too."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from workbench.app.projects import open_article
from workbench.cli import main


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _desk(pg_url: str, tmp_path: Path, count: int) -> None:
    """``count`` projects in the store, each corrected "blue widgets" -> "gadget"."""
    for n in range(count):
        article = tmp_path / f"s{n}.txt"
        article.write_text(f"The blue widgets sector grew {n + 2} percent.\n", encoding="utf-8")
        pe = tmp_path / f"s{n}.pe.txt"
        pe.write_text(f"The gadget sector grew {n + 2} percent.\n", encoding="utf-8")
        done = invoke("record", article, "--pe", pe, "--store", pg_url, "--project", f"s{n}")
        assert done.exit_code == 0, done.output


def test_suggest_with_store_mines_every_project_of_the_store(pg_url: str, tmp_path: Path) -> None:
    _desk(pg_url, tmp_path, 3)
    result = invoke("glossary", "suggest", "--store", pg_url, "--min-count", "3")
    assert result.exit_code == 0, result.output
    assert "# 1 suggestion(s) from 3 project(s), 3 segments" in result.stdout
    data = json.loads(
        invoke(
            "glossary", "suggest", "--store", pg_url, "--min-count", "3", "--format", "json"
        ).stdout
    )
    assert [(s["mt"], s["correct"], s["count"]) for s in data] == [("blue widgets", "gadget", 3)]
    fewer = invoke("glossary", "suggest", "--min-count", "4", "--store", pg_url)
    assert fewer.exit_code == 0, fewer.output
    assert fewer.stdout.startswith("# no correction made in 4+ segments in 3 project(s)")


def test_hits_with_store_counts_every_project_and_files_given(pg_url: str, tmp_path: Path) -> None:
    _desk(pg_url, tmp_path, 2)
    local = tmp_path / "local.txt"
    local.write_text("Blue widgets again. Nothing else.\n", encoding="utf-8")
    open_article(local).close()
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "glossary: g\nentries:\n"
        "  - mt: blue widgets\n    correct: gadget\n    note: test\n"
        "  - mt: sector\n    correct: industry\n    note: test\n"
        "  - mt: never seen\n    correct: x\n    note: test\n",
        encoding="utf-8",
    )
    result = invoke(
        "glossary", "hits", local, "-g", glossary, "--store", pg_url, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(Path(f).name for f in data["files"]) == ["local.txt", "s0", "s1"]
    assert data["hits"] == {"g:blue widgets": 3, "g:sector": 2, "g:never seen": 0}
    assert data["never"] == ["g:never seen"]
