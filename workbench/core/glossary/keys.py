"""The one matching key: how glossary text is compared everywhere.

The engine, the set-level rules, lint, mining and the QA glossary checks all compare
glossary patterns and text through :func:`match_key`: NFC normalisation, then
``str.casefold`` unless the entry is case-sensitive.
"""

from __future__ import annotations

import unicodedata


def match_key(text: str, *, case_sensitive: bool = False) -> str:
    """``text`` as matching compares it: NFC, case-folded unless ``case_sensitive``."""
    nfc = unicodedata.normalize("NFC", text)
    return nfc if case_sensitive else nfc.casefold()


PUNCT = " \t\r\n.,;:!?\"'()[]{}“”‘’«»"


def strip_punct(text: str) -> str:
    """``text`` without the spaces and punctuation around it: the core of a word n-gram that
    near misses compare with the patterns (``"orbital ships,"`` is ``orbital ships``)."""
    return text.strip(PUNCT)
