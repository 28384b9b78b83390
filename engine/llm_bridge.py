"""Build a worker's ProcessorContext, with an LLM client whose ledger and budget live in the parent.

When an API key is configured and ``processors.llm`` is available, ``ctx.llm`` is an ``LLMClient``
whose ledger sink sends each attempt row to the parent (written before the answer lands) and keeps the
settled row for the lead's own transaction (``ctx.take_ledger(row)``). Without a key, ``ctx.llm`` is
None and processors take their offline path.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
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


class BackgroundLLM:
    """The LLM client, built in a background thread (importing the openai SDK and loading the tokenizer take
    ~0.6-0.9 s, while a worker's first second is spent waiting on websites); the first use waits for it."""

    def __init__(self, factory: Any) -> None:
        self._client: Any = None
        self._error: BaseException | None = None
        self._factory = factory
        self._thread = threading.Thread(target=self._build, name="llm-client-init", daemon=True)
        self._thread.start()

    def _build(self) -> None:
        try:
            self._client = self._factory()
        except BaseException as exc:  # noqa: BLE001 — re-raised on first use, in the caller's frame
            self._error = exc

    def _ready(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._client

    async def complete_json(self, **kwargs: Any) -> Any:
        if self._thread.is_alive():
            await asyncio.to_thread(self._thread.join)
        return await self._ready().complete_json(**kwargs)

    async def aclose(self) -> None:
        if self._thread.is_alive():
            await asyncio.to_thread(self._thread.join)
        if self._client is not None:
            await self._client.aclose()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ready(), name)


def make_context(settings: dict[str, Any], results: Queue | None, worker_id: int,
                 budget: Any = None) -> WorkerContext:
    ctx = WorkerContext(settings=dict(settings))
    if not settings.get("OPENAI_API_KEY"):
        return ctx
    sink = QueueLedgerSink(results, worker_id, settings.get("LEADPIPE_RUN_ID"))
    ctx.extras["ledger_sink"] = sink

    def build() -> Any:
        from processors.llm import LLMClient, LLMSettings, tokens

        llm_settings = LLMSettings.from_env(settings)
        tokens.encoding_for_model(llm_settings.default_model)  # load the tokenizer now, not on the first call
        return LLMClient(llm_settings, ledger=sink, budget=budget)

    ctx.llm = BackgroundLLM(build)
    return ctx
