"""The glossary engine: its matching rules (README, "Matching"), as examples and as properties."""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workbench.core.glossary.engine import GlossaryEngine, follow_case, is_word_char
from workbench.core.glossary.model import Entry


def fix(mt: str | tuple[str, ...], correct: str, apply: str = "auto", cs: bool = False) -> Entry:
    patterns = (mt,) if isinstance(mt, str) else mt
    return Entry(
        key=f"g:{patterns[0]}",
        kind="fix",
        patterns=patterns,
        correction=correct,
        apply="auto" if apply == "auto" else "suggest",
        case_sensitive=cs,
    )


ORBITAL = fix("orbital ships", "rail transit and shipbuilding")


def test_sample_error_is_fixed_and_reported_with_span() -> None:
    engine = GlossaryEngine([ORBITAL])
    text = "applications in aerospace, orbital ships, automobile lightweight"
    result = engine.apply_auto(text)
    assert (
        result.text
        == "applications in aerospace, rail transit and shipbuilding, automobile lightweight"
    )
    (hit,) = result.applied
    assert text[hit.start : hit.end] == "orbital ships"


def test_whole_words_only_unicode_aware() -> None:
    engine = GlossaryEngine(
        [fix("café", "coffee shop"), fix("naïve", "simple"), fix("C++", "C plus plus")]
    )
    assert engine.apply_auto("cafés and café, naïveté or naïve. C++ and C++11").text == (
        "cafés and coffee shop, naïveté or simple. C plus plus and C++11"
    )


def test_leftmost_longest_and_suggest_not_applied() -> None:
    engine = GlossaryEngine(
        [fix("orbital", "rail"), ORBITAL, fix("ships", "vessels", apply="suggest")]
    )
    hits = engine.find("orbital ships and ships")
    assert [(h.matched, h.kind) for h in hits] == [("orbital ships", "auto"), ("ships", "suggest")]
    assert (
        engine.apply_auto("orbital ships and ships").text
        == "rail transit and shipbuilding and ships"
    )


def test_case_follows_what_it_replaces() -> None:
    engine = GlossaryEngine([ORBITAL, fix("chinalco group", "Chinalco")])
    assert engine.apply_auto("Orbital ships. ORBITAL SHIPS. chinalco group").text == (
        "Rail transit and shipbuilding. RAIL TRANSIT AND SHIPBUILDING. Chinalco"
    )
    assert follow_case("SWA", "Southwest Aluminum") == "Southwest Aluminum"


def test_case_sensitive_entries_match_exact_case_only() -> None:
    engine = GlossaryEngine([fix("SWA", "Southwest Aluminum", cs=True)])
    assert engine.apply_auto("SWA and swa").text == "Southwest Aluminum and swa"


def test_spans_stay_right_when_folding_changes_length() -> None:
    engine = GlossaryEngine([fix("istanbul plant", "Istanbul mill"), ORBITAL])
    text = "İİ straße: orbital ships"  # İ folds to two characters, ß to two
    (hit,) = [h for h in engine.find(text) if h.entry is ORBITAL]
    assert text[hit.start : hit.end] == "orbital ships"
    nfd = unicodedata.normalize("NFD", "café orbital ships")
    engine2 = GlossaryEngine([fix("café", "bar")])
    (h2,) = engine2.find(nfd)
    assert nfd[h2.start : h2.end] == unicodedata.normalize("NFD", "café")


def test_near_misses_are_offered_never_applied() -> None:
    engine = GlossaryEngine([ORBITAL])
    text = "the orbit ships and the orbital shipss"
    near = engine.near_misses(text)
    assert [h.matched for h in near] == ["orbit ships", "orbital shipss"]
    assert all(h.kind == "near" and 85 <= h.score < 100 for h in near)
    assert engine.apply_auto(text).text == text
    assert engine.near_misses("rail transit and shipbuilding, orbital ships") == ()


WORDS = st.sampled_from(
    ["orbital", "ships", "home", "all-aluminum", "the", "Ships", "İ", "café", "x"]
)
PHRASES = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
SEPARATORS = st.sampled_from([" ", ", ", ". ", "\n", " (", ") ", "-"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, max_size=25))
    seps = draw(st.lists(SEPARATORS, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@st.composite
def glossaries(draw: st.DrawFn) -> list[Entry]:
    patterns = draw(st.lists(PHRASES, min_size=1, max_size=5, unique_by=str.casefold))
    return [
        fix(p, f"fix{i}", apply=draw(st.sampled_from(["auto", "suggest"])))
        for i, p in enumerate(patterns)
    ]


@settings(max_examples=200, deadline=None)
@given(glossaries(), texts())
def test_hits_never_overlap_and_are_whole_words(entries: list[Entry], text: str) -> None:
    hits = GlossaryEngine(entries).find(text)
    for a, b in itertools.pairwise(hits):
        assert a.end <= b.start
    for h in hits:
        assert text[h.start : h.end] == h.matched
        assert h.matched.casefold() in {p.casefold() for e in entries for p in e.patterns}
        assert h.start == 0 or not is_word_char(text[h.start - 1])
        assert h.end == len(text) or not is_word_char(text[h.end])


@settings(max_examples=200, deadline=None)
@given(glossaries(), texts())
def test_apply_is_idempotent_and_leaves_the_rest_alone(entries: list[Entry], text: str) -> None:
    engine = GlossaryEngine(entries)
    once = engine.apply_auto(text)
    # corrections ("fixN") contain no pattern, so a second pass changes nothing
    assert engine.apply_auto(once.text).text == once.text
    # outside the hits the text is untouched
    pos = 0
    rebuilt = []
    for h in once.applied:
        rebuilt.append(text[pos : h.start])
        rebuilt.append(h.replacement)
        pos = h.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == once.text


@settings(max_examples=150, deadline=None)
@given(PHRASES, st.sampled_from([str.upper, str.lower, str.title, str.capitalize]), texts())
def test_found_in_any_casing(pattern: str, casing: object, prefix: str) -> None:
    assume(pattern.strip())
    variant = casing(pattern)  # type: ignore[operator]
    text = prefix + " " + variant + " end"
    hits = GlossaryEngine([fix(pattern, "zz")]).find(text)
    assert any(h.matched == variant for h in hits) or any(
        h.start < len(prefix) + 1 + len(variant) and h.end > len(prefix) + 1 for h in hits
    )


def test_inline_codes_are_ignored_by_matching_and_kept_by_pre_editing() -> None:
    """A tag inside "orbital ⟨1⟩ships⟨/1⟩" does not hide the MT error; the fix keeps the
    tags (the ones inside the replaced words right after the correction)."""
    g_open, g_close = "\ue000", "\ue001"
    engine = GlossaryEngine([ORBITAL])
    around = f"in aerospace, {g_open}orbital ships{g_close}, cars"
    (hit,) = engine.find(around)
    assert around[hit.start : hit.end] == "orbital ships"  # the tags stay outside
    assert engine.apply_auto(around).text == (
        f"in aerospace, {g_open}rail transit and shipbuilding{g_close}, cars"
    )
    inside = f"in aerospace, orbital {g_open}ships{g_close}, cars"
    (hit,) = engine.find(inside)
    assert inside[hit.start : hit.end] == f"orbital {g_open}ships"
    fixed = engine.apply_auto(inside).text
    assert fixed == f"in aerospace, rail transit and shipbuilding{g_open}{g_close}, cars"
    assert engine.near_misses(f"the orbital {g_open}shipss") != ()
