"""Learning glossary entries from what translators corrected (``glossary suggest``).

Evidence: for every segment a translator changed (``typing``, ``import`` or ``replace-all``
events; changes made by the glossary itself, undo/redo and reverts do not count), the text
before the translator's first change and the final target. Segments nobody changed count
too: there the MT was left alone.

1. **Word diff.** Both texts are split into words, numbers and punctuation and aligned with
   :class:`difflib.SequenceMatcher`, where only content words can anchor the alignment (a
   shared "and", "the" or comma cannot tie two unrelated phrases together).
2. **Phrases.** Each changed stretch is cut into candidate phrase pairs at the words both
   sides share, by difflib's alignment and by every other alignment as good ("orbital
   ships and automobile fields" → "rail transit and shipbuilding, and automotive sectors"
   gives "orbital ships" → "rail transit and shipbuilding" as well as → "rail transit"),
   trimmed of function words and punctuation at their edges. Next to an unchanged word a
   part may drop MT words up to a phrase boundary ("the export of thick" → "its heavy"
   before "plate" gives "thick" → "heavy"), and a one-word change grows by the unchanged
   content word on either side to the phrase it sits in ("thick plate" → "heavy plate").
   Parts only such a guess gives are marked, for step 4.
3. **Filter.** A phrase with no content word on the MT side (only function words,
   punctuation or numbers), a change that touches no content word ("he" → "He", "the" →
   "its"), a sentence start capitalised, or a phrase running across a comma the correction
   dropped is not a candidate.
4. **Count and merge.** A pair's ``count`` is the number of segments where it was made
   (compared as the engine compares: NFC, case-folded; a change of capitals only is its own
   case-sensitive pair). The same correction seen with different neighbours is one
   suggestion: a pair holding another that was made in more segments goes ("export of
   thick plate" beside "thick plate"); of two nested pairs made in the same segments the
   longer, one phrase, stays ("thick plate" over "thick", "important weapon of the
   country" → "pillar of the nation" over "country" → "nation"), unless it only adds words
   deleted across a function word ("country in the field" → "nation") and the shorter is
   not a mere guess; of two pairs over the same MT words in the same segments, the one the
   alignment gave whole stays over a guess.
5. **Rank.** ``consistency`` = segments where the MT phrase was corrected this way / all
   segments whose MT has the phrase (corrected this way, otherwise, or left alone; one
   Aho-Corasick scan). One correction per MT phrase (the most frequent); best first by
   count, then consistency.

Function words are English (the shipped glossaries' target language); for other target
languages punctuation and numbers are still filtered.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

import ahocorasick

from workbench.core.edits import EditEvent
from workbench.core.glossary.keys import match_key

TRANSLATOR_ORIGINS = {"typing", "import", "replace-all"}
MAX_WORDS = 6  # longest MT phrase suggested
MAX_GROWTH = 1  # unchanged content words a one-word change grows by on each side
MAX_SPLITS = 10  # shared function words/punctuation a changed stretch is cut at

_FUNCTION_WORDS = """a about above after again against all also am an and another any are as
at be because been before being below between both but by can could did do does doing down
during each either else ever every few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just least less many may me might
mine more most much must my myself neither no nor not of off on once one only onto or other
others our ours ourselves out over own per same shall she should since so some such than that
the their theirs them themselves then there these they this those though through thus to too
toward towards under until up upon us very via was we were what whatever when where whether
which while who whom whose why will with within without would yet you your yours yourself
s t d ll m re ve"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())  # closed-class English words
_TOKEN = re.compile(r"\w+(?:-\w+)*|[^\w\s]")
_SENTENCE_END = {".", "!", "?", "。", "！", "？"}

Kind = Literal["content", "function", "number", "punct"]


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    kind: Kind


def tokenize(text: str) -> list[Token]:
    """Words (hyphenated words whole), numbers (digits with at most a short unit glued on)
    and punctuation marks, with their spans."""
    out = []
    for m in _TOKEN.finditer(text):
        t = m.group()
        kind: Kind
        if not t[0].isalnum() and t[0] != "_":
            kind = "punct"
        elif t[0].isdigit() and sum(c.isalpha() for c in t) <= 3:
            kind = "number"  # 35, 1060, 18.5 (split at the dot), 26CST, 5G
        elif t.casefold() in FUNCTION_WORDS:
            kind = "function"
        else:
            kind = "content"
        out.append(Token(t, m.start(), m.end(), kind))
    return out


