"""The shipped glossary loads cleanly and fixes the sample articles' MT errors."""

from __future__ import annotations

from pathlib import Path

from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.load import load_glossaries
from workbench.formats.article.plaintext import read_plaintext

REPO = Path(__file__).resolve().parents[2]


def pre_edited(path: Path) -> str:
    engine = GlossaryEngine(load_glossaries([REPO / "glossaries"]).entries)
    doc = read_plaintext(path)
    return doc.render([engine.apply_auto(s.text).text for s in doc.segments])


def test_every_entry_has_a_note() -> None:
    entries = load_glossaries([REPO / "glossaries"]).entries
    assert len(entries) >= 20
    assert all(e.note for e in entries)


def test_fixes_the_news_article(metals_news: Path) -> None:
    mt = metals_news.read_text(encoding="utf-8")
    text = pre_edited(metals_news)
    for wrong, right in [
        ("orbital ships", "rail transit and shipbuilding"),
        ("all-aluminum home", "all-aluminum furniture"),
        ("important weapon of the country", "pillar of the nation"),
        ("100 billion-level", "100-billion-yuan"),
        ("main metropolitan area", "main urban area"),
        ("Southwest Aluminium", "Southwest Aluminum"),
        ("all-aluminium homes", "all-aluminum furniture"),
        ("better, stronger and bigger", "stronger, better and larger"),
    ]:
        assert wrong in mt
        assert wrong not in text
        assert right in text


def test_fixes_the_demo_article_and_offers_near_misses() -> None:
    demo = REPO / "samples" / "chinalco-demo.mt.txt"
    text = pre_edited(demo)
    assert "Southwest Aluminium" not in text
    assert "all-aluminium homes" not in text
    engine = GlossaryEngine(load_glossaries([REPO / "glossaries"]).entries)
    near = [h.matched for h in engine.near_misses(text)]
    assert "orbital ship" in near
