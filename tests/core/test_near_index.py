"""Near misses through the index equal the brute force: every n-gram scored against
every pattern with ``rapidfuzz.process.cdist`` (the engine's implementation before the index,
kept here as the reference)."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from workbench.core.glossary import near
from workbench.core.glossary.engine import GlossaryEngine, Hit, follow_case
from workbench.core.glossary.keys import match_key, strip_punct
from workbench.core.glossary.load import load_glossaries
from workbench.core.glossary.model import Entry
from workbench.core.glossary.near import NearIndex, feasible

ROOT = Path(__file__).resolve().parents[2]
_WORDS = re.compile(r"\S+")


def reference_near_misses(
    engine: GlossaryEngine, text: str, min_score: float = 85.0
) -> tuple[Hit, ...]:
    """The brute-force definition (the engine's code before the index)."""
    by_length: dict[int, tuple[list[str], list[Entry]]] = {}
    for entry in engine.entries:
        for pattern in entry.patterns:
            if len(pattern) >= 4:
                group = by_length.setdefault(len(pattern.split()), ([], []))
                group[0].append(match_key(pattern))
                group[1].append(entry)
    if not by_length:
        return ()
    exact = engine.find(text)
    words = [(m.start(), m.end()) for m in _WORDS.finditer(text)]
    found: list[tuple[float, int, int, Entry]] = []
    for n, (patterns, owners) in by_length.items():
        grams = [
            (words[i][0], words[i + n - 1][1])
            for i in range(len(words) - n + 1)
            if not any(words[i][0] < h.end and h.start < words[i + n - 1][1] for h in exact)
        ]
        if not grams:
            continue
        cores = [strip_punct(text[s:e]) for s, e in grams]
        matrix = process.cdist(
            [c.casefold() for c in cores], patterns, scorer=fuzz.ratio, score_cutoff=min_score
        )
        for gi, row in enumerate(matrix):
            best = int(row.argmax())
            score = float(row[best])
            if score < min_score or score >= 100.0 or not cores[gi]:
                continue
            entry = owners[best]
            core = cores[gi]
            if entry.correction.casefold() in core.casefold():
                continue
            offset = text.index(core, grams[gi][0])
            found.append((score, offset, offset + len(core), entry))
    found.sort(key=lambda f: (-f[0], f[1], -(f[2] - f[1])))
    chosen: list[Hit] = []
    for score, s, e, entry in found:
        if any(s < h.end and h.start < e for h in chosen):
            continue
        matched = text[s:e]
        chosen.append(
            Hit(s, e, matched, follow_case(matched, entry.correction), entry, "near", score)
        )
    return tuple(sorted(chosen, key=lambda h: h.start))


# --- generated glossaries and texts with near variants -------------------------------------
SYLLABLES = ["or", "bi", "tal", "ship", "al", "u", "mi", "num", "ra", "il", "sea", "é", "İ", "ß"]
word = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map("".join)
phrase = st.lists(word, min_size=1, max_size=4).map(" ".join)


def _variant(draw: st.DrawFn, text: str) -> str:
    """A near variant: a typo, a plural s, a missing or doubled letter, other case."""
    if not text:
        return text
    i = draw(st.integers(0, len(text) - 1))
    op = draw(st.sampled_from(["drop", "double", "plural", "swap", "upper", "same", "punct"]))
    if op == "drop":
        return text[:i] + text[i + 1 :]
    if op == "double":
        return text[:i] + text[i] + text[i:]
    if op == "plural":
        return text + "s"
    if op == "swap":
        return text[:i] + draw(st.sampled_from("aeiouxs")) + text[i + 1 :]
    if op == "upper":
        return text.upper()
    if op == "punct":
        return f'"{text},'
    return text


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[Entry], str, float]:
    patterns = draw(st.lists(phrase, min_size=1, max_size=12))
    entries = [
        Entry(
            key=f"g:{i}",
            kind="fix",
            patterns=(p,),
            correction=draw(st.sampled_from(["fixed", "rail transit", p.split()[0], "x y"])),
            apply=draw(st.sampled_from(["auto", "suggest"])),
        )
        for i, p in enumerate(patterns)
    ]
    pieces = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            pieces.append(_variant(draw, draw(st.sampled_from(patterns))))
        else:
            pieces.append(draw(phrase))
        pieces.append(
            draw(
                st.sampled_from(
                    [" ", ", ", ". ", "  ", " (", ") ", "\n", "\u00a0", "\t ", "\u3000", "\x1f"]
                )
            )
        )
    cutoff = draw(st.sampled_from([85.0, 85.0, 70.0, 90.0, 60.5]))
    return entries, "".join(pieces), cutoff


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_index_equals_brute_force(case: tuple[list[Entry], str, float]) -> None:
    entries, text, cutoff = case
    engine = GlossaryEngine(entries)
    expected = reference_near_misses(engine, text, cutoff)
    assert engine.near_misses(text, min_score=cutoff) == expected
    # and again from the engine's memory of scored n-grams, and in a batch with others
    batch = [text, "", text.upper(), text]
    assert engine.near_misses_many(batch, min_score=cutoff) == [
        reference_near_misses(engine, t, cutoff) for t in batch
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdeß İ", min_size=0, max_size=12), min_size=1, max_size=8),
    st.lists(st.text(alphabet="abcdeß İ", min_size=0, max_size=14), min_size=1, max_size=8),
    st.sampled_from([50.0, 72.5, 85.0, 99.0, 100.0]),
)
def test_index_best_equals_cdist_argmax(
    patterns: list[str], queries: list[str], cutoff: float
) -> None:
    index = NearIndex(patterns, cutoff)
    matrix = process.cdist(queries, patterns, scorer=fuzz.ratio, score_cutoff=cutoff)
    found = index.best(queries)
    for query, row, best in zip(queries, matrix, found, strict=True):
        top = int(row.argmax())
        if float(row[top]) < cutoff:
            assert best is None, query
        else:
            assert best == (float(row[top]), top), query


