"""Execute a run's tasks: inline in the parent, or on a pool of spawned worker processes.

Inline is used for chains of pure processors (no network): their per-lead work is microseconds, so
shipping leads to other processes would cost more than it saves, and spawn re-imports everything in
each worker (measured: DESIGN.md). Network-bound chains use ``workers`` processes, each running an
asyncio loop with ``concurrency`` leads in flight.

"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import queue
import time
from collections.abc import AsyncIterator
from typing import Any

from engine.chain import ChainRunner
from engine.dispatch import NOTHING, Dispatcher
from engine.interrupts import Interrupts
from engine.llm_bridge import make_context
from engine.results import ResultWriter, TaskBuilder
from processors.errors import FatalRunError


class RunFailed(Exception):
    """A FatalRunError raised in a worker, carried to the parent as text."""


def run_inline(names: list[str], settings: dict[str, Any], builder: TaskBuilder, writer: ResultWriter,
               batch_size: int, concurrency: int, interrupts: Interrupts, budget: Any = None) -> None:
    ctx = make_context(settings, None, 0, budget)
    stopping = lambda: interrupts.stopping or writer.budget_message is not None  # noqa: E731
    runner = ChainRunner(names, settings, ctx)

    async def main() -> None:
        try:
            async def batches() -> AsyncIterator[list[Any]]:
                for tasks in builder.batches(batch_size):
                    if stopping():
                        return
                    yield tasks
                    writer.flush()

            await runner.run_stream(batches(), lambda o: writer.add((o,)), concurrency, stopping)
        finally:
            writer.flush()
            await runner.aclose()

    try:
        asyncio.run(main())
    except FatalRunError as exc:
        raise RunFailed(f"{exc.__class__.__name__}: {exc}") from None


def run_pool(names: list[str], settings: dict[str, Any], builder: TaskBuilder, writer: ResultWriter,
             batch_size: int, concurrency: int, workers: int, interrupts: Interrupts, budget: Any = None) -> None:
    from engine.worker import worker_entry

    ctx = mp.get_context("spawn")
    # a worker's queue holds two small slices: the backlog stays in the parent, where the tail can be shared
    queues: list[Any] = [ctx.Queue(maxsize=2) for _ in range(workers)]
    results: Any = ctx.Queue()
    stop = ctx.Event()
    interrupts.on_first.append(stop.set)
    procs = [
        ctx.Process(target=worker_entry, daemon=True,
                    args=(i, names, settings, queues[i], results, stop, concurrency, os.getpid(), budget))
        for i in range(workers)
    ]
    for proc in procs:
        proc.start()
    alive = len(procs)
    fatal: str | None = None
    # plans while the workers start up
    dispatcher = Dispatcher(builder, workers, batch_size, min_slice=max(1, concurrency // 8),
                            max_slice=max(1, min(batch_size, concurrency * 4)))
    held: list[Any] = [NOTHING] * workers  # a slice its worker's full queue did not take yet
    try:
        while alive:
            dispatcher.refill()
            if stop.is_set() and not dispatcher.stopped:
                dispatcher.stop()
                held = [NOTHING] * workers
            for index, worker_queue in enumerate(queues):
                while True:
                    item = held[index] if held[index] is not NOTHING else dispatcher.take(index)
                    if item is NOTHING:
                        break
                    try:
                        worker_queue.put_nowait(item)
                    except queue.Full:
                        held[index] = item
                        break
                    held[index] = NOTHING
                    if item is None:
                        break
            try:
                kind, worker_id, payload = results.get(timeout=0.05)
            except queue.Empty:
                writer.add(())
                if not any(p.is_alive() for p in procs):
                    break
                continue
            if kind == "outcomes":
                dispatcher.finished(worker_id, len(payload))
                writer.add(payload)
                if writer.budget_message is not None:
                    stop.set()  # stop starting paid work; what is in flight finishes
            elif kind == "ledger":
                writer.add_attempts(payload)
            elif kind == "fatal":
                fatal = fatal or payload
                stop.set()
            elif kind == "done":
                alive -= 1
    finally:
        writer.flush()
        stop.set()
        deadline = time.monotonic() + 5
        for proc in procs:
            proc.join(timeout=max(0.1, deadline - time.monotonic()))
            if proc.is_alive():
                proc.terminate()
        for worker_queue in queues:
            worker_queue.cancel_join_thread()
    if fatal:
        raise RunFailed(fatal)
