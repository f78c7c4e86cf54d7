"""Splitting article text into segments while keeping every byte between them.

Sentences are found by ``sentencex`` (a maintained, rule-based splitter for ~300 languages);
this module only decides *which stretches of text* are handed to it and puts everything else
(blank lines, indentation, line ends, Markdown block markers) into the gaps, so that
``gaps[0] + seg[0] + gaps[1] + ... == text`` always holds.

Rules on top of sentencex, kept small on purpose:

* Paragraphs are separated by blank lines (lines of only whitespace), LF or CRLF.
* A paragraph whose line breaks all look like *layout* (the next line starts with a capital,
  digit or symbol and the line before does not end in a continuation such as ``,`` or
  ``-``) is segmented line by line: headlines, breadcrumbs, datelines ("Jul 27,2020
  15:01CST"), "Source:..." lines each become a segment. A hard-wrapped prose paragraph
  (a line break inside a sentence) is segmented as prose; its segments may contain a line
  break.
* A sentence that MT started with a lower-case letter after a full stop ("... industry.
  to provide ...") stays a separate segment: it is what the MT produced and the translator
  fixes it there.
* A "sentence" longer than :data:`MAX_SEGMENT_CHARS` (a text without full stops, a
  one-line dump) is cut into pieces a translator can edit: at the last whitespace before
  the limit (the whitespace goes into the gap), or, in a run without any, at the limit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sentencex import segment as sentencex_segment

from workbench.core.document import Segment, article_segment

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
# The longest segment; longer sentences are cut at whitespace (see the module docstring).
MAX_SEGMENT_CHARS = 2000
# A unit (a paragraph, a line) met again is split as it was the first time (a book that
# repeats its boilerplate, a catalogue's repeated lines): units up to REPEAT_CHARS long are
# remembered by their text, REPEATS_HELD characters of them at most.
REPEAT_CHARS = 4_000
REPEATS_HELD = 2_000_000
_CONTINUATION_END = re.compile(r"[,;:\-–(/&]$|\b(and|or|of|the|a|an|to|in|for|with)$", re.I)


@dataclass(frozen=True)
class Unit:
    """A stretch of text to split into sentences: ``text[start:end]`` of one paragraph."""

    start: int
    end: int
    paragraph: int


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    """Every line with its offset; the line keeps its ending (``\\n`` or ``\\r\\n``)."""
    return [(m.start(), m.group()) for m in _LINE.finditer(text)]


def is_blank(line: str) -> bool:
    return not line.strip()


def paragraphs(text: str) -> list[list[tuple[int, str]]]:
    """Lines grouped into paragraphs (runs of non-blank lines)."""
    out: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for offset, line in lines_with_offsets(text):
        if is_blank(line):
            if current:
                out.append(current)
                current = []
        else:
            current.append((offset, line))
    if current:
        out.append(current)
    return out


def is_layout_break(line: str, next_line: str) -> bool:
    """Whether the break between two lines is layout (line mode) rather than wrapped prose."""
    prev = line.rstrip()
    nxt = next_line.lstrip()
    if not prev or not nxt:
        return True
    if _CONTINUATION_END.search(prev):
        return False
    first = nxt[0]
    return not first.islower()


def paragraph_units(lines: Sequence[tuple[int, str]], paragraph: int) -> list[Unit]:
    """The units of one paragraph: its lines (line mode) or the whole paragraph (prose)."""
    line_mode = all(is_layout_break(lines[i][1], lines[i + 1][1]) for i in range(len(lines) - 1))
    if line_mode:
        return [Unit(off, off + len(line.rstrip("\r\n")), paragraph) for off, line in lines]
    start = lines[0][0]
    last_off, last = lines[-1]
    return [Unit(start, last_off + len(last.rstrip("\r\n")), paragraph)]


def text_units(text: str) -> list[Unit]:
    """Units of a plain-text article: paragraphs separated by blank lines."""
    units: list[Unit] = []
    for number, lines in enumerate(paragraphs(text), start=1):
        units.extend(paragraph_units(lines, number))
    return units


def split_sentences(text: str, *, language: str = "en") -> list[tuple[int, int]]:
    """Sentence spans in ``text`` (no leading/trailing whitespace), found by sentencex."""
    return list(iter_sentences(text, language=language))


# A longer paragraph (a one-line article) is given to sentencex a window at a time, so its
# sentences are never all held at once: a window's sentences that end this close to its end
# are found again at the start of the next window, where their context is whole.
WINDOW = 200_000
WINDOW_MARGIN = 2_000


def iter_sentences(text: str, *, language: str = "en") -> Iterator[tuple[int, int]]:
    """:func:`split_sentences` one span at a time: sentencex's list of sentences is let go
    of as it is read, so a long paragraph never has its sentences held twice; a paragraph
    longer than :data:`WINDOW` is split a window at a time, each starting where a sentence
    of the window before started (the same sentences: ``tests/core``)."""
    return _join_punctuation(text, _windowed_spans(text, language or "en"))


def _windowed_spans(text: str, language: str) -> Iterator[tuple[int, int]]:
    """The spans of sentencex's sentences of ``text``, a window at a time."""
    start = 0
    size = WINDOW
    while start < len(text):
        end = start + size
        if end >= len(text) - WINDOW_MARGIN:  # the rest at once
            yield from _spans(text, start, len(text), language)
            return
        held: list[tuple[int, int]] = []
        taken = start
        for s, e in _spans(text, start, end, language):
            if e > end - WINDOW_MARGIN:
                break  # maybe cut short by the window's end: again with the next window
            held.append((s, e))
            if text[e].isspace():  # the next window starts here, at a word's start
                yield from held
                held.clear()
                taken = e
        if taken == start:  # no sentence ended early enough in the window: a wider one
            size *= 2
            continue
        start, size = taken, WINDOW


