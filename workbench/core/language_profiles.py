"""langdetect's language profiles, held compactly: the same detector in 3 MB instead of 49.

langdetect's ``DetectorFactory`` keeps, for each of the 87,598 n-grams of its 55 profiles, a
Python list of 55 floats, nearly all of them 0.0: 49 MB as soon as one text is detected. Most
n-grams occur in a few profiles only, so here each n-gram is packed into one integer (a sorted
array, searched by bisection) and its non-zero probabilities are kept in flat arrays (a
compressed sparse row: the profile index as a 16-bit integer, the probability as a C
double); :class:`ProfileProbabilities` rebuilds the list of one n-gram when the detector asks
for it. 3 MB in all, and no Python object per n-gram.

The detector itself is langdetect's own ``Detector``, unchanged: it only reads
``factory.word_lang_prob_map`` through ``word in map`` and ``map[word]``. The profiles are
read the way ``DetectorFactory.load_profile`` reads them (the files in ``os.listdir`` order,
which fixes each language's index; the same ``count / n_words`` expression for each
probability), so every list is equal to langdetect's, value for value, and every answer is
the same (``tests/core/test_language_profiles.py`` checks both).
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import json
import os
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.lang_profile import LangProfile


def _packed(word: str) -> int:
    """An n-gram of one to three characters of the Basic Multilingual Plane as one integer
    (its length, then 16 bits a character); -1 for any other string."""
    n = len(word)
    if not 1 <= n <= 3:
        return -1
    raw = word.encode("utf-16-be", "surrogatepass")
    if len(raw) != 2 * n:  # a character outside the Basic Multilingual Plane
        return -1
    return n << (16 * n) | int.from_bytes(raw, "big")


def _unpacked(code: int) -> str:
    length = code >> 48 if code >> 48 else code >> 32 if code >> 32 else code >> 16
    return "".join(chr(code >> (16 * i) & 0xFFFF) for i in reversed(range(length)))


_CACHED = 2048  # lists kept by ProfileProbabilities (about 1 MB)


class ProfileProbabilities(Mapping[str, list[float]]):
    """n-gram -> its probability in each profile (a list as long as the profile count), for
    langdetect's ``Detector``. The n-grams are packed integers in one sorted array (found by
    bisection), each with a row of its non-zero probabilities; strings that do not pack
    (none in langdetect's profiles) are kept as they are in ``extra``."""

    __slots__ = ("_cache", "_extra", "_indices", "_keys", "_size", "_starts", "_values")

    def __init__(
        self, keys: array[int], starts: array[int], indices: array[int], values: array[float],
        size: int, extra: dict[str, list[float]],
    ) -> None:  # fmt: skip
        self._keys = keys
        self._starts = starts
        self._indices = indices
        self._values = values
        self._size = size
        self._extra = extra
        # the lists last asked for (a detection draws from a text's few hundred n-grams
        # thousands of times); shared, as langdetect only reads them
        self._cache: dict[str, list[float]] = {}

    def _row(self, word: object) -> int:
        if not isinstance(word, str):
            return -1
        code = _packed(word)
        if code < 0:
            return -1
        keys = self._keys
        row = bisect_left(keys, code)
        return row if row < len(keys) and keys[row] == code else -1

    def __contains__(self, word: object) -> bool:
        return word in self._cache or self._row(word) >= 0 or word in self._extra

    def __getitem__(self, word: str) -> list[float]:
        """The probabilities of ``word`` in each profile: a list shared with later calls,
        to be read (as langdetect does), not changed."""
        found = self._cache.get(word)
        if found is None:
            found = self._probabilities(word)
            if len(self._cache) >= _CACHED:
                self._cache.clear()
            self._cache[word] = found
        return found

    def _probabilities(self, word: str) -> list[float]:
        row = self._row(word)
        if row < 0:
            return list(self._extra[word])
        out = [0.0] * self._size
        indices, values = self._indices, self._values
        for j in range(self._starts[row], self._starts[row + 1]):
            out[indices[j]] = values[j]
        return out

    def __iter__(self) -> Iterator[str]:
        yield from map(_unpacked, self._keys)
        yield from self._extra

    def __len__(self) -> int:
        return len(self._keys) + len(self._extra)


def load_factory(directory: str = PROFILES_DIRECTORY, cache: Path | None = None) -> Any:
    """A langdetect ``DetectorFactory``, seeded with 0, with the profiles of ``directory``
    (langdetect's own by default) held as :class:`ProfileProbabilities`; langdetect's errors
    as it raises them. ``cache``: a file that keeps the packed profiles between runs (read
    in milliseconds instead of the 55 JSON files in most of a second, when it was made from
    the same files; made when it was not; a cache that cannot be read or written is no
    error, the profiles are read as without one)."""
    tables = _read_cache(cache, directory) if cache is not None else None
    if tables is None:
        tables = _build(directory)
        if cache is not None and not tables.extra:
            _write_cache(cache, directory, tables)
    factory = DetectorFactory()
    factory.set_seed(0)  # langdetect is random unless seeded: same text, same answer
    factory.langlist = list(tables.langlist)
    factory.word_lang_prob_map = ProfileProbabilities(
        tables.keys, tables.starts, tables.indices, tables.values, tables.size, tables.extra
    )
    return factory


@dataclass(frozen=True)
class _Tables:
    """The packed profiles (see :class:`ProfileProbabilities`) and their languages."""

    langlist: tuple[str, ...]
    size: int
    keys: array[int]
    starts: array[int]
    indices: array[int]
    values: array[float]
    extra: dict[str, list[float]]


def _build(directory: str) -> _Tables:
    names = os.listdir(directory)
    if not names:
        raise LangDetectException(ErrorCode.NeedLoadProfileError, f"Not found profile: {directory}")
    size = len(names)  # as load_profile: every entry counts, loaded or not
    langlist: list[str] = []
    extra: dict[str, list[float]] = {}
    rows: list[tuple[array[int], array[float]]] = []  # each profile's codes, sorted; values
    for name in names:
        if name.startswith("."):
            continue
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            # LangProfile's own checks (its arguments), without its copy of the counts
            LangProfile(**{k: v for k, v in data.items() if k != "freq"})
            name, freq, n_words = data["name"], data["freq"], data["n_words"]
            if not isinstance(freq, dict):
                raise TypeError("freq is not an object")
        except OSError as exc:
            raise LangDetectException(ErrorCode.FileLoadError, f'Cannot open "{path}"') from exc
        except Exception as exc:
            raise LangDetectException(
                ErrorCode.FormatError, f'Profile format error in "{path}"'
            ) from exc
        if name in langlist:
            raise LangDetectException(
                ErrorCode.DuplicateLangError, "Duplicate the same language profile."
            )
        index = len(langlist)
        langlist.append(name)
        packed: list[tuple[int, float]] = []
        for word, count in freq.items():
            # add_profile's entry and expression, value for value
            length = len(word)
            prob = 0.0
            if 1 <= length <= 3:
                prob = 1.0 * count / n_words[length - 1]
            code = _packed(word)
            if code < 0:
                extra.setdefault(word, [0.0] * size)[index] = prob
            else:
                packed.append((code, prob))
        del data, freq
        packed.sort()
        rows.append((array("q", [c for c, _ in packed]), array("d", [p for _, p in packed])))
        del packed
    # one row per n-gram: the profiles' sorted codes merged (no Python object per n-gram is
    # kept, nor a dict of them: their memory would stay fragmented after the load)
    keys: array[int] = array("q")
    starts: array[int] = array("I")
    indices: array[int] = array("H")
    values: array[float] = array("d")
    streams = [
        zip(codes, itertools.repeat(index), probs, strict=False)
        for index, (codes, probs) in enumerate(rows)
    ]
    last = -1
    for code, index, prob in heapq.merge(*streams):
        if code != last:
            keys.append(code)
            starts.append(len(indices))
            last = code
        indices.append(index)
        values.append(prob)
    starts.append(len(indices))
    return _Tables(tuple(langlist), size, keys, starts, indices, values, extra)


_MAGIC = b"workbench langdetect profiles 1\n"
_TYPECODES = ("q", "I", "H", "d")  # keys, starts, indices, values


def _fingerprint(directory: str) -> list[Any]:
    """What the packed profiles are made from: each entry of ``directory`` in listing order
    (which fixes each language's index), its size and time of change, and this machine's
    byte order and item sizes."""
    entries = []
    for name in os.listdir(directory):
        st = os.stat(os.path.join(directory, name))
        entries.append([name, st.st_size, st.st_mtime_ns])
    sizes = [array(code).itemsize for code in _TYPECODES]
    return [os.path.abspath(directory), sys.byteorder, sizes, entries]


def _read_cache(cache: Path, directory: str) -> _Tables | None:
    try:
        data = cache.read_bytes()
        if not data.startswith(_MAGIC):
            return None
        at = len(_MAGIC)
        length = int.from_bytes(data[at : at + 8], "little")
        header = json.loads(data[at + 8 : at + 8 + length].decode("utf-8"))
        if header["fingerprint"] != _fingerprint(directory):
            return None
        at += 8 + length
        keys: array[int] = array("q")
        starts: array[int] = array("I")
        indices: array[int] = array("H")
        values: array[float] = array("d")
        parts: tuple[array[Any], ...] = (keys, starts, indices, values)
        for part, count in zip(parts, header["counts"], strict=True):
            end = at + count * part.itemsize
            part.frombytes(data[at:end])
            if len(part) != count:
                return None
            at = end
        if at != len(data):
            return None
        langlist = tuple(str(lang) for lang in header["langlist"])
        return _Tables(langlist, int(header["size"]), keys, starts, indices, values, {})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(cache: Path, directory: str, tables: _Tables) -> None:
    parts = (tables.keys, tables.starts, tables.indices, tables.values)
    header = {
        "fingerprint": _fingerprint(directory),
        "langlist": list(tables.langlist),
        "size": tables.size,
        "counts": [len(part) for part in parts],
    }
    encoded = json.dumps(header).encode("utf-8")
    temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as fh:
            fh.write(_MAGIC + len(encoded).to_bytes(8, "little") + encoded)
            for part in parts:
                fh.write(part.tobytes())
        os.replace(temporary, cache)  # whole or not at all: other processes may read it
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
