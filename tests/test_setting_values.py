"""One policy for reading settings (processors.setting_values), and every reader of settings uses it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.settings import Settings
from processors.errors import UsageError
from processors.llm.settings import LLMSettings
from processors.setting_values import parse_bool, parse_float, parse_int, setting_int, setting_str
from processors.website_intelligence.settings import FetchSettings


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_whole_numbers_round_trip(number: int) -> None:
    assert parse_int("X", str(number), 7) == number
    assert parse_int("X", f"  {number}  ", 7) == number
    assert parse_float("X", str(number), None) == float(number)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_missing_or_blank_is_the_default(raw: str | None) -> None:
    assert parse_int("X", raw, 7) == 7
    assert parse_float("X", raw, 2.5) == 2.5
    assert parse_bool("X", raw, True) is True
    assert setting_str({"X": raw}, "X", "dflt") == "dflt"
    assert setting_str({"X": " ua/1 "}, "X", "dflt") == "ua/1"


@pytest.mark.parametrize(("raw", "expected"), [("yes", True), ("ON", True), ("да", True), ("1", True),
                                               ("no", False), ("Off", False), ("нет", False), ("0", False)])
def test_booleans_in_both_languages(raw: str, expected: bool) -> None:
    assert parse_bool("X", raw, not expected) is expected


@pytest.mark.parametrize(("reader", "raw", "message"), [
    (lambda raw: parse_int("LEADPIPE_N", raw, 1), "2.5", "setting LEADPIPE_N='2.5': expected a whole number"),
    (lambda raw: parse_int("LEADPIPE_N", raw, 1, 1, 10), "11", "must be between 1 and 10"),
    (lambda raw: parse_int("LEADPIPE_N", raw, 1, 1), "0", "must be at least 1"),
    (lambda raw: parse_float("LEADPIPE_F", raw, 1.0, 0), "-1", "must be at least 0"),
    (lambda raw: parse_float("LEADPIPE_F", raw, 1.0), "nan", "expected a finite number"),
    (lambda raw: parse_float("LEADPIPE_F", raw, 1.0), "fast", "expected a number"),
    (lambda raw: parse_bool("LEADPIPE_B", raw, True), "maybe", "expected true or false"),
])
def test_a_bad_value_is_one_line_naming_the_setting_never_clamped(reader, raw: str, message: str) -> None:  # noqa: ANN001
    with pytest.raises(UsageError) as info:
        reader(raw)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_every_reader_follows_the_policy() -> None:
    # out of range is an error everywhere (the icebreaker settings used to clamp, the fetcher to truncate)
    with pytest.raises(UsageError, match="LEADPIPE_ICEBREAKER_MAX_WORDS"):
        setting_int({"LEADPIPE_ICEBREAKER_MAX_WORDS": "500"}, "LEADPIPE_ICEBREAKER_MAX_WORDS", 30, 8, 120)
    with pytest.raises(UsageError, match="LEADPIPE_MAX_PAGES='2.5'"):
        FetchSettings.from_settings({"LEADPIPE_MAX_PAGES": "2.5"})
    with pytest.raises(UsageError, match="LEADPIPE_PER_HOST_CONNECTIONS='0'"):
        FetchSettings.from_settings({"LEADPIPE_PER_HOST_CONNECTIONS": "0"})
    with pytest.raises(UsageError, match="LEADPIPE_LLM_CONCURRENCY='0'"):
        LLMSettings.from_env({"LEADPIPE_LLM_CONCURRENCY": "0"})
    with pytest.raises(UsageError, match="LEADPIPE_CONCURRENCY='0'"):
        Settings.from_env({"LEADPIPE_CONCURRENCY": "0"})
    # the same words mean the same thing everywhere
    assert FetchSettings.from_settings({"LEADPIPE_OBEY_ROBOTS": "нет"}).obey_robots is False
    assert Settings.from_env({"LEADPIPE_DEDUP": "нет"}).dedup is False
    assert Settings.from_env({"LEADPIPE_DEDUP": ""}).dedup is True  # blank: the default
