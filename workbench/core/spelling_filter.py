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
and every other word is still asked. Dictionaries that compound words of letters, convert
input (``ICONV``) or ignore characters (``IGNORE``) get no filter (:func:`load` returns
None); so does a word that is not all letters.
"""

from __future__ import annotations

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

    def may_be_word(self, word: str) -> bool:
        """False only where the dictionary surely does not have ``word``."""
        if not word.isalpha():
            return True  # not told here: Hunspell is asked
        w = word.lower()
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


def _encoding(aff: str) -> str:
    m = re.search(r"^SET\s+(\S+)", aff, re.MULTILINE)
    return m.group(1) if m else "utf-8"


def load(aff_path: Path, dic_path: Path) -> Possible | None:
    """The filter of a dictionary, or None where it cannot be made safely."""
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
    )
