"""Batch quality checks (``workbench qa``): an article's segments in chunks over the cores
(:mod:`workbench.app.pool`), a folder's articles one task each, a text or Markdown article
too large for the pool in one pass over its segments (never all held). The findings are the
same as a serial run's, in the same order."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from workbench.app.collecting import fewer_collections
from workbench.app.pool import Progress, no_progress, stream_tasks, workers_for
from workbench.app.projects import read_source
from workbench.core.document import Segment
from workbench.core.findings import Finding, Severity
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.load import engine_for
from workbench.core.model.makers import maker
from workbench.core.source_alignment import align_source
from workbench.formats.article.plaintext import StreamedArticle
from workbench.formats.registry import read_document, stream_document
from workbench.qa.runner import QaRun, article_run, article_segments, run

CHUNK = 2000  # segments of one article per task
# The first task runs in this process before the workers are forked (they inherit what it
# loaded: the glossary's engine, the language profiles): kept small, so that the other
# core is not left idle while it runs (a fortieth of a long article's checking otherwise).
FIRST_CHUNK = 50


@dataclass(frozen=True)
class Checking:
    """What every task of a QA run shares: the glossary's engine (``None``: no glossary)."""

    engine: GlossaryEngine | None

    @classmethod
    def load(cls, glossaries: Sequence[Path]) -> Checking:
        return cls(engine_for(list(glossaries)) if glossaries else None)


# A finding as the plain tuple of its fields, in the order Finding(*row) takes them: what a
# worker sends back (a million findings pickled as dataclasses took seconds each way; as
# tuples of strings and numbers, a tenth of that).
_ROW = operator.attrgetter(*(f.name for f in fields(Finding)))
Row = tuple[str, str, Severity, str, int, int, str, bool, str, tuple[str, ...]]
_finding = maker(Finding)  # Finding(*row) set straight (not the frozen __init__: 3x as fast)


def _segments_task(ctx: Checking, task: tuple[tuple[Segment, ...], str]) -> tuple[Row, ...]:
    segments, language = task
    return tuple(map(_ROW, run(QaRun(article_segments(segments), ctx.engine, language))))


def file_task(ctx: Checking, path: Path) -> tuple[tuple[Finding, ...], int]:
    """One article of a folder, read and checked in a worker."""
    document = read_document(path)
    return run(article_run(document, ctx.engine)), len(document.segments)


def _streamed(
    ctx: Checking, article: StreamedArticle, progress: Progress
) -> tuple[tuple[Finding, ...], int]:
    """A large article in this process, a chunk of segments at a time: its segments are
    never all held (its text is), so memory stays near the text's size. The same findings
    as the document's in chunks, in the same order."""
    counted = [0]
    found = tuple(streamed_findings(ctx, article, progress, counted))
    return found, counted[0]


def streamed_article(path: Path, source: Path | None) -> StreamedArticle | None:
    """The article at ``path`` to be checked a chunk at a time in this process (a text or
    Markdown article too large for the pool, without a source), else None."""
    if source is None and workers_for(path.stat().st_size) == 1:
        return stream_document(path)
    return None


def streamed_findings(
    ctx: Checking, article: StreamedArticle, progress: Progress, counted: list[int]
) -> Iterator[Finding]:
    """The findings of a large article as each chunk of its segments is checked (neither
    its segments nor its findings are ever all held); ``counted[0]``: the segments checked
    so far. The progress report is open until the last chunk is checked."""
    language = article.language or "en"
    done = 0
    with progress(article.size, "Checking") as advance:
        segments = article.segments()
        while chunk := tuple(itertools.islice(segments, CHUNK)):
            yield from run(QaRun(article_segments([s for _, s in chunk]), ctx.engine, language))
            counted[0] += len(chunk)
            advance(chunk[-1][0] - done)
            done = chunk[-1][0]


def article_findings(
    ctx: Checking,
    path: Path,
    source: Path | None,
    progress: Progress = no_progress,
    counted: list[int] | None = None,
) -> Iterator[Finding]:
    """The findings of one article as they are found, in order: its segments in chunks over
    the cores, each chunk's findings given as soon as it and those before it are checked
    (the report is written meanwhile: neither its findings nor their rows are ever all
    held, and no core waits for the report at the end); a text or Markdown article too
    large for the pool in one pass over its segments. ``counted[0]``: the segments checked
    (all of them once the findings are exhausted). One progress report when long."""
    counted = [0] if counted is None else counted
    article = streamed_article(path, source)
    if article is not None:
        yield from streamed_findings(ctx, article, progress, counted)
        return
    size = path.stat().st_size
    document = read_document(path)
    if source is not None:
        document = align_source(document, read_source(source))
    language = document.target_language or "en"
    segments = document.segments
    starts = [0, *range(FIRST_CHUNK, len(segments), CHUNK)] if len(segments) > FIRST_CHUNK else [0]
    ends = [*starts[1:], len(segments)]
    tasks = ((segments[a:b], language) for a, b in zip(starts, ends, strict=True))
    count = len(starts)
    show = progress if count > 1 else no_progress
    # (a million findings: half the time was the collector's)
    with show(count, "Checking") as advance, fewer_collections():
        for rows in stream_tasks(_segments_task, ctx, tasks, workers=workers_for(size)):
            yield from itertools.starmap(_finding, rows)
            advance(1)
    counted[0] = len(segments)
