"""Run the processor chain over leads inside one asyncio loop (one worker, or the parent when inline).

For each lead the processors run in plan order. A processor is skipped for a lead when one it requires
did not succeed for that lead. Company-scoped processors run once per company key: concurrent leads of
the same company await one shared computation, and results the parent found in the cache are used as is.

Each lead yields one *outcome* (a plain dict, cheap to pickle):
    row, status (enriched | partial | failed | skipped), outputs (CSV columns only), errors
    ([{processor, error_class, message, kind}]), timings ({processor: seconds}), company_results (new
    cache rows), pages (raw pages to cache), ledger (settled LLM call rows)
A FatalRunError stops the whole run: it propagates out of ``run_batch`` / ``run_stream``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from processors import registry
from processors.base import Lead, Processor, ProcessorContext, Scope
from processors.errors import FatalRunError, LeadSkipped

Outcome = dict[str, Any]
Task = tuple[int, dict[str, str], dict[str, Any]]


def _error_entry(processor: str, exc: BaseException) -> dict[str, str]:
    kind = "skipped" if isinstance(exc, LeadSkipped) else "failed"
    message = str(exc).splitlines()[0][:500] if str(exc) else exc.__class__.__name__
    return {"processor": processor, "error_class": exc.__class__.__name__, "message": message, "kind": kind}


class ChainRunner:
    """Holds the processors and shared context for one process; runs leads through them."""

    def __init__(self, names: list[str], settings: dict[str, Any], ctx: ProcessorContext | None = None) -> None:
        self.processors: list[Processor] = [registry.load(n) for n in names]
        self.ctx = ctx or ProcessorContext(settings=settings)
        # paid calls settled for a lead, committed with it (a WorkerContext holds them; others have none)
        self.ledger_for_row: Callable[[int], list[dict]] = getattr(self.ctx, "take_ledger", lambda row: [])
        self._company_futures: dict[tuple[str, str], asyncio.Future] = {}
        # pure lead-scoped steps that offer ``process_sync`` run without a coroutine per lead
        syncs = [getattr(p, "process_sync", None) for p in self.processors]
        pure = all(p.scope is Scope.LEAD and not p.requires and not p.needs_network for p in self.processors)
        self._sync_chain = [(p.name, f) for p, f in zip(self.processors, syncs, strict=True)] \
            if pure and all(syncs) else None

    def _run_sync(self, tasks: list[tuple[int, dict[str, str], dict[str, Any]]], emit: Callable[[Outcome], None],
                  should_stop: Callable[[], bool]) -> int:
        """The fast path of ``run_lead`` for independent pure steps: same outcomes, no event-loop work."""
        started = 0
        ctx, clock = self.ctx, time.perf_counter
        for row, fields, _cached in tasks:
            if should_stop():
                break
            started += 1
            lead = Lead(row=row, fields=fields)
            errors: list[dict[str, str]] = []
            timings: dict[str, float] = {}
            outputs = lead.outputs
            ok = 0
            for name, process in self._sync_chain or ():
                t0 = clock()
                try:
                    outputs.update(process(lead, ctx))
                    ok += 1
                except FatalRunError:
                    raise
                except Exception as exc:  # noqa: BLE001 — one lead's error, as in run_lead
                    errors.append(_error_entry(name, exc))
                timings[name] = clock() - t0
            if not errors:
                status = "enriched"
            elif ok:
                status = "partial"
            else:
                status = "failed" if any(e["kind"] == "failed" for e in errors) else "skipped"
            emit({"row": row, "status": status, "outputs": {k: v for k, v in outputs.items() if k[0] != "_"},
                  "errors": errors, "timings": timings, "company_results": (), "pages": (),
                  "ledger": self.ledger_for_row(row)})
        return started

    @property
    def needs_network(self) -> bool:
        return any(p.needs_network for p in self.processors)

    async def _company_result(self, proc: Processor, key: str, lead: Lead, cached: dict[str, Any],
                              fresh: list[dict[str, Any]]) -> dict[str, Any]:
        hit = cached.get(proc.name)
        if hit is not None:
            if hit.get("error"):
                err = hit["error"]
                raise LeadSkipped(err.get("message", "skipped (cached)"))
            return hit["outputs"]
        fkey = (proc.name, key)
        future = self._company_futures.get(fkey)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._company_futures[fkey] = future
            try:
                outputs = await proc.process(lead, self.ctx)
            except BaseException as exc:
                future.set_exception(exc)
                future.exception()  # mark retrieved
                del self._company_futures[fkey]  # a transient failure may succeed for the next lead
                if isinstance(exc, LeadSkipped):
                    fresh.append({"processor": proc.name, "version": proc.version, "key": key, "outputs": {},
                                  "error": {"error_class": "LeadSkipped", "message": str(exc)}})
                raise
            fresh.append({"processor": proc.name, "version": proc.version, "key": key, "outputs": outputs})
            future.set_result(outputs)
            return outputs
        return await asyncio.shield(future)

    async def run_lead(self, row: int, fields: dict[str, str], cached: dict[str, Any] | None = None) -> Outcome:
        lead = Lead(row=row, fields=fields)
        cached = cached or {}
        errors: list[dict[str, str]] = []
        timings: dict[str, float] = {}
        fresh: list[dict[str, Any]] = []
        pages: list[dict[str, Any]] = []
        ok: set[str] = set()
        for proc in self.processors:
            missing = [r for r in proc.requires if r not in ok]
            if missing:
                errors.append({"processor": proc.name, "error_class": "LeadSkipped",
                               "message": f"skipped: {missing[0]} did not succeed", "kind": "skipped"})
                continue
            started = time.perf_counter()
            try:
                if proc.scope is Scope.COMPANY:
                    key = proc.company_key(lead)
                    if key is None:
                        outputs = await proc.process(lead, self.ctx)
                    else:
                        outputs = await self._company_result(proc, key, lead, cached, fresh)
                else:
                    outputs = await proc.process(lead, self.ctx)
            except FatalRunError:
                raise
            except Exception as exc:  # noqa: BLE001 — any processor bug is that lead's error, not the run's
                errors.append(_error_entry(proc.name, exc))
                timings[proc.name] = time.perf_counter() - started
                continue
            timings[proc.name] = time.perf_counter() - started
            if "_pages" in outputs:
                outputs = dict(outputs)
                pages.extend(outputs.pop("_pages") or [])
            lead.outputs.update(outputs)
            ok.add(proc.name)
        for entry in fresh:
            entry["outputs"] = {k: v for k, v in entry["outputs"].items() if k != "_pages"}
        failed = any(e["kind"] == "failed" for e in errors)
        if not errors:
            status = "enriched"
        elif ok:
            status = "partial"
        else:
            status = "failed" if failed else "skipped"
        columns = {k: v for k, v in lead.outputs.items() if not k.startswith("_")}
        return {"row": row, "status": status, "outputs": columns, "errors": errors, "timings": timings,
                "company_results": fresh, "pages": pages, "ledger": self.ledger_for_row(row)}

    async def run_batch(self, tasks: list[Task], emit: Callable[[Outcome], None], concurrency: int,
                        should_stop: Callable[[], bool] = lambda: False) -> int:
        """Run ``tasks`` (row, fields, cached company results) with at most ``concurrency`` in flight.

        Calls ``emit`` for each finished lead; stops starting new leads once ``should_stop()``. Returns
        the number of leads started.
        """

        async def one_batch() -> AsyncIterator[list[Task]]:
            yield tasks

        return await self.run_stream(one_batch(), emit, concurrency, should_stop)

    async def run_stream(self, batches: AsyncIterator[list[Task]], emit: Callable[[Outcome], None],
                         concurrency: int, should_stop: Callable[[], bool] = lambda: False) -> int:
        """Like ``run_batch`` over a stream of batches, keeping ``concurrency`` leads in flight *across*
        batches: the next batch's leads start as slots free up, so the pipeline never drains between
        batches and leads do not start in lock-step bursts."""
        started = 0
        if self._sync_chain is not None:
            async for tasks in batches:
                started += self._run_sync(tasks, emit, should_stop)
                if should_stop():
                    break
            return started
        if not self.needs_network or concurrency <= 1:
            async for tasks in batches:
                for row, fields, cached in tasks:
                    if should_stop():
                        return started
                    started += 1
                    emit(await self.run_lead(row, fields, cached))
            return started
        semaphore = asyncio.Semaphore(concurrency)
        pending: set[asyncio.Task] = set()
        fatal: list[BaseException] = []

        async def one(row: int, fields: dict[str, str], cached: dict[str, Any]) -> None:
            try:
                emit(await self.run_lead(row, fields, cached))
            except BaseException as exc:  # noqa: BLE001 — re-raised below, in the caller's frame
                fatal.append(exc)
            finally:
                semaphore.release()

        try:
            async for tasks in batches:
                stopping = False
                for row, fields, cached in tasks:
                    await semaphore.acquire()
                    if fatal:
                        semaphore.release()
                        raise fatal[0]
                    if should_stop():
                        semaphore.release()
                        stopping = True
                        break
                    started += 1
                    task = asyncio.create_task(one(row, fields, cached))
                    pending.add(task)
                    task.add_done_callback(pending.discard)
                if stopping:
                    break
            if pending:
                await asyncio.gather(*pending)
            if fatal:
                raise fatal[0]
        finally:
            for task in pending:
                task.cancel()
        return started

    async def aclose(self) -> None:
        for proc in self.processors:
            closer = getattr(proc, "aclose", None)
            if closer is not None:
                await closer(self.ctx)
        llm = self.ctx.llm
        if llm is not None and hasattr(llm, "aclose"):
            await llm.aclose()