@dataclass(frozen=True)
class Example:
    """One segment where the correction was made: the texts and where the phrases are."""

    project: str
    segment_id: str
    before: str
    after: str
    mt_span: tuple[int, int] = (0, 0)
    correct_span: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Suggestion:
    mt: str
    correct: str
    count: int  # segments where mt was corrected this way
    consistency: float  # count / segments whose MT has the phrase
    examples: tuple[Example, ...]
    seen: int = 0  # segments whose MT has the phrase
    case_sensitive: bool = False  # a change of capitals only


@dataclass(frozen=True)
class SegmentText:
    """One segment of the corpus: the text the translator started from and the final one
    (equal where nobody changed it)."""

    project: str
    segment_id: str
    before: str
    after: str


def segment_changes(events: Sequence[EditEvent]) -> dict[str, tuple[str, str]]:
    """Per segment: (text before the first translator change, final text)."""
    first: dict[str, str] = {}
    final: dict[str, str] = {}
    for e in sorted(events, key=lambda e: e.seq):
        if e.origin in TRANSLATOR_ORIGINS and e.segment_id not in first:
            first[e.segment_id] = e.before
        if e.segment_id in first:
            final[e.segment_id] = e.after
    return {sid: (first[sid], final[sid]) for sid in first}


def corpus_of(
    project: str, events: Sequence[EditEvent], targets: Iterable[tuple[str, str]] = ()
) -> list[SegmentText]:
    """A project's segments as evidence: the changed ones from the edit log, the others
    (``targets``: segment id and current text) as left alone."""
    changes = segment_changes(events)
    out = [SegmentText(project, sid, b, a) for sid, (b, a) in changes.items()]
    out += [SegmentText(project, sid, t, t) for sid, t in targets if sid not in changes]
    return out


# --- candidate pairs of one segment --------------------------------------------------------
@dataclass(frozen=True)
class _Pair:
    mt: str
    correct: str
    mt_span: tuple[int, int]
    correct_span: tuple[int, int]
    words: int
    edge: bool = False  # only ever a guessed edge of a change (see _pieces)


def _same_content(x: Token, y: Token) -> bool:
    return x.text == y.text and x.kind == "content"


def _boundary(tok: Token) -> bool:
    """A phrase boundary: a function word or a punctuation mark."""
    return tok.kind in ("function", "punct")


def _anchor(tok: Token) -> bool:
    return tok.kind == "content"


def _regions(a: list[Token], b: list[Token]) -> list[tuple[int, int, int, int]]:
    """The changed stretches of the alignment (only content words anchor it)."""
    keys_a = [t.text for t in a]
    keys_b = [t.text for t in b]
    junk = {t.text for t in b if not _anchor(t)}
    matcher = SequenceMatcher(lambda x: x in junk, keys_a, keys_b, autojunk=False)
    regions: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if regions and regions[-1][1] == i1 and regions[-1][3] == j1:
            regions[-1] = (regions[-1][0], i2, regions[-1][2], j2)
        else:
            regions.append((i1, i2, j1, j2))
    return regions


def _matches(
    a: list[Token], b: list[Token], i1: int, i2: int, j1: int, j2: int
) -> list[tuple[int, int]]:
    """The token pairs difflib aligns between ``a[i1:i2]`` and ``b[j1:j2]`` (case-folded)."""
    matcher = SequenceMatcher(
        None,
        [t.text.casefold() for t in a[i1:i2]],
        [t.text.casefold() for t in b[j1:j2]],
        autojunk=False,
    )
    return [
        (i1 + m.a + k, j1 + m.b + k) for m in matcher.get_matching_blocks() for k in range(m.size)
    ]


