"""LLM layer benchmark (ratios against baselines measured in the same run, against the local fake server).

* layer overhead: LLMClient.complete_json (token count, limiter, budget, ledger, retry, JSON checks) vs the
  bare AsyncOpenAI call it wraps, same requests, same concurrency -> time ratio.
* token counting: tiktoken count of one prompt vs one local HTTP round trip -> ratio.
* budget utilisation: a run capped at a budget that fits a fraction of it, 50 calls at once -> spent / cap
  (must be <= 1) and calls done.
* estimate accuracy: estimated mid cost / real cost of the same run (calibrated by a small earlier run).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import openai  # noqa: E402

from processors.llm import BudgetExceeded, InMemoryLedger, LLMClient, LLMSettings, LocalBudget  # noqa: E402
from processors.llm.estimate import ProcessorSample, estimate_run, output_hint_from_ledger  # noqa: E402
from processors.llm.tokens import count_messages  # noqa: E402
from tests.fake_llm_server import FakeLLMServer  # noqa: E402

KEY = "sk-bench-0123456789abcdef"
SCHEMA = {"type": "object", "properties": {"icebreaker": {"type": "string"},
                                           "facts": {"type": "array", "items": {"type": "string"}}}}
N = 300
CONCURRENCY = 16


def prompts(n: int, seed: int) -> list[list[dict[str, str]]]:
    rng = random.Random(seed)
    words = ["robots", "logistics", "Berlin", "Kazan", "hiring", "award", "API", "partners", "plant", "retail", "freight", "software"]
    return [[{"role": "system", "content": "Write one specific cold-email icebreaker as JSON."},
             {"role": "user", "content": f"Lead {i}: CTO at Company {i % 37}. Facts: "
                                         + " ".join(rng.choice(words) for _ in range(rng.randint(10, 120)))}]
            for i in range(n)]


async def _bare(base_url: str, ps: list, concurrency: int = CONCURRENCY) -> float:
    client = openai.AsyncOpenAI(api_key=KEY, base_url=base_url, max_retries=0, timeout=30)
    sem = asyncio.Semaphore(concurrency)
    fmt = {"type": "json_schema", "json_schema": {"name": "icebreaker", "schema": SCHEMA, "strict": True}}

    async def one(p: list) -> None:
        async with sem:
            await client.chat.completions.create(model="gpt-4o-mini", messages=p, response_format=fmt, max_tokens=200)

    started = time.perf_counter()
    await asyncio.gather(*(one(p) for p in ps))
    elapsed = time.perf_counter() - started
    await client.close()
    return elapsed


async def _layer(settings: LLMSettings, ps: list, ledger=None, budget=None) -> tuple[float, int]:
    client = LLMClient(settings, ledger, budget)
    done = 0

    async def one(i: int, p: list) -> None:
        nonlocal done
        try:
            await client.complete_json(processor="icebreaker_generator", messages=p, schema=SCHEMA,
                                       schema_name="icebreaker", max_tokens=200, row=i)
            done += 1
        except BudgetExceeded:
            pass

    started = time.perf_counter()
    await asyncio.gather(*(one(i, p) for i, p in enumerate(ps)))
    elapsed = time.perf_counter() - started
    await client.aclose()
    return elapsed, done


def main() -> None:
    with FakeLLMServer(api_key=KEY) as srv:
        env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": srv.base_url, "LEADPIPE_LLM_CONCURRENCY": str(CONCURRENCY)}
        settings = LLMSettings.from_env(env)
        ps = prompts(N, 1)
        count_messages(ps[0], "gpt-4o-mini")  # load the encoding outside the timings
        asyncio.run(_bare(srv.base_url, ps[:20]))  # warm up both paths
        asyncio.run(_layer(settings, ps[:20]))
        bare = [asyncio.run(_bare(srv.base_url, ps)) for _ in range(3)]
        layer = [asyncio.run(_layer(settings, ps, InMemoryLedger(), LocalBudget(1000.0)))[0] for _ in range(3)]
        b, m = statistics.median(bare), statistics.median(layer)
        print(f"layer overhead: LLMClient / bare SDK time for {N} calls = {m / b:.2f}x "
              f"(bare {N / b:.0f} calls/s on this machine)")

        started = time.perf_counter()
        for p in ps:
            count_messages(p, "gpt-4o-mini", SCHEMA)
        per_count = (time.perf_counter() - started) / N
        round_trip = asyncio.run(_bare(srv.base_url, ps[:40], concurrency=1)) / 40  # one call at a time
        print(f"token counting: one prompt count / one local round trip = {per_count / round_trip:.4f}")

        pricey = LLMSettings.from_env({**env, "LEADPIPE_PRICE_GPT_4O_MINI": "1000,500,4000",
                                       "LEADPIPE_LLM_CONCURRENCY": "50"})
        srv.reset()
        srv.latency = 0.01
        cap = 8.0
        budget = LocalBudget(cap)
        _, done = asyncio.run(_layer(pricey, ps[:50], InMemoryLedger(), budget))
        print(f"budget utilisation: spent / cap = {budget.spent_usd / cap:.3f} ({done} of 50 calls fitted)")

        srv.reset()
        srv.latency = 0.0
        history = InMemoryLedger()
        asyncio.run(_layer(settings, prompts(10, 2), history))
        hint = output_hint_from_ledger(history.rows, "icebreaker_generator", "gpt-4o-mini")
        run = prompts(N, 3)
        sample = ProcessorSample.from_prompts("icebreaker_generator", "gpt-4o-mini", random.Random(4).sample(run, 20),
                                              SCHEMA, 200, N, hint)
        est = estimate_run([sample], settings.pricing)
        ledger = InMemoryLedger()
        asyncio.run(_layer(settings, run, ledger))
        actual = ledger.totals()["cost_usd"]
        print(f"estimate accuracy: estimated mid / real cost = {est.cost_usd.mid / actual:.3f} "
              f"(range {est.cost_usd.low / actual:.3f}-{est.cost_usd.high / actual:.3f})")


if __name__ == "__main__":
    main()
