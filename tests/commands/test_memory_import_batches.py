"""``workbench memory import`` of a large TMX reads plain units the short way and writes
them in batches, each batch's postings at once: the memory it makes holds the same units
and the same index, and answers every lookup the same, as one filled a unit at a time from
the file read whole. (The size above which a TMX is streamed and the batch are lowered
here, so a small file takes that path over several batches and postings chunks.)"""

from __future__ import annotations

import itertools
import random
import sqlite3
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pytest
from click.testing import CliRunner

import workbench.core.memory.search as memory_search
import workbench.formats.bilingual.tmx_stream as tmx_stream
from workbench.cli import main
from workbench.core.memory import Memory, units_from_document
from workbench.core.memory.index import _feature, normalise, tokens
from workbench.core.memory.records import make_record
from workbench.formats.registry import read_document

COLUMNS = (
    "key, source, mt, target, source_lang, target_lang, project, article, segment_id, who,"
    " origin, mt_norm, src_norm, mt_hash, src_hash, ctx_mt, ctx_src, codes"
)
WORDS = ["copper", "zinc", "nickel", "output", "rose", "fell", "percent", "in", "the", "of",
         "May", "June", "plant", "prices", "market", "Yunnan", "Chile", "smelter", "demand",
         "supply", "week", "tonnes"]  # fmt: skip


def sentence(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
    return f"{words} today.".capitalize()  # a word of every unit: its postings fill chunks


def write_tmx(path: Path, units: int, rng: random.Random) -> list[str]:
    """A TMX of MT -> post-edit units, most of them plain text, some with what the
    short way leaves to the general reader (inline codes, notes, a comment, a namespace,
    a Private Use Area character, a missing side, the same unit twice); its MT texts."""
    mts: list[str] = []
    rows: list[str] = []
    for n in range(units):
        mt = sentence(rng)
        final = mt.replace("rose", "climbed") if n % 3 else sentence(rng)
        mts.append(mt)
        seg_mt, seg_final = escape(mt), escape(final)
        extra = ""
        if n % 97 == 5:
            seg_final = (
                f'<ph x="1">{{1}}</ph>{seg_final}'
                '<bpt i="2">&lt;b&gt;</bpt>x<ept i="2">&lt;/b&gt;</ept>'
            )
        elif n % 89 == 7:
            extra = f"<note>note {n}</note>"
        elif n % 83 == 3:
            seg_final += "<!-- a comment -->"
        elif n % 79 == 2:
            seg_final += " \ue001"
        elif n % 71 == 1:
            rows.append(f'<tu tuid="{n}"><tuv xml:lang="en"><seg>{seg_final}</seg></tuv></tu>')
            continue
        elif n % 67 == 4:
            extra = '<prop type="x-a">b</prop>'
        rows.append(
            f'<tu tuid="{n}">{extra}<tuv xml:lang="en-x-mt"><seg>{seg_mt}</seg></tuv>'
            f'<tuv xml:lang="en"><prop type="p">q</prop><seg>{seg_final}</seg></tuv></tu>'
        )
    rows.append(rows[10])  # the same unit again: unchanged
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-x-mt"'
        ' datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t" creationtool="t"'
        ' creationtoolversion="1"/><body>\n' + "\n".join(rows) + "\n</body></tmx>\n",
        encoding="utf-8",
    )
    return mts


def table(memory: Path, sql: str) -> list[Any]:
    with sqlite3.connect(memory) as conn:
        return conn.execute(sql).fetchall()


def named_features(mt_norm: str, target: str) -> set[int]:
    """A unit's features by their names: ``m1 word``, ``m2 word word`` of its MT, ``t1
    word`` of the words of its final text its MT lacks (these units have no source)."""
    mt = tokens(mt_norm)
    names = [f"m1 {t}" for t in mt] + [f"m2 {a} {b}" for a, b in itertools.pairwise(mt)]
    names += [f"t1 {t}" for t in tokens(normalise(target)) if t not in mt]
    return {_feature(name) for name in names}


def postings(memory: Path) -> dict[int, list[str]]:
    """Each feature's units, by key (ids of units replaced since left out)."""
    keys = dict(table(memory, "SELECT id, key FROM units"))
    out: dict[int, list[str]] = {}
    for term, blob in table(memory, "SELECT term, ids FROM postings ORDER BY term, chunk"):
        ids = np.frombuffer(bytes(blob), dtype="<u4").tolist()
        out.setdefault(term, []).extend(keys[i] for i in ids if i in keys)
    return {term: sorted(units) for term, units in out.items() if units}


def test_an_imported_memory_is_the_one_built_unit_by_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(27)
    tmx = tmp_path / "big.tmx"
    mts = write_tmx(tmx, 2600, rng)
    imported, built = tmp_path / "imported.wbmem", tmp_path / "built.wbmem"

    monkeypatch.setattr(tmx_stream, "STREAM_ABOVE", 0)
    monkeypatch.setattr(memory_search, "IMPORT_BATCH", 700)
    result = CliRunner().invoke(main, ["memory", "import", str(tmx), "--memory", str(imported)])
    assert result.exit_code == 0, result.output
    assert "2564 units (2560 added, 3 updated, 1 unchanged)" in result.stdout  # 36 left out

    document = read_document(tmx)  # the file read whole, each unit added on its own
    latest: dict[str, tuple[int, ...]] = {}  # each key's features, as the index names them
    with Memory.open(built) as memory:
        for unit, key, context in units_from_document(document, tmx, ordered=False):
            record = make_record(unit, key, context)
            memory.add([record])
            assert set(record.features) == named_features(record.mt_norm, unit.target)
            latest[key] = record.features
    expected: dict[int, list[str]] = {}
    for key, features in latest.items():
        for term in features:
            expected.setdefault(term, []).append(key)

    # the same units (ids aside: of units with the same key in one batch, the last counts)
    units = f"SELECT {COLUMNS} FROM units ORDER BY key"
    assert table(imported, units) == table(built, units)
    assert len(table(imported, units)) == 2560
    # every feature finds the same units
    assert postings(imported) == postings(built) == {t: sorted(k) for t, k in expected.items()}
    assert max(chunk for (chunk,) in table(imported, "SELECT chunk FROM postings")) >= 1

    with Memory.open(imported, read_only=True) as a, Memory.open(built, read_only=True) as b:
        for mt in rng.sample(mts, 60):
            words = mt.split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            query = " ".join(words)
            ours = [(m.score, m.kind, m.mt, m.target, m.segment_id) for m in a.lookup(query)]
            theirs = [(m.score, m.kind, m.mt, m.target, m.segment_id) for m in b.lookup(query)]
            assert ours == theirs and ours, query
