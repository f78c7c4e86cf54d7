"""The Session API: every change recorded, durable and resumable."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.app.projects import open_article, open_existing
from workbench.core.errors import ProjectError, WorkbenchError
from workbench.core.session import Session
from workbench.core.storage.project_store import ProjectStore

GLOSSARY = (
    "glossary: g\nentries:\n"
    "  - mt: orbital ships\n    correct: rail transit and shipbuilding\n    apply: auto\n"
    "  - mt: main metropolitan area\n    correct: main urban area\n    apply: auto\n"
    "  - mt: thick plate\n    correct: heavy plate\n"
)
ARTICLE = (
    "Chinalco news\n\nIt serves orbital ships in the main metropolitan area. "
    "It makes thick plate.\n\nTang Liangzhi visited.\n"
)


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    art = tmp_path / "article.txt"
    art.write_text(ARTICLE)
    gl = tmp_path / "g.yaml"
    gl.write_text(GLOSSARY)
    return art, gl


def test_open_applies_glossary_as_separate_undoable_events(paths: tuple[Path, Path]) -> None:
    art, gl = paths
    with open_article(art, glossaries=[gl]) as s:
        seg = s.segments[1]
        assert seg.pre == "It serves rail transit and shipbuilding in the main urban area."
        assert seg.target == seg.pre and seg.status == "new"
        auto = [e for e in s.events(seg.id) if e.origin == "glossary-auto"]
        assert [e.detail for e in auto] == ["g:main metropolitan area", "g:orbital ships"]
        assert s.undo(seg.id) is not None
        back = s.undo(seg.id)
        assert back is not None and back.target == seg.mt
        assert s.undo(seg.id) is None
        assert s.segments[2].target == "It makes thick plate."
        (offer,) = [h for h in s.offers(s.segments[2].id) if h.kind == "suggest"]
        after = s.apply_offer(s.segments[2].id, offer)
        assert after.target == "It makes heavy plate." and after.status == "draft"
    assert art.read_text() == ARTICLE  # the input is never modified


def test_a_repeated_sentence_gets_its_own_fixes_and_undo_steps(tmp_path: Path) -> None:
    """The automatic fixes of a text are worked out once per document, but every segment
    that repeats it gets them as its own events and undo steps; an edit of one repetition
    leaves the others as they were."""
    art, gl = tmp_path / "article.txt", tmp_path / "g.yaml"
    gl.write_text(GLOSSARY)
    line = "It serves orbital ships in the main metropolitan area."
    art.write_text(f"{line}\n\nTang Liangzhi visited.\n\n{line}\n\n{line}\n")
    fixed = "It serves rail transit and shipbuilding in the main urban area."
    with open_article(art, glossaries=[gl]) as s:
        repeats = [seg for seg in s.segments if seg.mt == line]
        assert len(repeats) == 3
        for seg in repeats:
            assert (seg.pre, seg.target, seg.status) == (fixed, fixed, "new")
            auto = [e for e in s.events(seg.id) if e.origin == "glossary-auto"]
            assert [e.detail for e in auto] == ["g:main metropolitan area", "g:orbital ships"]
            assert [e.before for e in auto] == [line, auto[0].after]
        s.undo(repeats[1].id)
        assert s.segment(repeats[1].id).target != fixed
        assert s.segment(repeats[0].id).target == s.segment(repeats[2].id).target == fixed


def test_edits_statuses_current_and_history_survive_reopen(paths: tuple[Path, Path]) -> None:
    art, gl = paths
    with open_article(art, glossaries=[gl]) as s:
        sid = s.segments[3].id
        s.set_target(sid, "Tang Liangzhi paid a visit.", keystrokes=12, active_ms=4000)
        s.confirm(sid)
        s.set_target(s.segments[0].id, "Chinalco News")
        s.undo(s.segments[0].id)
        s.set_current(3)
    with open_article(art) as s:
        assert s.current == 3
        seg = s.segment(sid)
        assert (seg.target, seg.status) == ("Tang Liangzhi paid a visit.", "confirmed")
        assert s.segments[0].target == "Chinalco news"
        assert s.redo(s.segments[0].id) is not None
        assert s.segments[0].target == "Chinalco News"
        figures = s.figures()
        assert figures.keystrokes == 12 and figures.confirmed == 1 and figures.total == 4
        assert s.render_target().startswith("Chinalco News\n\n")
        # the glossary given at creation is remembered
        assert s.glossary_paths == (str(paths[1].resolve()),)


def test_new_edit_after_undo_drops_redo(paths: tuple[Path, Path]) -> None:
    art, _ = paths
    with open_article(art) as s:
        sid = s.segments[0].id
        s.set_target(sid, "one")
        s.set_target(sid, "two")
        s.undo(sid)
        s.set_target(sid, "three")
        assert s.redo(sid) is None
        assert s.undo(sid) is not None and s.segment(sid).target == "one"


def test_replace_all_records_one_event_per_segment(paths: tuple[Path, Path]) -> None:
    art, _ = paths
    with open_article(art) as s:
        assert s.replace_all("it", "This plant", whole_word=True) == 2
        assert s.segments[1].target.startswith("This plant serves")
        assert s.segments[2].target == "This plant makes thick plate."
        assert s.segments[3].target == "Tang Liangzhi visited."  # "visited" is not "it"
        events = [e for e in s.events() if e.origin == "replace-all"]
        assert [e.segment_id for e in events] == ["p2s1", "p2s2"]
        assert events[0].detail == "it -> This plant"
        assert s.undo("p2s2") is not None and s.segments[2].target == "It makes thick plate."
        with pytest.raises(WorkbenchError, match="regular expression"):
            s.replace_all("(", "x", regex=True)


def test_second_writer_is_refused_read_only_allowed(paths: tuple[Path, Path]) -> None:
    art, _ = paths
    with open_article(art) as s:
        code = (
            "import sys\nfrom workbench.app.projects import open_article\n"
            "from workbench.core.errors import ProjectError\n"
            f"try:\n    open_article({str(art)!r})\nexcept ProjectError as e:\n"
            "    print('refused:', e); sys.exit(3)\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert proc.returncode == 3, proc.stderr
        assert "open in another workbench process" in proc.stdout
        with open_existing(art) as ro:
            assert ro.read_only and len(ro.segments) == len(s.segments)
            with pytest.raises(ProjectError, match="read-only"):
                ro.set_target(ro.segments[0].id, "x")


def test_changed_article_is_refused(paths: tuple[Path, Path]) -> None:
    art, _ = paths
    open_article(art).close()
    art.write_text(ARTICLE + "More.\n")
    with pytest.raises(ProjectError, match="changed since its project was created"):
        open_article(art)


def test_load_without_project_and_non_project(tmp_path: Path, paths: tuple[Path, Path]) -> None:
    art, _ = paths
    with pytest.raises(ProjectError, match="no project for this article"):
        open_existing(art)
    bogus = tmp_path / "x.wbproj"
    bogus.write_text("not sqlite")
    with pytest.raises(ProjectError, match="not a workbench project"):
        Session.open_project(bogus)


def test_failed_commit_loses_nothing(
    paths: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    art, _ = paths
    with open_article(art) as s:
        sid = s.segments[0].id
        s.set_target(sid, "saved text")
        # Disk full: cap the database at its current size so the next write cannot grow it
        # (fault injection through the store's private connection).
        store = s._store
        assert isinstance(store, ProjectStore)
        conn = store._conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        big = "x" * 200_000
        with pytest.raises(ProjectError, match="was not saved"):
            s.set_target(sid, big)
        assert s.segment(sid).target == "saved text"
    with open_article(art) as s:
        assert s.segment(sid).target == "saved text"
    check = sqlite3.connect(s.project_path).execute("PRAGMA integrity_check").fetchone()[0]
    assert check == "ok"


def test_failed_project_creation_leaves_nothing(
    paths: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    art, _ = paths
    project = tmp_path / "p" / "a.wbproj"

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workbench.core.storage.project_store.os.replace", boom)
    with pytest.raises(ProjectError, match="No space left on device"):
        open_article(art, project=project)
    monkeypatch.undo()
    assert list(project.parent.iterdir()) == []
    with open_article(art, project=project) as s:
        assert len(s.segments) == 4


def test_store_is_wal_with_full_sync(paths: tuple[Path, Path]) -> None:
    art, _ = paths
    with open_article(art) as s:
        store = s._store
        assert isinstance(store, ProjectStore)
        conn = store._conn  # the session's own connection: its settings are the point
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_source_file_is_split_as_its_language_and_aligned(tmp_path: Path) -> None:
    mt = tmp_path / "a.mt.txt"
    mt.write_text("Southwest Aluminum grew. It makes thick plate.\n\nThanks.\n")
    src = tmp_path / "a.zh.txt"
    src.write_text("西南铝增长了。它生产厚板。\n\n谢谢。\n", encoding="utf-8")
    with open_article(mt, source=src) as s:
        assert [seg.source for seg in s.segments] == ["西南铝增长了。", "它生产厚板。", "谢谢。"]
