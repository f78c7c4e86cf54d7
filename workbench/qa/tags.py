"""Inline codes (tags) in the target against the source, or the MT when there is no
source: a tag missing, a tag that is not in the source, and pairs out of order (closed
before they open, left open, crossing). All are errors: a file with broken tags does not
go back into the client's tool.

Spans index the stored target, where each tag is one placeholder character (see
:mod:`workbench.core.inline_codes`); ``matched`` is the tag's token (``⟨1⟩``), the key
under which a finding is ignored.
"""

from __future__ import annotations

from workbench.core.findings import Finding
from workbench.core.inline_codes import IssueKind, TagIssue, has_codes, tag_issues
from workbench.qa.model import QaContext, QaSegment, finding


def _reference(segment: QaSegment) -> str | None:
    """The text whose tags the target must have: the source when it has tags or the MT
    has none, else the MT."""
    if segment.source is not None and (has_codes(segment.source) or not segment.mt):
        return segment.source
    return segment.mt if segment.mt is not None else segment.source


def _issues(segment: QaSegment, kind: IssueKind) -> list[TagIssue]:
    if not segment.codes:
        return []
    reference = _reference(segment)
    if reference is None:
        return []
    if not has_codes(reference) and not has_codes(segment.target):
        return []
    return [i for i in tag_issues(segment.target, reference, segment.codes) if i.kind == kind]


def _findings(segment: QaSegment, kind: IssueKind, check: str) -> tuple[Finding, ...]:
    return tuple(
        finding(
            segment,
            check,
            "error",
            issue.message,
            start=issue.at,
            end=issue.at + 1 if issue.at >= 0 else -1,
            matched=issue.code.token,
        )
        for issue in _issues(segment, kind)
    )


def missing_tags(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """A tag of the source (or MT) that the target lacks."""
    return _findings(segment, "missing", "tag-missing")


def extra_tags(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """A tag in the target that the source (or MT) does not have (or has fewer times)."""
    return _findings(segment, "extra", "tag-extra")


def tag_order(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """A pair of tags closed before it opens, left open, or crossing another pair."""
    return _findings(segment, "order", "tag-order")
