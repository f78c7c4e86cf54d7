"""Inline codes as protected placeholders.

Bilingual files carry inline codes inside their text: XLIFF ``<x/>``, ``<g>…</g>``,
``<bpt>``/``<ept>``, ``<ph>``, XLIFF 2.0 ``<pc>``, ``<sc>``/``<ec>``, TMX ``<bpt>``,
``<ph>``, ``<it>``, ``<hi>``... In every text a project holds for a segment (source, raw MT,
``pre`` and target) each code is **one character** from the Unicode Private Use Area
(U+E000 upwards, numbered per segment), and the segment carries a tuple of
:class:`InlineCode` saying what each of those characters stands for: its kind, how it pairs,
the element exactly as it was in the file, and a short label.

Why one character: every engine that works on text (the glossary matcher, TER, the word
diff, undo, find and replace) keeps working unchanged; a code can never be half-deleted;
and writing the file back is a matter of replacing each character by its element.

What the editor shows is :func:`display`: each placeholder becomes a compact token,
``⟨1⟩…⟨/1⟩`` for a pair, ``⟨x:INTERPOLATION⟩`` for a standalone code; :func:`parse_display`
turns an edited display text back into stored text (a token kept whole, wherever it was
moved, becomes its placeholder again; a broken token is a :class:`TagError` naming it).
:func:`strip_codes` and :func:`stripped` give the text without codes (with a map back to
the stored offsets) for glossary matching and TER, which ignore codes; :func:`tag_issues`
compares the codes of a target with those of its source (or MT) for QA and exports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from workbench.core.errors import TagError

CodeKind = Literal["open", "close", "standalone"]

PUA_FIRST = 0xE000
PUA_LAST = 0xF8FF
TOKEN_START = "⟨"
TOKEN_END = "⟩"
_PUA = re.compile("[\ue000-\uf8ff]")
_LABEL_UNSAFE = re.compile(r"[\s⟨⟩\ue000-\uf8ff]+")
MAX_LABEL = 24


@dataclass(frozen=True)
class InlineCode:
    """One inline code of a segment.

    ``char`` is the placeholder standing for it in the segment's texts. ``kind`` is
    ``open``/``close`` for the two ends of a pair (``<g>``…``</g>``, ``<bpt>``/``<ept>``,
    ``<sc>``/``<ec>``) and ``standalone`` for a placeholder (``<x/>``, ``<ph>``). ``pair``
    is the id that joins an open code to its close (the same for both; ``""`` for a
    standalone code). ``xml`` is the element as the file had it, namespace prefix of the
    format left out: the whole element for ``<x/>``, ``<ph>…</ph>``, ``<bpt>…</bpt>``; the
    start tag (``<g id="1">``) and the end tag (``</g>``) for the two ends of an element
    that wraps translatable text (``nests`` is then true: the pair must nest properly
    to be written back). ``label`` is what the editor shows between ``⟨`` and ``⟩``
    (``1``, ``/1``, ``x:INTERPOLATION``), unique within the segment. ``data`` keeps what
    an XLIFF 2.0 code refers to (its ``<data>`` elements), ``""`` elsewhere.
    """

    char: str
    kind: CodeKind
    pair: str
    xml: str
    label: str
    nests: bool = False
    data: str = ""

    @property
    def token(self) -> str:
        """How the editor shows this code: ``⟨label⟩``."""
        return f"{TOKEN_START}{self.label}{TOKEN_END}"


def is_placeholder(char: str) -> bool:
    """Whether ``char`` is in the range placeholders are taken from (the BMP Private Use
    Area)."""
    return len(char) == 1 and PUA_FIRST <= ord(char) <= PUA_LAST


def placeholder(n: int) -> str:
    """The ``n``-th placeholder character (0-based)."""
    if not 0 <= n <= PUA_LAST - PUA_FIRST:
        raise ValueError(f"no placeholder number {n}")
    return chr(PUA_FIRST + n)


def safe_label(text: str) -> str:
    """A label made safe for a token: no spaces, no ``⟨⟩``, at most 24 characters."""
    label = _LABEL_UNSAFE.sub("_", text.strip()) or "_"
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def codes_by_char(codes: Iterable[InlineCode]) -> dict[str, InlineCode]:
    return {c.char: c for c in codes}


def has_codes(text: str) -> bool:
    """Whether ``text`` holds any placeholder character (ASCII text, the common case, is
    answered without a scan)."""
    return not text.isascii() and _PUA.search(text) is not None


# --- text without codes ----------------------------------------------------------------------


def strip_codes(text: str, codes: Iterable[InlineCode] | None = None) -> str:
    """``text`` without its codes: the placeholders of ``codes`` removed, or, without
    ``codes``, every Private Use Area character (what glossary matching and TER see)."""
    if codes is None:
        return _PUA.sub("", text)
    chars = {c.char for c in codes}
    return "".join(ch for ch in text if ch not in chars) if chars else text


class Stripped(NamedTuple):
    """A text without its codes and, for each of its characters, the offset of that
    character in the stored text (so spans found in ``text`` map back)."""

    text: str
    positions: tuple[int, ...]
    length: int  # the stored text's length

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The stored span of ``text[start:end]`` (codes at its edges left outside)."""
        if not self.positions:
            return start, end
        if start >= len(self.text):
            return self.length, self.length
        stored_start = self.positions[start]
        stored_end = self.positions[end - 1] + 1 if end > start else stored_start
        return stored_start, stored_end


