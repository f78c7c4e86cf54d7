"""The review as the TUI and the commands open it: a project's review tables (errors, verdicts,
settings) through :class:`~workbench.core.storage.review_store.ReviewStore`, whose records
this module hands on, so nothing above the app layer names the storage package."""

from __future__ import annotations

from workbench.core.session import Session
from workbench.core.storage.review_store import NewError, ReviewError, ReviewStore, Verdict

__all__ = ["NewError", "ReviewError", "ReviewStore", "Verdict", "open_review"]


def open_review(session: Session) -> ReviewStore:
    """The review tables of the session's project (made on first write)."""
    return ReviewStore(session.store)
