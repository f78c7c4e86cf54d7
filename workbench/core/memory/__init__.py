"""The post-edit memory: earlier MT -> final pairs, offered again for similar MT.

A **unit** (:class:`~workbench.core.model.memory.MemoryUnit`) is what a translator made of
one MT segment: the raw MT, the final target, the source when known, languages, project,
article, segment, who and when. Every confirmed segment goes in
(:func:`~workbench.core.memory.search.remember_confirmed`; a re-confirmed segment updates its
unit), and imported TMX/XLIFF files and projects go in with their origin
(:mod:`~workbench.core.memory.records`). The memory is one store for all projects
(:class:`~workbench.core.storage.protocols.MemoryStorage`; the SQLite file by default is
``<data dir>/memory.wbmem``).

The package, one job a module:

* :mod:`~workbench.core.memory.index` — how a text is seen: normalised (NFC, case-folded,
  whitespace collapsed), hashed, cut into tokens (words; a character each in scripts written
  without spaces) and index features (tokens and token pairs).
* :mod:`~workbench.core.memory.records` — what goes in and under which key: units of a
  confirmed segment, a project or an imported bilingual file, with their neighbours' hashes
  (in-context matches).
* :mod:`~workbench.core.memory.search` — the open :class:`Memory`: candidates through the
  index (from the rarest feature up to a postings budget, an idf weight per unit in numpy),
  exact scoring with rapidfuzz's ``fuzz.ratio`` on normalised texts, ranking (in context,
  then score, exact before case-only differences, newest first), concordance.

A match is **exact** when the texts are equal but for whitespace (score 100, case included),
and **in context** when it is exact and the neighbouring segments' texts equal the unit's
neighbours too. Glossary concordance is :mod:`workbench.core.glossary.concordance`; the
editor's confirm (confirm, remember, propagate) is :mod:`workbench.app.editing`.

The names below are the memory's public face, imported from here by callers.
"""

from workbench.core.memory.index import features, normalise
from workbench.core.memory.records import (
    Context,
    ProjectSegments,
    import_key,
    segment_key,
    units_from_document,
    units_from_project,
    units_from_segments,
)
from workbench.core.memory.search import (
    DEFAULT_LIMIT,
    DEFAULT_MIN_SCORE,
    IMPORT_BATCH,
    Memory,
    complete_from_project,
    default_memory_path,
    document_exact_matches,
    memory_matches,
    open_memory,
    remember_confirmed,
)
from workbench.core.model.memory import (
    AddResult,
    ConcordanceHit,
    MemoryCounts,
    MemoryMatch,
    MemoryUnit,
)

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_MIN_SCORE",
    "IMPORT_BATCH",
    "AddResult",
    "ConcordanceHit",
    "Context",
    "Memory",
    "MemoryCounts",
    "MemoryMatch",
    "MemoryUnit",
    "ProjectSegments",
    "complete_from_project",
    "default_memory_path",
    "document_exact_matches",
    "features",
    "import_key",
    "memory_matches",
    "normalise",
    "open_memory",
    "remember_confirmed",
    "segment_key",
    "units_from_document",
    "units_from_project",
    "units_from_segments",
]
