"""The check registry and the one way to run QA.

A run is plain data, :class:`QaRun` (the segments to check, the glossary engine, the target
language, the findings the translator ignored), handed to :func:`run`. Build it with
:func:`project_run` for a project (the editor's panel, the QA screen, ``workbench qa
PROJECT``, the exports) or :func:`article_run` for an article checked as a finished target
(``workbench qa ARTICLE``). Building reads the project, so it happens on the thread that
owns the session; :func:`run` may then go to a worker thread.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from workbench.core.document import Document, Segment
from workbench.core.findings import Finding, Severity
from workbench.core.glossary.engine import GlossaryEngine
from workbench.core.model.project import IgnoredFindings
from workbench.core.session import Session
from workbench.core.spelling import personal_words
from workbench.qa import (
    completeness,
    english,
    glossary_checks,
    language,
    line_breaks,
    numbers,
    punctuation,
    repeats,
    spelling,
    tags,
)
from workbench.qa import memo as memos
from workbench.qa.memo import FindingsMemo
from workbench.qa.model import QaContext, QaSegment, capped

CheckFunction = Callable[[QaSegment, QaContext], tuple[Finding, ...]]


@dataclass(frozen=True)
class Check:
    """One registered check: its id, function, most severe level and what it looks for."""

    id: str
    function: CheckFunction
    severity: Severity
    description: str


_REGISTRY = (
    Check("empty-target", completeness.empty_target, "error", "the target is empty"),
    Check("untranslated", language.untranslated, "error", "the target is the source, unchanged"),
    Check("tag-missing", tags.missing_tags, "error", "an inline tag of the source is missing"),
    Check("tag-extra", tags.extra_tags, "error", "an inline tag that is not in the source"),
    Check(
        "tag-order",
        tags.tag_order,
        "error",
        "a tag pair closed before it opens, left open, or crossing another",
    ),
    Check(
        "source-script",
        language.source_script_left,
        "error",
        "Chinese, Japanese, Cyrillic... letters left in a Latin-script target",
    ),
    Check(
        "glossary-mt-error",
        glossary_checks.mt_error_present,
        "error",
        "an MT error the glossary corrects is still in the target (warning for suggestions)",
    ),
    Check(
        "glossary-forbidden",
        glossary_checks.forbidden_term,
        "error",
        "a term the glossary forbids is used",
    ),
    Check(
        "glossary-preferred-missing",
        glossary_checks.preferred_term_missing,
        "warning",
        "the source has a glossary term but the target lacks its preferred rendering",
    ),
    Check(
        "numbers",
        numbers.number_mismatch,
        "warning",
        "numbers differ between the source (or MT) and the target",
    ),
    Check(
        "unchanged-confirmed",
        completeness.unchanged_confirmed,
        "warning",
        "confirmed unchanged from an MT that had glossary corrections",
    ),
    Check(
        "wrong-language",
        language.wrong_language,
        "warning",
        "a longer target that langdetect reads as another language",
    ),
    Check("unbalanced", punctuation.unbalanced, "warning", "unbalanced quotes or brackets"),
    Check("repeated-word", repeats.repeated_words, "warning", 'a word repeated ("the the")'),
    Check(
        "a-an",
        english.a_an,
        "warning",
        '"a"/"an" that disagrees with the next word ("an pillar", "a hour"; English targets)',
    ),
    Check(
        "agreement",
        english.agreement,
        "warning",
        'a plural verb after an uncountable noun ("furniture are"; English targets)',
    ),
    Check(
        "spelling",
        spelling.misspelt_words,
        "warning",
        "a word the target language's dictionary does not know (with suggestions)",
    ),
    Check("double-space", punctuation.double_spaces, "warning", "two or more spaces in a row"),
    Check(
        "line-break",
        line_breaks.extra_line_break,
        "warning",
        "a line break the source (or the MT, without a source) does not have",
    ),
    Check(
        "fullwidth-punctuation",
        language.fullwidth_punctuation,
        "warning",
        "full-width punctuation in a Latin-script target",
    ),
    Check(
        "length-ratio",
        completeness.length_ratio,
        "info",
        "the target is under half or over twice the MT's length",
    ),
)
CHECKS: dict[str, Check] = {check.id: check for check in _REGISTRY}


def _mark_ignored(finding: Finding, ignored: IgnoredFindings) -> Finding:
    reason = ignored.get((finding.segment_id, finding.check, finding.matched))
    return finding if reason is None else replace(finding, ignored=True, reason=reason)


@dataclass(frozen=True)
class QaRun:
    """Everything one QA run needs, as plain data (safe to hand to a worker thread)."""

    segments: tuple[QaSegment, ...]
    engine: GlossaryEngine | None = None
    target_language: str = "en"
    ignored: IgnoredFindings = field(default_factory=dict)


PREPARED = 2_000  # segments whose langdetect answers are found together


@dataclass(frozen=True)
class CheckJob:
    """What checking a batch of segments needs besides the segments (plain data, shared by
    every batch of a run; handed once to each worker of a :data:`Spread`)."""

    checks: tuple[str, ...]
    context: QaContext


def check_batch(job: CheckJob, batch: Sequence[QaSegment]) -> list[list[Finding]]:
    """Each segment's findings, in order."""
    return list(_check_batch(batch, [CHECKS[c] for c in job.checks], job.context)) if batch else []


