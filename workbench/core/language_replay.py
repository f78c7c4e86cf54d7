"""langdetect's answer for one text, replayed with numpy: the same n-grams, the same random
draws, the same stopping rule, in a fraction of the time; and the question QA asks (is the
text surely another language than the expected one?) answered after as few trials as can
settle it.

langdetect (``Detector._detect_block``) runs 7 trials. Each trial starts from equal
probabilities for its 55 languages, draws one of the text's n-grams at a time
(``random.choice``, the generator seeded with 0 for every text), multiplies each language's
probability by ``alpha / 10000 + P(n-gram | language)`` and, every fifth draw, normalises
and stops once one language holds more than 0.99999 (or after 1,000 draws). The answer is
the mean of the 7 trials' probabilities. Each step is a Python loop over 55 floats: 5 µs,
and a trial takes hundreds of steps on Czech or Swedish, a thousand on random letters.

Here the same happens in bulk:

* the n-grams are found by array operations on the text's code points, in langdetect's
  order (``NGram.add_char`` and ``Detector._extract_ngrams``: each word padded with a space,
  1-, 2- and 3-grams ending at each character, none where an upper-case letter follows
  another), after langdetect's own text preparation (URLs and e-mail addresses out,
  Vietnamese normalised, 10,000 characters, doubled spaces dropped, Latin letters dropped
  from a mostly non-Latin text) and its per-character normalisation (cached per character);
* the random draws are the 32-bit words of ``random.Random(0)`` (one array for all texts):
  ``random.choice`` of ``n`` n-grams takes the next word shifted to ``n.bit_length()`` bits
  and rejects values ``>= n``; ``random.gauss`` takes four words every other trial;
* a trial's product becomes a cumulative sum of logarithms over a block of draws, and the
  stopping rule is checked on every fifth row at once.

Sums of logarithms round differently from langdetect's running product (in the 14th
digit): an answer could only differ where a probability lies within that of a threshold, or
where a language falls 300 orders of magnitude behind (langdetect's float becomes 0.0 and
stays so) and then comes back within the trial. ``tests/core/test_language_replay.py``
compares the replay with langdetect on texts of many languages and on random letters.

:func:`surely_other` stops as soon as no language other than the expected one can still
reach the probability asked for: after a first trial won by the expected language the other
six cannot lift anything else to 0.9 (each trial adds at most 1/7).
"""

from __future__ import annotations

import functools
import math
import random
import re
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from langdetect.detector import Detector
from langdetect.utils.ngram import NGram

N_TRIAL = 7
ITERATION_LIMIT = Detector.ITERATION_LIMIT
CONV_THRESHOLD = Detector.CONV_THRESHOLD
BASE_FREQ = Detector.BASE_FREQ
PROB_THRESHOLD = Detector.PROB_THRESHOLD
MAX_TEXT = 10_000  # Detector.max_text_length
_FIRST_GROUPS = 9  # checks in a trial's first block (41 draws: half the texts converge)
_SPACE = 0x20
_GAP = 11.5  # ln(1e5) = 11.51: a language this close to the best keeps a trial going
_TWOPI = 2.0 * math.pi  # random.TWOPI

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


_DOUBLE_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # Detector.cleaning_text: 'A' <= ch <= 'z'


def appended(text: str) -> str:
    """The text as langdetect's ``Detector.append`` leaves it (each step only where it can
    change something)."""
    if "://" in text:
        text = Detector.URL_RE.sub(" ", text)
    if "@" in text:
        text = Detector.MAIL_RE.sub(" ", text)
    if not text.isascii():
        text = NGram.normalize_vi(text)
    text = text[:MAX_TEXT]
    return _DOUBLE_SPACES.sub(" ", text) if "  " in text else text  # a space after a space


