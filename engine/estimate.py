"""Estimate a command's cost and time before running it (no paid call is made).

Counts the leads the command would process (filters, dedup and limit applied in SQL, as the run would).
For steps that call a model, the LLM layer's estimator prices prompts built for a sample of the leads;
steps without a model cost nothing.
"""

from __future__ import annotations

from typing import Any

from engine.planner import make_plan
from engine.settings import Settings
from engine.source import SELECTED, LeadSource
from nlcmd.command import ProcessingCommand
from processors.errors import UsageError


def estimate_command(cmd: ProcessingCommand, settings: Settings) -> dict[str, Any]:
    if not cmd.input_file:
        raise UsageError("estimate needs a file: e.g. 'estimate leads/1-raw/apollo_1000.csv'")
    with LeadSource(cmd.input_file) as source:
        plan = make_plan(cmd, settings, set(source.mapping))
        selection = source.select(cmd.filters, cmd.limit, settings.dedup)
        leads = selection.count(SELECTED)
    steps = []
    for proc in plan.processors:
        uses_llm = bool(getattr(proc, "uses_llm", False)) and bool(settings.env.get("OPENAI_API_KEY"))
        steps.append({"processor": proc.name, "paid": uses_llm,
                      "cost_usd": None if uses_llm else 0.0, "needs_network": proc.needs_network})
    unknown = any(s["cost_usd"] is None for s in steps)
    return {"action": "estimate", "input_file": cmd.input_file, "leads": leads, "rows": selection.total,
            "processors": steps, "cost_usd": None if unknown else 0.0,
            "note": "model costs are priced by the LLM layer" if unknown else "no paid step in this plan"}
