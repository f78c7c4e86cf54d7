"""The post-edit memory: matching and ranking, diffs, propagation, concordance, imports, two
writers at once, and what the store holds."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from workbench.app.editing import Editing
from workbench.app.projects import open_article
from workbench.core.errors import MemoryFileError, ProjectError
from workbench.core.glossary.concordance import glossary_concordance
from workbench.core.inline_codes import display
from workbench.core.memory import (
    Context,
    Memory,
    MemoryUnit,
    memory_matches,
    normalise,
    remember_confirmed,
    segment_key,
    units_from_document,
)
from workbench.core.session import Session
from workbench.core.storage.memory_store import MEMORY_SCHEMA_VERSION
from workbench.formats.registry import read_document, units_in_order

DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"
REPO = Path(__file__).resolve().parents[2]


def unit(mt: str, target: str, **kw: object) -> MemoryUnit:
    fields: dict[str, object] = {"source": None, "target_lang": "en", **kw}
    return MemoryUnit(mt=mt, target=target, **fields)  # type: ignore[arg-type]


def add(memory: Memory, *units: MemoryUnit, context: Context | None = None) -> None:
    memory.add_units(
        (u, segment_key(u.project or "p", u.segment_id or f"{u.mt} -> {u.target}"), context)
        for u in units
    )


@pytest.fixture
def memory(tmp_path: Path) -> Memory:
    return Memory.open(tmp_path / "m.wbmem", who="tester")


# --- matching ---------------------------------------------------------------------------------
def test_matches_ranked_exact_then_fuzzy_with_scores_and_threshold(memory: Memory) -> None:
    add(
        memory,
        unit("The orbital ships industry grew fast.", "The rail industry grew fast."),
        unit("The orbital ships industry grows fast.", "The rail industry grows fast."),
        unit("Orbital ships are built in Dalian.", "Ships are built in Dalian."),
        unit("Prices of copper fell sharply.", "Copper prices fell sharply."),
    )
    query = "The orbital ships industry grows fast."
    found = memory.lookup(query)
    assert [m.target for m in found] == [
        "The rail industry grows fast.",
        "The rail industry grew fast.",
    ]
    assert found[0].exact and found[0].score == 100 and found[0].kind == "exact"
    assert not found[1].exact and found[1].kind == "fuzzy"
    assert found[1].score == pytest.approx(
        fuzz.ratio(normalise(query), normalise("The orbital ships industry grew fast."))
    )
    lower = memory.lookup(query, min_score=40)
    assert "Ships are built in Dalian." in [m.target for m in lower]
    assert all(m.score >= 40 for m in lower)
    assert len(memory.lookup(query, min_score=40, limit=2)) == 2
    assert memory.lookup("Nothing like this at all in the memory.") == ()


def test_match_diff_marks_what_changed_since(memory: Memory) -> None:
    add(memory, unit("The orbital ships industry grew fast in 2020.", "Rail grew fast in 2020."))
    (m,) = memory.lookup("The orbital ships industry grows fast in 2021.")
    changes = [(c.removed, c.added) for c in m.diff if not c.equal]
    assert changes == [("grew", "grows"), ("2020.", "2021.")]
    assert " ".join(c.removed for c in m.diff if c.removed) == m.mt
    assert m.mt == "The orbital ships industry grew fast in 2020."
    assert m.target == "Rail grew fast in 2020." and m.origin == "confirmed"


def test_case_only_difference_scores_100_but_is_not_exact(memory: Memory) -> None:
    add(
        memory,
        unit("prices remain FIRM.", "Prices are holding firm."),
        unit("Prices remain firm.", "Prices stay firm."),
    )
    first, second = memory.lookup("Prices   remain firm.")
    assert (first.target, first.exact, first.score) == ("Prices stay firm.", True, 100)
    assert (second.target, second.exact, second.score) == ("Prices are holding firm.", False, 100)
    assert memory.exact("Prices remain firm.") is not None
    assert memory.exact("PRICES REMAIN FIRM.") is None


def test_in_context_match_ranks_first(memory: Memory) -> None:
    ctx = Context(prev_mt="The plant opened.", next_mt="Output rose.")
    add(memory, unit("Prices remain firm.", "Prices are firm (elsewhere)."), context=Context())
    add(memory, unit("Prices remain firm.", "Prices are firm (here)."), context=ctx)
    add(memory, unit("Prices remain firm.", "Prices are firm (newest)."), context=None)
    plain = memory.lookup("Prices remain firm.")
    assert not any(m.in_context for m in plain)
    assert plain[0].target == "Prices are firm (newest)."  # newest exact first
    found = memory.lookup("Prices remain firm.", context=ctx)
    assert found[0].target == "Prices are firm (here)." and found[0].kind == "context"
    assert [m.kind for m in found[1:]] == ["exact", "exact"]
    best = memory.exact("Prices remain firm.", context=ctx)
    assert best is not None and best.in_context


def test_same_text_and_target_shown_once(memory: Memory) -> None:
    for n in range(3):
        add(memory, unit("Copper rose.", "Copper rose.", project=f"p{n}", segment_id="a"))
    add(memory, unit("Copper rose.", "Copper climbed.", project="p9", segment_id="a"))
    assert sorted(m.target for m in memory.lookup("Copper rose.")) == [
        "Copper climbed.",
        "Copper rose.",
    ]


def test_source_is_compared_when_both_have_one(memory: Memory) -> None:
    add(
        memory,
        MemoryUnit("价格坚挺。", None, "Prices remain firm.", "zh", "en"),
        unit("Prices stay firm.", "Prices are holding firm."),
    )
    found = memory.lookup("Price is strong.", "价格坚挺。")
    assert found[0].basis == "source" and found[0].exact and found[0].mt is None
    assert found[0].target == "Prices remain firm."
    # another source language is not offered on the source side
    assert memory.lookup("Price is strong.", "价格坚挺。", languages=("ja", "en")) == ()
    # a unit of another target language is not offered at all
    assert memory.lookup("Prices stay firm.", languages=("", "de")) == ()
    assert memory.lookup("Prices stay firm.", languages=("", "en-GB"))[0].exact


WORDS = ["copper", "zinc", "price", "prices", "rose", "fell", "sharply", "in", "the", "of"]
WORDS += ["a", "plant", "Chongqing", "output"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join),
        min_size=1,
        max_size=25,
        unique_by=normalise,
    ),
    query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join),
    warm=st.booleans(),
)
def test_lookup_scores_equal_brute_force(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], query: str, warm: bool
) -> None:
    """On any small memory, the top-5 scores are what rapidfuzz finds comparing every unit."""
    with Memory.open(tmp_path_factory.mktemp("m") / "m.wbmem") as memory:
        add(memory, *(unit(t, t.upper()) for t in texts))
        if warm:
            memory.warm()
        ours = [m.score for m in memory.lookup(query, min_score=50, limit=5)]
    brute = process.extract(
        normalise(query), [normalise(t) for t in texts], scorer=fuzz.ratio, limit=5, score_cutoff=50
    )
    assert ours == pytest.approx([score for _t, score, _i in brute])


def test_index_finds_the_best_match_in_a_larger_memory(tmp_path: Path) -> None:
    """Past the size where every unit is scored, candidates come from the index: for MT
    similar to earlier MT, the best match is the one rapidfuzz finds comparing every unit."""
    import random

    rng = random.Random(3)
    metals = ["copper", "zinc", "nickel", "tin", "lead", "aluminium", "cobalt", "lithium"]
    places = ["Chongqing", "Yunnan", "Guangxi", "Henan", "Shandong", "Chile", "Peru"]
    verbs = ["rose", "fell", "climbed", "dropped", "held steady"]
    texts = sorted(
        {
            f"The output of {rng.choice(metals)} {rng.choice(['plate', 'foil', 'wire', 'ingots'])}"
            f" in {rng.choice(places)} {rng.choice(verbs)} {rng.randint(1, 99)} percent"
            f" in {rng.choice(['May', 'June', 'July'])} {rng.randint(2015, 2025)}."
            for _ in range(3000)
        }
    )
    with Memory.open(tmp_path / "m.wbmem") as memory:
        add(memory, *(unit(t, t) for t in texts))
        memory.warm()
        norms = [normalise(t) for t in texts]
        for text in rng.sample(texts, 40):
            words = text.split()
            words[rng.randrange(len(words))] = rng.choice(metals + places)
            query = " ".join(words)
            (best, *_rest) = memory.lookup(query)
            top = process.extractOne(normalise(query), norms, scorer=fuzz.ratio)
            assert top is not None and best.score == pytest.approx(top[1]), query


def test_lookup_sees_units_added_by_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "m.wbmem"
    with Memory.open(path) as reader, Memory.open(path) as writer:
        add(writer, unit("Zinc output rose in May.", "Zinc output rose in May."))
        reader.warm()
        assert reader.lookup("Zinc output rose in May.")[0].exact
        add(writer, unit("Zinc output fell in June.", "Zinc output fell in June."))
        assert reader.lookup("Zinc output fell in June.")[0].exact


# --- the store --------------------------------------------------------------------------------
def test_reconfirming_updates_the_unit_and_import_twice_adds_nothing(memory: Memory) -> None:
    u = unit("Copper rose.", "Copper rose.", project="p", segment_id="s1")
    assert memory.add_units([(u, segment_key("p", "s1"), None)]).added == 1
    again = unit("Copper rose.", "Copper climbed.", project="p", segment_id="s1")
    result = memory.add_units([(again, segment_key("p", "s1"), None)])
    assert (result.added, result.updated) == (0, 1)
    assert [s.unit.target for s in memory.units()] == ["Copper climbed."]
    doc = read_document(DATA / "omegat" / "project_save.tmx")
    first = memory.add_units(units_from_document(doc, DATA / "omegat" / "project_save.tmx"))
    second = memory.add_units(units_from_document(doc, DATA / "omegat" / "project_save.tmx"))
    assert first.added == 7 and (second.added, second.unchanged) == (0, 7)
    assert memory.counts().units == 8


def test_memory_file_is_wal_full_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "m.wbmem"
    Memory.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == MEMORY_SCHEMA_VERSION
    conn.execute("PRAGMA user_version=7")
    conn.commit()
    conn.close()
    with pytest.raises(MemoryFileError, match="memory schema 7 is not supported"):
        Memory.open(path)


def test_a_project_is_not_a_memory_and_a_memory_not_a_project(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("Copper rose.\n")
    open_article(art, project=tmp_path / "a.wbproj").close()
    with pytest.raises(MemoryFileError, match="not a workbench memory"):
        Memory.open(tmp_path / "a.wbproj")
    Memory.open(tmp_path / "m.wbmem").close()
    with pytest.raises(ProjectError, match="is a workbench memory, not a project"):
        Session.open_project(tmp_path / "m.wbmem")


# --- imports ----------------------------------------------------------------------------------
def test_omegat_project_save_tmx_import(memory: Memory) -> None:
    path = DATA / "omegat" / "project_save.tmx"
    document = read_document(path)
    triples = units_from_document(document, path, ordered=units_in_order(document.format))
    units = [u for u, _k, _c in triples]
    # 8 units; the translator's single space (a deliberately empty translation) is left out
    assert len(units) == 7
    assert all(u.origin == "tmx" and u.mt is None and u.source for u in units)
    assert all(c is None for _u, _k, c in triples)  # a TMX has no order: no context
    assert (units[0].source_lang, units[0].target_lang) == ("zh-CN", "en-GB")  # as written
    assert ("价格坚挺。", "Plate prices are holding firm.") in [(u.source, u.target) for u in units]
    memory.add_units(triples)
    found = memory.lookup("Prices stay firm.", "价格坚挺。")
    assert {m.target for m in found} == {"Prices remain firm.", "Plate prices are holding firm."}


def test_three_language_tmx_and_xliff_with_mt(tmp_path: Path, memory: Memory) -> None:
    path = DATA / "tmx" / "three-languages.tmx"
    doc = read_document(path, language="de", source_language="en")  # the pair to take
    units = [u for u, _k, _c in units_from_document(doc, path)]
    assert units and all(u.source and u.target for u in units)
    assert {(u.source_lang, u.target_lang) for u in units} == {("en", "de")}
    xlf = tmp_path / "done.xlf"
    xlf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a" source-language="zh" target-language="en" datatype="plaintext">'
        "<body>"
        '<trans-unit id="1"><source>价格坚挺。</source>'
        '<target state="translated">Prices remain firm.</target>'
        '<alt-trans origin="machine-translation"><target>Price is strong.</target></alt-trans>'
        "</trans-unit>"
        '<trans-unit id="2"><source>订单。</source><target state="new">Orders.</target>'
        '<alt-trans origin="machine-translation"><target>Order.</target></alt-trans>'
        "</trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    triples = units_from_document(read_document(xlf), xlf)
    assert [(u.source, u.mt, u.target, u.origin) for u, _k, _c in triples] == [
        ("价格坚挺。", "Price is strong.", "Prices remain firm.", "xliff")
    ]
    assert triples[0][2] == Context(None, "Order.", None, "订单。")


# --- the session: insert, propagate, remember -------------------------------------------------
ARTICLE = (
    "Copper prices rose. Zinc output fell.\n\n"
    "Copper prices rose. Nickel was stable.\n\n"
    "Copper prices rose. Zinc output fell.\n"
)


@pytest.fixture
def session(tmp_path: Path) -> Session:
    art = tmp_path / "article.txt"
    art.write_text(ARTICLE)
    return open_article(art, project=tmp_path / "article.wbproj")


def test_insert_match_is_an_undoable_memory_edit(session: Session, memory: Memory) -> None:
    add(memory, unit("Copper prices rose.", "Copper prices climbed."))
    with session:
        (match,) = memory_matches(session, 0, memory)
        state = session.insert_match(session.segments[0].id, match)
        assert state.target == "Copper prices climbed." and state.status == "draft"
        event = session.events(state.id)[-1]
        assert event.origin == "memory" and event.detail == f"exact 100% unit {match.unit_id}"
        undone = session.undo(state.id)
        assert undone is not None and undone.target == "Copper prices rose."


def test_propagation_fills_repetitions_never_confirmed_ones_and_undoes_per_segment(
    session: Session,
) -> None:
    with session:
        ids = [s.id for s in session.segments]
        assert [session.segment(i).mt for i in (ids[0], ids[2], ids[4])] == [
            "Copper prices rose."
        ] * 3
        session.set_target(ids[4], "Copper prices went up.")
        session.confirm(ids[4])
        session.set_target(ids[0], "Copper prices climbed.")
        changed = session.propagate(ids[0])
        assert changed == [ids[2]]  # ids[4] is confirmed: untouched
        assert session.segment(ids[2]).target == "Copper prices climbed."
        assert session.segment(ids[2]).status == "draft"
        assert session.segment(ids[4]).target == "Copper prices went up."
        event = session.events(ids[2])[-1]
        assert (event.origin, event.detail) == ("propagation", ids[0])
        assert session.propagate(ids[0]) == []  # nothing left to change
        undone = session.undo(ids[2])
        assert undone is not None and undone.target == "Copper prices rose."
        assert session.segment(ids[0]).target == "Copper prices climbed."


def test_confirm_segment_remembers_and_propagates(session: Session, tmp_path: Path) -> None:
    with Editing(session, memory=Memory.open(tmp_path / "m.wbmem", who="li.wei")) as editing:
        memory = editing.memory
        assert memory is not None
        first = session.segments[0].id
        session.set_target(first, "Copper prices climbed.")
        done = editing.confirm(first, propagate=True)
        assert done.state.status == "confirmed" and done.remembered
        assert done.propagated == (session.segments[2].id, session.segments[4].id)
        (stored,) = list(memory.units())
        assert stored.unit.who == "li.wei" and stored.unit.segment_id == first
        assert stored.unit.project == str(session.project_path)
        assert stored.unit.mt == "Copper prices rose." and stored.unit.origin == "confirmed"
        off = editing.confirm(session.segments[1].id, propagate=False)
        assert off.propagated == ()
        # confirming again after a change updates the unit
        session.set_target(first, "Copper prices increased.")
        editing.confirm(first, propagate=False)
        assert {u.unit.target for u in memory.units()} == {
            "Copper prices increased.",
            session.segments[1].target,
        }
        assert remember_confirmed(session, memory).unchanged == 2


def test_matches_in_context_from_another_article(tmp_path: Path, session: Session) -> None:
    memory_path = tmp_path / "m.wbmem"
    with Editing(session, memory=Memory.open(memory_path)) as editing:
        for seg in session.segments:
            session.set_target(seg.id, seg.mt.upper())
            editing.confirm(seg.id, propagate=False)
    other = tmp_path / "other.txt"
    other.write_text("Copper prices rose. Zinc output fell.\n\nLead was stable.\n")
    with open_article(other) as s2, Memory.open(memory_path) as memory:
        found = memory_matches(s2, 0, memory)
        assert found[0].kind == "context" and found[0].target == "COPPER PRICES ROSE."
        assert memory_matches(s2, 1, memory)[0].kind == "exact"  # the next segment differs
        assert memory_matches(list(s2.segments), 0, memory)[0].in_context


# --- concordance ------------------------------------------------------------------------------
def test_concordance_hits_in_mt_source_and_target(memory: Memory) -> None:
    add(
        memory,
        unit("The orbital ships sector grew.", "The rail transit sector grew.", when=1.0),
        MemoryUnit("轨道交通、船舶", None, "rail transit and shipbuilding", "zh", "en", when=2.0),
        unit("Orbital shipsfree text.", "Nothing.", when=3.0),
    )
    hits = memory.concordance("orbital ships")
    assert [h.target for h in hits] == ["The rail transit sector grew."]
    assert hits[0].spans == (("mt", 4, 17),)
    rail = memory.concordance("Rail Transit")
    assert [h.target for h in rail] == [
        "rail transit and shipbuilding",
        "The rail transit sector grew.",
    ]
    assert rail[0].spans == (("target", 0, 12),)
    cjk = memory.concordance("交通")
    assert len(cjk) == 1 and cjk[0].spans == (("source", 2, 4),)
    assert memory.concordance("transi") == ()  # whole words only
    assert memory.concordance("...") == ()


def test_glossary_concordance(tmp_path: Path) -> None:
    from workbench.core.glossary.load import engine_for

    gl = tmp_path / "g.yaml"
    gl.write_text(
        "glossary: g\nentries:\n"
        "  - mt: orbital ships\n    correct: rail transit and shipbuilding\n    note: MT misread.\n"
        "  - term: Southwest Aluminum\n    forbidden: [Southwest Aluminium]\n"
    )
    entries = engine_for([str(gl)]).entries
    hits = glossary_concordance(entries, "rail transit")
    assert [(h.field, h.text[h.start : h.end]) for h in hits] == [("correct", "rail transit")]
    assert [h.field for h in glossary_concordance(entries, "aluminium")] == ["mt"]


# --- two editors on different projects writing to one memory at once -------------------------
def test_two_processes_write_to_one_memory_at_once(tmp_path: Path) -> None:
    memory_path = tmp_path / "shared.wbmem"
    Memory.open(memory_path).close()
    procs = []
    for name in ("anna", "li"):
        art = tmp_path / f"{name}.txt"
        art.write_text(
            "\n\n".join(f"{name} sentence number {n} about copper." for n in range(40)) + "\n"
        )
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    str(Path(__file__).with_name("memory_writer_proc.py")),
                    str(art),
                    str(tmp_path / f"{name}.wbproj"),
                    str(memory_path),
                    name,
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=REPO,
            )
        )
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert [o.strip() for o in outputs] == ["done 40", "done 40"]
    with Memory.open(memory_path, read_only=True) as memory:
        units = [u.unit for u in memory.units()]
        assert len(units) == 80
        assert {u.who for u in units} == {"anna", "li"}
        assert memory.lookup("li sentence number 7 about copper.")[0].target == (
            "li: li sentence number 7 about copper."
        )
    conn = sqlite3.connect(memory_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_inline_codes_are_kept_as_tag_tokens_and_inserted_as_codes(tmp_path: Path) -> None:
    def xliff(name: str, target: str) -> Path:
        path = tmp_path / name
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file original="a" source-language="zh-CN" target-language="en" datatype="html">'
            '<body><trans-unit id="1"><source><g id="1">价格</g>坚挺。</source>'
            f'<target state="translated">{target}</target>'
            '<alt-trans origin="machine-translation">'
            '<target><g id="1">Price</g> is strong.</target></alt-trans>'
            "</trans-unit></body></file></xliff>",
            encoding="utf-8",
        )
        return path

    done = xliff("done.xlf", '<g id="1">Prices</g> remain firm.')
    with Memory.open(tmp_path / "m.wbmem") as memory:
        memory.add_units(units_from_document(read_document(done), done))
        (stored,) = [u.unit for u in memory.units()]
        assert (stored.mt, stored.target) == (
            "⟨1⟩Price⟨/1⟩ is strong.",
            "⟨1⟩Prices⟨/1⟩ remain firm.",
        )
        with open_article(xliff("new.xlf", ""), project=tmp_path / "new.wbproj") as s:
            seg = s.segments[0]
            (match,) = memory_matches(s, 0, memory)
            assert match.exact and match.target == "⟨1⟩Prices⟨/1⟩ remain firm."
            state = s.insert_match(seg.id, match)
            assert "⟨" not in state.target and len(state.target) == len("Prices remain firm.") + 2
            assert display(state.target, state.codes).text == match.target
