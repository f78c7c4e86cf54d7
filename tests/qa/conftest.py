"""Realistic MT for the QA tests: sentences of tests/data/metals-news.mt.txt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "metals-news.mt.txt"


class SampleSentences:
    """The sample article cut at sentence ends."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = [
            s for line in text.splitlines() for s in re.split(r"(?<=[.!?])\s+", line) if s
        ]

    def pick(self, start: str) -> str:
        """The sample's one sentence that starts with ``start``."""
        found = [s for s in self.sentences if s.startswith(start)]
        assert len(found) == 1, f"no single sample sentence starts with {start!r}"
        return found[0]


@pytest.fixture(scope="session")
def sample() -> SampleSentences:
    """Sentences of tests/data/metals-news.mt.txt."""
    return SampleSentences(SAMPLE.read_text(encoding="utf-8"))
