"""The check registry and the runs: a list of segments, a project, an article."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from workbench.core.document import Document
from workbench.core.glossary_engine import GlossaryEngine
from workbench.qa import completeness, glossary_checks, language, numbers, punctuation, repeats
from workbench.qa.findings import Finding, Severity
from workbench.qa.model import QaContext, QaSegment
from workbench.qa.report import has_open_errors, report_json, report_text, summary

if TYPE_CHECKING:
    from workbench.core.session import SegmentState, Session

__all__ = [
    "CHECKS",
    "Check",
    "IgnoredFindings",
    "QaSegment",
    "article_segments",
    "check_article",
    "check_session",
    "has_open_errors",
    "qa_segment",
    "report_json",
    "report_text",
    "run_checks",
    "session_segments",
    "summary",
]

CheckFunction = Callable[[QaSegment, QaContext], tuple[Finding, ...]]
# (segment id, check id, matched text) -> the reason the translator gave
IgnoredFindings = Mapping[tuple[str, str, str], str]


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
    Check("double-space", punctuation.double_spaces, "warning", "two or more spaces in a row"),
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


def run_checks(
    segments: Sequence[QaSegment],
    engine: GlossaryEngine | None = None,
    *,
    ignored: IgnoredFindings | None = None,
    target_language: str = "en",
    checks: Sequence[str] | None = None,
) -> tuple[Finding, ...]:
    """Every check (or those named in ``checks``) over ``segments``; findings in segment
    order, then by position in the target. Findings whose (segment, check, matched) key is
    in ``ignored`` come back with ``ignored=True`` and the reason."""
    selected = [CHECKS[c] for c in checks] if checks is not None else list(_REGISTRY)
    context = QaContext(engine=engine, target_language=target_language)
    ignored = ignored or {}
    found: list[Finding] = []
    for segment in segments:
        per_segment = [f for check in selected for f in check.function(segment, context)]
        per_segment.sort(key=lambda f: f.start)  # stable: registry order within a position
        found.extend(_mark_ignored(f, ignored) for f in per_segment)
    return tuple(found)


def qa_segment(state: SegmentState, target: str | None = None) -> QaSegment:
    """A project segment as QA sees it: its current target (or ``target``, e.g. the text in
    the editor before it is saved) against its MT and source."""
    return QaSegment(
        id=state.id,
        target=state.target if target is None else target,
        mt=state.mt,
        source=state.source,
        status=state.status,
    )


def session_segments(session: Session) -> tuple[QaSegment, ...]:
    """A project's segments as QA sees them: current target against MT and source.

    Read this on the thread that owns the session; the checks themselves may then run on
    another (the TUI runs them in a worker)."""
    return tuple(qa_segment(s) for s in session.segments)


def check_session(session: Session, engine: GlossaryEngine | None = None) -> tuple[Finding, ...]:
    """Every check over a project (its own glossary unless ``engine`` is given), with the
    findings the translator ignored marked so."""
    return run_checks(
        session_segments(session),
        engine if engine is not None else session.engine,
        ignored=session.ignored_findings(),
        target_language=session.document.target_language or "en",
    )


def article_segments(
    document: Document, sources: Sequence[str] | None = None
) -> tuple[QaSegment, ...]:
    """An article's segments as finished targets: no MT to compare with; the source from
    ``sources`` (one per segment) or from the document itself (bilingual formats)."""
    if sources is not None and len(sources) != len(document.segments):
        raise ValueError("one source text per segment is needed")
    return tuple(
        QaSegment(
            id=s.id,
            target=s.text,
            mt=None,
            source=sources[i] if sources is not None else s.source,
            status="confirmed",
        )
        for i, s in enumerate(document.segments)
    )


def check_article(
    document: Document,
    engine: GlossaryEngine | None = None,
    *,
    sources: Sequence[str] | None = None,
) -> tuple[Finding, ...]:
    """Every check over an article's text as it stands (no glossary applied to it first):
    checks against the MT are skipped, checks against the source need one."""
    return run_checks(
        article_segments(document, sources),
        engine,
        target_language=document.target_language or "en",
    )
