"""A larger memory scores more of the index's candidates: where many units share the query's
rarest words (its figures, say) and outrank the unit that is the same report with other
figures, a memory large enough for more candidates still offers that unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.memory import Memory, MemoryUnit, search, segment_key

QUERY = "the output of nickel rods in lanzhou rose 4711 4712 4713 4714 percent"
BEST = "the output of nickel rods in lanzhou rose 4811 4822 4833 4844 percent"


def _memory(path: Path) -> Memory:
    mts = [BEST]
    # the query's figures, rarer than any of its words: what the index reads first
    mts += [f"4711 4712 4713 4714 apples pears plums figs kiwis lemons{n}" for n in range(10)]
    mts += [f"the weather in lanzhou rose to {n} degrees" for n in range(19)]
    # the report's words, too common to be read within the budget
    mts += [f"the output of nickel rods in xining rose {n} percent" for n in range(40)]
    memory = Memory.open(path)
    memory.add_units(
        (MemoryUnit(None, mt, mt.upper(), "zh", "en"), segment_key("p", f"s{n}"), None)
        for n, mt in enumerate(mts)
    )
    return memory


@pytest.mark.parametrize("warm", [True, False])
@pytest.mark.parametrize("scaled", [True, False])
def test_a_larger_memory_offers_the_close_unit_the_rare_figures_pushed_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: bool, scaled: bool
) -> None:
    monkeypatch.setattr(search, "SCAN_ALL", 0)  # never every unit scored instead
    monkeypatch.setattr(search, "SCAN_BELOW", 0.0)  # nor a wider search: the first alone
    monkeypatch.setattr(search, "POSTINGS_BUDGET", 100)  # the figures and "lanzhou"
    monkeypatch.setattr(search, "CANDIDATES", 5)  # the figures' units outrank it...
    monkeypatch.setattr(search, "UNITS_PER_CANDIDATE", 1)  # ...unless 70 units score 70
    monkeypatch.setattr(search, "MOST_CANDIDATES", 100 if scaled else 5)
    with _memory(tmp_path / "m.wbmem") as memory:
        if warm:
            memory.warm()
        found = memory.lookup(QUERY, min_score=50, limit=5)
    assert (found[0].mt == BEST if found else False) is scaled
