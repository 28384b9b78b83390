"""StateDB: the one SQLite file that makes runs resumable.

Only the parent process opens it (workers never touch SQLite; never fork after opening it). WAL journal,
``synchronous=NORMAL`` (a committed transaction survives a process crash; a power cut may lose the last
few, which resume simply redoes). Every finished lead is written in the same transaction as its ledger
rows, company results and pages, so a kill -9 at any instant leaves each lead either fully recorded or
absent.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from processors.errors import StateError
from state.schema import migrate


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StateDB:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StateError(f"state database {self.path}: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    # -- transactions ---------------------------------------------------------------------------------
    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    # -- runs -----------------------------------------------------------------------------------------
    def find_runs(self, fingerprint: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM runs WHERE fingerprint = ? ORDER BY created_at DESC, rowid DESC", (fingerprint,)
        )
        return [self._run_dict(r) for r in rows]

    def runs_with_intent(self, intent: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM runs WHERE intent = ? ORDER BY created_at DESC, rowid DESC", (intent,)
        )
        return [self._run_dict(r) for r in rows]

    def get_run(self, run_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        return self._run_dict(row) if row else None

    def latest_run(self) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM runs ORDER BY created_at DESC, rowid DESC LIMIT 1").fetchone()
        return self._run_dict(row) if row else None

    def _run_dict(self, row: tuple) -> dict[str, Any]:
        names = [d[0] for d in self.conn.execute("SELECT * FROM runs LIMIT 0").description]
        data = dict(zip(names, row, strict=True))
        for key in ("processors", "command", "settings"):
            data[key] = json.loads(data[key])
        return data

    def create_run(self, run: dict[str, Any]) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO runs (run_id, fingerprint, intent, input_path, input_sha256, processors, command, settings,"
                " status, total_rows, output_path, report_path, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    run["run_id"], run["fingerprint"], run["intent"], run["input_path"], run["input_sha256"],
                    json.dumps(run["processors"]), json.dumps(run["command"], ensure_ascii=False),
                    json.dumps(run["settings"], ensure_ascii=False), "planned", run.get("total_rows"),
                    run.get("output_path"), run.get("report_path"), utcnow(),
                ),
            )

    def update_run(self, run_id: str, **fields: Any) -> None:
        if not fields:
            return
        cols = ", ".join(f"{k} = ?" for k in fields)
        with self.transaction():
            self.conn.execute(f"UPDATE runs SET {cols} WHERE run_id = ?", (*fields.values(), run_id))

    # -- lead results ---------------------------------------------------------------------------------
    def done_rows(self, run_id: str) -> set[int]:
        return {r[0] for r in self.conn.execute("SELECT row_idx FROM lead_results WHERE run_id = ?", (run_id,))}

    def count_results(self, run_id: str) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT status, COUNT(*) FROM lead_results WHERE run_id = ? GROUP BY status", (run_id,)
        )
        return dict(rows.fetchall())

    def insert_results(self, run_id: str, results: Iterable[dict[str, Any]]) -> None:
        """Insert finished leads; call inside ``transaction()`` together with their ledger rows."""
        now = utcnow()
        self.conn.executemany(
            "INSERT OR REPLACE INTO lead_results (run_id, row_idx, status, outputs, errors, timings, finished_at)"
            " VALUES (?,?,?,?,?,?,?)",
            [
                (
                    run_id, r["row"], r["status"], json.dumps(r["outputs"], ensure_ascii=False),
                    json.dumps(r["errors"], ensure_ascii=False) if r["errors"] else "[]",
                    "{" + ",".join(f'"{k}":{v!r}' for k, v in r["timings"].items()) + "}", now,
                )
                for r in results
            ],
        )

    def iter_output_rows(self, run_id: str, columns: list[str]) -> Iterator[tuple]:
        """(row, status, errors JSON, value of each column...) in row order; values extracted in SQL."""
        extract = "".join(", json_extract(outputs, ?)" for _ in columns)
        paths = [f'$."{c}"' for c in columns]
        yield from self.conn.execute(
            f"SELECT row_idx, status, errors{extract} FROM lead_results WHERE run_id = ? ORDER BY row_idx",
            (*paths, run_id),
        )

    def processor_tallies(self, run_id: str) -> dict[str, tuple[int, float]]:
        """processor -> (leads it ran on, total seconds), aggregated in SQL."""
        rows = self.conn.execute(
            "SELECT j.key, COUNT(*), SUM(j.value) FROM lead_results, json_each(lead_results.timings) AS j"
            " WHERE run_id = ? GROUP BY j.key",
            (run_id,),
        )
        return {name: (count, seconds or 0.0) for name, count, seconds in rows}

    def iter_errors(self, run_id: str) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """(row, errors) of the leads that have any error or skip, in row order."""
        rows = self.conn.execute(
            "SELECT row_idx, errors FROM lead_results WHERE run_id = ? AND errors <> '[]' ORDER BY row_idx",
            (run_id,),
        )
        for row, errors in rows:
            yield row, json.loads(errors)

    # -- company cache --------------------------------------------------------------------------------
    def company_results(
        self, processor: str, version: str, keys: Iterable[str], max_age_days: float
    ) -> dict[str, dict[str, Any]]:
        keys = list(keys)
        if not keys or max_age_days <= 0:
            return {}
        cutoff = (datetime.now(UTC) - timedelta(days=max_age_days)).isoformat(timespec="seconds")
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT company_key, outputs, error FROM company_results WHERE processor = ? AND version = ?"
                f" AND computed_at >= ? AND company_key IN ({marks})",
                (processor, version, cutoff, *chunk),
            )
            for key, outputs, error in rows:
                found[key] = {"outputs": json.loads(outputs), "error": json.loads(error) if error else None}
        return found

    def put_company_results(self, rows: Iterable[dict[str, Any]]) -> None:
        now = utcnow()
        self.conn.executemany(
            "INSERT OR REPLACE INTO company_results (processor, version, company_key, outputs, error, computed_at)"
            " VALUES (?,?,?,?,?,?)",
            [
                (
                    r["processor"], r["version"], r["key"], json.dumps(r["outputs"], ensure_ascii=False),
                    json.dumps(r["error"], ensure_ascii=False) if r.get("error") else None, now,
                )
                for r in rows
            ],
        )

    def put_pages(self, pages: Iterable[dict[str, Any]]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO pages (url, final_url, status, headers, content_type, body, error, fetched_at)"
            " VALUES (?,?,?,?,?,?,?,?)",
            [
                (
                    p["url"], p.get("final_url"), p.get("status"), json.dumps(p.get("headers") or {}),
                    p.get("content_type"), p.get("body"), p.get("error"), p.get("fetched_at") or utcnow(),
                )
                for p in pages
            ],
        )

    # -- ledger ---------------------------------------------------------------------------------------
    def put_ledger(self, rows: Iterable[dict[str, Any]]) -> None:
        """Insert attempt rows, or settle them: a row whose attempt_key exists is replaced in place."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO ledger (attempt_key, run_id, row_idx, processor, model, endpoint, attempted_at, est_input_tokens,"
            " reserved_usd, input_tokens, cached_tokens, output_tokens, cost_usd, status)"
            " VALUES (:attempt_key, :run_id, :row, :processor, :model, :endpoint, :attempted_at, :est_input_tokens,"
            " :reserved_usd, :input_tokens, :cached_tokens, :output_tokens, :cost_usd, :status)",
            [
                {
                    "attempt_key": None, "run_id": None, "row": None, "endpoint": None, "attempted_at": utcnow(),
                    "est_input_tokens": None, "reserved_usd": None, "input_tokens": None,
                    "cached_tokens": None, "output_tokens": None, "cost_usd": None, "status": "ok", **r,
                }
                for r in rows
            ],
        )

    def run_spent(self, run_id: str) -> float:
        """Dollars the run's settled calls cost so far (unknown-price calls count as 0 here)."""
        row = self.conn.execute("SELECT COALESCE(SUM(cost_usd), 0) FROM ledger WHERE run_id = ?", (run_id,))
        return float(row.fetchone()[0])

    def ledger_summary(self, run_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT processor, model, COUNT(*), SUM(COALESCE(input_tokens,0)), SUM(COALESCE(cached_tokens,0)),"
            " SUM(COALESCE(output_tokens,0)), SUM(cost_usd), SUM(cost_usd IS NULL AND status = 'ok'),"
            " SUM(status = 'attempted') FROM ledger WHERE run_id = ? GROUP BY processor, model",
            (run_id,),
        )
        keys = ("processor", "model", "calls", "input_tokens", "cached_tokens", "output_tokens", "cost_usd",
                "calls_unpriced", "unaccounted_attempts")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


class _Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
