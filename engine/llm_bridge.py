"""Build a worker's ProcessorContext, with an LLM client whose ledger and budget live in the parent.

When an API key is configured and ``processors.llm`` is available, ``ctx.llm`` is an ``LLMClient``
whose ledger sink sends each attempt row to the parent (written before the answer lands) and keeps the
settled row for the lead's own transaction (``ctx.take_ledger(row)``). Without a key, ``ctx.llm`` is
None and processors take their offline path.
"""

from __future__ import annotations

import itertools
from multiprocessing.queues import Queue
from typing import Any

from processors.base import ProcessorContext


class WorkerContext(ProcessorContext):
    """ProcessorContext plus the per-row ledger rows settled in this worker."""

    def take_ledger(self, row: int) -> list[dict[str, Any]]:
        sink = self.extras.get("ledger_sink")
        return sink.take(row) if sink is not None else []


class QueueLedgerSink:
    """LedgerSink that forwards attempts to the parent and holds settled rows until their lead finishes."""

    def __init__(self, results: Queue | None, worker_id: int, run_id: str | None) -> None:
        self.results, self.worker_id, self.run_id = results, worker_id, run_id
        self._ids = itertools.count(1)
        self._attempts: dict[int, dict[str, Any]] = {}
        self._settled: dict[int | None, list[dict[str, Any]]] = {}

    def attempt(self, entry: dict[str, Any]) -> int:
        attempt_id = next(self._ids)
        row = {**entry, "run_id": self.run_id, "status": "attempted",
               "attempt_key": f"{self.run_id}:{self.worker_id}:{attempt_id}:{id(self)}"}
        self._attempts[attempt_id] = row
        if self.results is not None:
            self.results.put(("ledger", self.worker_id, [row]))
        return attempt_id

    def settle(self, attempt_id: int, entry: dict[str, Any]) -> None:
        row = {**self._attempts.pop(attempt_id, {}), **entry}
        row.setdefault("status", "ok")
        if row["status"] == "attempted":
            row["status"] = "ok"
        self._settled.setdefault(row.get("row"), []).append(row)

    def take(self, row: int) -> list[dict[str, Any]]:
        return self._settled.pop(row, [])


def make_context(settings: dict[str, Any], results: Queue | None, worker_id: int,
                 budget: Any = None) -> WorkerContext:
    ctx = WorkerContext(settings=dict(settings))
    if not settings.get("OPENAI_API_KEY"):
        return ctx
    try:
        from processors.llm import LLMClient, LLMSettings
    except ImportError:
        return ctx
    sink = QueueLedgerSink(results, worker_id, settings.get("LEADPIPE_RUN_ID"))
    ctx.extras["ledger_sink"] = sink
    ctx.llm = LLMClient(LLMSettings.from_env(settings), ledger=sink, budget=budget)
    return ctx
