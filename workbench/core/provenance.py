"""Where a text came from, so an export can label it truthfully.

A segment's raw text (``mt``) is machine translation (an article, TSV's column, an XLIFF's
``alt-trans``/``mtc:match``), or the target a bilingual file already held (a Trados file, a
memory: often a human translation), or nothing. Its target then comes from that text, from
the memory, or from the translator. A project stores both (the segment's ``mt_origin`` and
``target_origin``, and the origin of each undo step), so undoing back to a memory match
labels the target ``memory`` again.

``""`` means *not known*: a project made before these were stored.
"""

from __future__ import annotations

from typing import Literal

from workbench.core.edits import Origin

Provenance = Literal["", "mt", "file", "memory", "translator"]
PROVENANCES: tuple[Provenance, ...] = ("", "mt", "file", "memory", "translator")

# Edits whose text is the translator's own (typed, replaced, an offer taken, a correction).
_TRANSLATOR: frozenset[Origin] = frozenset(
    {"typing", "replace-all", "glossary-suggestion", "review", "import"}
)


def after_edit(
    origin: Origin, *, current: Provenance, mt: Provenance, copied: Provenance = ""
) -> Provenance:
    """The provenance of a target after an edit of ``origin`` (not undo/redo, whose text is
    an earlier step's and keeps that step's provenance). ``current`` is the target's before
    the edit, ``mt`` the segment's raw text's, ``copied`` that of the target a propagation
    copies. An automatic glossary fix or a status change keeps what the text was; a revert
    goes back to the pre-edited raw text; ``import`` (a post-edit made elsewhere) is the
    translator's."""
    if origin == "memory":
        return "memory"
    if origin == "revert":
        return mt
    if origin == "propagation":
        return copied or "translator"
    if origin in _TRANSLATOR:
        return "translator"
    return current  # glossary-auto, status: the text is what it was


def of_text(value: str) -> Provenance:
    """A stored value read back (an unknown word reads as not known)."""
    return _BY_TEXT.get(value, "")


_BY_TEXT: dict[str, Provenance] = {p: p for p in PROVENANCES}
