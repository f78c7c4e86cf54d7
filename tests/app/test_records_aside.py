"""A large import's memory records made in a second process (``records_made_aside``): the
same records, in the same order, as made in this process; what the units left out counted
comes back; an error in the second process is raised here, one line as it was; and a
caller that stops reading leaves no process behind. Records handed between the processes
(``pack_records``) come back equal."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.app import records_aside
from workbench.app.records_aside import records_made_aside
from workbench.core.errors import InputError
from workbench.core.inline_codes import InlineCode
from workbench.core.memory.bulk import make_records
from workbench.core.memory.packed import pack_records, records_packed, unpack_records
from workbench.core.memory.records import Context, import_key
from workbench.core.model.memory import MemoryRecord, MemoryUnit

Item = tuple[MemoryUnit, str, Context | None]


def _items(count: int, left_out: Counter[str], *, fail_at: int = -1) -> Iterator[Item]:
    for n in range(count):
        if n == fail_at:
            raise InputError(f"big.tmx:{n}: not well-formed XML (a test)")
        if n % 7 == 3:
            left_out["source copied into the target"] += 1
            continue
        unit = MemoryUnit(
            source=None if n % 5 else f"Quelle {n}",
            mt=f"The copper price rose {n % 13} percent on day {n}.",
            target=f"Copper prices rose {n % 11}% on day {n}.",
            source_lang="de" if n % 5 == 0 else "",
            target_lang="en",
            origin="tmx",
            when=1.5,
        )
        yield unit, import_key("big.tmx", unit), None


def _sorted(records: list[MemoryRecord]) -> list[MemoryRecord]:
    """Features in ascending order (fewer than ``AT_ONCE_FROM`` units are made one by one,
    their features in the order found: the same set)."""
    return [replace(r, features=tuple(sorted(r.features))) for r in records]


def _two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_WORKERS", "2")


def test_records_made_aside_are_the_records_made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    _two_cores(monkeypatch)
    here: Counter[str] = Counter()
    expected = make_records(list(_items(1000, here)))
    aside: Counter[str] = Counter()
    made = list(records_made_aside(_items(1000, aside), aside, batch=128))
    assert _sorted(made) == _sorted(expected)
    assert [r.unit.mt for r in made] == [u.mt for u, _k, _c in _items(1000, Counter())]
    assert aside == here == Counter({"source copied into the target": 143})
    assert multiprocessing.active_children() == []


def test_with_one_core_the_records_are_made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_WORKERS", "1")
    started: list[str] = []
    monkeypatch.setattr(multiprocessing, "get_context", started.append)
    left_out: Counter[str] = Counter()
    made = list(records_made_aside(_items(300, left_out), left_out, batch=100))
    assert _sorted(made) == _sorted(make_records(list(_items(300, Counter()))))
    assert left_out["source copied into the target"] == 43
    assert started == []  # no second process


def test_an_error_in_the_second_process_is_raised_here(monkeypatch: pytest.MonkeyPatch) -> None:
    _two_cores(monkeypatch)
    left_out: Counter[str] = Counter()
    made: list[MemoryRecord] = []
    with pytest.raises(InputError) as caught:
        made.extend(records_made_aside(_items(1000, left_out, fail_at=700), left_out, batch=128))
    assert str(caught.value) == "big.tmx:700: not well-formed XML (a test)"
    assert len(made) < 700  # what was made before the error, no more
    assert multiprocessing.active_children() == []


def test_a_caller_that_stops_reading_leaves_no_process(monkeypatch: pytest.MonkeyPatch) -> None:
    _two_cores(monkeypatch)
    left_out: Counter[str] = Counter()
    records = records_made_aside(_items(50_000, left_out), left_out, batch=128)
    first = next(records)
    assert first.unit.mt == "The copper price rose 0 percent on day 0."
    records.close()  # e.g. the memory could not be written
    assert multiprocessing.active_children() == []


_text = st.none() | st.text(max_size=20)
_code = st.builds(
    InlineCode,
    char=st.sampled_from(["\ue000", "\ue001"]),
    kind=st.sampled_from(["open", "close", "standalone"]),
    pair=st.text(max_size=3),
    xml=st.text(max_size=10),
    label=st.text(max_size=5),
)
_unit = st.builds(
    MemoryUnit,
    source=_text,
    mt=_text,
    target=st.text(max_size=20),
    source_lang=st.sampled_from(["", "en", "de-AT"]),
    target_lang=st.sampled_from(["", "fr"]),
    when=st.floats(allow_nan=False),
    codes=st.lists(_code, max_size=2).map(tuple),
    code_format=st.sampled_from(["", "tmx"]),
)
_context = st.none() | st.builds(Context, prev_mt=_text, next_mt=_text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_unit, st.text(max_size=4), _context), max_size=80))
def test_packed_records_come_back_equal(items: list[Item]) -> None:
    records = make_records(items)
    assert unpack_records(pack_records(records)) == records
    assert unpack_records(records_packed(items)) == records


def test_a_large_batch_packed_as_made_comes_back_as_made() -> None:
    items = list(_items(500, Counter()))
    assert unpack_records(records_packed(items)) == make_records(items)


@pytest.mark.parametrize(("load", "aside"), [(0.3, True), (1.4, False), (6.0, False)])
def test_a_second_process_only_when_a_core_is_free(
    monkeypatch: pytest.MonkeyPatch, load: float, aside: bool
) -> None:
    monkeypatch.delenv("WORKBENCH_WORKERS", raising=False)
    monkeypatch.setattr(records_aside, "cores", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    left_out: Counter[str] = Counter()
    records = records_made_aside(_items(50_000, left_out), left_out, batch=100)
    assert next(records).unit.mt == "The copper price rose 0 percent on day 0."
    # (a child still making records: it waits for the queue it has filled)
    assert len(multiprocessing.active_children()) == (1 if aside else 0)
    records.close()
    assert multiprocessing.active_children() == []
