"""The PostgreSQL backend against a real server: the schema and its version, projects by
name through a Session (the same rules as a file), versions checked on every write, authors
recorded, the password never shown, and the shared memory's top match the SQLite memory's."""

from __future__ import annotations

import random
from pathlib import Path

import psycopg
import pytest

from workbench.app.projects import open_article
from workbench.app.team import open_team_project
from workbench.core.errors import MemoryFileError, ProjectError
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.load import engine_for
from workbench.core.memory import Memory, MemoryUnit, normalise, segment_key, units_from_document
from workbench.core.session import Session
from workbench.core.storage import backends, pg
from workbench.core.storage.pg_memory import PostgresMemoryStore
from workbench.core.storage.pg_project import PostgresProjectStore
from workbench.core.storage.protocols import MemoryStorage, ProjectStorage
from workbench.formats.exports.memory_tmx import write_memory_tmx
from workbench.formats.registry import read_document, units_in_order

ARTICLE = (
    "Copper output rose in May. Zinc prices fell sharply.\n\n"
    "The smelter in Yunnan restarted. Analysts expect more supply.\n"
)


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "metals.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_the_wheel_ships_pg_trgm(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        row = conn.execute("SELECT similarity('copper output', 'copper outputs')").fetchone()
    assert row is not None and 0.5 < row[0] < 1


def test_migrate_creates_the_schema_once_with_its_version(pg_url: str) -> None:
    assert pg.migrate(pg_url) == (0, pg.SCHEMA_VERSION)
    assert pg.migrate(pg_url) == (pg.SCHEMA_VERSION, pg.SCHEMA_VERSION)
    with psycopg.connect(pg_url) as conn:
        versions = conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert versions == [(v,) for v in range(1, pg.SCHEMA_VERSION + 1)]
        row = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'memory_units_mt_trgm'"
        ).fetchone()
    assert row is not None and "gin_trgm_ops" in row[0]


def test_a_schema_1_server_is_upgraded_and_its_projects_keep_working(
    pg_url: str, tmp_path: Path
) -> None:
    """A store made before the provenance columns (schema 1) gets them from ``migrate``;
    its projects' targets read as not known until edited."""
    with psycopg.connect(pg_url) as conn:
        conn.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
            " applied DOUBLE PRECISION NOT NULL)"
        )
        conn.execute(pg.MIGRATIONS[1].encode())
        conn.execute("INSERT INTO schema_version VALUES (1, 0)")
    assert pg.migrate(pg_url) == (1, pg.SCHEMA_VERSION)
    with open_team_project(pg_url, "metals", article=_article(tmp_path)) as session:
        first = session.segments[0]
        assert (first.mt_origin, first.target_origin) == ("mt", "mt")
        session.set_target(first.id, "Typed on the server.")
        origins = [session.segment(first.id).target_origin]
        session.undo(first.id)
        origins.append(session.segment(first.id).target_origin)
        assert origins == ["translator", "mt"]


def test_a_newer_schema_is_refused_in_one_line(pg_url: str) -> None:
    pg.migrate(pg_url)
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 0)")
    with pytest.raises(ProjectError, match=r"schema 99 .*workbench db init"):
        backends.open_project(pg.project_location(pg_url, "x"), read_only=True)


def test_stores_conform_to_the_protocols(pg_url: str, tmp_path: Path) -> None:
    with open_team_project(pg_url, "metals", article=_article(tmp_path)) as session:
        assert len(session.segments) == 3
    project = backends.open_project(pg.project_location(pg_url, "metals"), read_only=True)
    memory = backends.open_memory(pg_url)
    try:
        assert isinstance(project, PostgresProjectStore)
        assert isinstance(project, ProjectStorage)
        assert isinstance(memory, PostgresMemoryStore)
        assert isinstance(memory, MemoryStorage)
    finally:
        project.close()
        memory.close()