class _Tables:
    """Per BMP character: ``NGram.normalize`` of it (found on first sight) and whether it
    is upper-case."""

    def __init__(self) -> None:
        self.normal = np.full(0x10000, -1, dtype=np.int64)
        self.upper = np.array([chr(i).isupper() for i in range(0x10000)], dtype=np.bool_)

    def normalised(self, points: Ints) -> Ints:
        bmp = points <= 0xFFFF
        if not bmp.all():  # outside the BMP: one by one (no n-gram of them is known)
            out = points.copy()
            for i in np.flatnonzero(~bmp):
                out[i] = ord(NGram.normalize(chr(int(points[i]))))
            out[bmp] = self.normalised(points[bmp])
            return out
        found = self.normal[points]
        if (found < 0).any():
            for code in np.unique(points[found < 0]).tolist():
                self.normal[code] = ord(NGram.normalize(chr(code)))
            found = self.normal[points]
        return found

    def is_upper(self, points: Ints) -> npt.NDArray[np.bool_]:
        bmp = points <= 0xFFFF
        out = self.upper[np.where(bmp, points, 0)]
        for i in np.flatnonzero(~bmp):
            out[i] = chr(int(points[i])).isupper()
        return out


@functools.cache
def _tables() -> _Tables:
    return _Tables()


def _code_points(texts: list[str]) -> tuple[Ints, Ints]:
    """The texts' code points, each text after a space, and each text's length with it."""
    lengths = np.array([len(t) + 1 for t in texts], dtype=np.int64)
    joined = "".join(" " + t for t in texts)
    return np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.int64), lengths


class _Stream:
    """The 32-bit words ``random.Random(0)`` draws, as an array grown on demand (under a
    lock: the editor checks segments on worker threads)."""

    def __init__(self) -> None:
        self._random = random.Random(0)
        self._lock = threading.Lock()
        self.words: npt.NDArray[np.uint32] = np.zeros(0, dtype=np.uint32)

    def upto(self, end: int) -> npt.NDArray[np.uint32]:
        words = self.words
        if end <= len(words):
            return words
        with self._lock:
            if end > len(self.words):
                more = max(end - len(self.words), 1 << 16)
                raw = self._random.getrandbits(32 * more).to_bytes(4 * more, "little")
                self.words = np.concatenate([self.words, np.frombuffer(raw, dtype="<u4")])
            return self.words


_STREAM = _Stream()


def _uniform(position: int) -> float:
    """``random.random()`` from the two words at ``position``."""
    words = _STREAM.upto(position + 2)
    a, b = int(words[position]) >> 5, int(words[position + 1]) >> 6
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)


def _gauss_pair(position: int) -> tuple[float, float]:
    """``random.gauss(0, 1)`` and the value it keeps for its next call (four words)."""
    x2pi = _uniform(position) * _TWOPI
    g2rad = math.sqrt(-2.0 * math.log(1.0 - _uniform(position + 2)))
    return math.cos(x2pi) * g2rad, math.sin(x2pi) * g2rad


_BATCH = 64  # texts in one array of draws
_BLOCK_DRAWS = 1 << 12  # draws of one block over a batch, at most (their log-factors: 2 MB)


