"""Texts other than the generated English news, for the benches of issue 27.

* :func:`zipf_article`: words sampled by their real frequency in a language (the
  ``wordfreq`` package, a bench-only dependency: ``pip install -e '.[bench]'``), in
  sentences of 5-25 words and paragraphs of 2-6 sentences;
* :func:`short_segments`: the same words in one-line segments of 3-6 words (catalogue lines,
  headlines, UI strings), each its own paragraph;
* :func:`random_letters`: words of 3-9 random letters a-z, in sentences and paragraphs;
* :func:`random_vocabulary` and :func:`random_glossary`: a 30,000-word vocabulary of random
  3-9 letter strings, a text drawn from it and a glossary of 2-3 of those words an entry.

All deterministic for a seed.
"""

from __future__ import annotations

import bisect
import itertools
import random
import string
from collections.abc import Callable, Iterator

# the languages the QA bench runs (at least those issue 27 names)
LANGUAGES = ("en", "de", "cs", "pl", "sv", "tr", "fi", "hu", "fr", "es", "nl", "it")


def _zipf_words(lang: str, vocabulary: int) -> tuple[list[str], list[float]]:
    """The ``vocabulary`` most frequent words of ``lang`` and their cumulative frequencies."""
    import wordfreq

    words = [w for w in wordfreq.top_n_list(lang, vocabulary) if any(c.isalpha() for c in w)]
    weights = [wordfreq.word_frequency(w, lang) for w in words]
    return words, list(itertools.accumulate(weights))


def _sampler(words: list[str], cumulative: list[float], rng: random.Random) -> Callable[[], str]:
    total = cumulative[-1]

    def pick() -> str:
        return words[min(bisect.bisect(cumulative, rng.random() * total), len(words) - 1)]

    return pick


def _sentences(pick: Callable[[], str], rng: random.Random, low: int, high: int) -> Iterator[str]:
    while True:
        words = [pick() for _ in range(rng.randint(low, high))]
        words[0] = words[0][:1].upper() + words[0][1:]
        yield " ".join(words) + rng.choice(".....?!")


def _paragraphs(
    sentences: Iterator[str], rng: random.Random, words: int, low: int, high: int
) -> str:
    out: list[str] = []
    count = 0
    while count < words:
        para = [next(sentences) for _ in range(rng.randint(low, high))]
        count += sum(s.count(" ") + 1 for s in para)
        out.append(" ".join(para))
    return "\n\n".join(out) + "\n"


def zipf_article(lang: str, words: int, seed: int = 7, vocabulary: int = 30_000) -> str:
    """About ``words`` words of ``lang`` sampled by frequency, in sentences and paragraphs."""
    rng = random.Random(seed)
    pick = _sampler(*_zipf_words(lang, vocabulary), rng)
    return _paragraphs(_sentences(pick, rng, 5, 25), rng, words, 2, 6)


def short_segments(lang: str, words: int, seed: int = 7, vocabulary: int = 30_000) -> str:
    """About ``words`` words of ``lang`` as one-line segments of 3-6 words, blank-line apart."""
    rng = random.Random(seed)
    pick = _sampler(*_zipf_words(lang, vocabulary), rng)
    return _paragraphs(_sentences(pick, rng, 3, 6), rng, words, 1, 1)


def _random_word(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9)))


def random_letters(words: int, seed: int = 7) -> str:
    """About ``words`` words of 3-9 random letters, in sentences and paragraphs."""
    rng = random.Random(seed)
    return _paragraphs(_sentences(lambda: _random_word(rng), rng, 5, 25), rng, words, 2, 6)


def random_vocabulary(size: int = 30_000, seed: int = 7) -> list[str]:
    """``size`` distinct words of 3-9 random letters."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < size:
        seen.setdefault(_random_word(rng))
    return list(seen)


def _near_variant(rng: random.Random, phrase: str) -> str:
    """One letter of one word dropped or doubled, or an ``s`` added."""
    words = phrase.split()
    i = rng.randrange(len(words))
    w = words[i]
    op = rng.random()
    if op < 0.4 and len(w) > 3:
        j = rng.randrange(len(w))
        w = w[:j] + w[j + 1 :]
    elif op < 0.7:
        j = rng.randrange(len(w))
        w = w[:j] + w[j] + w[j:]
    else:
        w += "s"
    words[i] = w
    return " ".join(words)


def random_glossary(
    vocabulary: list[str], entries: int = 10_000, seed: int = 7
) -> tuple[str, list[str]]:
    """A glossary YAML of ``entries`` fix entries whose ``mt`` and ``correct`` are 2-3 words
    of ``vocabulary`` (90% ``apply: auto``), and its patterns."""
    rng = random.Random(seed)
    lines = ["glossary: random", "title: Random vocabulary", "languages: {source: zh, target: en}",
             "entries:"]  # fmt: skip
    seen: set[str] = set()
    patterns: list[str] = []
    while len(patterns) < entries:
        mt = " ".join(rng.sample(vocabulary, rng.randint(2, 3)))
        if mt in seen:
            continue
        seen.add(mt)
        patterns.append(mt)
        correct = " ".join(rng.sample(vocabulary, rng.randint(2, 3)))
        apply = "auto" if rng.random() < 0.9 else "suggest"
        lines += [f"  - mt: {mt}", f"    correct: {correct}", f"    apply: {apply}"]
    return "\n".join(lines) + "\n", patterns


def random_vocabulary_article(
    vocabulary: list[str], patterns: list[str], words: int, seed: int = 7
) -> str:
    """About ``words`` words drawn from ``vocabulary``, in sentences and paragraphs, with a
    glossary pattern in about one sentence of three and a near variant of one in one of 20."""
    rng = random.Random(seed)

    def sentences() -> Iterator[str]:
        for sentence in _sentences(lambda: rng.choice(vocabulary), rng, 5, 25):
            r = rng.random()
            if r < 0.33:
                sentence = f"{sentence[:-1]} {rng.choice(patterns)}{sentence[-1]}"
            elif r < 0.38:
                sentence = f"{sentence[:-1]} {_near_variant(rng, rng.choice(patterns))}."
            yield sentence

    return _paragraphs(sentences(), rng, words, 2, 6)
