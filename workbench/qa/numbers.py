"""Numbers that differ between the source (or, without one, the MT) and the target.

Numbers are compared by value, so layout changes are not findings: "1,000" == "1000",
"3,5" == "3.5", "100 billion" == "100-billion" == "100,000,000,000", "July" == "7月" == 7,
and Chinese "1000亿", "千亿" and "3.5万" are read with their multipliers.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from workbench.core.findings import Finding
from workbench.qa.model import QaContext, QaSegment, finding


@dataclass(frozen=True)
class Number:
    """A number found in a text: its value as a canonical string, and where it was."""

    value: str
    text: str
    start: int
    end: int


_SCALE_WORDS = {
    "thousand": 3,
    "million": 6,
    "mln": 6,
    "mn": 6,
    "billion": 9,
    "bn": 9,
    "trillion": 12,
    "tn": 12,
}
_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNITS = {"十": 1, "百": 2, "千": 3}
_CN_SCALES = {"万亿": 12, "亿": 8, "万": 4, "千": 3, "百": 2}
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
            ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
            ("September", "Sep", "Sept"), ("October", "Oct"), ("November", "Nov"),
            ("December", "Dec"),
        ]
    )
    for name in names
}  # fmt: skip

_LATIN_SCALE = "|".join(sorted(_SCALE_WORDS, key=len, reverse=True))
_NUMBER = re.compile(  # a digit first, then what precedes it (the digit is searched for fast)
    r"\d(?<![\d.,]\d)\d*(?:[.,]\d+)*"
    rf"(?:(?P<sep>[\s\u00a0]*[-\u2010-\u2013]?[\s\u00a0]*)(?P<scale>{_LATIN_SCALE})\b"
    r"|(?P<cnscale>万亿|亿|万|千|百))?",
    re.IGNORECASE,
)
_MONTH = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?")
_MONTH_STEMS = tuple(sorted({name[:3] for name in _MONTHS}))
_ASCII_DIGITS = "0123456789"
_PLAIN_DIGITS = 18  # a run of digits this long at most is read through int()
_CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]{2,}")


def _canonical(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _split_digits(text: str, offset: int) -> Iterator[tuple[Decimal, str, int, int]]:
    """Read one run of digits and separators as one or more numbers: a comma before three
    digits groups thousands, before one or two final digits is a decimal comma, before four
    or more it separates two numbers ("27,2020"); dots group thousands only in repeats
    ("1.000.000")."""
    parts = re.split(r"([.,])", text)
    groups = parts[0::2]
    seps = parts[1::2]
    european = len(seps) >= 2 and all(s == "." for s in seps)
    european = european and all(len(g) == 3 for g in groups[1:])
    start = 0
    digits = groups[0]
    pos = len(groups[0])
    decimal = False
    for i, (sep, group) in enumerate(zip(seps, groups[1:], strict=True)):
        last = i == len(seps) - 1
        if european or (sep == "," and len(group) == 3 and not decimal):
            digits += group
        elif not decimal and (sep == "." or (sep == "," and len(group) <= 2 and last)):
            digits += "." + group
            decimal = True
        else:
            yield Decimal(digits), text[start:pos], offset + start, offset + pos
            start = pos + 1
            digits = group
            decimal = False
        pos += 1 + len(group)
    yield Decimal(digits), text[start:pos], offset + start, offset + pos


def _chinese_numeral(text: str) -> Decimal | None:
    """ "千亿" -> 100000000000, "三十五" -> 35, "三亿五千万" -> 350000000; ``None`` when the
    run has no unit character (a lone "一" is a word, not a number) or cannot be read."""
    total = 0  # everything up to the last 亿
    wan = 0  # the 万 part since then
    section = 0  # below 万
    digit = 0
    seen_unit = False
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            section += (digit or 1) * 10 ** _CN_UNITS[char]
            digit = 0
            seen_unit = True
        elif char == "万":
            wan += ((section + digit) or 1) * 10**4
            section = digit = 0
            seen_unit = True
        elif char == "亿":
            total = (total + ((wan + section + digit) or 1)) * 10**8
            wan = section = digit = 0
            seen_unit = True
        else:
            return None
    if not seen_unit:
        return None
    return Decimal(total + wan + section + digit)


@functools.lru_cache(maxsize=1024)
def numbers(text: str) -> tuple[Number, ...]:
    """The numbers in ``text`` by value, ascending by position (cached: the MT and the
    target of a segment are read again and again)."""
    found: list[Number] = []
    ascii_text = text.isascii()  # (no Chinese numeral; digits only 0-9)
    has_digits = not ascii_text or any(d in text for d in _ASCII_DIGITS)
    for match in _NUMBER.finditer(text) if has_digits else ():
        head_end = match.end()
        scale = 0
        if match.lastindex is None and head_end - match.start() <= _PLAIN_DIGITS:
            head = match.group(0)
            if head.isdigit():  # one plain run of digits: its value, without Decimal
                found.append(Number(str(int(head)), head, match.start(), head_end))
                continue
        if match.group("scale"):
            head_end = match.start("sep")
            scale = _SCALE_WORDS[match.group("scale").lower()]
        elif match.group("cnscale"):
            head_end = match.start("cnscale")
            scale = _CN_SCALES[match.group("cnscale")]
        pieces = list(_split_digits(text[match.start() : head_end], match.start()))
        for i, (value, piece, start, end) in enumerate(pieces):
            if i == len(pieces) - 1 and scale:
                value = value.scaleb(scale)
                end = match.end()
                piece = text[start:end]
            found.append(Number(_canonical(value), piece, start, end))
    has_month = any(stem in text for stem in _MONTH_STEMS)  # every name starts with one
    for match in _MONTH.finditer(text) if has_month else ():
        month = str(_MONTHS[match.group(1)])
        found.append(Number(month, match.group(0), match.start(), match.end()))
    for match in () if ascii_text else _CN_NUMERAL.finditer(text):
        cn_value = _chinese_numeral(match.group(0))
        if cn_value is not None:
            found.append(Number(_canonical(cn_value), match.group(0), match.start(), match.end()))
    return tuple(sorted(found, key=lambda n: n.start))


def number_mismatch(segment: QaSegment, context: QaContext) -> tuple[Finding, ...]:
    """Numbers in the source (or the MT when there is no source) missing from the target,
    and numbers in the target found in neither."""
    target = segment.target
    if not target.strip():
        return ()
    reference, side = (segment.source, "source") if segment.source else (segment.mt, "MT")
    if reference is None or reference == target:
        return ()
    try:
        ref_numbers = numbers(reference)
        tgt_numbers = numbers(target)
    except InvalidOperation:  # pragma: no cover - the patterns only admit digits
        return ()
    if sorted(n.value for n in ref_numbers) == sorted(n.value for n in tgt_numbers):
        return ()  # the same numbers (most segments): nothing missing, nothing extra
    expected = Counter(n.value for n in ref_numbers)
    present = Counter(n.value for n in tgt_numbers)
    found: list[Finding] = []
    missing = expected - present
    for number in ref_numbers:
        if missing[number.value] > 0:
            missing[number.value] -= 1
            found.append(
                finding(
                    segment,
                    "numbers",
                    "warning",
                    f"number '{number.text}' in the {side} is missing from the target",
                    matched=number.text,
                )
            )
    extra = present - expected
    for number in tgt_numbers:
        if extra[number.value] > 0:
            extra[number.value] -= 1
            found.append(
                finding(
                    segment,
                    "numbers",
                    "warning",
                    f"number '{number.text}' in the target is not in the {side}",
                    start=number.start,
                    end=number.end,
                    matched=number.text,
                )
            )
    return tuple(found)