class Replay:
    """langdetect's detector over the profiles of a ``DetectorFactory`` whose
    ``word_lang_prob_map`` is a ``ProfileProbabilities`` (``language_profiles``)."""

    def __init__(self, factory: Any) -> None:
        table = factory.word_lang_prob_map
        self.languages: tuple[str, ...] = tuple(factory.langlist)
        if table._extra:  # not in langdetect's own profiles: every n-gram packs
            raise ValueError("profiles with n-grams outside the Basic Multilingual Plane")
        self._keys = np.frombuffer(table._keys, dtype=np.int64)
        self._starts = np.frombuffer(table._starts, dtype=np.uint32).astype(np.int64)
        self._indices = np.frombuffer(table._indices, dtype=np.uint16).astype(np.int64)
        self._values = np.frombuffer(table._values, dtype=np.float64)

    def ngrams(self, texts: list[str]) -> tuple[Ints, Ints]:
        """The profile rows of the n-grams langdetect would draw from for each text, in its
        order, all texts one after the other; and how many each text has."""
        appended_texts = [appended(t) for t in texts]
        points, lengths = _code_points(appended_texts)
        owner = np.repeat(np.arange(len(texts)), lengths)
        # Detector.cleaning_text: Latin letters out where U+0300 and above are over twice as
        # many (langdetect means to leave out U+1Exx, but compares a block number to a name)
        latin = np.bincount(owner, (points >= ord("A")) & (points <= ord("z")), len(texts))
        if (latin * 2 < np.bincount(owner, points >= 0x300, len(texts))).any():
            others = np.bincount(owner, points >= 0x300, len(texts))
            for i in np.flatnonzero(latin * 2 < others):
                appended_texts[i] = _LATIN.sub("", appended_texts[i])
            points, lengths = _code_points(appended_texts)
            owner = np.repeat(np.arange(len(texts)), lengths)
        tables = _tables()
        points = tables.normalised(points)
        upper = tables.is_upper(points)
        size = len(points)
        starts = np.cumsum(lengths) - lengths
        wide = points > 0xFFFF
        space = points == _SPACE
        index = np.arange(size)
        before = np.maximum.accumulate(np.where(space, index, 0))
        end = index[1:]
        begin = before[:-1]  # the space the buffer of each position starts from
        emit = ~(space[1:] & space[:-1]) & ~(upper[1:] & upper[:-1])
        emit[starts[1:] - 1] = False  # a text's own first space ends nothing of the one before
        points = np.where(wide, -(1 << 40), points)  # never packs to a known n-gram
        codes = np.empty((size - 1, 3), dtype=np.int64)
        valid = np.empty((size - 1, 3), dtype=np.bool_)
        codes[:, 0] = (1 << 16) | points[end]
        valid[:, 0] = emit & ~space[end]
        prev1 = points[end - 1]
        codes[:, 1] = (2 << 32) | (prev1 << 16) | points[end]
        valid[:, 1] = emit
        prev2 = points[np.maximum(end - 2, 0)]
        codes[:, 2] = (3 << 48) | (prev2 << 32) | (prev1 << 16) | points[end]
        valid[:, 2] = emit & (end - 2 >= begin)
        flat = codes.ravel()[valid.ravel()]
        owners = np.repeat(owner[end], 3)[valid.ravel()]
        rows = np.searchsorted(self._keys, flat)
        rows[rows == len(self._keys)] = 0
        known = self._keys[rows] == flat
        return rows[known], np.bincount(owners[known], minlength=len(texts))

    def _dense(self, rows: Ints) -> Floats:
        """The probability of each of ``rows`` in each language (a row each)."""
        begin, end = self._starts[rows], self._starts[rows + 1]
        counts = end - begin
        owner = np.repeat(np.arange(len(rows)), counts)
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        flat = np.repeat(begin, counts) + offsets
        dense = np.zeros((len(rows), len(self.languages)), dtype=np.float64)
        keep = self._indices[flat] < len(self.languages)
        dense[owner[keep], self._indices[flat][keep]] = self._values[flat][keep]
        return dense

    def trials(
        self, texts: list[str], hopeless: Callable[[Floats, int], npt.NDArray[np.bool_]] | None
    ) -> list[Floats | None]:
        """langdetect's trials for each text: a row of final probabilities per trial run,
        ``None`` for a text without a known n-gram. ``hopeless(sums, done)`` (the
        probabilities of the ``done`` trials so far summed, a row per text) may end a
        text's trials early."""
        rows, counts = self.ngrams(texts)
        present = np.zeros(len(self._keys), dtype=np.bool_)
        present[rows] = True
        distinct = np.flatnonzero(present)
        where = np.zeros(len(self._keys), dtype=np.int64)
        where[distinct] = np.arange(len(distinct))
        choice_rows = where[rows]
        dense = self._dense(distinct)
        draws = _Draws(choice_rows, counts)
        found = np.zeros((N_TRIAL, len(texts), len(self.languages)), dtype=np.float64)
        ran = np.zeros(len(texts), dtype=np.int64)
        active = np.flatnonzero(counts > 0)
        pending = np.full(len(texts), np.nan)  # random.gauss's kept value
        gauss = np.zeros(len(texts), dtype=np.float64)
        for trial in range(N_TRIAL):
            for i in active:
                if np.isnan(pending[i]):
                    gauss[i], pending[i] = _gauss_pair(int(draws.positions[i]))
                    draws.positions[i] += 4
                else:
                    gauss[i], pending[i] = pending[i], np.nan
            weights = (Detector.ALPHA_DEFAULT + gauss * Detector.ALPHA_WIDTH) / BASE_FREQ
            shared = len(set(weights[active].tolist())) == 1  # the first two trials of all
            if shared:
                factors = _shared(np.log(weights[active[0]] + dense), choice_rows)
            for part in range(0, len(active), _BATCH):
                batch = active[part : part + _BATCH]
                if not shared:
                    factors = _own(dense, weights, batch, draws)
                found[trial, batch] = draws.trial(batch, factors, dense.shape[1])
            ran[active] += 1
            if hopeless is not None and trial + 1 < N_TRIAL:
                active = active[~hopeless(found[: trial + 1, active].sum(axis=0), trial + 1)]
        return [None if not counts[i] else found[: ran[i], i] for i in range(len(texts))]


