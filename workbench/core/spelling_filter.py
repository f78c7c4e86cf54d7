"""Words a Hunspell dictionary surely does not have, told without asking Hunspell.

Hunspell takes about 50 µs to turn down a word, and QA asks it about every new word of a
text and about a dozen near variants of each misspelt one (the quick suggestions): on a text
of unusual words that is most of the time QA takes. Here a word is turned down in a few set
look-ups when it cannot be split as Hunspell would accept it at all:

    word = prefix + core + suffix

where ``prefix`` and ``suffix`` are what the dictionary's affix rules add (or nothing; two of
each where rules can be continued), and ``core`` is a dictionary stem less what a rule strips
from its start or end (or the whole stem). Flags, conditions and cases are ignored, so this
accepts more than Hunspell does, never less: a word it turns down Hunspell turns down too,
and every other word is still asked. A first test is cheaper still: every four characters in a
row of ``"^" + word + "$"`` must occur somewhere in such a split, in a part or across the
joins; nearly every string of random letters has four that cannot, and so have most of its
one-edit variants (:meth:`Possible.swaps_and_drops`). Dictionaries that compound words of
letters, convert input (``ICONV``) or ignore characters (``IGNORE``) get no filter
(:func:`load` returns None); so does a word that is not all letters.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

_COMPOUNDING = re.compile(
    r"^(?:COMPOUNDFLAG|COMPOUNDBEGIN|COMPOUNDMIDDLE|COMPOUNDEND|COMPOUNDFIRST|COMPOUNDLAST"
    r"|ICONV|IGNORE|FLAG|AF|AM)\b",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Possible:
    """The parts a word of the dictionary can be made of (all lower case)."""

    cores: frozenset[str]
    prefixes: frozenset[str]  # what prefix rules add, "" included
    suffixes: frozenset[str]  # what suffix rules add, "" included
    longest_prefix: int
    longest_suffix: int
    # every _SPAN characters in a row of "^" + prefix + core + suffix + "$"
    pieces: frozenset[str]

    def may_be_word(self, word: str) -> bool:
        """False only where the dictionary surely does not have ``word``."""
        if not word.isalpha():
            return True  # not told here: Hunspell is asked
        w = word.lower()
        marked = f"^{w}$"
        pieces = self.pieces
        for k in range(len(marked) - _SPAN + 1):
            if marked[k : k + _SPAN] not in pieces:
                return False
        n = len(w)
        cores = self.cores
        suffixes = self.suffixes
        for i in range(min(self.longest_prefix, n) + 1):
            if w[:i] not in self.prefixes:
                continue
            for j in range(n, max(i, n - self.longest_suffix) - 1, -1):
                if w[j:] in suffixes and w[i:j] in cores:
                    return True
        return False

    def swaps_and_drops(self, word: str) -> list[str]:
        """The variants of ``word`` (lower-case letters) with two neighbours swapped, then
        those with a letter dropped, each in the order of its place, less those with a
        piece no dictionary word has. Only the pieces an edit makes are looked at, and only
        edits that touch every such piece of ``word`` are made (an edit that leaves one
        whole leaves it in the variant)."""
        marked = f"^{word}$"
        pieces = self.pieces
        n = len(word)
        last_start = n + 2 - _SPAN  # of a piece of ``marked``
        bad = [k for k in range(last_start + 1) if marked[k : k + _SPAN] not in pieces]
        swaps, drops = range(n - 1), range(n)
        if bad:  # marked[k:k+4] is touched by a swap at k - 2 ... k + 2, a drop at k - 1 ... k + 2
            first, last = bad[0], bad[-1]
            swaps = range(max(0, last - 2), min(n - 1, first + _SPAN - 1))
            drops = range(max(0, last - 1), min(n, first + _SPAN - 1))
        out = []
        for i in swaps:  # marked[i + 1] and marked[i + 2] change places
            v = marked[: i + 1] + marked[i + 2] + marked[i + 1] + marked[i + 3 :]
            made = range(max(0, i + 2 - _SPAN), min(last_start, i + 2) + 1)
            if all(v[k : k + _SPAN] in pieces for k in made):
                out.append(v[1:-1])
        for i in drops:  # marked[i + 1] dropped: marked[i] and marked[i + 2] meet
            v = marked[: i + 1] + marked[i + 2 :]
            made = range(max(0, i + 2 - _SPAN), min(last_start - 1, i) + 1)
            if all(v[k : k + _SPAN] in pieces for k in made):
                out.append(v[1:-1])
        return out


_SPAN = 4  # letters in a row looked at by the first test ("^" and "$" included)
# (its pieces of _SPAN characters, its first _SPAN - 1 characters, its last): of strings
_Pieces = tuple[set[str], set[str], set[str]]


def _pieces(parts: set[str]) -> _Pieces:
    return (
        {s[i : i + _SPAN] for s in parts for i in range(len(s) - _SPAN + 1)},
        {s[: _SPAN - 1] for s in parts},
        {s[1 - _SPAN :] if len(s) >= _SPAN - 1 else s for s in parts},
    )


def _joined(a: _Pieces, b: _Pieces) -> _Pieces:
    """The pieces of every string of ``a`` followed by one of ``b``: a piece across the
    join is the last ``j`` characters of the first and the first ``_SPAN - j`` of the
    second (a piece across two joins is found at the second: the ends are kept whole where
    they are shorter than ``_SPAN - 1``)."""
    pieces_a, heads_a, tails_a = a
    pieces_b, heads_b, tails_b = b
    pieces = pieces_a | pieces_b
    for j in range(1, _SPAN):
        ends = {t[-j:] for t in tails_a if len(t) >= j}
        starts = {h[: _SPAN - j] for h in heads_b if len(h) >= _SPAN - j}
        pieces |= {e + s for e in ends for s in starts}
    heads = {h for h in heads_a if len(h) == _SPAN - 1}
    heads |= {(h + g)[: _SPAN - 1] for h in heads_a if len(h) < _SPAN - 1 for g in heads_b}
    tails = {t for t in tails_b if len(t) == _SPAN - 1}
    tails |= {(u + t)[1 - _SPAN :] for t in tails_b if len(t) < _SPAN - 1 for u in tails_a}
    return pieces, heads, tails


def _all_pieces(prefixes: set[str], cores: set[str], suffixes: set[str]) -> frozenset[str]:
    starts = _pieces({"^" + p for p in prefixes})
    ends = _pieces({s + "$" for s in suffixes})
    return frozenset(_joined(_joined(starts, _pieces(cores)), ends)[0])


def _encoding(aff: str) -> str:
    m = re.search(r"^SET\s+(\S+)", aff, re.MULTILINE)
    return m.group(1) if m else "utf-8"


_CACHE_VERSION = 1


def load(aff_path: Path, dic_path: Path, cache: Path | None = None) -> Possible | None:
    """The filter of a dictionary, or None where it cannot be made safely. ``cache``: a
    file that keeps it between runs (read in a tenth of the time it takes to make: about
    0.8 s for en_US, in each process that checks spelling), made again when the
    dictionary's files change; one that cannot be read or written is made anew."""
    stamp = _stamp(aff_path, dic_path)
    if cache is not None and stamp is not None:
        cached = _read_cache(cache, stamp)
        if cached is not None:
            return cached[0]
    found = _load(aff_path, dic_path)
    if cache is not None and stamp is not None:
        _write_cache(cache, stamp, found)
    return found


