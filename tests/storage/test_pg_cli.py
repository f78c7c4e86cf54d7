"""The team store from the command line, against a real server: db init/check/copy (a
project and a memory, file -> server -> file, lossless), import/record/stats/export/memory
with --store or $WORKBENCH_DATABASE_URL, and bad URLs as one line and exit 2."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workbench.app.projects import open_article
from workbench.cli import main
from workbench.core.memory import Memory, MemoryUnit, segment_key
from workbench.core.session import Session
from workbench.core.storage import pg

ARTICLE = (
    "Copper output rose in May. Zinc prices fell sharply.\n\n"
    "The smelter in Yunnan restarted. Analysts expect more supply.\n"
)
PE = (
    "Copper output climbed in May. Zinc prices fell sharply.\n\n"
    "The Yunnan smelter restarted. Analysts expect more supply.\n"
)


def invoke(*args: object, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    article = tmp_path / "metals.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    pe = tmp_path / "metals.pe.txt"
    pe.write_text(PE, encoding="utf-8")
    return article, pe


def test_db_init_then_check(pg_url: str) -> None:
    first = invoke("db", "init", pg_url)
    assert first.exit_code == 0, first.output
    assert f"schema {pg.SCHEMA_VERSION} (created)" in first.stdout
    again = invoke("db", "init", pg_url)
    assert f"schema {pg.SCHEMA_VERSION} (up to date)" in again.stdout
    check = invoke("db", "check", pg_url)
    assert check.exit_code == 0, check.output
    assert "PostgreSQL 18" in check.stdout
    assert "projects  0" in check.stdout and "memory    0 units" in check.stdout


@pytest.mark.parametrize("command", [("db", "check"), ("db", "init")])
def test_bad_urls_are_one_line_and_exit_2_without_the_password(
    pg_url: str, command: tuple[str, ...]
) -> None:
    missing = pg_url.replace("/wb_test_", "/no_such_db_")
    refused = "postgresql://ana:pa55word@127.0.0.1:9/desk"
    for url in (missing, refused, "mysql://x@y/z"):
        result = invoke(*command, url)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "pa55word" not in result.stderr
    assert "ana:***@127.0.0.1:9" in invoke(*command, refused).stderr
    assert "does not exist" in invoke(*command, missing).stderr


def test_check_before_init_says_to_init(pg_url: str) -> None:
    result = invoke("db", "check", pg_url)
    assert result.exit_code == 2
    assert "workbench db init" in result.stderr


def test_import_record_stats_export_on_the_store(pg_url: str, tmp_path: Path) -> None:
    article, pe = _files(tmp_path)
    imported = invoke("import", article, "--store", pg_url, "--project", "metals")
    assert imported.exit_code == 0, imported.output
    assert "into metals" in imported.stdout
    again = invoke("import", article, "--store", pg_url, "--project", "metals")
    assert again.exit_code == 2 and "exists already" in again.stderr
    env = {"WORKBENCH_DATABASE_URL": pg_url}
    recorded = invoke("record", article, "--pe", pe, "--project", "metals", "--confirm", env=env)
    assert recorded.exit_code == 0, recorded.output
    assert "recorded 2 of 3 segments" in recorded.stdout
    stats = invoke("stats", "metals", "--format", "json", env=env)
    assert stats.exit_code == 0, stats.output
    data = json.loads(stats.stdout)
    assert data["statuses"] == {"new": 0, "draft": 0, "confirmed": 3}
    assert data["hter"] > 0
    out = tmp_path / "out.txt"
    exported = invoke("export", "metals", "--to", "txt", "-o", out, "--store", pg_url)
    assert exported.exit_code == 0, exported.output
    assert out.read_text(encoding="utf-8") == PE
    memory = invoke("memory", "stats", "--format", "json", "--store", pg_url)
    assert memory.exit_code == 0, memory.output
    assert json.loads(memory.stdout)["units"] == 3
    found = invoke("memory", "search", "The smelter in Yunnan restarted.", env=env)
    assert found.exit_code == 0, found.output
    assert "The Yunnan smelter restarted." in found.stdout
    missing = invoke("stats", "nothing-here", "--store", pg_url)
    assert missing.exit_code == 2 and "no project named 'nothing-here'" in missing.stderr


def _sqlite_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            "segments": conn.execute("SELECT * FROM segments ORDER BY idx").fetchall(),
            "history": conn.execute("SELECT * FROM history ORDER BY segment_id, pos").fetchall(),
            "events": conn.execute(
                "SELECT ts, segment_id, origin, before, after, ops, detail, keystrokes,"
                " active_ms, status_before, status_after FROM events ORDER BY seq"
            ).fetchall(),
            "visits": conn.execute("SELECT * FROM visits ORDER BY started").fetchall(),
            "meta": conn.execute("SELECT * FROM meta ORDER BY key").fetchall(),
            "state": conn.execute("SELECT * FROM state").fetchall(),
        }
    finally:
        conn.close()


def test_copy_a_project_to_the_store_and_back_is_lossless(pg_url: str, tmp_path: Path) -> None:
    from workbench.core.model.project import Visit

    article, _pe = _files(tmp_path)
    project = tmp_path / "metals.wbproj"
    with open_article(article, project=project) as session:
        first, second = session.segments[0].id, session.segments[1].id
        session.set_target(first, "Copper output climbed in May.", keystrokes=9, active_ms=700)
        session.confirm(first)
        session.set_target(second, "The Yunnan smelter restarted.", keystrokes=4)
        session.set_target(second, "The smelter restarted.", keystrokes=2)
        session.undo(second)
        session.record_visit(Visit(first, 10.0, 14.5, 4000, 800))
        session.set_current(1)
        figures = session.figures()
    up = invoke("db", "copy", project, pg_url, "--project", "metals")
    assert up.exit_code == 0, up.output
    assert "as 'metals': 3 segments" in up.stdout
    with Session.open_project(f"{pg_url}#metals", read_only=True) as on_server:
        assert on_server.figures() == figures
        assert on_server.current == 1
        assert on_server.can_redo(second)
    back = tmp_path / "back.wbproj"
    down = invoke("db", "copy", pg_url, back, "--project", "metals")
    assert down.exit_code == 0, down.output
    assert _sqlite_rows(back) == _sqlite_rows(project)
    with Session.open_project(back, read_only=True) as copied:
        assert copied.figures() == figures
    twice = invoke("db", "copy", project, pg_url, "--project", "metals")
    assert twice.exit_code == 2 and "exists already" in twice.stderr


def test_copy_a_memory_to_the_store_and_back_is_lossless(pg_url: str, tmp_path: Path) -> None:
    source = tmp_path / "m.wbmem"
    texts = [f"Copper output rose {n} percent in May." for n in range(40)]
    with Memory.open(source, who="ana") as memory:
        memory.add_units(
            (MemoryUnit(source=None, mt=t, target=t.upper(), who="ana"), segment_key("p", t), None)
            for t in texts
        )
    up = invoke("db", "copy", source, pg_url)
    assert up.exit_code == 0, up.output
    assert "copied 40 memory units" in up.stdout
    back = tmp_path / "back.wbmem"
    down = invoke("db", "copy", pg_url, back)
    assert down.exit_code == 0, down.output
    conn_a, conn_b = sqlite3.connect(source), sqlite3.connect(back)
    try:
        for sql in (
            "SELECT * FROM units ORDER BY id",
            "SELECT * FROM terms ORDER BY term",
            "SELECT * FROM postings ORDER BY term, chunk",
            "SELECT * FROM sqlite_sequence",
        ):
            assert conn_a.execute(sql).fetchall() == conn_b.execute(sql).fetchall(), sql
    finally:
        conn_a.close()
        conn_b.close()
    with Memory.open(pg_url) as server, Memory.open(back) as copied:
        query = "Copper output rose 7 percent in June."
        assert [(m.target, m.score) for m in server.lookup(query)] == [
            (m.target, m.score) for m in copied.lookup(query)
        ]


def test_glossary_hits_and_suggest_read_every_project_in_the_store(
    pg_url: str, tmp_path: Path
) -> None:
    env = {"WORKBENCH_DATABASE_URL": pg_url}
    for n in (1, 2, 3):
        article = tmp_path / f"a{n}.txt"
        article.write_text(f"The orbital ships sector grew {n} percent.\n", encoding="utf-8")
        pe = tmp_path / f"a{n}.pe.txt"
        pe.write_text(f"The shipyard sector grew {n} percent.\n", encoding="utf-8")
        done = invoke("record", article, "--pe", pe, "--project", f"a{n}", env=env)
        assert done.exit_code == 0, done.output
    suggest = invoke("glossary", "suggest", "--format", "json", env=env)
    assert suggest.exit_code == 0, suggest.output
    found = {(s["mt"], s["correct"], s["count"]) for s in json.loads(suggest.stdout)}
    assert any(correct == "shipyard" and count == 3 for _mt, correct, count in found), found
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "glossary: g\nentries:\n"
        "  - mt: orbital ships\n    correct: shipyard\n    note: test\n"
        "  - mt: never seen\n    correct: x\n    note: test\n",
        encoding="utf-8",
    )
    hits = invoke("glossary", "hits", "-g", glossary, "--format", "json", "--store", pg_url)
    assert hits.exit_code == 0, hits.output
    data = json.loads(hits.stdout)
    assert sorted(data["files"]) == ["a1", "a2", "a3"]
    assert len(data["never"]) == 1
    assert sorted(data["hits"].values()) == [0, 3]
