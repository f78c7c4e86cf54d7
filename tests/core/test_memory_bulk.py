"""The records an import writes, made for a whole batch at once (``make_records``), are
the records made one unit at a time (``make_record``): the same normalised texts, hashes,
context hashes and index features, on any text (ASCII, accented, unspaced scripts, control
characters), with and without source or MT, and across batches that share words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.memory import bulk
from workbench.core.memory.bulk import make_records
from workbench.core.memory.records import Context, make_record
from workbench.core.model.memory import MemoryRecord, MemoryUnit

_WORDS = ["copper", "Price", "rose", "3.5", "don't", "größe", "铜价", "a_b", "x\x01y", "  "]
_text = st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join) | st.text(max_size=30)
_context = st.none() | st.builds(
    Context,
    prev_mt=st.none() | _text,
    next_mt=st.none() | _text,
    prev_source=st.none() | _text,
    next_source=st.none() | _text,
)
_unit = st.builds(
    MemoryUnit,
    source=st.none() | _text,
    mt=st.none() | _text,
    target=_text,
    source_lang=st.sampled_from(["", "EN-us", "de"]),
    target_lang=st.sampled_from(["", "fr-FR", "CS"]),
)


def _one_by_one(items: Sequence[tuple[MemoryUnit, str, Context | None]]) -> list[MemoryRecord]:
    records = [make_record(unit, key, context) for unit, key, context in items]
    return [replace(r, features=tuple(sorted(r.features))) for r in records]


@pytest.fixture(autouse=True)
def _every_batch_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "AT_ONCE_FROM", 0)  # small batches too, as a large one is made


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_unit, st.text(max_size=4), _context), max_size=12))
def test_a_batch_makes_the_records_one_unit_makes(
    items: list[tuple[MemoryUnit, str, Context | None]],
) -> None:
    assert make_records(items) == _one_by_one(items)
    assert make_records(items) == _one_by_one(items)  # the words now known from before


def test_batches_after_the_known_words_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "_KEEP_WORDS", 4)
    monkeypatch.setattr(bulk, "_KEEP_PAIRS", 4)
    first = bulk._Vocabulary()
    monkeypatch.setattr(bulk, "_vocabulary", first)
    batches = [
        [
            (MemoryUnit(f"src {n} word{n % 7}", f"the mt {n} copper", f"the final {n}"), "", None)
            for n in range(start, start + 20)
        ]
        for start in (0, 10, 40, 10)
    ]
    for items in batches:
        assert make_records(items) == _one_by_one(items)
    assert bulk._vocabulary is not first  # the known words were forgotten on the way


def test_no_units_no_records() -> None:
    assert make_records([]) == []


def test_a_few_units_are_made_one_by_one_with_the_same_records(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = [
        (MemoryUnit(None, f"the mt {n} copper rose", f"the final {n}"), "", None) for n in range(5)
    ]
    monkeypatch.setattr(bulk, "AT_ONCE_FROM", 64)
    one_by_one = make_records(items)
    monkeypatch.setattr(bulk, "AT_ONCE_FROM", 0)
    assert [replace(r, features=tuple(sorted(r.features))) for r in one_by_one] == make_records(
        items
    )
