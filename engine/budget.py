"""A budget cap shared by every worker process of a run (the LLM layer's ``Budget`` protocol).

Reservations and spend live in shared memory under one lock, in nano-dollars, so the cap holds across
processes: a call is sent only after its worst case (prompt tokens + max_tokens) is reserved, and is
settled with the real usage afterwards. ``spent_usd`` starts at what the run already spent in earlier
sessions (from the ledger), so resuming with a higher budget continues from there.
"""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

from processors.llm.hooks import NANO, to_nano, to_nano_up


class SharedBudget:
    def __init__(self, limit_usd: float, spent_usd: float = 0.0, ctx: Any = None) -> None:
        ctx = ctx or mp.get_context("spawn")
        self._limit = to_nano(limit_usd)
        self._lock = ctx.Lock()
        self._spent = ctx.RawValue("q", to_nano(spent_usd))
        self._reserved = ctx.RawValue("q", 0)

    def reserve(self, usd: float) -> bool:
        need = to_nano_up(usd)
        with self._lock:
            if self._spent.value + self._reserved.value + need > self._limit:
                return False
            self._reserved.value += need
            return True

    def settle(self, reserved_usd: float, actual_usd: float | None) -> None:
        held = to_nano_up(reserved_usd)
        charge = held if actual_usd is None else to_nano(actual_usd)
        with self._lock:
            self._reserved.value -= held
            self._spent.value += charge

    @property
    def limit_usd(self) -> float:
        return self._limit / NANO

    @property
    def spent_usd(self) -> float:
        return self._spent.value / NANO

    def snapshot(self) -> dict[str, float]:
        with self._lock:
            return {"limit_usd": self._limit / NANO, "spent_usd": self._spent.value / NANO,
                    "reserved_usd": self._reserved.value / NANO}
