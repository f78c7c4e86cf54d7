"""The per-engine cache: bounded, and no engine kept alive by a module-level cache after
the glossary is reloaded."""

from __future__ import annotations

import gc
import weakref

from workbench.core.glossary.cache import GlossaryCache
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.glossary.model import Entry
from workbench.qa.model import QaSegment
from workbench.qa.runner import QaRun, run


def test_memo_is_bounded_and_remembers() -> None:
    cache = GlossaryCache(size=2)
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key.upper()

    assert cache.memo("m", "a", lambda: compute("a")) == "A"
    assert cache.memo("m", "a", lambda: compute("a")) == "A"
    cache.memo("m", "b", lambda: compute("b"))
    cache.memo("m", "c", lambda: compute("c"))  # "a" is the least recently used: dropped
    cache.memo("m", "a", lambda: compute("a"))
    assert calls == ["a", "b", "c", "a"]


def test_an_engine_is_not_kept_alive_by_qa() -> None:
    entry = Entry(
        key="g:1",
        kind="fix",
        patterns=("orbital ships",),
        correction="rail transit and shipbuilding",
        apply="auto",
    )
    engine = GlossaryEngine([entry])
    segment = QaSegment(id="s1", mt="It sells orbital ships.", target="It sells orbital ships.")
    findings = run(QaRun((segment,), engine, "en"))
    assert any(f.check == "glossary-mt-error" for f in findings)
    ref = weakref.ref(engine)
    del engine
    gc.collect()
    assert ref() is None