def check_batch_encoded(job: CheckJob, batch: Sequence[QaSegment]) -> list[str]:
    """:func:`check_batch`, each segment's findings encoded as the memo keeps them
    (:func:`workbench.qa.memo.encode`: what a worker process sends back, a line of JSON
    instead of the pickled findings; a module-level function, called by name)."""
    return [memos.encode(found) for found in check_batch(job, batch)]


Spread = Callable[
    [
        Callable[[CheckJob, Sequence[QaSegment]], list[str]],
        CheckJob,
        Iterator[Sequence[QaSegment]],
    ],
    Iterator[list[str]],
]
"""How batches are checked elsewhere: ``spread(check_batch_encoded, job, batches)`` gives
each batch's :func:`check_batch_encoded` result in the order of the batches (it may check
some ahead, e.g. in other processes; it reads the batches one after the other, as it needs
them)."""


def run(
    qa: QaRun, checks: Sequence[str] | None = None, *, memo: FindingsMemo | None = None
) -> tuple[Finding, ...]:
    """Every check (or those named in ``checks``) over the run's segments; findings in
    segment order, then by position in the target. Findings whose (segment, check, matched)
    key the translator ignored come back with ``ignored=True`` and the reason. A check
    lists at most ``qa.model.MAX_PER_CHECK`` findings per segment, then one that counts
    the rest. With a ``memo``: as :func:`iter_findings`."""
    return tuple(iter_findings(qa, checks, memo=memo))


@dataclass
class _Batch:
    """One batch on its way: its segments' findings where remembered (``None``: to check),
    their memo keys, and which are to be checked."""

    found: list[list[Finding] | None]
    keys: list[bytes]
    fresh: list[int]
    ids: list[str]  # of the fresh segments


def iter_findings(
    qa: QaRun,
    checks: Sequence[str] | None = None,
    *,
    memo: FindingsMemo | None = None,
    spread: Spread | None = None,
) -> Iterator[Finding]:
    """:func:`run`'s findings, made segment by segment while they are read (a large
    project's findings are never held together: an export writes each segment's as they
    come); the same findings in the same order. With a ``memo``, a segment checked before
    with the same texts and context gets its remembered findings (:mod:`workbench.qa.memo`)
    and the others' are remembered. ``spread`` checks the batches (default: here, one after
    the other; the application may spread them over its cores)."""
    selected = [CHECKS[c] for c in checks] if checks is not None else list(_REGISTRY)
    context = QaContext(
        engine=qa.engine,
        target_language=qa.target_language or "en",
        known_words=personal_words() if "spelling" in {c.id for c in selected} else frozenset(),
    )
    shared = memos.context_digest(context, [c.id for c in selected]) if memo else b""
    pending: deque[_Batch] = deque()  # planned, their findings not yet given

    def to_check() -> Iterator[Sequence[QaSegment]]:
        for start in range(0, len(qa.segments), PREPARED):
            batch = qa.segments[start : start + PREPARED]
            if memo is None:
                every = list(range(len(batch)))
                pending.append(_Batch([None] * len(batch), [], every, [s.id for s in batch]))
                yield batch
                continue
            keys = [memos.segment_key(shared, s) for s in batch]
            known = memo.lookup(keys)
            hits = [(s.id, known[k]) for s, k in zip(batch, keys, strict=True) if k in known]
            stored = iter(memos.decode_many(hits))
            found: list[list[Finding] | None] = [next(stored) if k in known else None for k in keys]
            fresh = [i for i, f in enumerate(found) if f is None]
            pending.append(_Batch(found, keys, fresh, [batch[i].id for i in fresh]))
            yield [batch[i] for i in fresh]

    job = CheckJob(tuple(c.id for c in selected), context)
    for planned, made, encoded in _checked(job, to_check(), pending, spread, memo is not None):
        for i, checked in zip(planned.fresh, made, strict=True):
            planned.found[i] = checked
        if memo is not None and planned.fresh:
            memo.store([(planned.keys[i], e) for i, e in zip(planned.fresh, encoded, strict=True)])
        for per_segment in planned.found:
            if not per_segment:
                continue
            if qa.ignored:
                yield from (_mark_ignored(f, qa.ignored) for f in per_segment)
            else:
                yield from per_segment


