"""Ledger totals equal what the server served; the budget cap holds under full concurrency, to the cent."""

from __future__ import annotations

import asyncio
import time

import pytest

from processors.errors import FatalRunError, LeadSkipped, TerminalError, TransientError
from processors.llm import BudgetExceeded, InMemoryLedger, LLMClient, LLMSettings, LocalBudget
from processors.llm.ratelimit import TokenBucket
from tests.fake_llm_server import Reply
from tests.llm_helpers import ask, messages

# an expensive price, so that a run of small prompts spends whole dollars and cents matter
PRICEY = {"LEADPIPE_PRICE_GPT_4O_MINI": "1000,500,4000"}


async def _many(client: LLMClient, n: int) -> list[object]:
    async def one(i: int) -> object:
        try:
            return await ask(client, row=i, messages=messages(name=f"Lead {i}", company=f"Company {i % 7}"))
        except (BudgetExceeded, TerminalError, TransientError) as exc:
            return exc

    try:
        return await asyncio.gather(*(one(i) for i in range(n)))
    finally:
        await client.aclose()


def test_ledger_totals_equal_the_servers_count(fake_llm, llm_env) -> None:
    settings = LLMSettings.from_env(llm_env)
    fake_llm.latency = 0.01
    fake_llm.script(
        Reply(status=500), Reply(status=429, retry_after=0.02), Reply(drop=True), Reply(refusal="No."),
        Reply(finish_reason="length"), Reply(status=503), Reply(usage=True), Reply(status=404),
    )
    ledger = InMemoryLedger()
    results = asyncio.run(_many(LLMClient(settings, ledger), 40))
    ok = [r for r in results if not isinstance(r, Exception)]
    assert len(ok) >= 36
    stats = fake_llm.stats()
    totals = ledger.totals()
    assert totals["attempts"] == stats["requests"]
    assert totals["unaccounted"] == 0
    assert totals["input_tokens"] == stats["prompt_tokens"]
    assert totals["output_tokens"] == stats["completion_tokens"]
    assert totals["cached_tokens"] == stats["cached_tokens"]
    assert sum(1 for r in ledger.rows if r["status"] == "ok") == stats["billed_requests"]
    price = settings.pricing.price("gpt-4o-mini")
    served_cost = price.cost(stats["prompt_tokens"], stats["completion_tokens"], stats["cached_tokens"])
    assert totals["cost_usd"] == pytest.approx(served_cost, rel=1e-9)
    assert sum(r.cost_usd for r in ok) <= totals["cost_usd"]  # refusals and cut-offs are billed too
    by = ledger.by("processor", "model")
    assert list(by) == [("icebreaker_generator", "gpt-4o-mini")]


def test_cached_tokens_are_recorded_and_cheaper(fake_llm, llm_env) -> None:
    settings = LLMSettings.from_env(llm_env)
    long_system = "Company facts follow. " + "Acme builds warehouse robots for retailers. " * 200
    msgs = [{"role": "system", "content": long_system}, {"role": "user", "content": "Lead: Anna"}]
    ledger = InMemoryLedger()

    async def twice() -> list:
        client = LLMClient(settings, ledger)
        try:
            return [await ask(client, messages=msgs), await ask(client, messages=msgs)]
        finally:
            await client.aclose()

    first, second = asyncio.run(twice())
    assert first.cached_tokens == 0 and second.cached_tokens >= 1024
    assert second.input_tokens == first.input_tokens
    assert ledger.totals()["cached_tokens"] == fake_llm.stats()["cached_tokens"] == second.cached_tokens
    assert second.cost_usd < first.cost_usd


@pytest.mark.parametrize("concurrency", [50, 7])
def test_budget_cap_holds_under_full_concurrency(fake_llm, llm_env, concurrency: int) -> None:
    env = {**llm_env, **PRICEY, "LEADPIPE_LLM_CONCURRENCY": str(concurrency)}
    settings = LLMSettings.from_env(env)
    fake_llm.latency = 0.02
    limit = 10.00
    budget = LocalBudget(limit)
    ledger = InMemoryLedger()
    results = asyncio.run(_many(LLMClient(settings, ledger, budget), 50))
    done = [r for r in results if not isinstance(r, Exception)]
    skipped = [r for r in results if isinstance(r, BudgetExceeded)]
    assert len(done) + len(skipped) == 50
    assert done and skipped  # the budget fits some of the calls, not all
    stats = fake_llm.stats()
    price = settings.pricing.price("gpt-4o-mini")
    served = price.cost(stats["prompt_tokens"], stats["completion_tokens"], stats["cached_tokens"])
    # what the server billed never exceeds the cap, and the budget's books agree with it to the cent
    assert served <= limit
    assert round(budget.spent_usd, 2) == round(served, 2)
    assert round(ledger.totals()["cost_usd"], 2) == round(served, 2)
    assert budget.reserved_usd == 0
    assert stats["requests"] == stats["billed_requests"] == len(done)  # no refused call was sent
    if concurrency == 50:
        assert stats["max_in_flight"] > 5
    for r in skipped:
        assert isinstance(r, LeadSkipped) and str(r).startswith("budget")
    # every call's real cost stayed within what was reserved for it
    assert all(row["cost_usd"] <= row["reserved_usd"] for row in ledger.rows if row["status"] == "ok")
    # spending continued until the next worst case no longer fitted
    worst = max(row["reserved_usd"] for row in ledger.rows)
    assert limit - budget.spent_usd < worst


