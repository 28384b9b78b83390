"""The parent's side of processing: build worker tasks from streamed rows, write finished leads to state.

``TaskBuilder`` turns DuckDB row batches into tasks (row, canonical fields, cached company results),
skipping rows that are not selected or already done. ``ResultWriter`` commits finished leads — each with
its company-cache rows, pages and ledger rows — in one SQLite transaction per flush, so a crash loses at
most the leads not yet flushed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from engine.source import SELECTED, LeadSource, Selection
from processors import registry
from processors.base import Lead, Scope
from state.db import StateDB

Task = tuple[int, dict[str, str], dict[str, Any]]


class TaskBuilder:
    def __init__(self, source: LeadSource, selection: Selection, done: bytearray, names: list[str],
                 db: StateDB, cache_days: float) -> None:
        self.source, self.selection, self.done, self.db = source, selection, done, db
        self.cache_days = cache_days
        self.started = time.time()
        procs = [registry.load(n) for n in names]
        self.company_procs = [p for p in procs if p.scope is Scope.COMPANY]
        # a plan whose every step declares the fields it uses reads only those columns
        self.route_keys: dict[int, str | None] = {}  # row -> company key of the last batch (for routing)
        declared = [getattr(p, "fields_used", None) for p in procs]
        self.only = None if any(d is None for d in declared) else {f for d in declared for f in d}

    def balance(self, workers: int, batch_size: int = 5000) -> dict[str, int]:
        """Assign each company to a worker so that workers get equal numbers of leads.

        Counts the leads still to do per company key (one read of the needed columns), then hands the
        biggest companies out first, each to the least-loaded worker (LPT scheduling). All leads of a company
        go to one worker, so its company steps run once; the workers finish together.
        """
        if not self.company_procs or workers <= 1:
            return {}
        proc = self.company_procs[0]
        counts: dict[str, int] = {}
        codes, done = self.selection.codes, self.done
        for rows in self.source.stream_fields(batch_size, self.only):
            for row, fields in rows:
                if codes[row] == SELECTED and not done[row]:
                    key = proc.company_key(Lead(row=row, fields=fields))
                    if key:
                        counts[key] = counts.get(key, 0) + 1
        loads = [0] * workers
        assignment: dict[str, int] = {}
        for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            target = loads.index(min(loads))
            assignment[key] = target
            loads[target] += count
        return assignment

    def batches(self, batch_size: int) -> Iterator[list[Task]]:
        codes, done = self.selection.codes, self.done
        for rows in self.source.stream_fields(batch_size, self.only):
            todo = [(row, fields) for row, fields in rows if codes[row] == SELECTED and not done[row]]
            if todo:
                yield self._with_cache(todo)

    def _stored_results(self, todo: list[tuple[int, dict[str, str]]], max_age_days: float
                        ) -> Iterator[tuple[Any, dict[int, str | None], dict[str, dict[str, Any]]]]:
        """For each company step: (step, row -> company key, company key -> stored result) over ``todo``."""
        for proc in self.company_procs:
            keys = {row: proc.company_key(Lead(row=row, fields=fields)) for row, fields in todo}
            yield proc, keys, self.db.company_results(proc.name, proc.version, {k for k in keys.values() if k},
                                                      max_age_days)

    def _with_cache(self, todo: list[tuple[int, dict[str, str]]]) -> list[Task]:
        cached_by_row: dict[int, dict[str, Any]] = {row: {} for row, _ in todo}
        self.route_keys = {}
        for proc, keys, hits in self._stored_results(todo, self.cache_days):
            if not self.route_keys:
                self.route_keys = keys
            for row, key in keys.items():
                if key in hits:
                    cached_by_row[row][proc.name] = hits[key]
        return [(row, fields, cached_by_row[row]) for row, fields in todo]

    def ready_anywhere(self, tasks: list[Task]) -> list[Task]:
        """Those of ``tasks`` whose every company step has a stored result (cached, or computed during this
        run), carrying those results: any worker can run them without running a company step again."""
        # results of this run count even with --refresh (cache_days 0): they are this run's own
        max_age_days = max(self.cache_days, (time.time() - self.started + 1) / 86400)
        ready = {row: dict(cached) for row, _, cached in tasks}
        for proc, keys, hits in self._stored_results([(row, fields) for row, fields, _ in tasks], max_age_days):
            for row, key in keys.items():
                entry = ready.get(row)
                # no company key: the step runs per lead wherever the lead goes; a cached result: kept
                if entry is None or key is None or proc.name in entry:
                    continue
                if key in hits:
                    entry[proc.name] = hits[key]
                else:
                    del ready[row]
        return [(row, fields, ready[row]) for row, fields, _ in tasks if row in ready]


class ResultWriter:
    """Buffers outcomes and commits them; keeps live counters for the progress bar."""

    def __init__(self, db: StateDB, run_id: str, done: bytearray, on_commit: Callable[[], None] | None = None,
                 flush_every: int = 500, flush_seconds: float = 0.25) -> None:
        self.db, self.run_id, self.done = db, run_id, done
        self.on_commit = on_commit or (lambda: None)
        self.flush_every, self.flush_seconds = flush_every, flush_seconds
        self.buffer: list[dict[str, Any]] = []
        self.last_flush = time.monotonic()
        self.committed = 0
        self.status_counts: dict[str, int] = {}
        self.cost_usd = 0.0
        self.budget_message: str | None = None
        self.budget_skipped = 0

    def add(self, outcomes: Iterable[dict[str, Any]]) -> None:
        for outcome in outcomes:
            hit = next((e for e in outcome["errors"] if e["error_class"] == "BudgetExceeded"), None)
            if hit is None:
                self.buffer.append(outcome)
            else:
                # not a result: the lead stays to do, so resuming with a higher budget picks it up; its
                # settled (paid) calls are still recorded
                self.budget_message = self.budget_message or hit["message"]
                self.budget_skipped += 1
                if outcome.get("ledger"):
                    self.buffer.append({**outcome, "discard": True})
        if len(self.buffer) >= self.flush_every or time.monotonic() - self.last_flush >= self.flush_seconds:
            self.flush()

    def add_attempts(self, rows: list[dict[str, Any]]) -> None:
        """Ledger attempt rows: written at once, before the call's answer can land."""
        with self.db.transaction():
            self.db.put_ledger(rows)

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        kept = [o for o in batch if not o.get("discard")]
        with self.db.transaction():
            self.db.insert_results(self.run_id, kept)
            companies = [c for o in batch for c in o.get("company_results", ())]
            if companies:
                self.db.put_company_results(companies)
            pages = [p for o in batch for p in o.get("pages", ())]
            if pages:
                self.db.put_pages(pages)
            ledger = [entry for o in batch for entry in o.get("ledger", ())]
            if ledger:
                self.db.put_ledger(ledger)
        for outcome in batch:
            for entry in outcome.get("ledger", ()):
                self.cost_usd += entry.get("cost_usd") or 0.0
        for outcome in kept:
            self.done[outcome["row"]] = 1
            self.status_counts[outcome["status"]] = self.status_counts.get(outcome["status"], 0) + 1
        self.committed += len(kept)
        self.on_commit()

    @property
    def errors(self) -> int:
        return self.status_counts.get("failed", 0) + self.status_counts.get("partial", 0)
