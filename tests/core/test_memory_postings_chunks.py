"""The memory's index kept in chunks of at most ``POSTINGS_CHUNK`` ids a term: written in
several batches, with terms new and known, small and over a chunk, each term's ids are
those of the units that have it (ascending, each once), its count is right, its chunks are
numbered from 0 with every chunk but the last full; and the top matches are those of the
same memory written with chunks large enough to hold every term at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

import workbench.core.storage.memory_store as memory_store
from workbench.core.memory import Memory, MemoryUnit
from workbench.core.memory.bulk import make_records
from workbench.core.memory.records import import_key

WORDS = ["copper", "price", "rose", "fell", "zinc", "market", "tonne", "the", "a", "week"]


def _units(count: int) -> list[MemoryUnit]:
    out = []
    for n in range(count):
        words = [WORDS[(n * k + k) % len(WORDS)] for k in range(1, 6)]
        mt = " ".join(["the", *words, f"n{n % 17}"])  # "the" in every unit: many chunks
        out.append(MemoryUnit(source=None, mt=mt, target=mt.replace("rose", "climbed") + f" ({n})",
                              source_lang="en", target_lang="de", origin="tmx"))  # fmt: skip
    return out


def _build(path: Path, units: list[MemoryUnit], batches: list[int]) -> Memory:
    memory = Memory.open(path)
    at = 0
    for size in batches:
        part = units[at : at + size]
        memory.add(make_records([(u, import_key("f.tmx", u), None) for u in part]))
        at += size
    return memory


def _index(path: Path) -> tuple[dict[int, list[int]], dict[int, int], list[tuple[int, int, int]]]:
    with sqlite3.connect(path) as conn:
        ids: dict[int, list[int]] = {}
        sizes: list[tuple[int, int, int]] = []
        for term, chunk, blob in conn.execute(
            "SELECT term, chunk, ids FROM postings ORDER BY term, chunk"
        ):
            values = np.frombuffer(blob, dtype="<u4").tolist()
            ids.setdefault(term, []).extend(values)
            sizes.append((term, chunk, len(values)))
        terms = {t: (df, chunks) for t, df, chunks in conn.execute("SELECT * FROM terms")}
    for term, values in ids.items():
        assert values == sorted(set(values))
        assert terms[term] == (len(values), sum(1 for t, _c, _n in sizes if t == term))
    return ids, {t: df for t, (df, _chunks) in terms.items()}, sizes


def test_postings_in_small_chunks_over_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = _units(400)
    wide = _build(tmp_path / "wide.wbmem", units, [400])
    monkeypatch.setattr(memory_store, "POSTINGS_CHUNK", 4)
    narrow = _build(tmp_path / "narrow.wbmem", units, [70, 3, 150, 1, 176])
    wide_ids, wide_df, _ = _index(tmp_path / "wide.wbmem")
    narrow_ids, narrow_df, sizes = _index(tmp_path / "narrow.wbmem")
    assert narrow_ids == wide_ids and narrow_df == wide_df
    assert max(df for df in narrow_df.values()) == 400  # "the": 100 chunks
    for term in narrow_ids:
        chunks = [n for t, _c, n in sizes if t == term]
        assert [c for t, c, _n in sizes if t == term] == list(range(len(chunks)))
        assert all(n == 4 for n in chunks[:-1]) and 1 <= chunks[-1] <= 4
    for query in (units[5].mt or "", f"{units[123].mt} today", f"{units[399].mt} zinc"):
        assert [m.unit_id for m in narrow.lookup(query)] == [m.unit_id for m in wide.lookup(query)]
        assert narrow.lookup(query)
    narrow.close()
    wide.close()
