"""Per-endpoint concurrency and optional requests-per-minute / tokens-per-minute limits (one process).

``EndpointLimiter.slot(tokens)`` is an async context manager: it takes one of ``concurrency`` slots, waits
while the endpoint is paused (a 429's Retry-After pauses every caller of that endpoint, not just the one
that got it), then takes one request from the RPM bucket and ``tokens`` (prompt + max_tokens, which is how
OpenAI counts a request against TPM) from the TPM bucket. Buckets start full and refill continuously;
a request larger than the whole TPM bucket is let through when the bucket is full rather than never.

Limits are per process: with N worker processes the engine should give each worker 1/N of the account's
RPM/TPM (``EndpointLimiter`` does not talk across processes). ``limiter_for`` shares one limiter among the
clients of the same endpoint on the same event loop.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class TokenBucket:
    """``per_minute`` units per minute, burst up to ``per_minute``."""

    def __init__(self, per_minute: float, clock=time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.tokens = float(per_minute)
        self._clock = clock
        self._stamp = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self.tokens = min(self.capacity, self.tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def acquire(self, amount: float = 1.0) -> None:
        amount = min(float(amount), self.capacity)
        async with self._lock:  # FIFO: one waiter at a time drains the bucket
            self._refill()
            while self.tokens < amount:
                await asyncio.sleep((amount - self.tokens) / self.rate)
                self._refill()
            self.tokens -= amount


class EndpointLimiter:
    def __init__(self, concurrency: int, rpm: int = 0, tpm: int = 0) -> None:
        self.concurrency = max(1, concurrency)
        self._sem = asyncio.Semaphore(self.concurrency)
        self._rpm = TokenBucket(rpm) if rpm > 0 else None
        self._tpm = TokenBucket(tpm) if tpm > 0 else None
        self._resume_at = 0.0
        self.in_flight = 0
        self.max_in_flight = 0

    def pause_for(self, seconds: float) -> None:
        """Hold every new request to this endpoint for ``seconds`` (after a 429 with Retry-After)."""
        self._resume_at = max(self._resume_at, time.monotonic() + max(0.0, seconds))

    @asynccontextmanager
    async def slot(self, tokens: int = 0) -> AsyncIterator[None]:
        async with self._sem:
            while (delay := self._resume_at - time.monotonic()) > 0:
                await asyncio.sleep(delay)
            if self._rpm is not None:
                await self._rpm.acquire(1)
            if self._tpm is not None and tokens > 0:
                await self._tpm.acquire(tokens)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                yield
            finally:
                self.in_flight -= 1


_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple, EndpointLimiter]] = (
    weakref.WeakKeyDictionary()
)


def limiter_for(endpoint: str, concurrency: int, rpm: int = 0, tpm: int = 0) -> EndpointLimiter:
    """The limiter shared by every client of ``endpoint`` (with these limits) on the running loop."""
    loop = asyncio.get_running_loop()
    per_loop = _limiters.setdefault(loop, {})
    key = (endpoint, concurrency, rpm, tpm)
    if key not in per_loop:
        per_loop[key] = EndpointLimiter(concurrency, rpm, tpm)
    return per_loop[key]
