"""The LLM layer: one client for every model call, token counting offline, prices, ledger and budget hooks.

    from processors.llm import LLMClient, LLMSettings, LLMResult
    settings = LLMSettings.from_env()
    client = LLMClient(settings, ledger=InMemoryLedger(), budget=LocalBudget(5.0))
    res = await client.complete_json(processor="icebreaker_generator", messages=[...], schema={...},
                                     schema_name="icebreaker", max_tokens=200)

See docs/llm.md for settings and behaviour.
"""

from processors.llm.budget import BudgetExceeded
from processors.llm.client import LLMClient, LLMResult, strict_schema
from processors.llm.hooks import Budget, InMemoryLedger, LedgerSink, LocalBudget
from processors.llm.pricing import Price, PriceTable
from processors.llm.settings import LLMSettings, redact

__all__ = [
    "Budget",
    "BudgetExceeded",
    "InMemoryLedger",
    "LLMClient",
    "LLMResult",
    "LLMSettings",
    "LedgerSink",
    "LocalBudget",
    "Price",
    "PriceTable",
    "redact",
    "strict_schema",
]
