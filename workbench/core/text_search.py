"""Searching targets for what a translator typed, with a deadline.

A pattern the translator types (find/replace, the segment filter) may be a regular
expression that backtracks for ever (``(a|aa)+$`` against forty ``a`` and a ``b``). Every
search here runs with the `regex <https://pypi.org/project/regex/>`_ engine's ``timeout``
against one :class:`Deadline` for the whole search, and raises :class:`SearchTimeout` (a
:class:`~workbench.core.errors.WorkbenchError`: one line to show) when it gives up, so a
caller never hangs on a pattern. Callers still run searches off their UI thread.

:func:`find_matches` lists the matches (segment, context) a find/replace would touch;
:func:`replacement_plan` computes the new targets of a replace (every match, or one);
nothing here changes a project: :meth:`workbench.core.session.Session.replace_texts` records
the plan.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass

import regex
from regex import Pattern

from workbench.core.errors import WorkbenchError
from workbench.core.model.project import SegmentState

SEARCH_SECONDS = 2.0  # a search that takes longer gives up
CONTEXT = 30  # characters of context on each side of a listed match


class SearchTimeout(WorkbenchError):
    """A search gave up at its deadline (the pattern backtracks too much)."""


class Deadline:
    """Seconds left for one search (``clock``: any monotonic clock)."""

    def __init__(
        self, seconds: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        seconds = SEARCH_SECONDS if seconds is None else seconds
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def left(self) -> float:
        """Seconds left; :class:`SearchTimeout` when none are."""
        left = self._end - self._clock()
        if left <= 0:
            raise self.expired()
        return left

    def expired(self) -> SearchTimeout:
        return SearchTimeout(
            f"search gave up after {self.seconds:g} s: the pattern takes too long "
            "(a regular expression that backtracks, such as (a|aa)+$)"
        )


def compile_pattern(
    text: str,
    *,
    case_sensitive: bool = False,
    whole_word: bool = False,
    is_regex: bool = False,
    what: str = "find",
) -> Pattern[str]:
    """The pattern for ``text`` (literal unless ``is_regex``); a bad regular expression is
    a :class:`WorkbenchError` naming ``what``."""
    if not text:
        raise WorkbenchError(f"{what}: the text to find is empty")
    source = text if is_regex else regex.escape(text)
    if whole_word:
        source = rf"(?<!\w)(?:{source})(?!\w)"
    flags = regex.V0 | (0 if case_sensitive else regex.IGNORECASE)
    try:
        return regex.compile(source, flags)
    except regex.error as exc:
        raise WorkbenchError(f"{what}: not a valid regular expression ({exc})") from None


def search(pattern: Pattern[str], text: str, deadline: Deadline) -> bool:
    """Whether ``pattern`` occurs in ``text`` (within the deadline)."""
    try:
        return pattern.search(text, concurrent=True, timeout=deadline.left()) is not None
    except TimeoutError:
        raise deadline.expired() from None


@dataclass(frozen=True)
class SearchSpec:
    """What the find/replace dialog holds: the text to find, its replacement, the options."""

    find: str
    replace: str = ""
    case_sensitive: bool = False
    whole_word: bool = False
    regex: bool = False
    include_confirmed: bool = False

    def pattern(self) -> Pattern[str]:
        return compile_pattern(
            self.find,
            case_sensitive=self.case_sensitive,
            whole_word=self.whole_word,
            is_regex=self.regex,
        )

    @property
    def detail(self) -> str:
        """What the edit log records as the cause of a replacement."""
        return f"{self.find} -> {self.replace}"


@dataclass(frozen=True)
class TextMatch:
    """One match in a target: where, and the text around it (to list it)."""

    segment_id: str
    index: int  # the segment's index in the document
    start: int
    end: int
    confirmed: bool
    before: str  # up to CONTEXT characters before the match
    matched: str
    after: str  # up to CONTEXT characters after it


def _finditer(pattern: Pattern[str], text: str, deadline: Deadline) -> Iterator[regex.Match[str]]:
    try:
        yield from pattern.finditer(text, concurrent=True, timeout=deadline.left())
    except TimeoutError:
        raise deadline.expired() from None


def find_matches(
    segments: Sequence[SegmentState], spec: SearchSpec, deadline: Deadline | None = None
) -> list[TextMatch]:
    """Every match of ``spec`` in the targets, in document order (confirmed segments too:
    :attr:`TextMatch.confirmed` says which a replace skips)."""
    pattern = spec.pattern()
    deadline = deadline or Deadline()
    out: list[TextMatch] = []
    for s in segments:
        for m in _finditer(pattern, s.target, deadline):
            if m.start() == m.end():
                continue  # an empty match replaces nothing visible
            out.append(
                TextMatch(
                    segment_id=s.id,
                    index=s.index,
                    start=m.start(),
                    end=m.end(),
                    confirmed=s.status == "confirmed",
                    before=s.target[max(0, m.start() - CONTEXT) : m.start()],
                    matched=m.group(),
                    after=s.target[m.end() : m.end() + CONTEXT],
                )
            )
    return out


def _expand(match: regex.Match[str], spec: SearchSpec) -> str:
    if not spec.regex:
        return spec.replace
    try:
        return match.expand(spec.replace)
    except (regex.error, IndexError) as exc:
        raise WorkbenchError(f"replace: {exc}") from None


def replaced(text: str, spec: SearchSpec, deadline: Deadline, *, at: int | None = None) -> str:
    """``text`` with every match of ``spec`` replaced, or only the one starting at ``at``."""
    pattern = spec.pattern()
    if at is not None:
        try:
            m = pattern.search(text, at, concurrent=True, timeout=deadline.left())
        except TimeoutError:
            raise deadline.expired() from None
        if m is None or m.start() != at:
            return text
        return text[: m.start()] + _expand(m, spec) + text[m.end() :]
    parts: list[str] = []
    pos = 0
    for m in _finditer(pattern, text, deadline):
        parts.append(text[pos : m.start()])
        parts.append(_expand(m, spec))
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts)


def replacement_plan(
    segments: Sequence[SegmentState],
    spec: SearchSpec,
    *,
    only: Collection[str] | None = None,
    at: TextMatch | None = None,
    deadline: Deadline | None = None,
) -> dict[str, str]:
    """Segment id -> new target for a replace: in every segment (or those in ``only``), or
    just the match ``at``. Confirmed segments are left out unless ``spec.include_confirmed``."""
    deadline = deadline or Deadline()
    plan: dict[str, str] = {}
    for s in segments:
        if s.status == "confirmed" and not spec.include_confirmed:
            continue
        if at is not None and s.id != at.segment_id:
            continue
        if only is not None and s.id not in only:
            continue
        new = replaced(s.target, spec, deadline, at=None if at is None else at.start)
        if new != s.target:
            plan[s.id] = new
    return plan