def _stamp(*paths: Path) -> list[object] | None:
    try:
        return [_CACHE_VERSION] + [
            [str(p.resolve()), st.st_size, st.st_mtime_ns] for p in paths for st in [p.stat()]
        ]
    except OSError:
        return None


def _read_cache(cache: Path, stamp: list[object]) -> tuple[Possible | None] | None:
    """(the filter,) as kept in ``cache`` for these files, or None."""
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data["stamp"] != stamp:
            return None
        if data["filter"] is None:
            return (None,)
        parts = data["filter"]
        return (
            Possible(
                frozenset(parts["cores"]),
                frozenset(parts["prefixes"]),
                frozenset(parts["suffixes"]),
                int(parts["longest_prefix"]),
                int(parts["longest_suffix"]),
                frozenset(parts["pieces"]),
            ),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(cache: Path, stamp: list[object], found: Possible | None) -> None:
    parts = None
    if found is not None:
        parts = {
            "cores": sorted(found.cores),
            "prefixes": sorted(found.prefixes),
            "suffixes": sorted(found.suffixes),
            "longest_prefix": found.longest_prefix,
            "longest_suffix": found.longest_suffix,
            "pieces": sorted(found.pieces),
        }
    temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(
            json.dumps({"stamp": stamp, "filter": parts}, ensure_ascii=False), encoding="utf-8"
        )
        os.replace(temporary, cache)  # whole or not at all: other processes may read it
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _load(aff_path: Path, dic_path: Path) -> Possible | None:
    """The filter of a dictionary, made from its files."""
    raw = aff_path.read_bytes()
    try:
        aff = raw.decode(_encoding(raw.decode("latin-1")))
    except LookupError:
        return None
    if _COMPOUNDING.search(aff):
        return None
    prefix_adds: set[str] = {""}
    suffix_adds: set[str] = {""}
    prefix_strips: set[str] = {""}
    suffix_strips: set[str] = {""}
    continued = False
    for line in aff.splitlines():
        fields = line.split()
        if len(fields) < 5 or fields[0] not in ("PFX", "SFX"):
            continue
        strip = "" if fields[2] == "0" else fields[2].lower()
        add, _, more = fields[3].partition("/")
        add = "" if add == "0" else add.lower()
        continued |= bool(more)
        if fields[0] == "PFX":
            prefix_adds.add(add)
            prefix_strips.add(strip)
        else:
            suffix_adds.add(add)
            suffix_strips.add(strip)
    if continued:  # a rule's result may take another rule: two adds on a side
        prefix_adds |= {a + b for a in prefix_adds for b in prefix_adds}
        suffix_adds |= {a + b for a in suffix_adds for b in suffix_adds}
    rule_flags = set()
    for m in re.finditer(r"^COMPOUNDRULE\s+(\S+)", aff, re.MULTILINE):
        if not m.group(1).isdigit():  # (the first line gives the count)
            rule_flags |= set(m.group(1)) - set("*?()")
    try:
        dic = dic_path.read_bytes().decode(_encoding(aff) if "SET" in aff else "utf-8")
    except (LookupError, UnicodeDecodeError):
        return None
    cores: set[str] = set()
    for line in dic.splitlines()[1:]:
        entry = line.split("\t", 1)[0].split(" ", 1)[0]
        if not entry:
            continue
        stem, _, flags = entry.partition("/")
        if rule_flags & set(flags) and stem.isalpha():
            return None  # a word of letters that compounds: not handled here
        s = stem.lower()
        for p in prefix_strips:
            if not s.startswith(p):
                continue
            for q in suffix_strips:
                if len(p) + len(q) <= len(s) and s.endswith(q):
                    cores.add(s[len(p) : len(s) - len(q)])
    return Possible(
        frozenset(cores),
        frozenset(prefix_adds),
        frozenset(suffix_adds),
        max(map(len, prefix_adds)),
        max(map(len, suffix_adds)),
        _all_pieces(prefix_adds, cores, suffix_adds),
    )
