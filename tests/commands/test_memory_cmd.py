"""``workbench memory …``, ``apply --fill-from-memory`` and the HTER split in ``stats``, as a
user runs them: output, exit codes, files written, what the memory holds."""

from __future__ import annotations

import importlib
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workbench.app.editing import Editing
from workbench.app.projects import open_article, open_existing
from workbench.cli import main
from workbench.core.memory import Memory, MemoryUnit, segment_key

DATA = Path(__file__).resolve().parents[1] / "data"
OMEGAT = DATA / "bilingual" / "omegat" / "project_save.tmx"
# tests/schemas.py: validators for the official schemas (kept beside the checkout)
SCHEMAS = importlib.import_module("schemas")
requires_schemas = pytest.mark.skipif(
    not SCHEMAS.SCHEMAS_DIR.is_dir(), reason=f"no schemas folder at {SCHEMAS.SCHEMAS_DIR}"
)


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("workbench: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_import_search_stats_and_export(tmp_path: Path) -> None:
    mem = tmp_path / "client.wbmem"
    result = invoke("memory", "import", OMEGAT, "--memory", mem)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{OMEGAT}: 7 units (7 added, 0 updated, 0 unchanged; skipped 1 empty target)",
        f"memory {mem}: 7 units",
    ]
    again = invoke("memory", "import", OMEGAT, "--memory", mem)
    assert "(0 added, 0 updated, 7 unchanged; skipped 1 empty target)" in again.stdout

    search = invoke(
        "memory", "search", "The orders cover thick plate, forgings and extruded profiles.",
        "--memory", mem, "--format", "json",
    )  # fmt: skip
    assert search.exit_code == 0, search.output
    (match,) = json.loads(search.stdout)
    assert {"score", "mt", "target", "source", "origin"} <= set(match)
    assert match["target"] == "The orders cover heavy plate, forgings and extruded profiles."
    assert match["source"] == "订单涵盖厚板、锻件和挤压型材。"
    assert match["mt"] is None and match["origin"] == "tmx" and 90 < match["score"] < 100

    text = invoke("memory", "search", "Prices remain firm.", "--memory", mem)
    assert text.stdout.splitlines()[0].startswith("1. 100.0%  exact  tmx")
    assert "   final:  Prices remain firm." in text.stdout.splitlines()
    none = invoke("memory", "search", "Nothing alike.", "--memory", mem, "--min-score", 90)
    assert none.stdout == "no match of 90% or more\n"
    assert (
        json.loads(
            invoke("memory", "search", "Nothing alike.", "--memory", mem, "--format", "json").stdout
        )
        == []
    )

    stats = invoke("memory", "stats", "--memory", mem, "--format", "json")
    data = json.loads(stats.stdout)
    assert data["units"] == 7 and data["origins"] == {"tmx": 7}
    assert data["languages"] == [{"source": "zh-CN", "target": "en-GB", "units": 7}]
    assert "units      7 (tmx 7)" in invoke("memory", "stats", "--memory", mem).stdout

    conc = invoke("memory", "concordance", "heavy plate", "--memory", mem)
    assert "  final:  The orders cover [heavy plate], forgings and extruded profiles." in (
        conc.stdout.splitlines()
    )

    out = tmp_path / "out.tmx"
    exported = invoke("memory", "export", "--to", "tmx", "-o", out, "--memory", mem)
    assert exported.stdout == f"wrote {out} (7 units, zh-CN→en-GB, tmx)\n"
    xml = out.read_text(encoding="utf-8")
    assert '<tuv xml:lang="zh-CN">' in xml and "<seg>Prices remain firm.</seg>" in xml
    assert '<prop type="x-origin">tmx</prop>' in xml


