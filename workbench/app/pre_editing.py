"""Batch glossary pre-editing (``workbench apply``): targets after the automatic fixes, the
entries that fired and the suggestions left to offer, for a folder of articles or one long
article, spread over the cores (:mod:`workbench.app.pool`) with the same output as a serial
run. A long plain-text article is cut at blank lines and each piece is read, segmented and
pre-edited in a worker; any other article goes in chunks of segments. With a memory,
segments with an exact memory match take its final text first (:func:`filled_file`)."""

from __future__ import annotations

import itertools
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from workbench.app.pool import Progress, cores, no_progress, run_tasks, workers_for
from workbench.core.document import Document
from workbench.core.glossary.engine import GlossaryEngine, Hit, apply_found, engine_of
from workbench.core.glossary.load import load_glossaries
from workbench.core.glossary.model import Entry
from workbench.core.inline_codes import display
from workbench.core.language import base_language
from workbench.core.segmentation import segment_text
from workbench.core.textio import read_text
from workbench.formats.article.plaintext import article_language, document_from_text
from workbench.formats.registry import document_format, read_document, stream_document

if TYPE_CHECKING:
    from workbench.core.memory import Memory
    from workbench.formats.article.plaintext import StreamedArticle


@dataclass(frozen=True)
class FileResult:
    source: Path
    output: Path
    data: Iterable[bytes]  # the output's bytes, in pieces (a large one is never joined)
    applied: Counter[str]
    offered: Counter[str]
    filled: int = 0  # segments given a memory match's final text


Counts = tuple[list[str], Counter[str], Counter[str]]
CHUNK = 2000  # segments of one article per task
STREAMED_CHUNK = CHUNK  # segments pre-edited at a time of an article too large for the pool
SPOOL_IN_MEMORY = 1_000_000  # bytes of such an article's output kept in memory, the rest on disk


def pre_edit(texts: Sequence[str], engine: GlossaryEngine, *, near: bool = False) -> Counts:
    """Targets after automatic fixes, with counts of applied and offered entries (by key):
    exact suggestions left in the targets, plus fuzzy near misses when ``near``."""
    applied: list[str] = []
    offered: list[str] = []
    targets: list[str] = []
    exact: list[tuple[Hit, ...]] = []
    for text in texts:
        hits = engine.find(text)
        if not hits:  # most segments: nothing to apply or offer
            targets.append(text)
            exact.append(hits)
            continue
        result = apply_found(text, hits)
        applied.extend(h.entry.key for h in result.applied)
        after = engine.find(result.text) if result.applied else hits
        offered.extend(h.entry.key for h in after if h.kind == "suggest")
        targets.append(result.text)
        exact.append(after)
    if near:
        for found in engine.near_misses_many(targets, exact=exact):
            if found:
                offered.extend(h.entry.key for h in found)
    return targets, Counter(applied), Counter(offered)


@dataclass(frozen=True)
class PreEditing:
    """What every task of a pre-editing run shares: the glossary's engine and entries, and
    whether near misses are offered too."""

    engine: GlossaryEngine
    entries: tuple[Entry, ...]
    near: bool = False

    @classmethod
    def load(cls, glossaries: Sequence[Path], *, near: bool = False) -> PreEditing:
        gset = load_glossaries(list(glossaries))
        return cls(engine_of(gset.entries), gset.entries, near)


def _chunk_task(ctx: PreEditing, texts: list[str]) -> Counts:
    return pre_edit(texts, ctx.engine, near=ctx.near)


def _shown(document: Document, targets: list[str]) -> tuple[bytes, ...]:
    """The document with ``targets``, in pieces; a bilingual file's inline codes are written
    as their tag tokens, never raw."""
    return document.encode_chunks(
        [
            display(t, seg.codes).text if seg.codes else t
            for t, seg in zip(targets, document.segments, strict=True)
        ],
        CHUNK,
    )


def file_task(ctx: PreEditing, paths: tuple[Path, Path]) -> FileResult:
    """One article of a folder, read and pre-edited in a worker."""
    src, dst = paths
    document = read_document(src)
    targets, applied, offered = pre_edit(
        [s.text for s in document.segments], ctx.engine, near=ctx.near
    )
    return FileResult(src, dst, _shown(document, targets), applied, offered)


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
SPLIT_CHARS = 200_000  # a plain-text article longer than this is cut at blank lines
PIECE_CHARS = 2_000_000  # into pieces of about this size at most


