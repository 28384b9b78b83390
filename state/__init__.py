"""SQLite persistence: runs, per-lead results, company/page cache, ledger. Schema versioned."""

from state.db import StateDB

__all__ = ["StateDB"]
