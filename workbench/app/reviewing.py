"""The review as the TUI and the commands open it: a project's review tables (errors, verdicts,
settings) through :class:`~workbench.core.storage.review_store.ReviewStore`, whose records
this module hands on, so nothing above the app layer names the storage package.

:func:`start_review` is what ``workbench review`` and the editor's review mode share: the
review tables, the QA model and the reviewer's name, from what was given and else from the
project's review settings (then the defaults).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.core.lqa.model import QAModel, load_model
from workbench.core.session import Session
from workbench.core.storage.review_store import NewError, ReviewError, ReviewStore, Verdict

__all__ = [
    "NewError",
    "ReviewError",
    "ReviewSetup",
    "ReviewStore",
    "Verdict",
    "open_review",
    "start_review",
]


def open_review(session: Session) -> ReviewStore:
    """The review tables of the session's project (made on first write)."""
    return ReviewStore(session.store)


@dataclass(frozen=True)
class ReviewSetup:
    """What a review runs with: the project's review tables, its QA model and who reviews."""

    review: ReviewStore
    model: QAModel
    reviewer: str


def start_review(
    session: Session,
    *,
    user: str,
    model_path: Path | None = None,
    reviewer: str | None = None,
    translator: str | None = None,
    system: str | None = None,
) -> ReviewSetup:
    """The review of ``session``: the model given, else the one the project's review used,
    else the default (WMT MQM); the reviewer given, else the project's, else ``user``.
    What was given is saved in the project's review settings (a read-only session saves
    nothing). Raises ``ProjectError`` for a project kept elsewhere than SQLite and
    ``ModelError`` for a bad model file, before anything is written."""
    review = open_review(session)
    meta = review.meta()
    model_file = str(model_path.resolve()) if model_path else meta.get("model", "")
    model = load_model(model_file or None)
    name = reviewer or meta.get("reviewer") or user
    values: dict[str, str] = {}
    if reviewer or not meta.get("reviewer"):
        values["reviewer"] = name
    if model_path is not None:
        values["model"] = model_file
    if translator:
        values["translator"] = translator
    if system:
        values["system"] = system
    if values and not session.read_only:
        review.set_meta(values)
    return ReviewSetup(review, model, name)