@requires_schemas
def test_memory_export_is_valid_tmx_14(tmp_path: Path) -> None:
    mem = tmp_path / "m.wbmem"
    with Memory.open(mem) as memory:
        memory.add_units(
            [
                (MemoryUnit(None, "Price is strong.", "Prices are firm.", "zh", "en", who="li",
                            when=1.7e9, project="p", segment_id="p1s1"), "a", None),
                (MemoryUnit("价格坚挺。", "Price is strong.", "Prices are firm.", "zh", "en"),
                 "b", None),
                (MemoryUnit("Preise fest.", None, "Prices firm.", "", ""), "c", None),
            ]
        )  # fmt: skip
    out = tmp_path / "m.tmx"
    several = invoke("memory", "export", "--to", "tmx", "-o", out, "--memory", mem)
    one_line_error(several, "2 language pairs (zh→en 2, ?→? 1)", "--source-lang")
    assert not out.exists()
    result = invoke(
        "memory", "export", "--to", "tmx", "-o", out, "--memory", mem, "--target-lang", "EN"
    )
    assert result.stdout == f"wrote {out} (2 units, zh→en, tmx; 1 of other pairs left out)\n"
    data = out.read_bytes()
    assert SCHEMAS.validate_tmx(data, version="1.4") == []
    text = data.decode()
    assert (
        '<tuv xml:lang="en-x-mt">' in text and '<prop type="x-mt">Price is strong.</prop>' in text
    )
    assert 'creationid="li"' in text and "Preise fest." not in text
    unknown = tmp_path / "u.tmx"
    assert invoke("memory", "export", "--to", "tmx", "-o", unknown, "--memory", mem,
                  "--source-lang", "de").exit_code == 2  # fmt: skip


@requires_schemas
def test_memory_export_writes_inline_codes_as_tmx_codes_and_no_local_paths(
    tmp_path: Path,
) -> None:
    mem = tmp_path / "m.wbmem"
    article = str(tmp_path / "secret" / "folder" / "news.xlf")
    with Memory.open(mem) as memory:
        memory.add_units(
            [
                (MemoryUnit("⟨ph:1⟩ Y tronó ⟨2⟩fuerte⟨/2⟩.", None,
                            "⟨ph:1⟩ And it ⟨2⟩thundered⟨/2⟩.", "es", "en",
                            project=str(tmp_path / "p.wbproj"), article=article,
                            origin="xliff"), "a", None),
                (MemoryUnit("Fin⟨/3⟩", None, "End⟨/3⟩", "es", "en"), "b", None),
            ]
        )  # fmt: skip
    out = tmp_path / "m.tmx"
    assert invoke("memory", "export", "--to", "tmx", "-o", out, "--memory", mem).exit_code == 0
    data = out.read_bytes()
    assert SCHEMAS.validate_tmx(data, version="1.4") == []
    text = data.decode()
    assert "⟨" not in text and "⟩" not in text
    assert '<seg><ph x="1"/> Y tronó <bpt i="2"/>fuerte<ept i="2"/>.</seg>' in text
    assert '<seg><ph x="1"/> And it <bpt i="2"/>thundered<ept i="2"/>.</seg>' in text
    assert '<seg>End<it pos="end" x="1"/></seg>' in text
    assert str(tmp_path) not in text
    assert '<prop type="x-article">news.xlf</prop>' in text
    assert '<prop type="x-project">p.wbproj</prop>' in text


def test_default_memory_and_settings(tmp_path: Path) -> None:
    home = Path(os.environ["WORKBENCH_HOME"])
    assert invoke("memory", "import", OMEGAT).exit_code == 0
    assert (home / "memory.wbmem").exists()
    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "workbench" / "config.toml"
    settings.parent.mkdir(parents=True)
    client = tmp_path / "client-a.wbmem"
    settings.write_text(f'user = "anna.k"\nmemory = "{client}"\nmemory_min_score = 95\n')
    assert invoke("memory", "import", OMEGAT).exit_code == 0
    assert client.exists()
    weak = invoke(
        "memory", "search", "The orders cover thick plate, forgings and extruded profiles."
    )
    assert weak.stdout == "no match of 95% or more\n"  # the threshold from the settings
    assert invoke("memory", "search", "Prices remain firm.", "--min-score", 99).stdout.startswith(
        "1. 100.0%"
    )
    settings.write_text("memory_min_score = 0\n")
    warned = invoke("memory", "stats", "--memory", client)
    assert warned.exit_code == 0
    assert "workbench: warning: " in warned.stderr and "'memory_min_score' must be" in warned.stderr


