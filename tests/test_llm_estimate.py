"""The estimate: no paid call, and the real cost of the same run lands inside the range, mid within 25 %."""

from __future__ import annotations

import asyncio
import random

import pytest

from processors.llm import InMemoryLedger, LLMClient, LLMSettings, PriceTable
from processors.llm.estimate import (
    LatencyModel,
    ProcessorSample,
    estimate_processor,
    estimate_run,
    output_hint_from_ledger,
)
from tests.llm_helpers import SCHEMA, messages

FIRST = ["Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid", "Grace", "Hugo", "Irina", "Jonas"]
COMPANIES = ["Acme Robotics", "Globex", "Initech Logistics", "Umbrella Foods", "Stark Freight", "Вектор Софт"]


def leads(n: int, seed: int) -> list[list[dict[str, str]]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        facts = " ".join(rng.choice(["Opened a plant in Kazan.", "Hiring 40 engineers.", "Won a logistics award.",
                                     "Launched an API for partners.", "Moved HQ to Berlin."])
                         for _ in range(rng.randint(1, 12)))
        out.append(messages(name=rng.choice(FIRST), company=rng.choice(COMPANIES), extra=facts))
    return out


async def _run(client: LLMClient, prompts: list, processor: str = "icebreaker_generator") -> None:
    try:
        await asyncio.gather(*(client.complete_json(processor=processor, messages=p, schema=SCHEMA,
                                                    schema_name="icebreaker", max_tokens=300, row=i)
                               for i, p in enumerate(prompts)))
    finally:
        await client.aclose()


def test_estimate_lands_within_25_percent_of_the_real_run(fake_llm, llm_env) -> None:
    settings = LLMSettings.from_env(llm_env)
    # an earlier run of this processor and model left its ledger behind: the output-size calibration
    history = InMemoryLedger()
    asyncio.run(_run(LLMClient(settings, history), leads(8, seed=1)))
    hint = output_hint_from_ledger(history.rows, "icebreaker_generator", "gpt-4o-mini")
    assert hint is not None

    run_prompts = leads(120, seed=2)
    fake_llm.reset()
    sample = ProcessorSample.from_prompts("icebreaker_generator", "gpt-4o-mini", random.Random(3).sample(run_prompts, 12),
                                          SCHEMA, max_tokens=300, calls=len(run_prompts), output_tokens_hint=hint)
    est = estimate_run([sample], settings.pricing, concurrency=settings.concurrency)
    assert fake_llm.requests == 0  # estimating costs nothing

    ledger = InMemoryLedger()
    asyncio.run(_run(LLMClient(settings, ledger), run_prompts))
    actual = ledger.totals()["cost_usd"]
    assert est.cost_usd is not None
    assert abs(est.cost_usd.mid - actual) <= 0.25 * actual
    assert est.cost_usd.low <= actual <= est.cost_usd.high
    part = est.processors[0]
    assert part.input_tokens.low <= ledger.totals()["input_tokens"] <= part.input_tokens.high


def test_without_history_the_high_end_is_the_worst_case(fake_llm, llm_env) -> None:
    settings = LLMSettings.from_env(llm_env)
    prompts = leads(30, seed=4)
    sample = ProcessorSample.from_prompts("icebreaker_generator", "gpt-4o-mini", prompts[:5], SCHEMA, 300, 30)
    est = estimate_processor(sample, settings.pricing)
    assert est.output_tokens.high == 300 * 30
    assert any("max_tokens" in a for a in est.assumptions)
    ledger = InMemoryLedger()
    asyncio.run(_run(LLMClient(settings, ledger), prompts))
    assert ledger.totals()["cost_usd"] <= est.cost_usd.high


def test_unknown_price_and_tokenizer() -> None:
    pricing = PriceTable.load({})
    sample = ProcessorSample.from_prompts("icebreaker_generator", "llama3.1:8b", leads(3, seed=5), SCHEMA, 200, 1000)
    est = estimate_run([sample], pricing)
    assert est.cost_usd is None and est.processors[0].cost_usd is None
    assert not est.processors[0].tokens_exact
    inp = est.processors[0].input_tokens
    assert inp.low < inp.mid < inp.high
    d = est.to_dict()
    assert d["cost_usd"] is None and d["processors"][0]["model"] == "llama3.1:8b"


def test_time_respects_concurrency_and_rate_limits() -> None:
    pricing = PriceTable.load({})
    sample = ProcessorSample("icebreaker_generator", "gpt-4o-mini", [500, 520, 480], 100, 1200, True, 50.0)
    fast = estimate_processor(sample, pricing, concurrency=8, workers=4)
    slow = estimate_processor(sample, pricing, concurrency=8, workers=1)
    assert slow.seconds.mid == pytest.approx(4 * fast.seconds.mid)
    limited = estimate_processor(sample, pricing, concurrency=8, workers=4, rpm=60)
    assert limited.seconds.mid == pytest.approx(1200.0)  # 60 a minute -> 1200 calls take 20 minutes
    tpm = estimate_processor(sample, pricing, concurrency=64, tpm=60_000)
    assert tpm.seconds.mid == pytest.approx(1200 * 600 / 1000, rel=0.01)  # ~600 tokens per call, 1000/s
    assert fast.seconds.low < fast.seconds.mid < fast.seconds.high


def test_whole_sample_has_no_input_spread() -> None:
    pricing = PriceTable.load({})
    sample = ProcessorSample("p", "gpt-4o-mini", [100, 200, 300], 50, 3, True, 10.0)
    est = estimate_processor(sample, pricing, latency=LatencyModel())
    assert est.input_tokens.low == est.input_tokens.mid == est.input_tokens.high == 600
