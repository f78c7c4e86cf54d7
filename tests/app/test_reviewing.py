"""``start_review``: what ``workbench review`` and the editor's review mode share: the QA model
and the reviewer from what was given, else the project's review settings, else the
defaults; what was given saved, nothing saved by a read-only session or on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.app.projects import open_article, open_existing
from workbench.app.reviewing import open_review, start_review
from workbench.core.lqa.model import ModelError

MODEL = (
    "model: house\nseverities: {Major: 10, Minor: 1}\n"
    "categories:\n  - Accuracy\n  - Style\npass_threshold: 20\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    art = tmp_path / "a.txt"
    art.write_text("Title\n\nOne sentence here.\n")
    open_article(art).close()
    return art


def test_given_settings_are_saved_and_used_next_time(article: Path, tmp_path: Path) -> None:
    model = tmp_path / "house.yaml"
    model.write_text(MODEL)
    with open_existing(article, read_only=False) as s:
        setup = start_review(
            s, user="ana", model_path=model, reviewer="rita", translator="tom", system="x"
        )
        assert (setup.model.id, setup.reviewer) == ("house", "rita")
    with open_existing(article, read_only=False) as s:
        again = start_review(s, user="ana")  # nothing given: the project's settings
        assert (again.model.id, again.reviewer) == ("house", "rita")
        assert open_review(s).meta() == {
            "model": str(model.resolve()),
            "reviewer": "rita",
            "translator": "tom",
            "system": "x",
        }


def test_defaults_and_a_read_only_session_saves_nothing(article: Path) -> None:
    with open_existing(article) as s:
        setup = start_review(s, user="ana", reviewer="rita")
        assert (setup.model.id, setup.reviewer) == ("wmt-mqm", "rita")
        assert open_review(s).meta() == {}
    with open_existing(article, read_only=False) as s:
        assert start_review(s, user="ana").reviewer == "ana"
        assert open_review(s).meta() == {"reviewer": "ana"}


def test_a_saved_model_gone_bad_is_refused_before_anything_is_written(
    article: Path, tmp_path: Path
) -> None:
    model = tmp_path / "house.yaml"
    model.write_text(MODEL)
    with open_existing(article, read_only=False) as s:
        start_review(s, user="ana", model_path=model)
    model.write_text("model: house\n")
    with open_existing(article, read_only=False) as s:
        with pytest.raises(ModelError, match="no 'severities'"):
            start_review(s, user="ana", reviewer="vera", system="y")
        assert open_review(s).meta() == {"model": str(model.resolve()), "reviewer": "ana"}