Factors = Callable[[Ints], Floats]  # n-grams drawn (indices over all texts) -> log-factors


def _shared(table: Floats, choice_rows: Ints) -> Factors:
    """Log-factors from one table of the distinct n-grams (texts of the same alpha)."""
    return lambda drawn: np.take(table, choice_rows[drawn], axis=0)


def _own(dense: Floats, weights: Floats, texts: Ints, draws: _Draws) -> Factors:
    """Log-factors with each text's own alpha: a table row for each n-gram of each of
    ``texts``."""
    lengths = draws.counts[texts]
    owner = np.repeat(texts, lengths)
    first = np.repeat(draws.offsets[texts] - (np.cumsum(lengths) - lengths), lengths)
    drawn = first + np.arange(len(owner))  # the n-grams of ``texts``, one after another
    table = np.take(dense, draws.rows[drawn], axis=0)
    table += weights[owner][:, None]
    np.log(table, out=table)
    where = np.zeros(len(draws.rows), dtype=np.int64)
    where[drawn] = np.arange(len(drawn))
    return lambda drawn_: np.take(table, where[drawn_], axis=0)


class _Draws:
    """Where each text is in the random stream, and one trial of many texts at once."""

    def __init__(self, choice_rows: Ints, counts: Ints) -> None:
        self.rows = choice_rows  # distinct-row index of each n-gram, texts one after another
        self.counts = counts
        self.offsets = np.cumsum(counts) - counts
        self.shifts = np.array([32 - int(n).bit_length() for n in counts], dtype=np.int64)
        self.positions = np.zeros(len(counts), dtype=np.int64)

    def _choices(self, texts: Ints, count: int) -> tuple[Ints, Ints]:
        """The next ``count`` draws of ``random.choice`` for each of ``texts``: the
        n-gram indices (a row a text) and the word position after each."""
        positions = self.positions[texts]
        n = self.counts[texts][:, None]
        shift = self.shifts[texts][:, None]
        span = 2 * count + 64
        while True:
            words = _STREAM.upto(int(positions.max()) + span)
            values = words[positions[:, None] + np.arange(span)] >> shift
            accepted = values < n
            if (accepted.sum(axis=1) >= count).all():
                break
            span *= 2
        take = accepted & (np.cumsum(accepted, axis=1) <= count)
        line, column = np.nonzero(take)
        shape = (len(texts), count)
        return values[line, column].reshape(shape), (positions[line] + column + 1).reshape(shape)

    def trial(self, texts: Ints, factors: Factors, width: int) -> Floats:
        """One trial of each of ``texts``: their final probabilities (a row each). Checks
        come after draw 1, 6, 11... (``i % 5 == 0``): the log-factors of each group of
        draws between checks are summed, then the groups cumulated."""
        out = np.zeros((len(texts), width), dtype=np.float64)
        total = np.zeros((len(texts), width), dtype=np.float64)
        active = np.arange(len(texts))
        done = 0  # draws so far
        groups = _FIRST_GROUPS
        while len(active):
            first = done == 0
            groups = max(1, min(groups, _BLOCK_DRAWS // (5 * len(active))))
            groups = min(groups, (ITERATION_LIMIT - max(done - 1, 0)) // 5 + first)
            count = 5 * groups - 4 * first  # the first group is the first draw alone
            picks, ends = self._choices(texts[active], count)
            drawn = self.offsets[texts[active]][:, None] + picks
            sums = np.empty((len(active), groups, width), dtype=np.float64)
            if first:
                sums[:, 0] = factors(drawn[:, 0])
                rest, into = drawn[:, 1:].reshape(len(active), groups - 1, 5), sums[:, 1:]
            else:
                rest, into = drawn.reshape(len(active), groups, 5), sums
            if rest.size:  # each group's five log-factors summed, then the groups cumulated
                np.add.reduce(factors(rest), axis=2, out=into)  # (in order, as one by one)
            sums[:, 0] += total[active]
            np.cumsum(sums, axis=1, out=sums)  # (in order: as adding each group to the last)
            checks = np.arange(1, groups + 1) * 5 - 4 * first + done  # draws at each check
            top = sums.max(axis=2)
            # a row can only have converged where every other language is over ln(1e5) below
            # the best (then exactly: 1 / sum of exp(difference) > 0.99999)
            maybe = np.count_nonzero(sums >= (top - _GAP)[:, :, None], axis=2) == 1
            maybe |= (checks > ITERATION_LIMIT)[None, :]
            line, column = np.nonzero(maybe)
            shares = np.exp(sums[line, column] - top[line, column][:, None])
            scale = shares.sum(axis=1)
            over = (1.0 / scale > CONV_THRESHOLD) | (checks[column] > ITERATION_LIMIT)
            line, column, shares, scale = line[over], column[over], shares[over], scale[over]
            hit, at = np.unique(line, return_index=True)  # each text's first stop
            out[active[hit]] = shares[at] / scale[at][:, None]
            self.positions[texts[active[hit]]] = ends[hit, checks[column[at]] - done - 1]
            going = np.ones(len(active), dtype=np.bool_)
            going[hit] = False
            total[active[going]] = sums[going, -1]
            self.positions[texts[active[going]]] = ends[going, -1]
            active = active[going]
            done += count
            groups *= 2
        return out


@functools.cache
def _replay() -> Replay:
    from workbench.core.language import _factory

    return Replay(_factory())


def mean_probabilities(trials: Floats) -> Floats:
    """langdetect's ``langprob``: each trial's probability divided by 7, summed in order."""
    total = np.zeros(trials.shape[1], dtype=np.float64)
    for row in trials:
        total += row / N_TRIAL
    return total


def replayed(text: str) -> list[tuple[str, float]] | None:
    """langdetect's ``get_probabilities()`` for ``text``: (language, probability) above
    0.1, best first; ``None`` where it raises (no n-gram it knows)."""
    replay = _replay()
    (trials,) = replay.trials([text], None)
    if trials is None:
        return None
    mean = mean_probabilities(trials)
    found = [(lang, float(p)) for lang, p in zip(replay.languages, mean, strict=True)]
    return sorted((x for x in found if x[1] > PROB_THRESHOLD), key=lambda x: -x[1])


def surely_other(
    texts: list[str], expected: str, threshold: float
) -> list[tuple[str, float] | None]:
    """For each text, langdetect's best guess when its language is not ``expected`` (a
    primary subtag; ``zh-cn`` counts as ``zh``) and its probability is at least
    ``threshold``; ``None`` otherwise, or where langdetect raises. A text's trials stop
    once no other language can reach ``threshold`` any more (each trial adds at most 1/7 to
    a language), so only a text that is another language pays for all seven."""
    replay = _replay()
    other = _others(replay.languages, expected)
    if not other.any():
        return [None] * len(texts)
    needed = N_TRIAL * threshold - 1e-9

    def hopeless(sums: Floats, done: int) -> npt.NDArray[np.bool_]:
        return np.asarray(sums[:, other].max(axis=1) + (N_TRIAL - done) < needed)

    out: list[tuple[str, float] | None] = []
    for trials in replay.trials(texts, hopeless):
        if trials is None or len(trials) < N_TRIAL:
            out.append(None)
            continue
        mean = mean_probabilities(trials)
        best = int(np.argmax(mean))
        good = other[best] and mean[best] >= threshold
        out.append((replay.languages[best], float(mean[best])) if good else None)
    return out


@functools.lru_cache(maxsize=256)
def _others(languages: tuple[str, ...], expected: str) -> npt.NDArray[np.bool_]:
    return np.array([lang.split("-")[0].lower() != expected for lang in languages])
