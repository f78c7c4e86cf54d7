"""Projects -> files: ``workbench export`` and the editor's ctrl+e. One format of the
registry, computed first (figures, findings and the edit log only for the formats that show
them), then written atomically, never over the article, the project or its files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from workbench.app.collecting import fewer_collections
from workbench.app.pool import spread_batches
from workbench.core.edits import EditEvent
from workbench.core.projects import data_dir
from workbench.core.review_split import split_by_review, translator_texts
from workbench.core.session import Session
from workbench.core.storage.memo_cache import MemoCache
from workbench.core.textio import atomic_write, check_output_path
from workbench.core.translators import TranslatorLog, translator_log
from workbench.formats.project_view import ProjectView
from workbench.formats.registry import export_format, load_writer
from workbench.qa.runner import project_findings


def reading_copy(session: Session) -> Session:
    """Another read-only session of ``session``'s project, for a thread of its own (an
    export in the background): a project file is opened again by its path (WAL lets it be
    read while the editor writes), a project in a team store by its name on the same
    server. Close it after use."""
    from workbench.app.team import reader_of, team_of

    if team_of(session) is not None:
        return reader_of(session)
    return Session.open_project(session.project_path, read_only=True, engine=session.engine)


def project_view(
    session: Session,
    fmt: str,
    *,
    source_language: str = "",
    target_language: str = "",
    spread: bool = False,
) -> ProjectView:
    """What the writer of ``fmt`` needs of the project (figures, findings and the edit log
    are computed only for the formats that show them; the findings are made while the
    writer reads them, from a run built now, their checks over every core with ``spread``:
    see :func:`export_project`); the languages given override the project's in what is
    written."""
    spec = export_format(fmt)
    segments = tuple(session.segments)
    events: tuple[EditEvent, ...] | None = None
    log: TranslatorLog | None = None
    hits: dict[str, tuple[str, ...]] = {}
    translated: dict[str, str] = {}
    if spec.needs & {"events", "log"}:
        # (the word operations only where the writer shows the log itself)
        events = tuple(session.events(ops="events" in spec.needs))
    if "log" in spec.needs and events is not None:
        # What the writer shows of the edit log, read now; the log itself is let go before
        # the figures are computed and the checks run (a large project's log is big).
        log = translator_log(events, segments)
        hits = glossary_hits(events)
        translated = translator_texts(events)
        if "events" not in spec.needs:
            events = None
    figures = (
        session.figures(memo=memo("figures"), spread=spread_batches if spread else None)
        if "figures" in spec.needs
        else None
    )
    return ProjectView(
        document=session.document,
        segments=segments,
        events=events or (),
        figures=figures,
        translators=session.translators(figures, events, log=log) if figures is not None else (),
        findings=project_findings(
            session, memo=memo("findings"), spread=spread_batches if spread else None
        )
        if "findings" in spec.needs
        else (),
        glossary_hits=hits,
        owners=log.owners if log is not None else {},
        review=split_by_review(segments, translated) if translated else None,
        source_option=source_language,
        target_option=target_language,
    )


MEMO_FILE = "memo.sqlite"  # in the data folder's cache


def memo(kind: str) -> MemoCache:
    """Where the QA findings (``findings``) and the TER work of the effort figures
    (``figures``) are remembered between exports: the data folder's cache (a segment of a
    project exported again is not checked again unless its texts, the glossary, the word
    list or the program changed)."""
    return MemoCache(data_dir() / "cache" / MEMO_FILE, kind)


def glossary_hits(events: Iterable[EditEvent]) -> dict[str, tuple[str, ...]]:
    """Per segment, the details of its glossary edits (automatic fixes and accepted
    suggestions), oldest first."""
    hits: dict[str, list[str]] = {}
    for event in events:
        if event.origin in ("glossary-auto", "glossary-suggestion"):
            hits.setdefault(event.segment_id, []).append(event.detail)
    return {sid: tuple(details) for sid, details in hits.items()}


def export_project(
    session: Session,
    fmt: str,
    out: Path | str,
    *,
    force: bool = False,
    source_language: str = "",
    target_language: str = "",
    spread: bool = False,
) -> Path:
    """Write ``session`` as ``fmt`` to ``out`` atomically; never over the article or the
    project, never through a symlink, never over an existing file unless ``force``.
    The file is made in a temporary file beside ``out`` (the QA findings of the formats
    that show them made segment by segment as it is written) and takes ``out``'s place
    only when whole. ``spread``: the QA checks of a large project in worker processes, one
    per core (:func:`workbench.app.pool.spread_batches`; for a command, not for a process
    with threads of its own such as the editor's)."""
    writer = load_writer(export_format(fmt))
    protect: list[Path] = [Path(session.project_path)]
    if session.article_path is not None:
        protect.append(Path(session.article_path))
    check_output_path(out, protect=protect, overwrite=force)
    with fewer_collections():
        view = project_view(
            session,
            fmt,
            source_language=source_language,
            target_language=target_language,
            spread=spread,
        )
        return atomic_write(out, writer(view), protect=protect, overwrite=force)
