"""Price table: shipped data, lookups, overrides, unknown models cost None (never 0)."""

from __future__ import annotations

import json

import pytest

from processors.errors import UsageError
from processors.llm.pricing import PRICING_FILE, Price, PriceTable, env_name


def test_shipped_table_has_date_and_sane_prices() -> None:
    doc = json.loads(PRICING_FILE.read_text())
    assert doc["taken_at"] and doc["unit"] == "per 1M tokens"
    table = PriceTable.load({})
    assert table.taken_at == doc["taken_at"]
    for model in table.models():
        p = table.price(model)
        assert p is not None and 0 <= p.cached_input <= p.input <= p.output


def test_cost_arithmetic_with_cached_tokens() -> None:
    p = Price(input=0.15, cached_input=0.075, output=0.60)
    # 1000 input of which 400 cached, 200 output
    assert p.cost(1000, 200, 400) == pytest.approx((600 * 0.15 + 400 * 0.075 + 200 * 0.60) / 1e6)
    assert p.cost(10, 0, 50) == pytest.approx(10 * 0.075 / 1e6)  # cached cannot exceed input


def test_lookup_snapshot_provider_and_unknown() -> None:
    t = PriceTable.load({})
    assert t.price("gpt-4o-mini-2024-07-18") == t.price("gpt-4o-mini")
    assert t.price("gpt-4o-2024-08-06") == t.price("gpt-4o") != t.price("gpt-4o-mini")
    assert t.price("openai/gpt-4.1-mini") == t.price("gpt-4.1-mini")
    assert t.price("llama3.1:8b") is None
    assert t.cost("llama3.1:8b", 1000, 100) is None
    assert t.worst_case("mystery", 10, 10) is None


def test_env_overrides(tmp_path) -> None:
    assert env_name("gpt-4o-mini") == "LEADPIPE_PRICE_GPT_4O_MINI"
    assert env_name("llama3.1:8b") == "LEADPIPE_PRICE_LLAMA3_1_8B"
    user = tmp_path / "prices.json"
    user.write_text(json.dumps({"taken_at": "2030-01-01", "models": {"my-model": {"input": 1, "output": 2}}}))
    t = PriceTable.load({
        "LEADPIPE_PRICING_FILE": str(user),
        "LEADPIPE_PRICE_GPT_4O_MINI": "1,0.5,4",
        "LEADPIPE_PRICE_LLAMA3_1_8B": "0,0",
    })
    assert t.price("gpt-4o-mini") == Price(1.0, 0.5, 4.0)
    assert t.price("llama3.1:8b") == Price(0.0, 0.0, 0.0)
    assert t.cost("llama3.1:8b", 5000, 500) == 0.0  # a known-free model is 0, an unknown one is None
    assert t.price("my-model") == Price(1.0, 1.0, 2.0)
    assert t.taken_at == "2030-01-01"


@pytest.mark.parametrize(
    "env",
    [
        {"LEADPIPE_PRICE_X": "abc"},
        {"LEADPIPE_PRICE_X": "1,2,3,4"},
        {"LEADPIPE_PRICE_X": "-1,2"},
        {"LEADPIPE_PRICING_FILE": "/nonexistent/prices.json"},
    ],
)
def test_bad_overrides_are_usage_errors(env: dict[str, str]) -> None:
    with pytest.raises(UsageError):
        PriceTable.load(env)