def split_at_blank_lines(text: str, parts: int) -> list[str]:
    """``text`` in about ``parts`` pieces of similar size, each cut just after a blank line
    (so every piece holds whole paragraphs and segments the same as in the whole text);
    ``"".join`` of the pieces is ``text``."""
    cuts = [0]
    for k in range(1, parts):
        m = _BLANK_LINE.search(text, max(cuts[-1], k * len(text) // parts))
        if m is None:
            break
        if m.end() < len(text):
            cuts.append(m.end())
    cuts.append(len(text))
    return [text[a:b] for a, b in itertools.pairwise(cuts) if b > a]


def _text_task(ctx: PreEditing, task: tuple[str, str]) -> tuple[str, Counter[str], Counter[str]]:
    """A piece of a plain-text article: segmented (by the rules of ``language``, as the
    whole article would be), pre-edited, rendered."""
    text, language = task
    gaps, segments = segment_text(text, language=language)
    targets, applied, offered = pre_edit([s.text for s in segments], ctx.engine, near=ctx.near)
    parts = [gaps[0]]
    for target, gap in zip(targets, gaps[1:], strict=True):
        parts += (target, gap)
    return "".join(parts), applied, offered


def one_file(ctx: PreEditing, src: Path, dst: Path, progress: Progress | None = None) -> FileResult:
    """One article over the cores (one progress bar when large): a long plain-text article
    in pieces cut at blank lines (read, segmented and pre-edited in the workers), any other
    in chunks of segments."""
    workers = workers_for(src.stat().st_size)
    if document_format(src) == "txt" and workers == 1:  # too large for the pool
        article = stream_document(src)
        if article is not None:
            return _streamed_file(ctx, article, src, dst, progress)
    if document_format(src) == "txt":
        tf = read_text(src, what="article")
        count = max(2 * cores(), len(tf.text) // PIECE_CHARS)  # small pieces: bounded memory
        pieces = split_at_blank_lines(tf.text, count) if len(tf.text) > SPLIT_CHARS else []
        if len(pieces) > 1:
            language = base_language(article_language(tf)[0]) or "en"
            tasks = [(piece, language) for piece in pieces]
            done = run_tasks(
                _text_task, ctx, tasks, label="Pre-editing", progress=progress, workers=workers
            )
            applied: Counter[str] = sum((d[1] for d in done), Counter())
            offered: Counter[str] = sum((d[2] for d in done), Counter())
            data = tf.encode_chunks(d[0] for d in done)
            return FileResult(src, dst, data, applied, offered)
        # one piece (a long line, no blank line): the text already read, in chunks here
        document = document_from_text(tf)
        del tf, pieces  # (a large article is not kept twice)
    else:
        document = read_document(src)
    texts = [s.text for s in document.segments]
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)] or [[]]
    targets: list[str] = []
    applied = Counter()
    offered = Counter()
    parts = run_tasks(
        _chunk_task, ctx, chunks, label="Pre-editing", progress=progress, workers=workers
    )
    for part, part_applied, part_offered in parts:
        targets.extend(part)
        applied.update(part_applied)
        offered.update(part_offered)
    return FileResult(src, dst, _shown(document, targets), applied, offered)


def _streamed_file(
    ctx: PreEditing,
    article: StreamedArticle,
    src: Path,
    dst: Path,
    progress: Progress | None,
) -> FileResult:
    """A plain-text article too large for the pool, in this process, :data:`CHUNK` segments
    at a time (a one-line article has no blank line to be cut at): its segments are made as
    they are pre-edited and never all held, so memory stays near the text's size. The same
    segments, targets and bytes as the document's."""
    tf = article.text_file
    text = tf.text
    applied: Counter[str] = Counter()
    offered: Counter[str] = Counter()
    # the output's bytes (a byte order mark first), in a temporary file past its first MB
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - read later
    for mark in tf.encode_chunks(()):
        spool.write(mark)
    pos = done = 0
    show = progress if progress is not None else no_progress
    with show(article.size, "Pre-editing") as advance:
        segments = article.segments()
        while chunk := tuple(itertools.islice(segments, STREAMED_CHUNK)):
            targets, chunk_applied, chunk_offered = pre_edit(
                [segment.text for _, segment in chunk], ctx.engine, near=ctx.near
            )
            applied.update(chunk_applied)
            offered.update(chunk_offered)
            parts: list[str] = []
            for (end, segment), target in zip(chunk, targets, strict=True):
                parts += (text[pos : end - len(segment.text)], target)
                pos = end
            spool.write("".join(parts).encode(tf.encoding))
            advance(pos - done)
            done = pos
        spool.write(text[pos:].encode(tf.encoding))
        advance(len(text) - done)
    return FileResult(src, dst, _read_back(spool), applied, offered)


def _read_back(spool: IO[bytes]) -> Iterator[bytes]:
    """What was written to ``spool``, a megabyte at a time (then the spool is closed)."""
    with spool:
        spool.seek(0)
        while block := spool.read(1 << 20):
            yield block


def filled_file(ctx: PreEditing, src: Path, dst: Path, memory: Memory) -> FileResult:
    """One article with the memory's exact matches first, the glossary for the rest."""
    from workbench.core.memory import document_exact_matches

    document = read_document(src)
    matches = document_exact_matches(document, memory)
    todo = [n for n, m in enumerate(matches) if m is None]
    targets, applied, offered = pre_edit(
        [document.segments[n].text for n in todo], ctx.engine, near=ctx.near
    )
    out = [m.target if m is not None else "" for m in matches]
    for n, target in zip(todo, targets, strict=True):
        out[n] = target
    filled = len(matches) - len(todo)
    return FileResult(src, dst, _shown(document, out), applied, offered, filled)