def test_a_server_project_keeps_what_a_file_project_keeps(pg_url: str, tmp_path: Path) -> None:
    """The same edits on a file and on the server: the same targets, statuses, events,
    undo history and HTER, after reopening."""
    article = _article(tmp_path)
    file_session = open_article(article, project=tmp_path / "metals.wbproj")
    server_session = open_team_project(pg_url, "metals", article=article)
    for session in (file_session, server_session):
        first = session.segments[0].id
        session.set_target(first, "Copper output climbed in May.", keystrokes=12, active_ms=900)
        session.confirm(first)
        second = session.segments[1].id
        session.set_target(second, "Zinc prices dropped.", keystrokes=5)
        session.undo(second)
        session.close()
    with (
        Session.open_project(tmp_path / "metals.wbproj", read_only=True) as a,
        Session.open_project(pg.project_location(pg_url, "metals"), read_only=True) as b,
    ):
        assert [(s.target, s.status, s.mt_origin, s.target_origin) for s in a.segments] == [
            (s.target, s.status, s.mt_origin, s.target_origin) for s in b.segments
        ]
        assert [s.target_origin for s in b.segments] == ["translator", "mt", "mt"]
        assert [(e.origin, e.before, e.after, e.keystrokes) for e in a.events()] == [
            (e.origin, e.before, e.after, e.keystrokes) for e in b.events()
        ]
        assert a.can_redo(a.segments[1].id) and b.can_redo(b.segments[1].id)
        assert a.figures().hter == pytest.approx(b.figures().hter)
        assert b.render_target() == a.render_target()


def test_a_stale_write_is_refused_and_changes_nothing(pg_url: str, tmp_path: Path) -> None:
    article = _article(tmp_path)
    open_team_project(pg_url, "metals", article=article).close()
    location = pg.project_location(pg_url, "metals")
    ana = Session(backends.open_project(location, author="ana"), _engine(), read_only=False)
    ben = Session(backends.open_project(location, author="ben"), _engine(), read_only=False)
    sid = ana.segments[0].id
    ana.set_target(sid, "Ana's copper.")
    with pytest.raises(ProjectError, match=r"changed by ana since you read it"):
        ben.set_target(sid, "Ben's copper.")
    ana.close()
    ben.close()
    with Session.open_project(location, read_only=True) as check:
        assert check.segments[0].target == "Ana's copper."
        assert [e.after for e in check.events(sid)][-1] == "Ana's copper."


def test_every_event_records_its_author(pg_url: str, tmp_path: Path) -> None:
    open_team_project(pg_url, "metals", article=_article(tmp_path)).close()
    location = pg.project_location(pg_url, "metals")
    for who, index in (("ana", 0), ("ben", 1)):
        store = backends.open_project(location, author=who)
        with Session(store, _engine(), read_only=False) as session:
            session.set_target(session.segments[index].id, f"{who} was here.", keystrokes=3)
    store = backends.open_project(location, read_only=True)
    assert isinstance(store, PostgresProjectStore)
    try:
        by_author = store.effort_by_author()
    finally:
        store.close()
    assert set(by_author) - {""} == {"ana", "ben"}
    assert sum(e.keystrokes for e in by_author["ana"].values()) == 3
    assert sum(e.keystrokes for e in by_author["ben"].values()) == 3


def test_wrong_urls_are_one_line_without_the_password(pg_server: object, pg_url: str) -> None:
    bad_db = pg_url.replace("/wb_test_", "/no_such_db_")
    with pytest.raises(ProjectError) as missing:
        backends.open_project(pg.project_location(bad_db, "x"))
    assert "no_such_db_" in str(missing.value) and "\n" not in str(missing.value)
    secret = "postgresql://ana:s3cr3t-pw@127.0.0.1:1/desk"
    with pytest.raises(ProjectError) as refused:
        backends.open_project(pg.project_location(secret, "x"))
    assert "s3cr3t-pw" not in str(refused.value)
    assert "ana:***@127.0.0.1:1" in str(refused.value)
    with pytest.raises(MemoryFileError) as memory:
        Memory.open(secret)
    assert "s3cr3t-pw" not in str(memory.value)


