"""The memory's full scan runs in chunks (other threads run between them) and gives what
one rapidfuzz call over every text gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from workbench.core.memory import search

TEXTS = st.lists(
    st.one_of(st.none(), st.text(alphabet="abc de", min_size=0, max_size=12)), max_size=60
)


@settings(max_examples=200, deadline=None)
@given(
    TEXTS,
    st.text(alphabet="abc de", max_size=12),
    st.sampled_from([0.0, 50.0, 70.0]),
    st.integers(1, 20),
    st.integers(1, 9),
)
def test_a_chunked_scan_is_one_extract(
    texts: list[str | None], query: str, cutoff: float, limit: int, chunk: int
) -> None:
    one = [
        (score, i)
        for _t, score, i in process.extract(
            query, texts, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit
        )
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search, "SCAN_CHUNK", chunk)
        assert search._extract(query, texts, cutoff, limit) == one
