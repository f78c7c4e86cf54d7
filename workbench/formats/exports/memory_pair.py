"""One language pair out of a memory (``workbench memory export``): a memory may hold units
of several pairs (an English -> German project beside an English -> Welsh one); another
tool reading the export offers every unit it finds, so an export holds one pair.

Languages are compared as BCP 47 tags, case-insensitively (``EN-US`` is ``en-US``); a
unit whose languages are unknown is a pair of its own (``?``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.core.errors import InputError
from workbench.core.language import same_language
from workbench.core.model.memory import MemoryUnit


def _key(tag: str) -> str:
    return tag.strip().lower().replace("_", "-")


def pair_name(source: str, target: str) -> str:
    return f"{source or '?'}→{target or '?'}"


@dataclass(frozen=True)
class Chosen:
    """The units of the chosen pair, the pair as first written, and how many were left."""

    units: tuple[MemoryUnit, ...]
    source: str
    target: str
    left_out: int


def pairs(units: Sequence[MemoryUnit]) -> list[tuple[str, str, int]]:
    """The memory's pairs (as first written) with their unit counts, largest first."""
    counts: Counter[tuple[str, str]] = Counter()
    spelt: dict[tuple[str, str], tuple[str, str]] = {}
    for u in units:
        key = (_key(u.source_lang), _key(u.target_lang))
        counts[key] += 1
        spelt.setdefault(key, (u.source_lang, u.target_lang))
    return [(*spelt[k], n) for k, n in counts.most_common()]


def choose_pair(units: Sequence[MemoryUnit], source: str = "", target: str = "") -> Chosen:
    """The units of one pair: the one the options name (either may be left out when that
    leaves one pair), or the only one; several without options is a one-line
    :class:`InputError` listing them."""
    found = pairs(units)
    fitting = [
        (s, t, n)
        for s, t, n in found
        if (not source or same_language(s, source)) and (not target or same_language(t, target))
    ]
    listed = ", ".join(f"{pair_name(s, t)} {n}" for s, t, n in found) or "none"
    if not fitting:
        wanted = pair_name(source or "*", target or "*")
        raise InputError(f"the memory holds no units of {wanted} (it holds {listed})")
    if len(fitting) > 1:
        raise InputError(
            f"the memory holds {len(found)} language pairs ({listed}); "
            "pass --source-lang and --target-lang to export one"
        )
    s, t, _ = fitting[0]
    kept = tuple(
        u for u in units if _key(u.source_lang) == _key(s) and _key(u.target_lang) == _key(t)
    )
    return Chosen(kept, s, t, len(units) - len(kept))