def test_bad_memory_files_one_line_exit_2(tmp_path: Path) -> None:
    text = tmp_path / "notes.wbmem"
    text.write_text("not a database\n")
    one_line_error(invoke("memory", "stats", "--memory", text), "not a workbench memory")
    one_line_error(invoke("memory", "import", OMEGAT, "--memory", text), "not an SQLite database")
    assert text.read_text() == "not a database\n"

    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    one_line_error(invoke("memory", "import", OMEGAT, "--memory", other), "another SQLite database")

    old = tmp_path / "old.wbmem"
    Memory.open(old).close()
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA user_version=99")
    conn.commit()
    conn.close()
    before = old.read_bytes()
    one_line_error(invoke("memory", "import", OMEGAT, "--memory", old), "memory schema 99")
    one_line_error(invoke("memory", "search", "x", "--memory", old), "memory schema 99")
    assert old.read_bytes() == before

    missing = tmp_path / "none.wbmem"
    one_line_error(invoke("memory", "stats", "--memory", missing), "no memory yet")
    assert not missing.exists()


def test_read_only_memory(tmp_path: Path) -> None:
    mem = tmp_path / "ro.wbmem"
    assert invoke("memory", "import", OMEGAT, "--memory", mem).exit_code == 0
    for side in ("-wal", "-shm"):
        Path(f"{mem}{side}").unlink(missing_ok=True)
    before = mem.read_bytes()
    mem.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        one_line_error(
            invoke("memory", "import", OMEGAT, "--memory", mem), "the memory file is read-only"
        )
        assert mem.read_bytes() == before
        found = invoke("memory", "search", "Prices remain firm.", "--memory", mem)
        assert found.exit_code == 0 and "exact" in found.stdout  # reading still works
    finally:
        mem.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_import_refuses_what_it_cannot_read_and_writes_nothing(tmp_path: Path) -> None:
    mem = tmp_path / "m.wbmem"
    article = tmp_path / "article.txt"
    article.write_text("Copper prices rose.\n")
    one_line_error(invoke("memory", "import", OMEGAT, article, "--memory", mem), "not a TMX")
    one_line_error(invoke("memory", "import", OMEGAT, tmp_path / "gone.tmx", "--memory", mem))
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><body><tu>")
    one_line_error(invoke("memory", "import", OMEGAT, broken, "--memory", mem), "broken.tmx")
    assert not mem.exists()


