"""How the memory sees a text: normalised (NFC, case-folded, whitespace collapsed), hashed,
cut into tokens (words; a character each in scripts written without spaces) and into the
index features (tokens and token pairs) its postings are kept under."""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from typing import Literal

from workbench.core.inline_codes import InlineCode, display, has_codes


# --- text ------------------------------------------------------------------------------------
def normalise(text: str) -> str:
    """What matching compares: NFC, case-folded, whitespace runs as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _canonical(text: str) -> str:
    """What "exact" compares: NFC, whitespace runs as one space, trimmed (case kept)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_hash(text: str) -> int:
    """A stable signed 64-bit hash (stored in the memory, so never Python's ``hash``)."""
    return int.from_bytes(
        hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True
    )


# Scripts written without spaces: each character is a token (so token pairs are bigrams).
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kana, CJK
    "\uac00-\ud7af\U00020000-\U0003134f"  # Hangul syllables, CJK extensions
)
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W_{_UNSPACED}]+")


# ASCII text: every character but a letter or a digit is a space (what _TOKEN finds there)
_ASCII_SPACES = str.maketrans({c: " " for c in range(128) if not chr(c).isalnum()})


def tokens(normalised: str) -> list[str]:
    """Words of a normalised text; a character each in scripts written without spaces."""
    if normalised.isascii():
        return normalised.translate(_ASCII_SPACES).split()
    return _TOKEN.findall(normalised)


Side = Literal["m", "s", "t"]
_SEED = 0x9E3779B9


@functools.lru_cache(maxsize=1 << 18)
def _feature(text: str) -> int:
    """A stable signed 64-bit hash of an index feature (two CRC-32s: fast, and a rare
    collision only merges two features' postings, which scoring then sorts out). Words and
    word pairs recur (an import hashes the same ones again and again): the latest are
    kept."""
    data = text.encode("utf-8")
    value = (zlib.crc32(data) << 32) | zlib.crc32(data, _SEED)
    return value - (1 << 64) if value >= 1 << 63 else value


def feature_sizes(side: Side, normalised: str) -> dict[int, int]:
    """A text's features (tokens and token pairs) with the characters each covers."""
    toks = tokens(normalised)
    out = {_feature(f"{side}1 {t}"): len(t) + 1 for t in toks}
    out.update(
        (_feature(f"{side}2 {a} {b}"), len(a) + len(b) + 2) for a, b in itertools.pairwise(toks)
    )
    return out


def features(
    side: Side, normalised: str, *, pairs: bool = True, skip: Iterable[str] = ()
) -> set[int]:
    """Index features of a text on one side (``m``: the text matched on the MT side, ``s``:
    the source, ``t``: target words the MT side lacks, for concordance): its tokens (but
    ``skip``) and, with ``pairs``, its adjacent token pairs."""
    return token_features(side, tokens(normalised), pairs=pairs, skip=skip)


class _Known(dict[str, int]):
    """The features of the tokens of one side met so far (an import meets the same words
    again and again; looked up without building the feature's text)."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, token: str) -> int:
        value = self[token] = _hash_feature(self.prefix + token)
        return value


class _KnownPairs(dict[tuple[str, str], int]):
    """:class:`_Known` of token pairs."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, pair: tuple[str, str]) -> int:
        value = self[pair] = _hash_feature(f"{self.prefix}{pair[0]} {pair[1]}")
        return value


_hash_feature = _feature.__wrapped__  # the tables above keep what they hash
_KNOWN_MAX = 1 << 16  # entries of each table (at most some 15 MB a table), emptied when full
_KNOWN = {side: (_Known(f"{side}1 "), _KnownPairs(f"{side}2 ")) for side in ("m", "s", "t")}


def token_features(
    side: Side, toks: Sequence[str], *, pairs: bool = True, skip: Iterable[str] = ()
) -> set[int]:
    """:func:`features` of a text already cut into ``toks``."""
    ones, twos = _KNOWN[side]
    if len(twos) > _KNOWN_MAX or len(ones) > _KNOWN_MAX:
        ones.clear()
        twos.clear()
    out = set(map(ones.__getitem__, set(toks).difference(skip) if skip else toks))
    if pairs and len(toks) > 1:
        out.update(map(twos.__getitem__, itertools.pairwise(toks)))
    return out


def shown(text: str, codes: Sequence[InlineCode] = ()) -> str:
    """A text as the memory holds it: inline codes as their tag tokens (``⟨1⟩``), never the
    private-use characters a project stores (those are numbered per segment)."""
    return display(text, codes).text if codes or has_codes(text) else text
