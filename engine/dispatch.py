"""Which leads go to which worker process, and when (the parent's side of ``run_pool``).

Routing: every lead of a company goes to the worker the company was assigned to (``TaskBuilder.balance``,
LPT on lead counts), so a company-scoped step (a site fetch, its facts) runs once per company. Leads
without a company key are spread round-robin by position.

Feeding: workers get slices through bounded queues (two slices each), sized to about ``SLICE_SECONDS`` of
the worker's measured pace (between ``min_slice`` and ``max_slice`` leads): leads that wait seconds on the
network go out a few at a time, so each worker holds little more than its leads in flight and the parent
keeps the backlog; leads that finish in microseconds (company results cached) go out in big slices, so the
parent's loop is not what limits them. That is what makes the tail work:

Sharing the tail: a worker that has run out of its own leads (the input is read ahead, within bounds, to
find more) takes leads from the worker with the most left, as long as those leads' company results are
already stored — the leads carry the stored results with them, so no company step runs twice. Without
this, a worker whose companies happen to hold more leads (19 companies cannot split 2,000 leads evenly)
finishes seconds after the other one while half the slots idle.
"""

from __future__ import annotations

import time
import zlib
from collections import deque
from itertools import islice
from typing import Any

from engine.results import Task, TaskBuilder

SLICE_SECONDS = 0.25  # a slice is about this much of its worker's work; two are queued
NOTHING: Any = object()  # ``take`` has nothing to send right now (as opposed to None: "no more, stop")
_STEAL_RETRY_S = 0.25  # stored company results appear with the writer's flushes (every 0.25 s)


class Dispatcher:
    def __init__(self, builder: TaskBuilder, workers: int, batch_size: int, min_slice: int,
                 max_slice: int | None = None) -> None:
        self.builder, self.workers, self.batch_size = builder, workers, batch_size
        self.slice_size = min_slice  # the smallest slice: read-ahead and stealing are counted in it
        self.max_slice = max(min_slice, max_slice or min_slice)
        self.pace = [0.0] * workers  # leads finished per second, smoothed
        self._last_report = [0.0] * workers
        self.assignment = builder.balance(workers)
        self.feeding = builder.batches(batch_size)
        self.backlogs: list[deque[Task]] = [deque() for _ in range(workers)]
        self.read_ahead = batch_size * 4  # most leads held in the parent's backlog when a worker runs dry
        self.exhausted = False
        self.stopped = False
        self.ended = [False] * workers
        self.shared = 0  # leads moved to another worker at the tail (for tests and diagnostics)
        self._next_steal_at = 0.0

    def refill(self, force: bool = False) -> None:
        """Read the next batch of the input when the backlog runs low (or now, with ``force``)."""
        if self.exhausted or self.stopped:
            return
        if not force and sum(map(len, self.backlogs)) >= sum(2 * self._slice_for(i) for i in range(self.workers)):
            return
        batch = next(self.feeding, None)
        if batch is None:
            self.exhausted = True
            return
        keys = self.builder.route_keys
        for task in batch:
            key = keys.get(task[0])
            if key:
                index = self.assignment.get(key)
                if index is None:
                    index = zlib.crc32(key.encode()) % self.workers
            else:
                index = (task[0] // self.slice_size) % self.workers
            self.backlogs[index].append(task)

    def finished(self, index: int, leads: int) -> None:
        """Worker ``index`` reported ``leads`` finished leads: update its pace (what sizes its slices)."""
        now = time.monotonic()
        last, self._last_report[index] = self._last_report[index], now
        if last:
            rate = leads / max(now - last, 0.01)
            self.pace[index] = rate if not self.pace[index] else 0.7 * self.pace[index] + 0.3 * rate

    def _slice_for(self, index: int) -> int:
        return max(self.slice_size, min(self.max_slice, int(self.pace[index] * SLICE_SECONDS)))

    def stop(self) -> None:
        """Send nothing more: every worker gets the end marker next."""
        self.stopped = True
        self.backlogs = [deque() for _ in range(self.workers)]

    def take(self, index: int) -> Any:
        """The next slice for worker ``index``; None when it is to stop; NOTHING when it should wait."""
        if self.ended[index]:
            return NOTHING
        own = self.backlogs[index]
        if own:
            return [own.popleft() for _ in range(min(len(own), self._slice_for(index)))]
        if self.stopped:
            self.ended[index] = True
            return None
        # this worker is out of leads: read on to find its next ones or the end (bounded read-ahead)
        while not self.exhausted and not self.backlogs[index] and sum(map(len, self.backlogs)) < self.read_ahead:
            self.refill(force=True)
        if self.backlogs[index]:
            return self.take(index)
        piece = self._steal(index)
        if piece:
            return piece
        if any(self.backlogs) or not self.exhausted:
            return NOTHING  # others still have leads whose companies are not computed yet
        self.ended[index] = True
        return None

    def _steal(self, index: int) -> list[Task]:
        now = time.monotonic()
        if now < self._next_steal_at:
            return []
        donor = max(range(self.workers), key=lambda i: len(self.backlogs[i]))
        backlog = self.backlogs[donor]
        if donor == index or not backlog:
            return []
        # the donor's last leads are the ones it would reach last
        tail = list(islice(reversed(backlog), self.slice_size * 4))[::-1]
        ready = self.builder.ready_anywhere(tail)
        if not ready:
            self._next_steal_at = now + _STEAL_RETRY_S
            return []
        taken_rows = {task[0] for task in ready[-self.slice_size :]}
        piece = [task for task in ready if task[0] in taken_rows]
        self.backlogs[donor] = deque(t for t in backlog if t[0] not in taken_rows)
        self.shared += len(piece)
        return piece
