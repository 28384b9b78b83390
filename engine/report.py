"""The run report: ``BatchProcessingReport`` (the seed's name), written as versioned JSON.

Built from state, so a resumed run's report covers every session of it. Fields: report_version, run_id,
status, command, input_file, output_file, started_at, finished_at, elapsed_seconds, total_leads,
processed, successful, partial, failed, skipped, duplicates, pending, leads_per_minute, processors
(per-processor ProcessingResult), ledger (tokens and cost by processor and model), cost_usd, errors
(row, processor, error_class, message), input (encoding, delimiter, columns mapped, ragged rows).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from processors.base import ProcessingResult
from state.db import StateDB

REPORT_VERSION = 1
MAX_ERRORS_LISTED = 1000


@dataclass
class BatchProcessingReport:
    run_id: str
    status: str
    command: dict[str, Any]
    input_file: str
    output_file: str | None
    started_at: str | None
    finished_at: str | None
    elapsed_seconds: float
    total_leads: int
    processed: int = 0
    successful: int = 0
    partial: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    pending: int = 0
    leads_per_minute: float = 0.0
    cost_usd: float | None = 0.0
    processors: list[dict[str, Any]] = field(default_factory=list)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    errors_total: int = 0
    input: dict[str, Any] = field(default_factory=dict)
    report_version: int = REPORT_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {"report_version": self.report_version, **{k: v for k, v in asdict(self).items()
                                                          if k != "report_version"}}


def tally(db: StateDB, run_id: str, names: list[str]) -> tuple[dict[str, ProcessingResult], list[dict], int, dict]:
    """Per-processor results, listed errors, total error count and lead counts by status, from state."""
    per = {n: ProcessingResult(processor=n) for n in names}
    for name, (count, seconds) in db.processor_tallies(run_id).items():
        if name in per:
            per[name].processed, per[name].seconds = count, seconds
    errors: list[dict[str, Any]] = []
    total_errors = 0
    for row, lead_errors in db.iter_errors(run_id):
        for entry in lead_errors:
            result = per.get(entry["processor"])
            skipped = entry.get("kind") == "skipped"
            if result is not None:
                if skipped:
                    result.skipped += 1
                else:
                    result.failed += 1
            if skipped:
                continue
            total_errors += 1
            if len(errors) < MAX_ERRORS_LISTED:
                errors.append({"row": row + 1, "processor": entry["processor"],
                               "error_class": entry["error_class"], "message": entry["message"]})
    for result in per.values():
        # a processor that was skipped for a lead has no timing: only failures count against `processed`
        result.succeeded = max(0, result.processed - result.failed)
    return per, errors, total_errors, db.count_results(run_id)


def build_report(db: StateDB, run: dict[str, Any], names: list[str], output_counts: dict[str, int],
                 total_leads: int, input_info: dict[str, Any]) -> BatchProcessingReport:
    per, errors, total_errors, statuses = tally(db, run["run_id"], names)
    ledger = db.ledger_summary(run["run_id"])
    cost_by_proc: dict[str, float | None] = {}
    for entry in ledger:
        current = cost_by_proc.get(entry["processor"], 0.0)
        if entry["cost_usd"] is None or entry["calls_unpriced"] or current is None:
            cost_by_proc[entry["processor"]] = None
        else:
            cost_by_proc[entry["processor"]] = current + entry["cost_usd"]
    for name, result in per.items():
        result.cost_usd = cost_by_proc.get(name, 0.0)
    costs = [c for c in cost_by_proc.values()]
    total_cost = None if any(c is None for c in costs) else round(sum(c for c in costs if c), 6)
    processed = sum(statuses.values())
    elapsed = float(run.get("elapsed_s") or 0.0)
    return BatchProcessingReport(
        run_id=run["run_id"], status=run["status"], command=run["command"], input_file=run["input_path"],
        output_file=run.get("output_path"), started_at=run.get("started_at"), finished_at=run.get("finished_at"),
        elapsed_seconds=round(elapsed, 3), total_leads=total_leads, processed=processed,
        successful=statuses.get("enriched", 0), partial=statuses.get("partial", 0),
        failed=statuses.get("failed", 0),
        skipped=output_counts.get("skipped", 0), duplicates=output_counts.get("duplicate", 0),
        pending=output_counts.get("pending", 0),
        leads_per_minute=round(processed / elapsed * 60, 1) if elapsed > 0 else 0.0,
        cost_usd=total_cost, processors=[r.to_dict() for r in per.values()], ledger=ledger,
        errors=errors, errors_total=total_errors, input=input_info,
    )


def write_report(report: BatchProcessingReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(report.to_dict(), fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    os.replace(tmp, path)
