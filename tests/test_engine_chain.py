"""The chain runner: the synchronous fast path gives exactly the outcomes of the async path."""

from __future__ import annotations

import asyncio

from engine.chain import ChainRunner
from engine.source import LeadSource
from tests.engine_helpers import LEADS


def test_sync_fast_path_equals_async_path() -> None:
    runner = ChainRunner(["company_name_cleaner"], {})
    assert runner._sync_chain is not None
    with LeadSource(LEADS / "apollo_messy_500.csv") as source:
        tasks = [(row, fields, {}) for batch in source.stream_fields(1000) for row, fields in batch]
    fast: list[dict] = []
    started = asyncio.run(runner.run_batch(tasks, fast.append, 8))
    slow = [asyncio.run(runner.run_lead(row, fields, cached)) for row, fields, cached in tasks]
    assert started == len(tasks) == len(fast)
    strip = lambda o: {k: v for k, v in o.items() if k not in ("timings", "company_results", "pages")}  # noqa: E731
    assert [strip(o) for o in fast] == [strip(o) for o in slow]
    assert {o["status"] for o in fast} >= {"enriched"}
