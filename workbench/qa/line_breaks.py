"""Line breaks in the target that the source (or, without a source, the MT) does not have:
an Enter typed by mistake splits a sentence, and an exported article gains a blank line."""

from __future__ import annotations

import re

from workbench.core.findings import Finding
from workbench.qa.model import QaContext, QaSegment, finding

_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")


def extra_line_break(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """Each line break of the target beyond as many as the source (or MT) has."""
    reference = segment.source if segment.source else segment.mt
    if reference is None:
        return ()
    allowed = len(_BREAK.findall(reference))
    breaks = list(_BREAK.finditer(segment.target))
    if len(breaks) <= allowed:
        return ()
    where = "the source" if segment.source else "the MT"
    has = f"has {allowed}" if allowed else "has none"
    return tuple(
        finding(
            segment,
            "line-break",
            "warning",
            f"a line break that {where} does not have ({where} {has}, the target {len(breaks)})",
            start=m.start(),
            end=m.end(),
            matched=m.group(),
        )
        for m in breaks[allowed:]
    )
