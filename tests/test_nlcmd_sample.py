"""The sample request is read from the sentence and never taken for the lead limit."""

from __future__ import annotations

import pytest

from nlcmd import parse_natural_language_command as parse
from nlcmd.sample import find_sample


@pytest.mark.parametrize("text, n", [
    ("Сначала покажи 10 примеров айсбрейкеров для leads.csv", 10),
    ("покажи мне пять примеров", 5),
    ("show me 5 examples first", 5),
    ("preview 20 icebreakers", 20),
    ("sample of 15", 15),
    ("Обработай 500 лидов из a.csv", None),
    ("process examples.csv", None),
])
def test_find_sample(text: str, n: int | None) -> None:
    assert find_sample(text) == n


def test_sample_is_not_the_limit() -> None:
    cmd = parse("Сначала покажи 10 примеров айсбрейкеров для leads/1-raw/apollo_100.csv")
    assert cmd.action == "process" and cmd.sample == 10 and cmd.limit is None
    assert "sample" not in cmd.to_label()
    both = parse("Обработай 500 лидов из a.csv с айсбрейкерами, сначала покажи 10 примеров")
    assert both.limit == 500 and both.sample == 10