def test_the_top_match_is_the_sqlite_memorys(pg_url: str, tmp_path: Path) -> None:
    rng = random.Random(5)
    metals = ["copper", "zinc", "nickel", "tin", "lead", "aluminium", "cobalt", "lithium"]
    places = ["Chongqing", "Yunnan", "Guangxi", "Henan", "Shandong", "Chile", "Peru"]
    verbs = ["rose", "fell", "climbed", "dropped", "held steady"]
    texts = sorted(
        {
            f"The output of {rng.choice(metals)} in {rng.choice(places)} {rng.choice(verbs)}"
            f" {rng.randint(1, 99)} percent in {rng.choice(['May', 'June'])}."
            for _ in range(2500)
        }
    )
    units = [
        (
            MemoryUnit(source=None, mt=t, target=t.upper(), target_lang="en"),
            segment_key("p", t),
            None,
        )
        for t in texts
    ]
    with Memory.open(tmp_path / "m.wbmem") as lite, Memory.open(pg_url) as server:
        lite.add_units(units)
        server.add_units(units)
        assert server.counts().units == lite.counts().units == len(texts)
        for text in rng.sample(texts, 25):
            words = text.split()
            words[rng.randrange(len(words))] = rng.choice(metals + places)
            query = " ".join(words)
            a, b = lite.lookup(query), server.lookup(query)
            assert [(m.target, m.score, m.exact) for m in a[:3]] == [
                (m.target, m.score, m.exact) for m in b[:3]
            ], query
        exact = server.lookup(texts[7])[0]
        assert exact.exact and exact.target == texts[7].upper()
        store = backends.open_memory(pg_url, read_only=True)
        assert isinstance(store, PostgresMemoryStore)
        try:
            (best_id, _similarity), *_ = store.similar(normalise(texts[7]))
            (unit,) = store.units([best_id])
        finally:
            store.close()
        assert unit.unit.mt == texts[7]


def unit_of(text: str) -> MemoryUnit:
    return MemoryUnit(source=None, mt=text, target=text.upper(), target_lang="en")


def _engine() -> GlossaryEngine:
    return engine_for([])


def test_an_ignored_finding_is_taken_back_on_the_server(pg_url: str, tmp_path: Path) -> None:
    with open_team_project(pg_url, "metals", article=_article(tmp_path)) as session:
        sid = session.segments[0].id
        session.ignore_finding(sid, "spelling", "Yunnan", "a place name")
        session.unignore_finding(sid, "spelling", "Yunnan")
    project = backends.open_project(pg.project_location(pg_url, "metals"), read_only=True)
    try:
        assert project.ignored_findings() == {}
    finally:
        project.close()


def test_targets_of_reads_the_units_by_key(pg_url: str) -> None:
    memory = Memory.open(pg_url)
    try:
        unit = MemoryUnit(source=None, mt="Copper rose.", target="Copper climbed.")
        memory.add_units([(unit, segment_key("p", "s1"), None)])
        store = backends.open_memory(pg_url, read_only=True)
        try:
            assert store.targets_of([segment_key("p", "s1"), "missing"]) == {
                segment_key("p", "s1"): "Copper climbed."
            }
            assert store.targets_of([]) == {}
        finally:
            store.close()
    finally:
        memory.close()


def test_a_units_codes_are_kept_on_the_server(pg_url: str, tmp_path: Path) -> None:
    """The server memory keeps a unit's codes as the file had them, like the file memory:
    the memory TMX of both is the same."""
    tmx = Path(__file__).resolve().parents[1] / "data" / "bilingual" / "tmx" / "inline-codes.tmx"
    document = read_document(tmx)
    units = units_from_document(document, tmx, ordered=units_in_order(document.format))
    with Memory.open(tmp_path / "m.wbmem") as lite, Memory.open(pg_url) as server:
        lite.add_units(units)
        server.add_units(units)
        assert server.add_units(units).unchanged == len(units)  # read back equal: no update
        on_server = [s.unit for s in server.units()]
        assert [u.codes for u in on_server] == [s.unit.codes for s in lite.units()]
        assert any(u.codes for u in on_server)
        assert write_memory_tmx(on_server) == write_memory_tmx(s.unit for s in lite.units())