def stripped(text: str) -> Stripped:
    """``text`` without placeholders, with the offset map back to ``text``. When there is
    no placeholder the map is empty and offsets are the same."""
    if not has_codes(text):
        return Stripped(text, (), len(text))
    kept = [(i, ch) for i, ch in enumerate(text) if not is_placeholder(ch)]
    return Stripped("".join(ch for _, ch in kept), tuple(i for i, _ in kept), len(text))


def codes_in(text: str) -> str:
    """The placeholders of ``text``, in order (what a replaced span must keep)."""
    if text.isascii():
        return ""  # placeholders are Private Use Area characters
    return "".join(ch for ch in text if is_placeholder(ch))


# --- what the editor shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class TokenSpan:
    """A tag token in the shown text: ``shown[start:end]`` is ``code.token``; ``stored`` is
    the offset of its placeholder in the stored text."""

    start: int
    end: int
    stored: int
    code: InlineCode


class Display(NamedTuple):
    """A stored text as the editor shows it: ``text`` with every placeholder replaced by its
    token, and where the tokens are. Offsets move between the two with
    :meth:`shown_offset` / :meth:`stored_offset` / :meth:`shown_span`."""

    text: str
    tokens: tuple[TokenSpan, ...]

    def shown_offset(self, stored: int) -> int:
        """Where stored offset ``stored`` is in the shown text (the start of a token for
        its placeholder's offset)."""
        shift = 0
        for tok in self.tokens:
            if tok.stored >= stored:
                break
            shift += (tok.end - tok.start) - 1
        return stored + shift

    def shown_span(self, start: int, end: int) -> tuple[int, int]:
        """The shown span of stored ``[start, end)`` (a token inside is covered whole)."""
        return self.shown_offset(start), self.shown_offset(end)

    def stored_offset(self, shown: int) -> int:
        """Where shown offset ``shown`` is in the stored text (an offset inside a token goes
        to its placeholder)."""
        shift = 0
        for tok in self.tokens:
            if shown < tok.end:
                if shown > tok.start:
                    return tok.stored
                break
            shift += (tok.end - tok.start) - 1
        return shown - shift


def display(text: str, codes: Sequence[InlineCode]) -> Display:
    """``text`` with each placeholder of ``codes`` shown as its token (``⟨1⟩``, ``⟨/1⟩``,
    ``⟨x:INTERPOLATION⟩``), and the tokens' spans. A text without codes comes back as it is.
    A placeholder that ``codes`` does not name is shown as ``⟨?⟩`` (never as the raw
    character)."""
    if not codes and not has_codes(text):
        return Display(text, ())
    by_char = codes_by_char(codes)
    parts: list[str] = []
    tokens: list[TokenSpan] = []
    pos = 0
    for i, ch in enumerate(text):
        code = by_char.get(ch)
        if code is None:
            if is_placeholder(ch):
                code = InlineCode(ch, "standalone", "", "", "?")
            else:
                parts.append(ch)
                pos += 1
                continue
        token = code.token
        tokens.append(TokenSpan(pos, pos + len(token), i, code))
        parts.append(token)
        pos += len(token)
    return Display("".join(parts), tuple(tokens))


