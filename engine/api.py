"""The library API (the seed's public names). The CLI is a thin layer over these.

    execute_natural_command(text) -> dict     parse a sentence and do what it says
    orchestrate_processors(cmd) -> dict       run a ProcessingCommand
    BatchOrchestrator(max_workers).process_csv_batch(csv_file, processors, batch_size) -> dict
    run_status(run_id=None) / run_report(run_id=None) / resume_run(run_id=None) -> dict

Each returns plain dicts (the JSON report for runs) and raises ``processors.errors`` exceptions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.runner import RunOutcome, execute
from engine.settings import Settings
from nlcmd.command import ProcessingCommand
from processors.errors import UsageError
from state.db import StateDB


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings.from_env()


def outcome_dict(outcome: RunOutcome) -> dict[str, Any]:
    data = outcome.report.to_dict()
    data.update(exit_code=outcome.exit_code, output_file=str(outcome.output_path),
                report_file=str(outcome.report_path), messages=outcome.messages)
    return data


def orchestrate_processors(cmd: ProcessingCommand, settings: Settings | None = None, *,
                           new_run: bool = False, show_progress: bool | None = None) -> dict[str, Any]:
    """Run a process command; returns the report dict plus exit_code, output_file, report_file.

    The progress bar follows LEADPIPE_PROGRESS (auto: only on a terminal) unless ``show_progress`` says."""
    settings = _settings(settings)
    if cmd.batch_size:
        settings.batch_size = cmd.batch_size
    return outcome_dict(execute(cmd, settings, new_run=new_run, show_progress=show_progress))


def _find_run(db: StateDB, run_id: str | None) -> dict[str, Any]:
    run = db.get_run(run_id) if run_id else db.latest_run()
    if run is None:
        raise UsageError(f"no run {run_id!r} in {db.path}" if run_id else f"no runs yet in {db.path}")
    return run


def _load_run(run_id: str | None, settings: Settings) -> dict[str, Any]:
    db = StateDB(settings.state_db)
    try:
        return _find_run(db, run_id)
    finally:
        db.close()


def run_status(run_id: str | None = None, settings: Settings | None = None) -> dict[str, Any]:
    settings = _settings(settings)
    db = StateDB(settings.state_db)
    try:
        run = _find_run(db, run_id)
        counts = db.count_results(run["run_id"])
        return {"run_id": run["run_id"], "status": run["status"], "input_file": run["input_path"],
                "processors": [p[0] for p in run["processors"]], "total_rows": run["total_rows"],
                "processed": sum(counts.values()), "by_status": counts, "output_file": run["output_path"],
                "report_file": run["report_path"], "created_at": run["created_at"],
                "finished_at": run["finished_at"], "elapsed_seconds": round(run["elapsed_s"], 3)}
    finally:
        db.close()


def run_report(run_id: str | None = None, settings: Settings | None = None) -> dict[str, Any]:
    run = _load_run(run_id, _settings(settings))
    path = Path(run["report_path"])
    if not path.exists():
        raise UsageError(f"run {run['run_id']} has no report yet ({path}); resume it to write one")
    return json.loads(path.read_text(encoding="utf-8"))


def resume_run(run_id: str | None = None, settings: Settings | None = None, **overrides: Any) -> dict[str, Any]:
    """Continue a run from state with the command it was started with."""
    settings = _settings(settings)
    run = _load_run(run_id, settings)
    cmd = ProcessingCommand.from_label(run["command"])
    for key, value in overrides.items():
        if value is not None:
            setattr(cmd, key, value)
    return orchestrate_processors(cmd, settings)


def execute_natural_command(text: str, settings: Settings | None = None) -> dict[str, Any]:
    """Parse ``text`` (Russian or English) and carry it out; returns a dict for every action."""
    from nlcmd import parse_natural_language_command

    cmd = parse_natural_language_command(text)
    if cmd.action == "error":
        raise UsageError(cmd.message or f"cannot understand the command ({cmd.reason})")
    if cmd.action == "status":
        return run_status(cmd.run_id, settings)
    if cmd.action == "report":
        return run_report(cmd.run_id, settings)
    if cmd.action == "resume":
        return resume_run(cmd.run_id, settings, batch_size=cmd.batch_size, budget_usd=cmd.budget_usd)
    if cmd.action == "estimate":
        from engine.estimate import estimate_command

        return estimate_command(cmd, _settings(settings))
    return orchestrate_processors(cmd, settings)


class BatchOrchestrator:
    """The seed's class: process one CSV with the given processors."""

    def __init__(self, max_workers: int | None = None, settings: Settings | None = None) -> None:
        self.max_workers = max_workers
        self.settings = settings

    def process_csv_batch(self, csv_file: str, processors: list[str] | None = None,
                          batch_size: int = 1000) -> dict[str, Any]:
        settings = _settings(self.settings)
        settings.workers = self.max_workers if self.max_workers is not None else settings.workers
        cmd = ProcessingCommand(action="process", input_file=str(csv_file),
                                processors=[str(getattr(p, "value", p)) for p in processors] if processors
                                else None, batch_size=batch_size)
        return orchestrate_processors(cmd, settings)
