"""Per-host politeness: at most N concurrent requests per host and a minimum delay between their starts.

``HostGate(per_host, delay_s)``; ``async with gate.slot(host): ...`` waits for a free slot, then for the
host's next allowed start time. Hosts are independent, so many sites are fetched in parallel. Idle hosts
are forgotten so memory stays bounded on long runs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class _Host:
    __slots__ = ("semaphore", "next_start", "users")

    def __init__(self, per_host: int) -> None:
        self.semaphore = asyncio.Semaphore(per_host)
        self.next_start = 0.0
        self.users = 0


class HostGate:
    def __init__(self, per_host: int = 2, delay_s: float = 1.0) -> None:
        self.per_host = max(1, per_host)
        self.delay_s = max(0.0, delay_s)
        self._hosts: dict[str, _Host] = {}

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(self.per_host)
        state.users += 1
        try:
            async with state.semaphore:
                now = time.monotonic()
                wait = state.next_start - now
                state.next_start = max(now, state.next_start) + self.delay_s
                if wait > 0:
                    await asyncio.sleep(wait)
                yield
        finally:
            state.users -= 1
            if len(self._hosts) > 4096:
                self._sweep()

    def _sweep(self) -> None:
        """Forget hosts nobody is waiting on whose delay has passed."""
        now = time.monotonic()
        for name in [h for h, s in self._hosts.items() if s.users == 0 and s.next_start <= now]:
            del self._hosts[name]