def test_async_hooks_are_awaited(fake_llm, llm_env) -> None:
    class AsyncLedger(InMemoryLedger):
        async def attempt(self, entry: dict) -> int:  # type: ignore[override]
            await asyncio.sleep(0)
            return super().attempt(entry)

    class AsyncBudget(LocalBudget):
        async def reserve(self, usd: float) -> bool:  # type: ignore[override]
            return super().reserve(usd)

    ledger, budget = AsyncLedger(), AsyncBudget(1.0)
    asyncio.run(_many(LLMClient(LLMSettings.from_env(llm_env), ledger, budget), 3))
    assert ledger.totals()["ok"] == 3 and budget.spent_usd > 0


def test_budget_with_unknown_price_refuses_to_start(fake_llm, llm_env) -> None:
    settings = LLMSettings.from_env({**llm_env, "LEADPIPE_LLM_MODEL": "llama3.1:8b"})

    async def go() -> None:
        client = LLMClient(settings, budget=LocalBudget(1.0))
        try:
            await ask(client)
        finally:
            await client.aclose()

    with pytest.raises(FatalRunError, match="LEADPIPE_PRICE_LLAMA3_1_8B"):
        asyncio.run(go())
    assert fake_llm.requests == 0


def test_unknown_price_costs_none_without_budget(fake_llm, llm_env) -> None:
    settings = LLMSettings.from_env({**llm_env, "LEADPIPE_LLM_MODEL": "llama3.1:8b"})
    ledger = InMemoryLedger()
    results = asyncio.run(_many(LLMClient(settings, ledger), 2))
    assert all(r.cost_usd is None for r in results)
    assert ledger.totals()["cost_usd"] is None and ledger.totals()["input_tokens"] > 0


def test_concurrency_limit_per_endpoint(fake_llm, llm_env) -> None:
    settings = LLMSettings.from_env({**llm_env, "LEADPIPE_LLM_CONCURRENCY": "4"})
    fake_llm.latency = 0.03
    results = asyncio.run(_many(LLMClient(settings), 20))
    assert all(not isinstance(r, Exception) for r in results)
    assert fake_llm.max_in_flight == 4


def test_429_pauses_the_whole_endpoint(fake_llm, llm_settings) -> None:
    fake_llm.script(Reply(status=429, retry_after=0.3))

    async def go() -> None:
        client = LLMClient(llm_settings)
        try:
            first = asyncio.create_task(ask(client))
            for _ in range(200):  # until the 429 has been answered; new calls must then wait out the pause
                if fake_llm.by_status[429]:
                    break
                await asyncio.sleep(0.005)
            await asyncio.sleep(0.02)  # let the client read the 429 and set the pause
            await asyncio.gather(first, ask(client), ask(client))
        finally:
            await client.aclose()

    asyncio.run(go())
    t0 = fake_llm.log[0]["t"]
    assert len(fake_llm.log) == 4
    assert all(e["t"] - t0 >= 0.3 for e in fake_llm.log[1:])


def test_token_bucket_limits_the_rate() -> None:
    async def go() -> float:
        bucket = TokenBucket(600)  # 10 per second, burst 600
        await bucket.acquire(600)
        started = time.monotonic()
        for _ in range(3):
            await bucket.acquire(1)
        return time.monotonic() - started

    assert 0.25 <= asyncio.run(go()) < 2.0


def test_local_budget_arithmetic_is_exact() -> None:
    b = LocalBudget(0.30)
    for _ in range(3):
        assert b.reserve(0.1)
    assert not b.reserve(0.000000001)
    for _ in range(3):
        b.settle(0.1, 0.1)
    assert b.spent_usd == 0.3 and b.remaining_usd == 0.0
    b2 = LocalBudget(1.0)
    assert b2.reserve(0.4)
    b2.settle(0.4, None)  # unknown actual cost: charged as reserved
    assert b2.spent_usd == 0.4


def test_cancelled_call_settles_ledger_and_budget(fake_llm, llm_settings) -> None:
    """Ctrl-C in the middle of a call: nothing stays reserved, the attempt is recorded as possibly billed."""
    fake_llm.script(Reply(hang=True))
    ledger, budget = InMemoryLedger(), LocalBudget(1.0)

    async def go() -> None:
        client = LLMClient(llm_settings.replace(timeout_s=5.0), ledger, budget)
        try:
            task = asyncio.create_task(ask(client))
            while not fake_llm.log:
                await asyncio.sleep(0.005)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        finally:
            await client.aclose()

    asyncio.run(go())
    assert budget.reserved_usd == 0
    assert budget.spent_usd == pytest.approx(ledger.rows[0]["reserved_usd"], abs=1e-9)
    assert ledger.rows[0]["status"] == "error" and ledger.rows[0]["error"] == "cancelled"
    assert ledger.totals()["unaccounted"] == 0
