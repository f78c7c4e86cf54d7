"""Effort figures: active time without pauses, HTER from MT and from pre."""

from __future__ import annotations

import pytest

from workbench.core.config import load_config
from workbench.core.metrics import ActiveTimer, document_figures, segment_figures


def test_active_timer_drops_pauses_over_the_threshold() -> None:
    timer = ActiveTimer(threshold=30)
    for t in (100.0, 101.0, 103.5, 200.0, 201.0):  # a 96.5 s pause is not counted
        timer.tick(t)
    assert timer.take() == 1000 + 2500 + 1000
    assert timer.take() == 0


def test_pause_threshold_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PAUSE_SECONDS", "5")
    timer = ActiveTimer(load_config()[0].pause_seconds)
    timer.tick(0.0)
    timer.tick(6.0)
    assert timer.total_ms == 0


def test_segment_and_document_figures() -> None:
    a = segment_figures(
        "p1s1",
        mt="It serves orbital ships here",
        pre="It serves rail transit and shipbuilding here",
        target="It serves rail transit and shipbuilding there",
    )
    assert a.ref_words == 7
    assert a.edits == 5  # 2 substitutions + 2 insertions (shipbuilding side) + here->there
    assert a.edits_pre == 1 and a.hter_pre == pytest.approx(1 / 7)
    b = segment_figures("p1s2", mt="Fine.", pre="Fine.", target="Fine.")
    doc = document_figures([a, b], confirmed=1, total=2)
    assert doc.hter == pytest.approx(5 / 8)
    assert doc.hter_pre == pytest.approx(1 / 8)
    assert doc.char_distance == a.char_distance


def test_hter_ignores_inline_codes() -> None:
    """Tags are not words: moving or deleting one is no edit, and a tag glued to a word does
    not make that word different."""
    from workbench.core.metrics import segment_figures

    mt = "Click \ue000Save\ue001 to keep \ue002 the alert."
    moved = "Click \ue000Save to keep \ue001\ue002 the alert."
    plain = segment_figures("s", mt, mt, moved)
    assert plain.hter == 0.0 and plain.char_distance == 0
    edited = segment_figures("s", mt, mt, "Click \ue000Save\ue001 to keep the warning.")
    assert edited.edits == 1 and edited.ref_words == 6
