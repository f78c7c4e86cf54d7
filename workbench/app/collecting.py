"""Python's cycle collector run less often while a command makes millions of small objects
(an export's rows, a QA report's findings) that reference counting frees."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cycle collector run less often while an export (or QA's report) makes its
    millions of small objects (rows, findings, figures: freed by reference counting, or
    findings held for the report: none of them in a cycle): the objects already there
    (the open project) are set aside from its scans
    (:func:`gc.freeze`) and it runs after 100,000 new objects instead of 700. A large
    project's export spent a fifth of its time in the collector. (Exports at the same time
    in one process, e.g. the editor's: the first sets this, the last one out restores it.)"""
    with _COLLECTING:
        _EXPORTS.append(gc.get_threshold())
        if len(_EXPORTS) == 1:
            gc.freeze()
            gc.set_threshold(100_000, *_EXPORTS[0][1:])
    try:
        yield
    finally:
        with _COLLECTING:
            first = _EXPORTS[0]
            _EXPORTS.pop()
            if not _EXPORTS:
                gc.set_threshold(*first)
                gc.unfreeze()


_COLLECTING = threading.Lock()
_EXPORTS: list[tuple[int, int, int]] = []  # the thresholds before each running user
