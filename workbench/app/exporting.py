"""Projects -> files: ``workbench export`` and the editor's ctrl+e. One format of the
registry, computed first (figures, findings and the edit log only for the formats that show
them), then written atomically, never over the article, the project or its files."""

from __future__ import annotations

from pathlib import Path

from workbench.core.session import Session
from workbench.core.textio import atomic_write, check_output_path
from workbench.formats.project_view import ProjectView
from workbench.formats.registry import export_format, load_writer
from workbench.qa.runner import check_project


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
    session: Session, fmt: str, *, source_language: str = "", target_language: str = ""
) -> ProjectView:
    """What the writer of ``fmt`` needs of the project (figures, findings and the edit log
    are computed only for the formats that show them); the languages given override the
    project's in what is written."""
    spec = export_format(fmt)
    figures = session.figures() if "figures" in spec.needs else None
    events = tuple(session.events()) if "events" in spec.needs else None
    return ProjectView(
        document=session.document,
        segments=tuple(session.segments),
        events=events or (),
        figures=figures,
        translators=session.translators(figures, events) if figures is not None else (),
        findings=check_project(session) if "findings" in spec.needs else (),
        source_option=source_language,
        target_option=target_language,
    )


def export_project(
    session: Session,
    fmt: str,
    out: Path | str,
    *,
    force: bool = False,
    source_language: str = "",
    target_language: str = "",
) -> Path:
    """Write ``session`` as ``fmt`` to ``out`` atomically; never over the article or the
    project, never through a symlink, never over an existing file unless ``force``.
    Everything is computed before anything is written."""
    writer = load_writer(export_format(fmt))
    protect: list[Path] = [Path(session.project_path)]
    if session.article_path is not None:
        protect.append(Path(session.article_path))
    check_output_path(out, protect=protect, overwrite=force)
    view = project_view(
        session, fmt, source_language=source_language, target_language=target_language
    )
    return atomic_write(out, writer(view), protect=protect, overwrite=force)