def _spans(text: str, start: int, end: int, language: str) -> Iterator[tuple[int, int]]:
    """The spans of sentencex's sentences of ``text[start:end]`` (offsets in ``text``);
    sentencex's list of sentences is let go of as it is read."""
    window = text if (start, end) == (0, len(text)) else text[start:end]
    sentences = sentencex_segment(language, window)
    sentences.reverse()  # popped from the end: each sentence is freed once read
    pos = 0
    while sentences:
        core = sentences.pop().strip()
        if not core:
            continue
        found = window.find(core, pos)
        if found < 0:
            # sentencex changed the text (it never should): keep the rest as one sentence.
            sentences.clear()
            rest = window[pos:]
            stripped = rest.strip()
            if stripped:
                s = pos + rest.index(stripped)
                yield (start + s, start + s + len(stripped))
            return
        yield (start + found, start + found + len(core))
        pos = found + len(core)


# a letter or digit: ``\w`` is exactly what ``str.isalnum`` accepts, plus the underscore
_ALNUM = re.compile(r"[^\W_]")


def _has_word(text: str, start: int, end: int) -> bool:
    return _ALNUM.search(text, start, end) is not None


def _join_punctuation(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """A "sentence" without a letter or digit (sentencex cuts ``Join us!--`` into ``Join
    us!`` and ``--``) belongs to the sentence before it (the first one joins the next)."""
    held: tuple[int, int] | None = None  # the last span, which may still grow
    leading = False  # ``held`` is the first span and has no letter or digit
    first = True
    for start, end in spans:
        if held is not None and not _has_word(text, start, end):
            held = (held[0], end)
        elif held is not None and leading:
            held, leading = (held[0], end), False  # the first joins the next
        else:
            if held is not None:
                yield held
            held = (start, end)
            leading = first and not _has_word(text, start, end)
        first = False
    if held is not None:
        yield held


def cut_long(
    text: str, start: int, end: int, limit: int = MAX_SEGMENT_CHARS
) -> list[tuple[int, int]]:
    """``text[start:end]`` as spans of at most ``limit`` characters, cut at the last
    whitespace before the limit (left out of the spans), or at the limit in a run without
    any (never between a character and its combining marks)."""
    spans: list[tuple[int, int]] = []
    while end - start > limit:
        cut = start + limit
        while cut > start and not text[cut].isspace():
            cut -= 1
        if cut > start:
            resume = cut
            while text[cut - 1].isspace():
                cut -= 1
            while resume < end and text[resume].isspace():
                resume += 1
            spans.append((start, cut))
            start = resume
            continue
        cut = start + limit
        while cut > start + 1 and unicodedata.combining(text[cut]):
            cut -= 1
        spans.append((start, cut))
        start = cut
    if end > start:
        spans.append((start, end))
    return spans


def segment_units(
    text: str, units: Iterable[Unit], *, language: str = "en"
) -> tuple[tuple[str, ...], tuple[Segment, ...]]:
    """Gaps and segments for ``text``, splitting each unit into sentences."""
    gaps: list[str] = []
    segments: list[Segment] = []
    pos = 0
    for start, end, segment in iter_segments(text, units, language=language):
        gaps.append(text[pos:start])
        segments.append(segment)
        pos = end
    gaps.append(text[pos:])
    return tuple(gaps), tuple(segments)


def iter_segments(
    text: str, units: Iterable[Unit], *, language: str = "en"
) -> Iterator[tuple[int, int, Segment]]:
    """The segments of :func:`segment_units`, one at a time with their span in ``text``
    (what a long article's checks read a chunk at a time without holding them all)."""
    counters: dict[int, int] = {}
    seen: dict[str, list[tuple[int, int]]] = {}  # a short unit's sentences, by its text
    held = 0  # characters of the units in ``seen``
    for unit in units:
        # (the whole text, not a copy of it, when the unit is all of it: a one-line article)
        body = text if (unit.start, unit.end) == (0, len(text)) else text[unit.start : unit.end]
        sentences: Iterable[tuple[int, int]]
        if len(body) > REPEAT_CHARS:
            sentences = iter_sentences(body, language=language)
        else:
            known = seen.get(body)
            if known is None:
                known = list(iter_sentences(body, language=language))
                if held < REPEATS_HELD:
                    seen[body] = known
                    held += len(body)
            sentences = known
        paragraph, offset = unit.paragraph, unit.start
        n = counters.get(paragraph, 0)  # the segments of this paragraph so far
        for s, e in sentences:
            start, end = offset + s, offset + e
            pieces = (
                ((start, end),) if end - start <= MAX_SEGMENT_CHARS else cut_long(text, start, end)
            )
            for start, end in pieces:
                n += 1
                counters[paragraph] = n
                yield (start, end, article_segment(f"p{paragraph}s{n}", paragraph, text[start:end]))


def segment_text(text: str, *, language: str = "en") -> tuple[tuple[str, ...], tuple[Segment, ...]]:
    """Gaps and segments of a plain-text article."""
    return segment_units(text, text_units(text), language=language)