def test_import_a_project_takes_its_confirmed_segments(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Copper prices rose. Zinc fell.\n")
    project = tmp_path / "a.wbproj"
    with open_article(article, project=project) as s:
        s.set_target(s.segments[0].id, "Copper prices climbed.")
        s.confirm(s.segments[0].id)
    mem = tmp_path / "m.wbmem"
    result = invoke("memory", "import", project, "--memory", mem)
    assert result.stdout.splitlines()[0] == f"{project}: 1 units (1 added, 0 updated, 0 unchanged)"
    with Memory.open(mem, read_only=True) as memory:
        (u,) = [s.unit for s in memory.units()]
    assert (u.mt, u.target, u.origin, u.project) == (
        "Copper prices rose.",
        "Copper prices climbed.",
        "confirmed",
        str(project),
    )


def test_apply_fill_from_memory(tmp_path: Path) -> None:
    mem = tmp_path / "m.wbmem"
    with Memory.open(mem) as memory:
        memory.add_units(
            [
                (
                    MemoryUnit(None, "It serves orbital ships.", "It serves shipbuilders."),
                    "k",
                    None,
                ),
                (MemoryUnit(None, "Prices rose.", "Prices climbed."), "k2", None),
            ]
        )
    gl = tmp_path / "g.yaml"
    gl.write_text(
        "glossary: g\nentries:\n"
        "  - mt: orbital ships\n    correct: rail transit and shipbuilding\n    apply: auto\n"
    )
    article = tmp_path / "a.txt"
    article.write_text("It serves orbital ships. Prices rose.\n\nIt builds orbital ships.\n")
    out = tmp_path / "out.txt"
    result = invoke("apply", article, "-g", gl, "-o", out, "--fill-from-memory", "--memory", mem)
    assert result.exit_code == 0, result.output
    assert out.read_text() == (
        "It serves shipbuilders. Prices climbed.\n\nIt builds rail transit and shipbuilding.\n"
    )
    assert "2 segment(s) filled from the memory (exact matches)" in result.stdout.splitlines()
    assert "1 fixes applied" in result.stdout
    js = invoke(
        "apply", article, "-g", gl, "-o", tmp_path / "o2.txt", "--fill-from-memory",
        "--memory", mem, "--format", "json",
    )  # fmt: skip
    data = json.loads(js.stdout)
    assert data["filled_from_memory"] == 2 and data["files"][0]["filled_from_memory"] == 2
    plain = invoke("apply", article, "-g", gl, "-o", tmp_path / "o3.txt")
    assert "filled" not in plain.stdout
    missing = invoke(
        "apply", article, "-g", gl, "-o", tmp_path / "o4.txt", "--fill-from-memory",
        "--memory", tmp_path / "none.wbmem",
    )  # fmt: skip
    one_line_error(missing, "no memory yet")
    assert not (tmp_path / "o4.txt").exists()


def test_stats_splits_hter_into_glossary_memory_and_translator(tmp_path: Path) -> None:
    gl = tmp_path / "g.yaml"
    gl.write_text(
        "glossary: g\nentries:\n"
        "  - mt: orbital ships\n    correct: rail transit and shipbuilding\n    apply: auto\n"
    )
    article = tmp_path / "a.txt"
    article.write_text("It serves orbital ships.\n\nCopper prices rose today.\n\nZinc fell.\n")
    project = tmp_path / "a.wbproj"
    mem = tmp_path / "m.wbmem"
    with Memory.open(mem) as memory:
        memory.add_units(
            [(MemoryUnit(None, "Copper prices rose today.", "Copper prices climbed today."),
              segment_key("x", "y"), None)]
        )  # fmt: skip
    with open_article(article, project=project, glossaries=[gl]) as s, Memory.open(mem) as memory:
        from workbench.core.memory import memory_matches

        (match,) = memory_matches(s, 1, memory)
        s.insert_match(s.segments[1].id, match)
        s.set_target(s.segments[2].id, "Zinc output fell.")
        s.set_target(s.segments[2].id, "Zinc output fell sharply.")
        s.undo(s.segments[2].id)  # the undone change is no one's work
        s.set_target(s.segments[0].id, "It serves rail transit.")
    data = json.loads(invoke("stats", project, "--format", "json").stdout)
    split = data["hter_split"]
    assert sum(split.values()) == pytest.approx(data["hter"])
    segs = {row["segment_id"]: row for row in data["segment_split"]}
    with open_existing(project) as s:
        first, second, third = (segs[seg.id] for seg in s.segments)
    assert second == {"segment_id": second["segment_id"], "glossary": 0.0, "memory": 1.0,
                      "translator": 0.0, "reviewer": 0.0}  # fmt: skip
    assert (third["memory"], third["translator"]) == (0.0, 1.0)
    assert first["glossary"] > 0 and first["translator"] > 0 and first["memory"] == 0
    with open_existing(project) as s:  # the existing figures are unchanged
        figures = s.figures()
    assert (data["hter"], data["hter_pre"]) == (figures.hter, figures.hter_pre)
    text = invoke("stats", project).stdout
    assert "HTER by source glossary " in text and ", memory " in text


def test_confirm_segment_with_a_read_only_memory_still_confirms(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Copper prices rose.\n")
    mem = tmp_path / "m.wbmem"
    Memory.open(mem).close()
    with Editing(open_article(article), memory=Memory.open(mem, read_only=True)) as editing:
        s = editing.session
        done = editing.confirm(s.segments[0].id, propagate=True)
        assert done.state.status == "confirmed" and not done.remembered


def test_record_confirm_puts_the_post_edit_into_the_memory(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Copper prices rose. Zinc fell.\n")
    pe = tmp_path / "a.pe.txt"
    pe.write_text("Copper prices climbed. Zinc fell.\n")
    mem = tmp_path / "m.wbmem"
    result = invoke("record", article, "--pe", pe, "--confirm", "--memory", mem)
    assert result.exit_code == 0, result.output
    assert f"memory {mem}: 2 added, 0 updated, 0 unchanged" in result.stdout.splitlines()
    with Memory.open(mem, read_only=True) as memory:
        (match,) = memory.lookup("Copper prices rose.")
        assert (match.target, match.origin) == ("Copper prices climbed.", "confirmed")
    again = invoke("record", article, "--pe", pe, "--confirm", "--memory", mem)
    assert f"memory {mem}: 0 added, 0 updated, 2 unchanged" in again.stdout.splitlines()
    plain = tmp_path / "b.txt"
    plain.write_text("Lead was stable.\n")
    invoke("record", plain, "--pe", plain)  # without --confirm the memory is not touched
    with Memory.open(mem, read_only=True) as memory:
        assert memory.counts().units == 2
    bad = tmp_path / "bad.wbmem"
    bad.write_text("no\n")
    other = tmp_path / "c.txt"
    other.write_text("Tin rose.\n")
    one_line_error(
        invoke("record", other, "--pe", other, "--confirm", "--memory", bad),
        "not a workbench memory",
    )
    assert not list(Path(os.environ["WORKBENCH_HOME"]).glob("projects/c-*.wbproj"))


def test_memory_import_learns_only_translations_and_says_what_it_skipped(tmp_path: Path) -> None:
    """WorldServer placeholder-only targets, Okapi copy-source targets and untranslated
    units are not translations: left out, counted by reason."""
    mem = tmp_path / "m.wbmem"
    ws = DATA / "bilingual" / "worldserver" / "metals_de_DE.xlf"
    result = invoke("memory", "import", ws, "--memory", mem)
    assert result.exit_code == 0, result.output
    # 1 finished, 2 placeholders only, 3 MT, 4 pending (source copied), 5 finished
    assert result.stdout.splitlines()[0] == (
        f"{ws}: 2 units (2 added, 0 updated, 0 unchanged; skipped 3 untranslated)"
    )
    okapi = tmp_path / "copied.xlf"
    okapi.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a.html" source-language="en" target-language="de" datatype="html">'
        "<body>"
        '<trans-unit id="1"><source>Copper <g id="1">rose</g>.</source>'
        '<target state="translated">Copper <g id="1">rose</g>.</target></trans-unit>'
        '<trans-unit id="2"><source>Zinc fell <x id="1"/>.</source>'
        '<target state="translated"><x id="1"/> .</target></trans-unit>'
        '<trans-unit id="3"><source>Tin was flat.</source>'
        '<target state="translated">Zinn blieb stabil.</target></trans-unit>'
        "</body></file></xliff>",
        encoding="utf-8",
    )
    result = invoke("memory", "import", okapi, "--memory", mem)
    assert result.stdout.splitlines()[0] == (
        f"{okapi}: 1 units (1 added, 0 updated, 0 unchanged; skipped 1 source copied into the "
        "target, 1 target without words (codes only))"
    )
    stats = json.loads(invoke("memory", "stats", "--memory", mem, "--format", "json").stdout)
    assert stats["units"] == 3


def test_fuzzy_scores_leave_codes_out_and_show_their_small_penalty(tmp_path: Path) -> None:
    """A unit's own words without its codes score near 100, not 47-93 %; each code that
    differs costs a fixed point, shown."""
    mem = tmp_path / "m.wbmem"
    with Memory.open(mem) as memory:
        memory.add_units(
            [
                (MemoryUnit(None, "⟨ph:1⟩ Copper ⟨2⟩prices⟨/2⟩ rose.", "⟨ph:1⟩ Kupfer stieg.",
                            "en", "de"), "a", None),
                (MemoryUnit(None, "Zinc fell sharply in May.", "Zink fiel.", "en", "de"),
                 "b", None),
            ]
        )  # fmt: skip
    result = invoke("memory", "search", "Copper prices rose.", "--memory", mem, "--format", "json")
    (match,) = json.loads(result.stdout)
    assert match["code_penalty"] == 3 and match["score"] == 97
    same = invoke(
        "memory", "search", "⟨ph:1⟩ Copper ⟨2⟩prices⟨/2⟩ rose.", "--memory", mem, "--format",
        "json",
    )  # fmt: skip
    assert json.loads(same.stdout)[0]["score"] == 100
    text = invoke("memory", "search", "Copper prices rose.", "--memory", mem)
    assert text.stdout.splitlines()[0].startswith("1.  97.0%  fuzzy")
    assert text.stdout.splitlines()[0].endswith("(codes −3)")
