"""Numbers that differ between the source or MT and the target."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.qa.model import QaContext, QaSegment
from workbench.qa.numbers import number_mismatch, numbers

if TYPE_CHECKING:
    from tests.qa.conftest import SampleSentences

CTX = QaContext()


def _values(text: str) -> list[str]:
    return [n.value for n in numbers(text)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("100 billion-level industrial cluster", "a 100-billion industrial cluster"),
        ("100 billion", "100,000,000,000"),
        ("1,000 tonnes", "1000 tonnes"),
        ("3.5 per cent", "3,5 per cent"),
        ("Jul 27,2020 15:01CST", "July 27, 2020, 15:01 CST"),
        ("千亿级产业集群", "100 billion-level industrial cluster"),
        ("7月21日", "July 21"),
        ("3.5万吨", "35,000 tonnes"),
        ("三亿五千万元", "350 million yuan"),
    ],
)
def test_same_numbers_written_differently_are_equal(a: str, b: str) -> None:
    assert sorted(_values(a)) == sorted(_values(b))


def test_a_date_and_time_line_splits_into_numbers() -> None:
    assert _values("Jul 27,2020 15:01CST") == ["7", "27", "2020", "15", "1"]


def test_post_edit_that_keeps_the_mt_numbers_is_clean(sample: SampleSentences) -> None:
    mt = sample.pick("Tang Liangzhi is full of confidence")
    target = mt.replace("100 billion-level", "100-billion-yuan")
    assert number_mismatch(QaSegment("p7s1", target, mt=mt), CTX) == ()
    dateline = sample.pick("Jul 27,2020")
    fixed = "July 27, 2020 15:01 CST"
    assert number_mismatch(QaSegment("p3s1", fixed, mt=dateline), CTX) == ()


def test_changed_number_is_missing_and_extra(sample: SampleSentences) -> None:
    mt = sample.pick("Tang Liangzhi is full of confidence")
    target = mt.replace("100 billion-level", "10 billion-level")
    found = number_mismatch(QaSegment("p7s1", target, mt=mt), CTX)
    assert [(f.message, f.matched) for f in found] == [
        ("number '100 billion' in the MT is missing from the target", "100 billion"),
        ("number '10 billion' in the target is not in the MT", "10 billion"),
    ]
    extra = found[1]
    assert target[extra.start : extra.end] == "10 billion"
    assert all(f.severity == "warning" and f.check == "numbers" for f in found)


def test_dropped_day_against_the_mt(sample: SampleSentences) -> None:
    mt = sample.pick("SMM: July 21")
    target = mt.replace("July 21, ", "In July, ")
    (found,) = number_mismatch(QaSegment("p6s1", target, mt=mt), CTX)
    assert found.matched == "21" and found.start == -1


def test_source_is_the_reference_when_known() -> None:
    source = "7月21日，唐良智到西南铝调研。"
    good = QaSegment("s", "On July 21, Tang Liangzhi visited Southwest Aluminum.", source=source)
    assert number_mismatch(good, CTX) == ()
    wrong = QaSegment("s", "On July 12, Tang Liangzhi visited Southwest Aluminum.", source=source)
    found = number_mismatch(wrong, CTX)
    assert {f.matched for f in found} == {"21", "12"}
    assert "source" in found[0].message


def test_no_reference_or_empty_target_is_not_checked() -> None:
    assert number_mismatch(QaSegment("s", "In 2020 output rose 5%."), CTX) == ()
    assert number_mismatch(QaSegment("s", "", mt="In 2020 output rose 5%."), CTX) == ()


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["", " tonnes", "%"]))
def test_thousands_separators_never_change_a_value(n: int, unit: str) -> None:
    assert _values(f"{n:,}{unit}") == _values(f"{n}{unit}") == [str(n)]


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.sampled_from(["million", "billion"]))
def test_scale_words_joined_by_space_or_hyphen(n: int, scale: str) -> None:
    assert _values(f"{n} {scale}") == _values(f"{n}-{scale}-level") != [str(n)]


_NUMBERISH = st.lists(
    st.sampled_from([*"0123456789.,  -–aJnuyMrch万千三٣²", "May ", "billion", "Sept"]),
    max_size=30,
).map("".join)


@given(_NUMBERISH)
@settings(max_examples=400, deadline=None)
def test_numbers_read_fast_as_the_plain_rules_say(text: str) -> None:
    """The number pattern searches for a digit first and then looks behind it; it finds what
    the pattern that looks behind first finds, and a plain run of digits has the value
    Decimal gives it."""
    import re
    from decimal import Decimal

    from workbench.qa import numbers as module

    behind_first = re.compile(
        module._NUMBER.pattern.replace(r"\d(?<![\d.,]\d)\d*", r"(?<![\d.,])\d+", 1),
        module._NUMBER.flags,
    )
    assert behind_first.pattern != module._NUMBER.pattern
    assert [m.span() for m in module._NUMBER.finditer(text)] == [
        m.span() for m in behind_first.finditer(text)
    ]
    for n in numbers(text):
        if n.text.isdigit():
            assert n.value == format(Decimal(n.text).normalize(), "f")