def _alignments(
    a: list[Token], b: list[Token], region: tuple[int, int, int, int]
) -> list[list[tuple[int, int]]]:
    """Ways to align the words both sides of a changed stretch share: difflib's first, then
    for every shared word the alignment through it (completed by difflib on either side)
    that matches as many words. "orbital ships and automobile fields" against "rail
    transit and shipbuilding, and automotive sectors" has two: its "and" with either "and"."""
    i1, i2, j1, j2 = region
    shared = [
        (i, j)
        for i in range(i1, i2)
        for j in range(j1, j2)
        if a[i].text.casefold() == b[j].text.casefold()
    ][: MAX_SPLITS * 3]
    first = _matches(a, b, i1, i2, j1, j2)
    found = [first]
    for i, j in shared:
        other = [*_matches(a, b, i1, i, j1, j), (i, j), *_matches(a, b, i + 1, i2, j + 1, j2)]
        if len(other) >= len(first) and other not in found:
            found.append(other)
    return found


def _pieces(
    a: list[Token], b: list[Token], region: tuple[int, int, int, int]
) -> dict[tuple[int, int, int, int], bool]:
    """The region and its parts between the words both sides share, by each alignment, and
    for a short part the phrase of it next to an unchanged neighbour ("the export of thick"
    -> "its heavy" before "plate" also gives "thick" -> "its heavy"). Parts only another
    alignment than difflib's or only such an edge gives are marked ``True``: guesses the
    corpus has to confirm."""
    i1, i2, j1, j2 = region
    found: dict[tuple[int, int, int, int], bool] = {}
    minimal: set[tuple[int, int, int, int]] = set()
    for n, alignment in enumerate(_alignments(a, b, region)):
        starts = [(i1, j1), *((i + 1, j + 1) for i, j in alignment)]
        ends = [(i2, j2), *alignment]
        for si, sj in starts:
            for ei, ej in ends:
                if si <= ei and sj <= ej and (si, sj) != (ei, ej):
                    piece = (si, ei, sj, ej)
                    found[piece] = found.get(piece, True) and n > 0
                    if not any(si <= i < ei or sj <= j < ej for i, j in alignment):
                        minimal.add(piece)
    for si, ei, sj, ej in minimal:
        if max(ei - si, ej - sj) > MAX_WORDS:
            continue
        # MT words dropped before a change that ends at an unchanged word, cut at a phrase
        # boundary: "the export of [thick]" -> "its [heavy]" before "plate"
        edges: list[tuple[int, int, int, int]] = []
        if ei < len(a) and ej < len(b) and _same_content(a[ei], b[ej]):
            edges += [(x, ei, sj, ej) for x in range(si + 1, ei) if _boundary(a[x - 1])]
        if si > 0 and sj > 0 and _same_content(a[si - 1], b[sj - 1]):
            edges += [(si, x, sj, ej) for x in range(si + 1, ei) if _boundary(a[x])]
        for e in edges:
            found.setdefault(e, True)
    return found


