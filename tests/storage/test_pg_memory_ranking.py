"""The shared memory on the server ranks as the memory file does: for the same units, every
query gets the same best match (the same unit, score and basis) from a PostgreSQL memory and
from a SQLite memory, on generated corpora large enough that candidates come from the index
(and, for marginal matches, from scoring every unit). And a segment one translator confirms
is offered to another within a second, naming who confirmed it and when."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.app.editing import Editing
from workbench.app.team import Desk, open_team_project
from workbench.core.config import Config
from workbench.core.glossary.load import engine_for
from workbench.core.memory import Memory, MemoryUnit, segment_key
from workbench.core.memory.search import CANDIDATES
from workbench.core.model.memory import MemoryMatch
from workbench.core.session import Session
from workbench.core.storage import backends
from workbench.core.storage.pg import MEMORY_CHANNEL, Listener, Notice, project_location
from workbench.core.storage.pg_memory import ADDED_IN_READ, SERVER_CHUNK

WORDS = [
    "copper",
    "zinc",
    "output",
    "rose",
    "fell",
    "sharply",
    "in",
    "may",
    "june",
    "the",
    "smelter",
    "yunnan",
    "restarted",
    "analysts",
    "expect",
    "more",
    "less",
    "supply",
    "prices",
    "demand",
    "aluminium",
    "plant",
    "capacity",
    "tonnes",
    "year",
    "percent",
    "quarter",
    "profit",
    "said",
    "company",
    "new",
    "old",
    "market",
    "shares",
]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14))).capitalize() + "."


def _corpus(seed: int, count: int) -> list[MemoryUnit]:
    """Units of a small vocabulary (many near neighbours), half of them with a source."""
    rng = random.Random(seed)
    units: list[MemoryUnit] = []
    seen: set[str] = set()
    while len(units) < count:
        mt = _sentence(rng)
        if mt in seen:
            continue
        seen.add(mt)
        source = mt.upper() if rng.random() < 0.5 else None
        units.append(
            MemoryUnit(
                source=source,
                mt=mt,
                target=mt.replace("the", "this", 1),
                who=rng.choice(("ana", "ben")),
                when=1_700_000_000.0 + len(units),
                origin="confirmed",
            )
        )
    return units


def _edit(rng: random.Random, text: str, changes: int) -> str:
    """``text`` with some words replaced, dropped or added (a near neighbour of it)."""
    words = text.rstrip(".").split()
    for _ in range(changes):
        op = rng.random()
        at = rng.randrange(len(words))
        if op < 0.4:
            words[at] = rng.choice(WORDS)
        elif op < 0.7 and len(words) > 2:
            del words[at]
        else:
            words.insert(at, rng.choice(WORDS))
    return " ".join(words) + "."


def _best(memory: Memory, mt: str, source: str | None) -> tuple[int, float, str] | None:
    found = memory.lookup(mt, source)
    return (found[0].unit_id, round(found[0].score, 6), found[0].basis) if found else None


def test_the_server_and_a_file_give_the_same_best_match(pg_url: str, tmp_path: Path) -> None:
    units = _corpus(5, 3 * CANDIDATES)
    rows = [(u, segment_key("corpus", str(n)), None) for n, u in enumerate(units)]
    server = Memory.open(pg_url, who="import")
    local = Memory.open(tmp_path / "memory.wbmem", who="import")
    try:
        server.add_units(rows, batch=500)
        local.add_units(rows, batch=500)
        local.warm()  # one warmed, one reading its index from the store: the same ranking

        @settings(
            max_examples=120,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture],
        )
        @given(
            st.integers(0, len(units) - 1),
            st.integers(0, 6),
            st.booleans(),
            st.booleans(),
            st.randoms(use_true_random=False),
        )
        def same_best(
            pick: int, changes: int, fresh: bool, with_source: bool, rng: random.Random
        ) -> None:
            mt = _sentence(rng) if fresh else _edit(rng, units[pick].mt or "", changes)
            source = mt.upper() if with_source else None
            assert _best(server, mt, source) == _best(local, mt, source), (mt, source)

        same_best()
        # the corpus really has matches of every kind: exact, strong and marginal
        scores = [
            m.score
            for n in range(0, len(units), 37)
            for m in server.lookup(_edit(random.Random(n), units[n].mt or "", n % 5))[:1]
        ]
        assert max(scores) == 100.0 and min(scores) < 85.0
    finally:
        server.close()
        local.close()


def test_a_warm_memory_keeps_up_with_what_others_add_between_its_lookups(
    pg_url: str, tmp_path: Path
) -> None:
    """ben's editor holds the memory's texts (warm); others add units between his lookups,
    more at once than a lookup brings along with its index reads. His lookups rank the same
    as a file memory holding every unit, exact and fuzzy, new units included."""
    units = _corpus(6, CANDIDATES + ADDED_IN_READ + 300)
    rows = [(u, segment_key("corpus", str(n)), None) for n, u in enumerate(units)]
    first, second = rows[: CANDIDATES + 10], rows[CANDIDATES + 10 :]
    ben = Memory.open(pg_url, who="ben")
    others = Memory.open(pg_url, who="import")
    local = Memory.open(tmp_path / "memory.wbmem", who="import")
    try:
        others.add_units(first, batch=500)
        ben.warm()
        local.add_units(rows, batch=500)
        local.warm()
        rng = random.Random(3)
        before = _edit(rng, units[0].mt or "", 1)
        assert _best(ben, before, None) == _best(local, before, None)
        for start in range(0, len(second), 700):  # a lookup between each batch
            others.add_units(second[start : start + 700], batch=700)
            mt = second[start][0].mt or ""
            assert _best(ben, mt, None) == _best(local, mt, None)
            assert ben.lookup(mt)[0].score == 100.0
        for n in rng.sample(range(len(units)), 60):
            mt = _edit(rng, units[n].mt or "", n % 4)
            assert _best(ben, mt, None) == _best(local, mt, None), mt
        for n in range(5):  # confirmations, a unit at a time (appended to the last chunks)
            confirmed = [(units[n], segment_key("desk", str(n)), None)]
            others.add_units(confirmed)
            local.add_units(confirmed)
            mt = _edit(rng, units[n].mt or "", 1)
            assert _best(ben, mt, None) == _best(local, mt, None), mt
        with psycopg.connect(pg_url) as conn:
            biggest, spread = conn.execute(
                "SELECT MAX(octet_length(ids)), MAX(chunks) FROM memory_postings"
                " JOIN memory_terms USING (term)"
            ).fetchone() or (0, 0)
        # the server's chunks stay small (rewritten whole at each append), so the commonest
        # words' postings span many of them, and the rankings above were the file's
        assert biggest <= SERVER_CHUNK * 4 and spread > 1
    finally:
        ben.close()
        others.close()
        local.close()


def test_a_confirmed_segment_is_offered_to_another_translator_within_a_second(
    pg_url: str, tmp_path: Path
) -> None:
    """ana confirms a segment; ben, on another segment close to it, gets it as a fuzzy
    match within a second, with ana's name and the time she confirmed it."""
    article = tmp_path / "metals.txt"
    article.write_text(
        "Copper output rose sharply in May.\n\nCopper output rose sharply in June.\n",
        encoding="utf-8",
    )
    open_team_project(pg_url, "metals", article=article).close()

    def open_as(who: str) -> Session:
        store = backends.open_project(project_location(pg_url, "metals"), author=who)
        return Session(store, engine_for([]), read_only=False)

    ana, ben = open_as("ana"), open_as("ben")
    ana_memory, ben_memory = Memory.open(pg_url, who="ana"), Memory.open(pg_url, who="ben")
    ben_memory.warm()
    heard = threading.Event()
    desk = Desk(ben, wake=heard.set)
    try:
        assert desk.wait_listening()
        assert Editing(ben, memory=ben_memory).matches(1) == ()
        sid = ana.segments[0].id
        ana.set_target(sid, "Copper output climbed steeply in May.")
        before = time.time()
        Editing(ana, memory=ana_memory, config=Config(user="ana", auto_propagate=False)).confirm(
            sid
        )
        assert heard.wait(1.0), "ben heard nothing within a second"
        memory_by: tuple[str, ...] = ()
        while not memory_by and time.time() < before + 1.0:  # the segment, then the unit
            memory_by += desk.catch_up().memory_by
            time.sleep(0.01)
        offers: tuple[MemoryMatch, ...] = Editing(ben, memory=ben_memory).matches(1)
        elapsed = time.time() - before
        assert elapsed < 1.0
        assert memory_by == ("ana",)
        (offer,) = offers
        assert offer.target == "Copper output climbed steeply in May."
        assert not offer.exact and 70 <= offer.score < 100
        assert offer.who == "ana"
        assert before - 1 <= offer.when <= before + elapsed + 1
    finally:
        desk.close()
        ana_memory.close()
        ben_memory.close()
        ana.close()
        ben.close()


def test_a_large_import_past_unit_100000_is_announced(pg_url: str) -> None:
    """A notification payload holds under 8,000 bytes: a batch of 5,000 new units with
    six-digit ids once failed the whole import ("payload string too long")."""
    with Memory.open(pg_url, who="import") as memory:
        memory.add_units([(_corpus(1, 1)[0], segment_key("corpus", "first"), None)])
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE memory_meta SET value = '900000' WHERE key = 'next_id'")
    heard: list[Notice] = []
    listener = Listener(pg_url, (MEMORY_CHANNEL,), heard.append)
    try:
        assert listener.wait_ready()
        units = _corpus(2, 5000)
        with Memory.open(pg_url, who="import") as memory:
            result = memory.add_units(
                [(u, segment_key("corpus", str(n)), None) for n, u in enumerate(units)],
                batch=5000,
            )
            assert result.added == 5000
            assert memory.counts().units == 5001
        deadline = time.time() + 5
        while not heard and time.time() < deadline:
            time.sleep(0.02)
        (notice,) = heard
        ids = notice.payload["ids"]
        assert ids[0] == 900000 and len(ids) + notice.payload["more"] == 5000
    finally:
        listener.close()
