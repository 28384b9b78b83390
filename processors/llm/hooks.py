"""Ledger and budget hooks: how the LLM layer reports every paid call and asks for money before it.

Both protocols take and return plain values (dicts of str/int/float/None, floats, bools) so the engine can
implement them across processes (a queue or pipe to the parent, which owns SQLite and the one true budget).
A hook method may also be ``async`` (return an awaitable); the client awaits it.

Call sequence for every HTTP attempt of ``LLMClient.complete_json``:
    ok = budget.reserve(worst_case_usd)          # False -> BudgetExceeded, nothing is sent
    attempt_id = ledger.attempt({...})           # processor, model, endpoint, row, attempt, est_input_tokens,
                                                 # reserved_usd, attempted_at (ISO UTC)
    ... the request ...
    ledger.settle(attempt_id, {...})             # input_tokens, cached_tokens, output_tokens, cost_usd,
                                                 # status ("ok" | "error"), error (class: message) or None,
                                                 # latency_s, usage_estimated (bool)
    budget.settle(worst_case_usd, actual_usd)    # actual None -> unknown (treat as the reservation)

An attempt that was sent but never settled (a crash) is an *unaccounted attempt* in the report.

``InMemoryLedger`` and ``LocalBudget`` are complete in-process implementations (thread-safe; they never
await, so they are also atomic under asyncio) for tests, benches and a single-process engine.
"""

from __future__ import annotations

import math
import threading
from typing import Any, Protocol, runtime_checkable

NANO = 1_000_000_000  # budgets are kept in integer nano-dollars so that sums are exact


@runtime_checkable
class LedgerSink(Protocol):
    def attempt(self, entry: dict) -> int:
        """Record a call about to be sent; return an id for ``settle``."""
        ...

    def settle(self, attempt_id: int, entry: dict) -> None:
        """Record the outcome of attempt ``attempt_id`` (the response's usage is the truth)."""
        ...


@runtime_checkable
class Budget(Protocol):
    def reserve(self, usd: float) -> bool:
        """Reserve ``usd`` (a call's worst case); False means the call must not be sent."""
        ...

    def settle(self, reserved_usd: float, actual_usd: float | None) -> None:
        """Release a reservation and charge the actual cost (None: unknown, charge the reservation)."""
        ...


def to_nano_up(usd: float) -> int:
    """Dollars -> nano-dollars, rounded up (reservations never under-count)."""
    return math.ceil(usd * NANO - 1e-6)


def to_nano(usd: float) -> int:
    return round(usd * NANO)


class LocalBudget:
    """A budget cap for one process: reservations + spend never exceed ``limit_usd``."""

    def __init__(self, limit_usd: float) -> None:
        if not math.isfinite(limit_usd) or limit_usd < 0:
            raise ValueError("budget must be a finite amount >= 0")
        self._limit = to_nano(limit_usd)
        self._spent = 0
        self._reserved = 0
        self._lock = threading.Lock()
        self.refused = 0

    def reserve(self, usd: float) -> bool:
        need = to_nano_up(usd)
        with self._lock:
            if self._spent + self._reserved + need > self._limit:
                self.refused += 1
                return False
            self._reserved += need
            return True

    def settle(self, reserved_usd: float, actual_usd: float | None) -> None:
        held = to_nano_up(reserved_usd)
        charge = held if actual_usd is None else to_nano(actual_usd)
        with self._lock:
            self._reserved -= held
            self._spent += charge

    @property
    def limit_usd(self) -> float:
        return self._limit / NANO

    @property
    def spent_usd(self) -> float:
        return self._spent / NANO

    @property
    def reserved_usd(self) -> float:
        return self._reserved / NANO

    @property
    def remaining_usd(self) -> float:
        return (self._limit - self._spent - self._reserved) / NANO

    def snapshot(self) -> dict[str, float]:
        with self._lock:
            return {
                "limit_usd": self._limit / NANO,
                "spent_usd": self._spent / NANO,
                "reserved_usd": self._reserved / NANO,
            }


class InMemoryLedger:
    """Keeps every attempt as a dict row (attempt fields + settle fields + ``id``)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def attempt(self, entry: dict) -> int:
        with self._lock:
            row = {**entry, "id": len(self.rows) + 1, "status": "attempted"}
            self.rows.append(row)
            return row["id"]

    def settle(self, attempt_id: int, entry: dict) -> None:
        with self._lock:
            self.rows[attempt_id - 1].update(entry)

    def unaccounted(self) -> list[dict[str, Any]]:
        """Attempts sent whose outcome never landed."""
        return [r for r in self.rows if r["status"] == "attempted"]

    def totals(self) -> dict[str, Any]:
        """Tokens and cost over settled rows; cost None if any ok row's cost is unknown."""
        ok = [r for r in self.rows if r["status"] == "ok"]
        unknown = any(r.get("cost_usd") is None for r in ok)
        return {
            "attempts": len(self.rows),
            "ok": len(ok),
            "errors": sum(1 for r in self.rows if r["status"] == "error"),
            "unaccounted": len(self.unaccounted()),
            "input_tokens": sum(r.get("input_tokens") or 0 for r in ok),
            "cached_tokens": sum(r.get("cached_tokens") or 0 for r in ok),
            "output_tokens": sum(r.get("output_tokens") or 0 for r in ok),
            "cost_usd": None if unknown else sum(r.get("cost_usd") or 0.0 for r in self.rows),
        }

    def by(self, *keys: str) -> dict[tuple, dict[str, Any]]:
        """Totals grouped by row fields, e.g. ``by("processor", "model")``."""
        groups: dict[tuple, dict[str, Any]] = {}
        for r in self.rows:
            g = groups.setdefault(
                tuple(r.get(k) for k in keys),
                {"calls": 0, "input_tokens": 0, "output_tokens": 0, "cost_usd": 0.0},
            )
            g["calls"] += 1
            g["input_tokens"] += r.get("input_tokens") or 0
            g["output_tokens"] += r.get("output_tokens") or 0
            if r["status"] == "ok" and r.get("cost_usd") is None:
                g["cost_usd"] = None
            elif g["cost_usd"] is not None:
                g["cost_usd"] += r.get("cost_usd") or 0.0
        return groups
