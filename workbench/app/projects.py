"""Files on disk -> projects: opening an article (or a bilingual file) as a project.

It reads articles with the one format registry and pairs a source file; the commands and the
TUI call it:

* :func:`open_article` — ``workbench edit``/``record``/``serve``: the project of an article
  (made on first use: read, segmented, pre-edited with the glossary), opened for writing.
* :func:`open_existing` — every command that takes ``ARTICLE|PROJECT``: a project file as
  it is, or the project an article already has; read-only by default.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from workbench.core.document import Document
from workbench.core.errors import ProjectError
from workbench.core.glossary.load import engine_for
from workbench.core.language import text_language
from workbench.core.projects import damage, default_project_path
from workbench.core.session import Session
from workbench.core.source_alignment import align_source
from workbench.core.storage.sqlite import is_project_file
from workbench.core.textio import (
    MAX_PROJECT_BYTES,
    check_size,
    read_bytes,
    read_text,
)
from workbench.formats.registry import read_document


def read_source(path: Path | str, *, language: str = "") -> Document:
    """Read a source-language article in ``language``, else the language detected in it
    (which also decides how it is split into sentences)."""
    language = language or text_language(read_text(path, what="source file").text)
    return read_document(path, language=language)


def read_article(
    article: Path | str,
    *,
    source: Path | str | None = None,
    source_language: str = "",
    target_language: str = "",
) -> Document:
    """The document a new project is made of: the article (or bilingual file) in its
    languages (options first, then the file, then detection), with ``source`` paired."""
    document = read_document(article, language=target_language, source_language=source_language)
    if source is not None:
        source_doc = read_source(source, language=source_language)
        document = align_source(document, source_doc)
        document = replace(
            document,
            source_language=source_language or source_doc.target_language,
            notices=(
                *document.notices,
                f"source {Path(source).name}: language {source_doc.target_language or '?'}",
            ),
        )
    return document


def fits_a_project(article: Path | str, project: Path | str | None = None) -> Path:
    """The project path of ``article``; refuses at once (before anything is read) an
    article over :data:`~workbench.core.textio.MAX_PROJECT_BYTES` that has no project yet."""
    project_path = Path(project) if project is not None else default_project_path(article)
    if not project_path.exists():
        check_size(article, MAX_PROJECT_BYTES, "an article made into a project")
    return project_path


def open_article(
    article: Path | str,
    *,
    project: Path | str | None = None,
    glossaries: Sequence[Path | str] = (),
    source: Path | str | None = None,
    read_only: bool = False,
    source_language: str = "",
    target_language: str = "",
) -> Session:
    """Open the project of ``article``, creating it on first use.

    A new project reads the article (and ``source``, paired segment by segment or paragraph
    by paragraph) in the given languages and pre-edits it with ``glossaries``. An existing
    project is refused when the article changed since; given ``glossaries`` replace the
    ones it remembers.
    """
    article_path = Path(article)
    if (
        article_path.suffix.lower() == ".wbproj"
        and article_path.is_file()
        and not is_project_file(article_path)
    ):
        raise ProjectError(f"{article_path}: not a workbench project ({damage(article_path)})")
    project_path = fits_a_project(article, project)
    data = read_bytes(article_path, what="article")
    digest = hashlib.sha256(data).hexdigest()
    if project_path.exists() and project_path.resolve() == article_path.resolve():
        raise ProjectError(f"{project_path}: the project cannot be the article itself")
    gloss = [str(Path(g).resolve()) for g in glossaries]
    engine = engine_for(gloss)
    created = None
    if not project_path.exists():
        if read_only:
            raise ProjectError(f"{article_path}: has no project yet (open it to create one)")
        document = read_article(
            article_path,
            source=source,
            source_language=source_language,
            target_language=target_language,
        )
        created = Session.create(
            project_path,
            document,
            engine,
            article=article_path,
            article_sha256=digest,
            glossaries=gloss,
        )
    session = Session.open_project(
        project_path, read_only=read_only, engine=engine if gloss else None, created=created
    )
    try:
        if session.article_sha256 not in (None, "", digest):
            raise ProjectError(
                f"{article_path}: the article changed since its project was created "
                f"({project_path}); use --project to start a new project"
            )
        if gloss and not read_only and tuple(gloss) != session.glossary_paths:
            session.set_glossary_paths(gloss)
    except BaseException:
        session.close()
        raise
    return session


def open_existing(path: Path | str, *, read_only: bool = True) -> Session:
    """``ARTICLE|PROJECT`` on the command line: a project file opens as it is; an article
    opens the project it already has (``ProjectError`` when it has none)."""
    p = Path(path)
    if not p.exists():
        raise ProjectError(f"{p}: no such article or project")
    if p.is_dir():
        raise ProjectError(f"{p}: is a folder, expected an article or a project")
    if is_project_file(p):
        return Session.open_project(p, read_only=read_only)
    if p.suffix.lower() == ".wbproj":
        raise ProjectError(f"{p}: not a workbench project ({damage(p)})")
    project = default_project_path(p)
    if not project.exists():
        raise ProjectError(
            f"{p}: no project for this article in the data folder (run 'workbench edit {p}' "
            "first; for a project made with --project, give the project file instead)"
        )
    return open_article(p, project=project, read_only=read_only)