_TOKEN = re.compile(
    f"{TOKEN_START}([^{TOKEN_START}{TOKEN_END}\\n]{{1,{MAX_LABEL + 2}}}){TOKEN_END}"
)


def parse_display(shown: str, codes: Sequence[InlineCode], *, original: str | None = None) -> str:
    """The stored text of an edited display text: each whole token (``⟨label⟩`` with a label
    of ``codes``), wherever it now is, becomes its placeholder again; everything else is
    text. Raises :class:`TagError`, naming the token, when a token was broken (``⟨1``,
    ``/1⟩``, ``⟨x:INTERPOL⟩``): a ``⟨`` or ``⟩`` left over that is not part of a whole token.
    ``original`` is the stored text the edit started from: as many stray ``⟨``/``⟩`` as it
    held as literal text are allowed."""
    if not codes:
        return shown
    by_label = {c.label: c.char for c in codes}
    out: list[str] = []
    pos = 0
    unknown: list[str] = []
    for m in _TOKEN.finditer(shown):
        char = by_label.get(m.group(1))
        if char is None:
            unknown.append(m.group(0))
            continue
        out.append(shown[pos : m.start()])
        out.append(char)
        pos = m.end()
    out.append(shown[pos:])
    text = "".join(out)
    allowed = Counter(ch for ch in (original or "") if ch in (TOKEN_START, TOKEN_END))
    stray = Counter(ch for ch in text if ch in (TOKEN_START, TOKEN_END))
    if any(stray[ch] > allowed[ch] for ch in stray):
        raise TagError(_broken_message(text, codes, unknown))
    return text


def _broken_message(text: str, codes: Sequence[InlineCode], unknown: Sequence[str]) -> str:
    if unknown:
        known = " ".join(c.token for c in codes)
        return f"unknown tag {unknown[0]} (this segment's tags: {known})"
    at = min(i for i in (text.find(TOKEN_START), text.find(TOKEN_END)) if i >= 0)
    fragment = text[max(0, at - 12) : at + 14]
    # Name the tag it most likely was: the first label whose text is next to the bracket.
    near = text[at : at + MAX_LABEL + 2] if text[at] == TOKEN_START else text[max(0, at - 26) : at]
    guess = next(
        (c.token for c in sorted(codes, key=lambda c: -len(c.label)) if c.label in near), ""
    )
    what = f"tag {guess} is broken" if guess else "a tag is broken"
    return f"{what} near '{_squash(fragment)}': keep ⟨…⟩ tokens whole (move or delete them whole)"


def _squash(text: str) -> str:
    return " ".join(_PUA.sub("", text).split())


# --- comparing the codes of two texts ---------------------------------------------------------

IssueKind = Literal["missing", "extra", "order"]


@dataclass(frozen=True)
class TagIssue:
    """A difference between the codes of a target and those of its reference: ``missing``
    (in the reference, not in the target), ``extra`` (the other way round), ``order`` (a
    pair closed before it opens, left open, or crossing another pair). ``at`` is the offset
    of the code in the target (-1 when it is missing)."""

    kind: IssueKind
    code: InlineCode
    at: int = -1

    @property
    def message(self) -> str:
        token = self.code.token
        if self.kind == "missing":
            return f"tag {token} is missing from the target"
        if self.kind == "extra":
            return f"tag {token} is in the target but not in the source"
        return f"tag {token} is out of order (pairs must open before they close and nest)"