@given(st.text(alphabet="abcdeß İ-", max_size=30), st.text(alphabet="abcdeß İ-", max_size=30))
def test_the_bag_bound_is_never_below_the_lcs(a: str, b: str) -> None:
    """The filter's bound (thermometer codes multiplied) is the characters two strings share,
    counted with multiplicity, and never below their longest common subsequence; two strings
    that reach the cutoff have lengths it calls feasible."""
    index = NearIndex([b], 85.0)
    bag = float((index._thermometer(index._counts([a])) @ index._codes[:, :-2].T)[0, 0])
    shared = sum((Counter(a) & Counter(b)).values())
    assert bag == shared
    lcs = round(fuzz.ratio(a, b) * (len(a) + len(b)) / 200) if a or b else 0
    assert lcs <= bag
    if fuzz.ratio(a, b) >= 85.0:
        assert feasible(len(a), len(b), 85.0)


def test_characters_beyond_the_own_fields_share_one() -> None:
    """With more distinct characters than fields, the rest share a field: the bound is then
    higher than the shared count, never lower, and the index still equals the brute force."""
    letters = [chr(0x400 + i) for i in range(60)]  # Cyrillic: 60 distinct characters
    patterns = ["".join(letters[(i * 7 + k) % 60] for k in range(12)) for i in range(40)]
    queries = [p[:5] + "x" + p[6:] for p in patterns] + ["".join(letters[:12])]
    index = NearIndex(patterns, 85.0)
    matrix = process.cdist(queries, patterns, scorer=fuzz.ratio, score_cutoff=85.0)
    expected = [
        (float(row[int(row.argmax())]), int(row.argmax())) if row.max() >= 85.0 else None
        for row in matrix
    ]
    assert index.best(queries) == expected
    assert any(expected)


def test_shipped_glossary_on_the_test_articles() -> None:
    engine = GlossaryEngine(load_glossaries([ROOT / "glossaries"]).entries)
    texts: list[str] = []
    for name in ("metals-news.mt.txt", "metals-news.pe.txt", "chinalco-demo.pe.txt"):
        texts.extend(line for line in (ROOT / "tests/data" / name).read_text().splitlines())
    texts.extend((ROOT / "samples/chinalco-demo.mt.txt").read_text().splitlines())
    texts.append("The orbit ships and orbital shipss of Southwest Aluminium, an important weapn")
    expected = [reference_near_misses(engine, t) for t in texts]
    assert any(expected), "the articles hold near misses"
    assert engine.near_misses_many(texts) == expected
    assert [engine.near_misses(t) for t in texts] == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdeß İ", min_size=0, max_size=12), min_size=1, max_size=30),
    st.lists(st.text(alphabet="abcdeß İ", min_size=0, max_size=14), min_size=1, max_size=40),
    st.sampled_from([50.0, 72.5, 85.0, 99.0, 100.0]),
)
def test_blocks_of_queries_equal_cdist_argmax(
    patterns: list[str], queries: list[str], cutoff: float
) -> None:
    """A large batch is cut into blocks (one length, close counts of the half's characters),
    each multiplied with only the patterns it can reach: the same best patterns as scoring
    every pattern."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(near, "_BLOCK", 0)  # every batch in blocks, however few its queries
        found = NearIndex(patterns, cutoff).best(queries)
    matrix = process.cdist(queries, patterns, scorer=fuzz.ratio, score_cutoff=cutoff)
    for query, row, best in zip(queries, matrix, found, strict=True):
        top = int(row.argmax())
        if float(row[top]) < cutoff:
            assert best is None, query
        else:
            assert best == (float(row[top]), top), query


def test_a_large_batch_of_random_words_equals_cdist_argmax() -> None:
    """Word n-grams of a random vocabulary (the bench's case), near variants among them, in
    one batch large enough for blocks: the same best patterns as scoring every pattern."""
    rng = random.Random(5)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9)))
                  for _ in range(400)]  # fmt: skip
    patterns = [" ".join(rng.sample(vocabulary, 2)) for _ in range(300)]
    queries = [" ".join(rng.sample(vocabulary, 2)) for _ in range(3000)]
    for pattern in rng.sample(patterns, 200):  # a letter dropped, doubled or changed
        i = rng.randrange(len(pattern))
        queries.append(
            rng.choice(
                [
                    pattern[:i] + pattern[i + 1 :],
                    pattern[:i] + pattern[i:],
                    pattern + "s",
                    pattern[:i] + rng.choice("aeiou") + pattern[i + 1 :],
                ]
            )
        )
    found = NearIndex(patterns, 85.0).best(queries)
    matrix = process.cdist(queries, patterns, scorer=fuzz.ratio, score_cutoff=85.0)
    expected = [
        (float(row[int(row.argmax())]), int(row.argmax())) if row.max() >= 85.0 else None
        for row in matrix
    ]
    assert found == expected
    assert sum(e is not None for e in expected) >= 150