def _trim(toks: list[Token], lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and toks[lo].kind in ("function", "punct"):
        lo += 1
    while hi > lo and toks[hi - 1].kind in ("function", "punct"):
        hi -= 1
    return lo, hi


def _grow(
    a: list[Token], b: list[Token], piece: tuple[int, int, int, int]
) -> list[tuple[int, int, int, int]]:
    """A one-word change grown over unchanged neighbouring content words (0..MAX_GROWTH a
    side): "thick" -> "heavy" in "thick plate" is "thick plate" -> "heavy plate"; a change of
    several words is a phrase already."""
    si, ei, sj, ej = piece
    if ei - si > 1:
        return [piece]
    left = 0
    while (
        left < MAX_GROWTH
        and min(si, sj) - left - 1 >= 0
        and _same_content(a[si - left - 1], b[sj - left - 1])
    ):
        left += 1
    right = 0
    while (
        right < MAX_GROWTH
        and ei + right < len(a)
        and ej + right < len(b)
        and _same_content(a[ei + right], b[ej + right])
    ):
        right += 1
    return [(si - x, ei + y, sj - x, ej + y) for x in range(left + 1) for y in range(right + 1)]


def _changes_content(a: list[Token], b: list[Token], piece: tuple[int, int, int, int]) -> bool:
    si, ei, sj, ej = piece
    return any(t.kind == "content" for t in (*a[si:ei], *b[sj:ej]))


def candidate_pairs(before: str, after: str) -> list[_Pair]:
    """Every phrase pair one segment's correction may stand for."""
    a, b = tokenize(before), tokenize(after)
    found: dict[tuple[int, int, int, int], bool] = {}
    for region in _regions(a, b):
        for piece, edge in _pieces(a, b, region).items():
            si, ei = _trim(a, piece[0], piece[1])
            sj, ej = _trim(b, piece[2], piece[3])
            core = (si, ei, sj, ej)
            if si == ei or sj == ej or not _changes_content(a, b, core):
                continue
            for grown in _grow(a, b, core):
                found[grown] = found.get(grown, True) and edge
    out = []
    for grown, edge in sorted(found.items()):
        pair = _pair(before, after, a, b, grown)
        if pair is not None:
            out.append(dataclasses.replace(pair, edge=edge))
    return out


def _pair(
    before: str, after: str, a: list[Token], b: list[Token], piece: tuple[int, int, int, int]
) -> _Pair | None:
    si, ei, sj, ej = piece
    words = sum(1 for t in a[si:ei] if t.kind != "punct")
    if words > MAX_WORDS or not any(t.kind == "content" for t in a[si:ei]):
        return None
    mt_span = (a[si].start, a[ei - 1].end)
    correct_span = (b[sj].start, b[ej - 1].end)
    mt = before[mt_span[0] : mt_span[1]]
    correct = after[correct_span[0] : correct_span[1]]
    if mt == correct or "\n" in mt or "\n" in correct:
        return None
    if match_key(mt) == match_key(correct) and _capital_only_at_start(a, b, piece, mt, correct):
        return None
    if _inner_punctuation(a[si:ei]) - _inner_punctuation(b[sj:ej]):
        return None  # a phrase does not run across a comma the correction dropped
    return _Pair(mt, correct, mt_span, correct_span, words)


def _capital_only_at_start(
    a: list[Token], b: list[Token], piece: tuple[int, int, int, int], mt: str, correct: str
) -> bool:
    """A sentence start (capitalised or no longer one): not glossary material."""
    si, _, sj, _ = piece
    at_start = si == 0 or a[si - 1].text in _SENTENCE_END
    at_start = at_start or sj == 0 or b[sj - 1].text in _SENTENCE_END
    return at_start and mt[1:] == correct[1:] and mt[:1].upper() == correct[:1].upper()


def _inner_punctuation(toks: list[Token]) -> set[str]:
    return {t.text for t in toks if t.kind == "punct"}


def replaced_phrases(before: str, after: str) -> list[tuple[str, str]]:
    """The candidate pairs of one correction as (MT phrase, correction) texts."""
    return [(p.mt, p.correct) for p in candidate_pairs(before, after)]


def in_context(text: str, span: tuple[int, int], width: int = 40) -> str:
    """``text`` around ``span``, the phrase in «»: "…from aviation, «orbital ships» and…"."""
    start, end = span
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    if start > width:
        left = "…" + left.split(" ", 1)[-1] if " " in left else "…" + left
    if end + width < len(text):
        right = right.rsplit(" ", 1)[0] + "…" if " " in right else right + "…"
    return f"{left}«{text[start:end]}»{right}"


# --- the corpus -----------------------------------------------------------------------------
Key = tuple[str, str]


@dataclass
class _Tally:
    examples: list[Example] = field(default_factory=list)
    segments: set[tuple[str, str]] = field(default_factory=set)
    spellings: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    words: int = 0
    case_sensitive: bool = False
    edge: bool = True  # no segment gave it but as a guessed edge


def _key(mt: str, correct: str) -> tuple[Key, bool]:
    """How a pair is counted: case-folded, unless only the capitals changed."""
    km, kc = match_key(mt), match_key(correct)
    if km == kc:
        return (mt, correct), True
    return (km, kc), False


def _contains(outer: str, inner: str) -> bool:
    """``inner`` inside ``outer`` as whole words."""
    return re.search(rf"(?<!\w){re.escape(inner)}(?!\w)", outer) is not None


def _word_edge(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


def _segments_with(
    phrases: set[tuple[str, bool]], texts: Sequence[str]
) -> dict[tuple[str, bool], int]:
    """In how many texts each phrase occurs as whole words (case-folded, or as written for
    the case-sensitive ones): one Aho-Corasick scan per text however many phrases."""
    counts: dict[tuple[str, bool], int] = dict.fromkeys(phrases, 0)
    folded = {match_key(p) for p, cs in phrases if not cs and p}
    if folded:
        automaton = ahocorasick.Automaton()
        for phrase in folded:
            automaton.add_word(phrase, phrase)
        automaton.make_automaton()
        for text in texts:
            key = match_key(text)
            found = {
                phrase
                for end, phrase in automaton.iter(key)
                if _word_edge(key, end - len(phrase) + 1, end + 1)
            }
            for phrase in found:
                counts[(phrase, False)] += 1
    for phrase, cs in phrases:
        if cs:
            counts[(phrase, cs)] = sum(1 for text in texts if _contains(text, phrase))
    return counts


def mine(
    corpus: Iterable[SegmentText],
    *,
    min_count: int = 2,
    min_consistency: float = 0.0,
    known: Iterable[tuple[str, str]] = (),
) -> list[Suggestion]:
    """Suggestions from a corpus of segments, best first. ``known`` (pattern, correction)
    pairs of existing glossaries are left out, with any pair that is one of them with
    neighbours."""
    segments = list(corpus)
    tallies: dict[Key, _Tally] = defaultdict(_Tally)
    for seg in segments:
        if seg.before == seg.after:
            continue
        for p in candidate_pairs(seg.before, seg.after):
            key, case_sensitive = _key(p.mt, p.correct)
            t = tallies[key]
            where = (seg.project, seg.segment_id)
            if where in t.segments:
                continue
            t.segments.add(where)
            t.examples.append(
                Example(
                    seg.project, seg.segment_id, seg.before, seg.after, p.mt_span, p.correct_span
                )
            )
            t.spellings[(p.mt, p.correct)] += 1
            t.words = p.words
            t.case_sensitive = case_sensitive
            t.edge = t.edge and p.edge
    kept = {k: t for k, t in tallies.items() if len(t.segments) >= min_count}
    kept = _without_known(_competing(_merge_nested(kept)), known)
    occurrences = _segments_with(
        {(k[0], t.case_sensitive) for k, t in kept.items()}, [s.before for s in segments]
    )
    out = []
    for key, t in kept.items():
        seen = max(occurrences[(key[0], t.case_sensitive)], len(t.segments))
        mt, correct = max(
            t.spellings,
            key=lambda sp: (sp[0][:1].islower() == sp[1][:1].islower(), t.spellings[sp], sp[0]),
        )
        out.append(
            Suggestion(
                mt=mt,
                correct=correct,
                count=len(t.segments),
                consistency=len(t.segments) / seen,
                examples=tuple(t.examples),
                seen=seen,
                case_sensitive=t.case_sensitive,
            )
        )
    out = [s for s in out if s.consistency >= min_consistency]
    return _one_per_phrase(out)


def _merge_nested(tallies: dict[Key, _Tally]) -> dict[Key, _Tally]:
    """One suggestion for a correction seen with different neighbours: a pair holding
    another that was made in more segments goes ("export of thick plate" -> "heavy plate"
    beside "thick plate" -> "heavy plate"); of two nested pairs made in the same segments
    the longer stays ("thick plate" over "thick", "important weapon of the country" ->
    "pillar of the nation" over "country" -> "nation") unless it only adds deleted or
    inserted words."""
    by_mt: dict[str, list[Key]] = defaultdict(list)
    for key in tallies:
        by_mt[match_key(key[0])].append(key)
    dropped: set[Key] = set()
    for outer in tallies:
        toks = tokenize(outer[0])
        for i in range(len(toks)):
            for j in range(i, len(toks)):
                part = match_key(outer[0][toks[i].start : toks[j].end])
                for inner in by_mt.get(part, ()):
                    if inner == outer:
                        continue
                    balanced = _balanced_extension(inner, outer)
                    if balanced is None:
                        continue
                    t_in, t_out = tallies[inner], tallies[outer]
                    s_in, s_out = t_in.segments, t_out.segments
                    if s_out < s_in:
                        dropped.add(outer)
                    elif s_in == s_out and (balanced or (t_in.edge and not t_out.edge)):
                        dropped.add(inner)
                    elif s_in == s_out:
                        dropped.add(outer)
    return {k: t for k, t in tallies.items() if k not in dropped}


def _competing(tallies: dict[Key, _Tally]) -> dict[Key, _Tally]:
    """Two pairs made in the same segments over the same MT words explain the same edits
    two ways: the one an alignment gave whole stays over a guessed edge, else the longer."""
    groups: dict[frozenset[tuple[str, str]], list[Key]] = defaultdict(list)
    for key, t in tallies.items():
        groups[frozenset(t.segments)].append(key)
    dropped: set[Key] = set()
    for keys in groups.values():
        for i, k1 in enumerate(keys):
            for k2 in keys[i + 1 :]:
                if not _overlap(tallies[k1], tallies[k2]):
                    continue
                rank = {k: (not tallies[k].edge, tallies[k].words) for k in (k1, k2)}
                if rank[k1] != rank[k2]:
                    dropped.add(min(k1, k2, key=lambda k: rank[k]))
    return {k: t for k, t in tallies.items() if k not in dropped}


def _overlap(t1: _Tally, t2: _Tally) -> bool:
    spans = {(e.project, e.segment_id): e.mt_span for e in t1.examples}
    return all(
        e.mt_span[0] < spans[(e.project, e.segment_id)][1]
        and spans[(e.project, e.segment_id)][0] < e.mt_span[1]
        for e in t2.examples
    )


def _balanced_extension(inner: Key, outer: Key) -> bool | None:
    """Whether ``outer`` holds ``inner`` on both sides (``None``: it does not), and whether
    it is one phrase rather than ``inner`` plus something else: what it adds has content
    words on both sides ("important weapon of the country" -> "pillar of the nation" around
    "country" -> "nation", or the same unchanged words) or on neither, or it adds words on
    one side only within the same phrase ("orbital ships" around "ships"), not across a
    function word ("country in the field" -> "nation" around "country" -> "nation")."""
    (im, ic), (om, oc) = inner, outer
    if not (_contains(om, im) and _contains(oc, ic)):
        return None
    m, c = om.find(im), oc.find(ic)
    extras = [
        (tokenize(om[:m]), tokenize(om[m + len(im) :])),
        (tokenize(oc[:c]), tokenize(oc[c + len(ic) :])),
    ]
    has = [any(t.kind == "content" for t in left + right) for left, right in extras]
    if has[0] == has[1]:
        return True
    left, right = extras[0] if has[0] else extras[1]
    return not ((left and _boundary(left[-1])) or (right and _boundary(right[0])))


def _without_known(
    tallies: dict[Key, _Tally], known: Iterable[tuple[str, str]]
) -> dict[Key, _Tally]:
    pairs = [(match_key(p), match_key(c)) for p, c in known]
    exact = {p for p, _ in pairs}

    def covered(key: Key) -> bool:
        mt, correct = match_key(key[0]), match_key(key[1])
        return mt in exact or any(_contains(mt, p) and c in correct for p, c in pairs)

    return {k: t for k, t in tallies.items() if not covered(k)}


def _shape(s: Suggestion) -> int:
    """How many function words the MT phrase and its correction share (a tie-break:
    "important weapon of the country" -> "pillar of the nation" over -> "pillar")."""
    mt = {t.text.casefold() for t in tokenize(s.mt) if t.kind == "function"}
    return len(mt & {t.text.casefold() for t in tokenize(s.correct) if t.kind == "function"})


def _one_per_phrase(suggestions: list[Suggestion]) -> list[Suggestion]:
    """A glossary corrects an MT phrase one way: the most frequent correction of each."""
    ranked = sorted(
        suggestions, key=lambda s: (-s.count, -s.consistency, -_shape(s), len(s.correct), s.mt)
    )
    best: dict[str, Suggestion] = {}
    for s in ranked:
        best.setdefault(s.mt if s.case_sensitive else match_key(s.mt), s)
    return sorted(best.values(), key=lambda s: (-s.count, -s.consistency, s.mt.casefold()))
