"""``workbench qa ARTICLE|PROJECT|DIR``: quality checks, a report, exit 1 on open errors.

A folder's articles, or a long article's segments, are checked over every core
(``commands/pool.py``) with one progress bar on stderr; the findings are the same as a
serial run's.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workbench.commands.articles import article_files
from workbench.commands.options import (
    glossaries_or_default,
    glossary_option,
    no_glossary_option,
    source_option,
)
from workbench.commands.pool import STATE, run_tasks, workers_for
from workbench.core.errors import InputError

if TYPE_CHECKING:
    from workbench.core.document import Segment
    from workbench.core.findings import Finding
    from workbench.core.glossary.engine import GlossaryEngine
    from workbench.formats.plaintext import StreamedArticle

CHUNK = 2000  # segments of one article per task


def _setup(glossaries: tuple[Path, ...]) -> None:
    from workbench.core.glossary.load import engine_for

    STATE.update(engine=engine_for(glossaries) if glossaries else None)


def _no_engine() -> GlossaryEngine:
    from workbench.core.glossary.engine import GlossaryEngine

    return GlossaryEngine(())


def _segments_task(task: tuple[tuple[Segment, ...], str]) -> tuple[Finding, ...]:
    from workbench.qa.runner import QaRun, article_segments, run

    segments, language = task
    return run(QaRun(article_segments(segments), STATE["engine"], language))


def _file_task(path: Path) -> tuple[tuple[Finding, ...], int]:
    from workbench.formats.registry import read_document
    from workbench.qa.runner import article_run, run

    document = read_document(path)
    return run(article_run(document, STATE["engine"])), len(document.segments)


def _streamed(article: StreamedArticle) -> tuple[tuple[Finding, ...], int]:
    """A large article in this process, a chunk of segments at a time: its segments are
    never all held (its text is), so memory stays near the text's size. The same findings
    as the document's in chunks, in the same order."""
    from workbench.qa.runner import QaRun, article_segments, run

    language = article.language or "en"
    found: list[Finding] = []
    count = done = 0
    with click.progressbar(length=article.size, label="Checking", file=sys.stderr) as bar:
        segments = article.segments()
        while chunk := tuple(itertools.islice(segments, CHUNK)):
            found.extend(
                run(QaRun(article_segments([s for _, s in chunk]), STATE["engine"], language))
            )
            count += len(chunk)
            bar.update(chunk[-1][0] - done)
            done = chunk[-1][0]
    return tuple(found), count


def _article(path: Path, source: Path | None) -> tuple[tuple[Finding, ...], int]:
    """One article, its segments in chunks over the cores (one progress bar when long); a
    text or Markdown article too large for the pool in one pass over its segments."""
    from workbench.core.source_alignment import align_source
    from workbench.formats.registry import read_document, stream_document
    from workbench.workspace import read_source

    size = path.stat().st_size
    if source is None and workers_for(size) == 1:
        article = stream_document(path)
        if article is not None:
            return _streamed(article)
    document = read_document(path)
    if source is not None:
        document = align_source(document, read_source(source))
    language = document.target_language or "en"
    segments = document.segments
    tasks = [(segments[i : i + CHUNK], language) for i in range(0, len(segments), CHUNK)]
    parts = run_tasks(_segments_task, tasks, label="Checking", workers=workers_for(size))
    return tuple(f for part in parts for f in part), len(document.segments)


def _echo(chunks: Iterator[str]) -> None:
    batch: list[str] = []
    for chunk in chunks:
        batch.append(chunk)
        if len(batch) >= 1000:  # written in pieces: a long report is never built whole
            click.echo("".join(batch), nl=False)
            batch.clear()
    click.echo("".join(batch), nl=False)


def _folder_report(results: Sequence[tuple[Path, tuple[Finding, ...], int]], fmt: str) -> None:
    from workbench.qa.report import finding_dict, summary, summary_line, text_chunks

    everything = [f for _, found, _ in results for f in found]
    total = sum(n for _, _, n in results)
    if fmt == "json":
        files: list[dict[str, Any]] = [
            {
                "path": str(path),
                "findings": [finding_dict(f) for f in found],
                "summary": summary(found, segments=segments),
            }
            for path, found, segments in results
        ]
        payload = {"files": files, "summary": summary(everything, segments=total)}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for path, found, segments in results:
        click.echo(f"== {path}")
        _echo(text_chunks(found, segments=segments))
    click.echo(f"{len(results)} files: {summary_line(everything, segments=total)}")


@click.command("qa")
@click.argument("path", metavar="ARTICLE|PROJECT|DIR", type=click.Path(path_type=Path))
@glossary_option
@no_glossary_option
@source_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.pass_context
def command(
    ctx: click.Context,
    path: Path,
    glossaries: tuple[Path, ...],
    no_glossary: bool,
    source: Path | None,
    fmt: str,
) -> None:
    """Run quality checks on ARTICLE (its text as a finished target, as it stands), on
    PROJECT (current targets against their MT and source) or on every article in DIR.

    Glossary: --glossary, else ./glossaries if it exists (a project: the glossaries it was
    made with); --no-glossary: none. Spelling uses the personal word list (words.txt
    beside the config file). Exit 1 when any error-level finding is open (not ignored), 0
    otherwise, 2 on bad input."""
    from workbench.core.store import is_project_file
    from workbench.qa.report import has_open_errors, json_chunks, text_chunks
    from workbench.qa.runner import check_project

    STATE.clear()
    if not is_project_file(path) or glossaries:  # a project keeps its own glossaries
        glossaries = glossaries_or_default(glossaries, no_glossary=no_glossary)
    _setup(glossaries)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        if source is not None:
            raise InputError(f"{path}: --source applies to one article, not to a folder")
        files = article_files(path)
        found = run_tasks(
            _file_task, files, setup=_setup, setup_args=(glossaries,), label="Checking"
        )
        results = [(p, f, n) for p, (f, n) in zip(files, found, strict=True)]
        _folder_report(results, fmt)
        ctx.exit(1 if any(has_open_errors(f) for _, f, _ in results) else 0)
    if is_project_file(path):
        if source is not None:
            raise InputError(f"{path}: --source applies to an article; a project keeps its own")
        from workbench.workspace import open_existing

        with open_existing(path) as session:
            engine = _no_engine() if no_glossary else STATE["engine"]
            findings = check_project(session, engine)
            segments = len(session.segments)
    else:
        findings, segments = _article(path, source)
    _echo((json_chunks if fmt == "json" else text_chunks)(findings, segments=segments))
    ctx.exit(1 if has_open_errors(findings) else 0)
