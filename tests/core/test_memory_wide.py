"""The wider search of the index (what a lookup does when its first candidates hold no good
match) offers the same scores as comparing every unit, on a memory small enough that the
wider search reaches every unit sharing a word: with the texts in memory and without,
postings summed either way (sorted, or in the per-unit scratch), MT and source bases."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from workbench.core.memory import Memory, MemoryUnit, normalise, search, segment_key

_WORDS = (
    "copper zinc nickel tin lead cobalt lithium output price plate foil wire ingots rose fell "
    "climbed dropped percent in the of May June July Yunnan Henan Chile Peru market demand "
    "steady firm weak exports imports warehouse stocks"
)
WORDS = _WORDS.split()


def _texts(rng: random.Random, n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add(" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))))
    return sorted(out)


def _query(rng: random.Random, text: str) -> str:
    words = text.split()
    for _ in range(rng.randint(1, 4)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def _brute(units: list[MemoryUnit], mt: str, source: str | None, cutoff: float) -> list[float]:
    """Top-5 scores comparing every unit: on the source when both have one, else the MT."""
    scores = []
    for u in units:
        if source and u.source:
            score = fuzz.ratio(normalise(source), normalise(u.source))
        else:
            score = fuzz.ratio(normalise(mt), normalise(u.mt or ""))
        if score >= cutoff:
            scores.append(score)
    return sorted(scores, reverse=True)[:5]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[MemoryUnit]]:
    rng = random.Random(27)
    mts = _texts(rng, 1500)
    sources = _texts(rng, 1500)
    units = [
        MemoryUnit(
            source=sources[n] if n % 2 else None,
            mt=mt,
            target=f"{n}: {mt.upper()}",
            source_lang="zh",
            target_lang="en",
        )
        for n, mt in enumerate(mts)
    ]
    path = tmp_path_factory.mktemp("wide") / "m.wbmem"
    with Memory.open(path) as memory:
        memory.add_units((u, segment_key("p", f"s{n}"), None) for n, u in enumerate(units))
    return path, units


@pytest.mark.parametrize("warm", [True, False])
@pytest.mark.parametrize("dense", [1, 10**9])  # postings summed sorted / in the scratch
@pytest.mark.parametrize("with_source", [False, True])
def test_the_wider_search_offers_the_scores_of_every_unit(
    corpus: tuple[Path, list[MemoryUnit]],
    monkeypatch: pytest.MonkeyPatch,
    warm: bool,
    dense: int,
    with_source: bool,
) -> None:
    path, units = corpus
    monkeypatch.setattr(search, "SCAN_ALL", 0)  # never every unit scored instead
    monkeypatch.setattr(search, "SCAN_BELOW", 101.0)  # every lookup searches wider
    monkeypatch.setattr(search, "_DENSE", dense)
    calls = []
    wide = search.Memory._wide

    def counted(self: Memory, *args: object) -> object:
        calls.append(1)
        return wide(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(search.Memory, "_wide", counted)
    rng = random.Random(5)
    with Memory.open(path, read_only=True) as memory:
        if warm:
            memory.warm()
        for n in range(25):
            u = units[rng.randrange(len(units))]
            mt = _query(rng, u.mt or "")
            source = _query(rng, u.source) if with_source and u.source else None
            if n % 5 == 0:  # a sentence of the same words, not made from a unit
                mt = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
            found = [m.score for m in memory.lookup(mt, source, min_score=50, limit=5)]
            assert found == pytest.approx(_brute(units, mt, source, 50)), (mt, source)
    assert len(calls) == 25
