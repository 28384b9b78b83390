"""Worst-case reservation against a ``Budget`` hook, for one client (one event loop).

``BudgetGate.reserve(usd)`` asks the budget for a call's worst case. When the budget refuses while calls of
this client are still in flight, their unused reservations may make room once they settle, so the gate
waits for the next settlement and asks again; with nothing of its own in flight the refusal is final and
``BudgetExceeded`` is raised (nothing is sent). Across worker processes each gate only waits for its own
calls: a worker may skip a lead that would have fitted after another worker's call settled -- the cap is
still never exceeded, the budget is at worst slightly under-used at the very end of a run.

``BudgetExceeded`` lives here (re-exported by ``processors.llm``); its message starts with "budget" and,
when the budget offers ``snapshot() -> {"limit_usd", "spent_usd", "reserved_usd"}``, carries the figures.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

from processors.errors import LeadSkipped
from processors.llm.hooks import Budget


class BudgetExceeded(LeadSkipped):
    """The call's worst case does not fit in what is left of the budget; nothing was sent."""


async def maybe_await(value: Any) -> Any:
    """Hooks may be sync or async: await the result when it is awaitable."""
    return await value if inspect.isawaitable(value) else value


def budget_message(budget: Any, reserved: float) -> str:
    snap = getattr(budget, "snapshot", None)
    if callable(snap):
        try:
            f = snap()
            return (f"budget: the next call needs up to ${reserved:.4f}; ${f['spent_usd']:.4f} spent and "
                    f"${f['reserved_usd']:.4f} in flight of ${f['limit_usd']:.2f}")
        except (KeyError, TypeError):
            pass
    return f"budget: the next call needs up to ${reserved:.4f}, more than is left of the budget"


class BudgetGate:
    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.holding = 0  # reservations made through this gate and not yet settled
        self._generation = 0
        self._cond: asyncio.Condition | None = None
        self._cond_loop: asyncio.AbstractEventLoop | None = None

    def _condition(self) -> asyncio.Condition:
        loop = asyncio.get_running_loop()
        if self._cond is None or self._cond_loop is not loop:
            self._cond, self._cond_loop = asyncio.Condition(), loop
        return self._cond

    async def reserve(self, usd: float) -> None:
        """Reserve ``usd`` or raise BudgetExceeded (see the module docstring)."""
        cond = self._condition()
        while True:
            generation = self._generation
            if await maybe_await(self.budget.reserve(usd)):
                self.holding += 1
                return
            if self.holding == 0:
                raise BudgetExceeded(budget_message(self.budget, usd))
            async with cond:
                await cond.wait_for(lambda g=generation: self._generation != g)

    async def settle(self, reserved_usd: float, actual_usd: float | None) -> None:
        """Release a reservation made by ``reserve``, charging ``actual_usd`` (None: unknown)."""
        await maybe_await(self.budget.settle(reserved_usd, actual_usd))
        self.holding -= 1
        self._generation += 1
        cond = self._condition()
        async with cond:
            cond.notify_all()