def _checked(
    job: CheckJob,
    batches: Iterator[Sequence[QaSegment]],
    pending: deque[_Batch],
    spread: Spread | None,
    encode: bool,
) -> Iterator[tuple[_Batch, list[list[Finding]], list[str]]]:
    """Each planned batch with its fresh segments' findings, and those encoded if
    ``encode`` (those from ``spread`` come encoded)."""
    if spread is None:
        for batch in batches:
            made = check_batch(job, batch)
            planned = pending.popleft()
            yield planned, made, [memos.encode(f) for f in made] if encode else []
        return
    for encoded in spread(check_batch_encoded, job, batches):
        planned = pending.popleft()
        made = memos.decode_many(list(zip(planned.ids, encoded, strict=True)))
        yield planned, made, encoded


def _check_batch(
    batch: Sequence[QaSegment], selected: Sequence[Check], context: QaContext
) -> Iterator[list[Finding]]:
    """Each segment's findings (ordered by position), the batch's langdetect and dictionary
    answers found together first."""
    if CHECKS["wrong-language"] in selected:  # langdetect's answers, a batch at once
        language.prepare_wrong_language(batch, context)
    if CHECKS["spelling"] in selected:  # the dictionary's answers, a batch at once
        spelling.prepare_spelling(batch, context)
    for segment in batch:
        per_segment = [f for check in selected for f in capped(check.function(segment, context))]
        per_segment.sort(key=lambda f: f.start)  # stable: registry order within a position
        yield per_segment


def project_run(
    session: Session,
    *,
    engine: GlossaryEngine | None = None,
    only: Sequence[str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> QaRun:
    """A project's QA run: current targets (or ``texts``, e.g. what the editor holds before
    it is saved) against their MT and source, with the project's glossary (or ``engine``),
    its target language and its ignored findings; ``only`` these segment ids if given."""
    wanted = set(only) if only is not None else None
    texts = texts or {}
    segments = tuple(
        QaSegment(
            id=s.id,
            target=texts.get(s.id, s.target),
            mt=s.mt,
            source=s.source,
            status=s.status,
            codes=s.codes,
        )
        for s in session.segments
        if wanted is None or s.id in wanted
    )
    return QaRun(
        segments,
        engine if engine is not None else session.engine,
        session.document.target_language or "en",
        session.ignored_findings(),
    )


def check_project(
    session: Session,
    engine: GlossaryEngine | None = None,
    *,
    memo: FindingsMemo | None = None,
    spread: Spread | None = None,
) -> tuple[Finding, ...]:
    """Every check over a project, with the findings the translator ignored marked so
    (``memo`` and ``spread``: as :func:`iter_findings`)."""
    return tuple(iter_findings(project_run(session, engine=engine), memo=memo, spread=spread))


def project_findings(
    session: Session,
    engine: GlossaryEngine | None = None,
    *,
    memo: FindingsMemo | None = None,
    spread: Spread | None = None,
) -> Iterator[Finding]:
    """:func:`check_project`'s findings, made while they are read (the run is built now,
    on the session's thread; the checks run as the findings are read, on any thread), those
    of segments checked before taken from ``memo`` if given."""
    return iter_findings(project_run(session, engine=engine), memo=memo, spread=spread)


def article_run(document: Document, engine: GlossaryEngine | None = None) -> QaRun:
    """An article's QA run: its text as finished targets, as it stands (no MT to compare
    with; the source where the document carries one, e.g. a bilingual file or a paired
    ``--source``)."""
    return QaRun(article_segments(document.segments), engine, document.target_language or "en")


def article_segments(segments: Sequence[Segment]) -> tuple[QaSegment, ...]:
    """An article's segments as finished targets (see :func:`article_run`; a long article
    is checked a chunk at a time)."""
    return tuple(
        QaSegment(
            id=s.id, target=s.text, mt=None, source=s.source, status="confirmed", codes=s.codes
        )
        for s in segments
    )
