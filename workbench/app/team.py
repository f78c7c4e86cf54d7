"""Projects in a team store (a PostgreSQL server): open one by name, making it from an
article on first use; list them. The editing rules are :class:`~workbench.core.session.Session`'s,
the same as for a project file."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from workbench.app.projects import read_article
from workbench.core.errors import ProjectError
from workbench.core.glossary.load import engine_for
from workbench.core.session import Session
from workbench.core.storage.pg import masked, project_location
from workbench.core.storage.pg_project import project_names
from workbench.core.textio import read_bytes


def open_team_project(
    url: str,
    name: str,
    *,
    article: Path | str | None = None,
    glossaries: Sequence[Path | str] = (),
    source: Path | str | None = None,
    read_only: bool = False,
    source_language: str = "",
    target_language: str = "",
) -> Session:
    """Project ``name`` in the store at ``url``; made from ``article`` when it has none yet."""
    location = project_location(url, name)
    gloss = [str(Path(g).resolve()) for g in glossaries]
    engine = engine_for(gloss)
    if name not in project_names(url, read_only=read_only):
        if article is None:
            raise ProjectError(f"{masked(url)}: no project named '{name}'")
        if read_only:
            raise ProjectError(f"{article}: has no project '{name}' yet (open it to create one)")
        article_path = Path(article)
        digest = hashlib.sha256(read_bytes(article_path, what="article")).hexdigest()
        document = read_article(
            article_path,
            source=source,
            source_language=source_language,
            target_language=target_language,
        )
        Session.create(
            location,
            document,
            engine,
            article=article_path,
            article_sha256=digest,
            glossaries=gloss,
        )
    session = Session.open_project(location, read_only=read_only, engine=engine if gloss else None)
    try:
        if gloss and not read_only and tuple(gloss) != session.glossary_paths:
            session.set_glossary_paths(gloss)
    except BaseException:
        session.close()
        raise
    return session


def team_projects(url: str, *, read_only: bool = True) -> list[str]:
    """The projects of the store (writable: its schema is made or upgraded first)."""
    return project_names(url, read_only=read_only)