def pair_order_issues(text: str, codes: Sequence[InlineCode]) -> list[tuple[InlineCode, int]]:
    """The codes of ``text`` that break pairing: a close before its open (or with no open in
    the text while its open is among ``codes``), an open left unclosed while its close is
    among ``codes``, or a close that crosses another open pair. Pairs whose other end
    belongs to another segment (an open with no close in ``codes``) are not checked."""
    by_char = codes_by_char(codes)
    opens = {c.pair for c in codes if c.kind == "open"}
    closes = {c.pair for c in codes if c.kind == "close"}
    paired = opens & closes
    stack: list[tuple[InlineCode, int]] = []
    bad: list[tuple[InlineCode, int]] = []
    for i, ch in enumerate(text):
        code = by_char.get(ch)
        if code is None or code.pair not in paired:
            continue
        if code.kind == "open":
            stack.append((code, i))
        elif code.kind == "close":
            if stack and stack[-1][0].pair == code.pair:
                stack.pop()
            elif any(c.pair == code.pair for c, _ in stack):
                bad.append((code, i))  # crosses the pairs opened after its own open
                while stack and stack[-1][0].pair != code.pair:
                    stack.pop()
                stack.pop()
            else:
                bad.append((code, i))  # closes before it opens
    bad.extend(stack)  # left open
    return sorted(bad, key=lambda b: b[1])


def _match_key(code: InlineCode) -> str:
    """What makes a target's code the same as a reference's: the pair id and end for paired
    codes (a TMX ``<bpt>`` whose sub-flow was translated is still the same ``<bpt>``), the
    code itself for standalone ones (two ``<ph>`` that differ only in content differ)."""
    return f"{code.kind}\0{code.pair}" if code.pair else f"\0{code.char}"


def tag_issues(target: str, reference: str, codes: Sequence[InlineCode]) -> list[TagIssue]:
    """Missing, extra and out-of-order codes of ``target`` against ``reference`` (the
    source, or the MT when there is no source). Counts matter: a code twice in the
    reference must be twice in the target."""
    by_char = codes_by_char(codes)
    first: dict[str, InlineCode] = {}
    want: Counter[str] = Counter()
    for ch in reference:
        if ch in by_char:
            key = _match_key(by_char[ch])
            want[key] += 1
            first.setdefault(key, by_char[ch])
    have = Counter(_match_key(by_char[ch]) for ch in target if ch in by_char)
    issues: list[TagIssue] = []
    for key, n in want.items():
        issues.extend(TagIssue("missing", first[key]) for _ in range(n - have[key]))
    seen: Counter[str] = Counter()
    for i, ch in enumerate(target):
        if ch not in by_char:
            continue
        key = _match_key(by_char[ch])
        seen[key] += 1
        if seen[key] > want[key]:
            issues.append(TagIssue("extra", by_char[ch], i))
    # Order: only pairs the reference itself opens and closes in order.
    reference_bad = {c.pair for c, _ in pair_order_issues(reference, codes)}
    in_reference = {by_char[ch].pair for ch in reference if ch in by_char}
    checked = [c for c in codes if c.pair in in_reference and c.pair not in reference_bad]
    issues.extend(TagIssue("order", c, i) for c, i in pair_order_issues(target, checked))
    return issues


def nesting_error(text: str, codes: Sequence[InlineCode]) -> str | None:
    """Why ``text`` cannot be written back as XML, or ``None``: a code whose two ends are the
    tags of one element (``nests``) that is closed before it opens, crosses another, or is
    left open."""
    nesting = [c for c in codes if c.nests]
    if not nesting:
        return None
    by_char = codes_by_char(nesting)
    stack: list[InlineCode] = []
    for ch in text:
        code = by_char.get(ch)
        if code is None:
            continue
        if code.kind == "open":
            stack.append(code)
        elif not stack or stack[-1].pair != code.pair:
            return f"tag {code.token} closes a pair that is not open there"
        else:
            stack.pop()
    if stack:
        close = next((c for c in nesting if c.kind == "close" and c.pair == stack[-1].pair), None)
        token = close.token if close is not None else stack[-1].token
        return f"tag {stack[-1].token} is never closed (its {token} is missing or before it)"
    return None
