"""Estimate a command's cost and time before running it. No paid call is made.

1. The leads the command would process are counted in SQL (filters, dedup, limit), and for each
   company-scoped step the distinct companies among them.
2. The real chain runs on a small, evenly spread sample of those leads, with company results from the
   cache where present (free steps such as fetching a site run for real, as they cost nothing). Its model
   client is a *recorder*: each call's real prompt is captured and answered with an error, so the steps
   take their offline path and the next step's prompt is still built.
3. The LLM layer's estimator counts the recorded prompts' tokens, extrapolates to the run's number of calls
   (scaled by the share of sampled leads that reached each step) and prices them, as a low/mid/high range;
   earlier calls of the same step and model in the ledger give the expected answer length.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from engine.chain import ChainRunner
from engine.planner import make_plan
from engine.settings import Settings
from engine.source import SELECTED, LeadSource
from nlcmd.command import ProcessingCommand
from processors.base import Lead, ProcessorContext, Scope
from processors.errors import TerminalError, UsageError
from state.db import StateDB

SAMPLE_SIZE = 20


class RecordingLLM:
    """Stands in for LLMClient: records each request, sends nothing, answers with a TerminalError."""

    enabled = True

    def __init__(self, llm_settings: Any) -> None:
        self.settings = llm_settings
        self.requests: list[dict[str, Any]] = []

    async def complete_json(self, *, processor: str, messages: list[dict[str, Any]], schema: dict[str, Any],
                            schema_name: str, max_tokens: int, model: str | None = None,
                            row: int | None = None) -> Any:
        self.requests.append({"processor": processor, "messages": messages, "schema": schema,
                              "max_tokens": max_tokens, "model": model or self.settings.model_for(processor),
                              "row": row})
        raise TerminalError("estimate: no model call is made")

    async def aclose(self) -> None:
        return None


def _spread(rows: list[int], k: int) -> set[int]:
    if len(rows) <= k:
        return set(rows)
    step = len(rows) / k
    return {rows[int(i * step)] for i in range(k)}


def estimate_command(cmd: ProcessingCommand, settings: Settings) -> dict[str, Any]:
    if not cmd.input_file:
        raise UsageError("estimate needs a file: e.g. 'estimate leads/1-raw/apollo_1000.csv'")
    with LeadSource(cmd.input_file) as source:
        plan = make_plan(cmd, settings, set(source.mapping))
        selection = source.select(cmd.filters, cmd.limit, settings.dedup)
        selected_rows = [i for i, c in enumerate(selection.codes) if c == SELECTED]
        sample_rows = _spread(selected_rows, SAMPLE_SIZE)
        company_procs = [p for p in plan.processors if p.scope is Scope.COMPANY]
        companies: dict[str, set[str]] = {p.name: set() for p in company_procs}
        sample: list[Lead] = []
        for batch in source.stream_fields(5000):
            for row, fields in batch:
                if selection.codes[row] != SELECTED:
                    continue
                lead = Lead(row=row, fields=fields)
                for proc in company_procs:
                    key = proc.company_key(lead)
                    if key:
                        companies[proc.name].add(key)
                if row in sample_rows:
                    sample.append(lead)
    leads = len(selected_rows)
    result: dict[str, Any] = {"action": "estimate", "input_file": cmd.input_file, "rows": selection.total,
                              "leads": leads, "companies": {k: len(v) for k, v in companies.items()},
                              "processors": [p.name for p in plan.processors]}
    if not plan.paid:
        why = "no API key configured: every step runs offline" if any(
            getattr(p, "uses_llm", False) for p in plan.processors) else "no step of this plan calls a model"
        result.update(cost_usd={"low": 0.0, "mid": 0.0, "high": 0.0}, paid=False, note=why)
        return result
    from processors.llm import LLMSettings
    from processors.llm.estimate import ProcessorSample, estimate_run, output_hint_from_ledger

    llm_settings = LLMSettings.from_env(settings.processor_settings())
    if cmd.model:
        llm_settings = llm_settings.replace(default_model=cmd.model, processor_models={})
    recorder = RecordingLLM(llm_settings)
    started = time.perf_counter()
    reached = _run_sample(plan.names, settings, sample, recorder)
    sample_seconds = time.perf_counter() - started
    db = StateDB(settings.state_db)
    try:
        ledger = [dict(zip(("processor", "model", "output_tokens", "status"), r, strict=True)) for r in
                  db.conn.execute("SELECT processor, model, output_tokens, status FROM ledger")]
    finally:
        db.close()
    samples = []
    for proc in plan.processors:
        if not getattr(proc, "uses_llm", False):
            continue
        requests = [r for r in recorder.requests if r["processor"] == proc.name]
        population = len(companies[proc.name]) if proc.scope is Scope.COMPANY else leads
        if proc.scope is Scope.COMPANY:
            keys_sampled = {proc.company_key(lead) for lead in sample} - {None}
            share = len({r["row"] for r in requests}) / max(1, len(keys_sampled))
        else:
            share = len({r["row"] for r in requests}) / max(1, len(sample))
        calls = round(population * min(1.0, share))
        if not requests:
            continue
        model = requests[0]["model"]
        samples.append(ProcessorSample.from_prompts(
            proc.name, model, [r["messages"] for r in requests], requests[0]["schema"],
            max(r["max_tokens"] for r in requests), calls, output_hint_from_ledger(ledger, proc.name, model)))
    workers = settings.workers or 2
    estimate = estimate_run(samples, llm_settings.pricing, concurrency=min(settings.concurrency,
                            getattr(llm_settings, "concurrency", 8)), workers=workers)
    result.update(estimate.to_dict())
    result.update(paid=True, sample_leads=len(sample), sample_reached=reached,
                  sample_seconds=round(sample_seconds, 2), budget_usd=cmd.budget_usd)
    return result


def _run_sample(names: list[str], settings: Settings, sample: list[Lead], recorder: RecordingLLM) -> dict:
    ctx = ProcessorContext(settings=settings.processor_settings(), llm=recorder)
    runner = ChainRunner(names, ctx.settings, ctx)
    counts: dict[str, int] = {}

    def emit(outcome: dict[str, Any]) -> None:
        failed = {e["processor"] for e in outcome["errors"] if e["error_class"] != "TerminalError"
                  or "estimate:" not in e["message"]}
        for name in names:
            if name in outcome["timings"] and name not in failed:
                counts[name] = counts.get(name, 0) + 1

    async def main() -> None:
        try:
            await runner.run_batch([(lead.row, lead.fields, {}) for lead in sample], emit, settings.concurrency)
        finally:
            await runner.aclose()

    asyncio.run(main())
    return counts
