"""Worker processes: each runs the processor chain for the batches it receives, in one asyncio loop.

Started with the *spawn* method (never fork a process that holds an SQLite connection); they never touch
SQLite. Messages to the parent on ``results``:
    ("outcomes", worker_id, [outcome, ...])   finished leads, flushed every FLUSH_S or FLUSH_N leads
    ("ledger", worker_id, [attempt row, ...]) paid calls about to be sent (written before they land)
    ("fatal", worker_id, "ErrorClass: message")
    ("done", worker_id, None)
A worker ignores SIGINT (the parent decides, through ``stop``) and exits by itself when its parent dies,
so a kill -9 of the parent leaves no orphans behind.
"""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import time
from collections.abc import AsyncIterator
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from typing import Any

FLUSH_S = 0.1
FLUSH_N = 200


class _Outbox:
    def __init__(self, results: Queue, worker_id: int) -> None:
        self.results, self.worker_id = results, worker_id
        self.buffer: list[dict[str, Any]] = []
        self.last = time.monotonic()

    def emit(self, outcome: dict[str, Any]) -> None:
        self.buffer.append(outcome)
        if len(self.buffer) >= FLUSH_N or time.monotonic() - self.last >= FLUSH_S:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.results.put(("outcomes", self.worker_id, self.buffer))
            self.buffer = []
        self.last = time.monotonic()


async def _watch_parent(parent_pid: int) -> None:
    while True:
        await asyncio.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(1)


async def _main(worker_id: int, names: list[str], settings: dict[str, Any], tasks: Queue, results: Queue,
                stop: Event, concurrency: int, parent_pid: int, budget: Any) -> None:
    from engine.chain import ChainRunner
    from engine.llm_bridge import make_context
    from processors.errors import FatalRunError

    ctx = make_context(settings, results, worker_id, budget)
    runner = ChainRunner(names, settings, ctx)
    outbox = _Outbox(results, worker_id)
    watchdog = asyncio.create_task(_watch_parent(parent_pid))
    loop = asyncio.get_running_loop()

    async def flusher() -> None:
        while True:
            await asyncio.sleep(FLUSH_S)
            outbox.flush()

    flushing = asyncio.create_task(flusher())

    async def batches() -> AsyncIterator[list[Any]]:
        while not stop.is_set():
            try:
                batch = await loop.run_in_executor(None, tasks.get, True, 0.2)
            except queue.Empty:
                continue
            if batch is None:
                return
            yield batch

    try:
        await runner.run_stream(batches(), outbox.emit, concurrency, stop.is_set)
        outbox.flush()
    except FatalRunError as exc:
        outbox.flush()
        results.put(("fatal", worker_id, f"{exc.__class__.__name__}: {exc}"))
    finally:
        flushing.cancel()
        watchdog.cancel()
        outbox.flush()
        await runner.aclose()
        results.put(("done", worker_id, None))


def worker_entry(worker_id: int, names: list[str], settings: dict[str, Any], tasks: Queue, results: Queue,
                 stop: Event, concurrency: int, parent_pid: int, budget: Any = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        asyncio.run(_main(worker_id, names, settings, tasks, results, stop, concurrency, parent_pid, budget))
    except Exception as exc:  # noqa: BLE001 — report, never a silent death
        results.put(("fatal", worker_id, f"{exc.__class__.__name__}: {exc}"))
        results.put(("done", worker_id, None))
