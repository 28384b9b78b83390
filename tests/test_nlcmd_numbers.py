"""The number normaliser: digits, separators, shorthand and number words in both languages."""

from __future__ import annotations

import pytest

from nlcmd.numbers import literal_value, merge_numbers
from nlcmd.tokens import tokenize


def values(text: str) -> list[float]:
    return [t.value for t in merge_numbers(tokenize(text)) if t.kind == "num"]


@pytest.mark.parametrize(("text", "expected"), [
    ("10 000", 10000), ("1,000", 1000), ("12,345,678", 12345678), ("2.5k", 2500), ("1,5к", 1500),
    ("30K", 30000), ("2 тыс.", 2000), ("7тыс", 7000), ("3,75", 3.75), ("4.5", 4.5), ("1 млн", 1_000_000),
])
def test_literals(text: str, expected: float) -> None:
    assert literal_value(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("обработай семьсот лидов", [700]),
    ("четыре тысячи строк", [4000]),
    ("двух тысяч", [2000]),
    ("полторы тысячи", [1500]),
    ("полтысячи", [500]),
    ("первой сотни", [100]),
    ("три с половиной тысячи", [3500]),
    ("двести сорок семь", [247]),
    ("six hundred leads", [600]),
    ("twelve hundred", [1200]),
    ("a thousand", [1000]),
    ("an hundred and ten", [110]),
    ("four thousand three hundred and twenty", [4320]),
    ("two and a half thousand", [2500]),
    ("8 тысяч", [8000]),
    ("3 thousand", [3000]),
    ("1.2 thousand", [1200]),
    ("косарь", [1000]),
    ("пятёрка баксов", [5]),
    ("пару сотен", [200]),
    ("a couple of thousand", [2000]),
])
def test_words_and_mixed_forms(text: str, expected: list[float]) -> None:
    assert values(text) == expected


def test_two_separate_numbers_stay_separate() -> None:
    assert values("обработай две тысячи лидов батчами по пятьсот") == [2000, 500]
    assert values("limit 300, batch 100") == [300, 100]


def test_minus_sign_glued_to_a_number_is_negative_but_ranges_are_not() -> None:
    toks = [t for t in merge_numbers(tokenize("process -100 leads")) if t.kind == "num"]
    assert toks[0].neg
    toks = [t for t in merge_numbers(tokenize("11-50 сотрудников")) if t.kind == "num"]
    assert [t.neg for t in toks] == [False, False]
