"""The run lifecycle: plan -> find or create the run in state -> process what is left -> CSV + report.

Typing the same command again resumes an unfinished run, or, when it finished, does no work and
rewrites the same output. A run whose file or processor versions changed since a run of the same
command is never resumed silently: ``RunConflict`` (exit 2) says so, and ``new_run=True`` starts anew.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.interrupts import INTERRUPTS
from engine.output import write_output
from engine.planner import Plan, file_sha256, fingerprint, make_plan, run_id_for
from engine.pool import RunFailed, run_inline, run_pool
from engine.progress import ProgressDisplay
from engine.report import BatchProcessingReport, build_report, write_report
from engine.results import ResultWriter, TaskBuilder
from engine.settings import Settings
from engine.source import SELECTED, LeadSource
from nlcmd.command import ProcessingCommand
from processors.errors import UsageError
from state.db import StateDB, utcnow


class RunConflict(UsageError):
    """Same command as an earlier run, but the file or a processor changed."""


@dataclass
class RunOutcome:
    report: BatchProcessingReport
    output_path: Path
    report_path: Path
    exit_code: int
    resumed: bool = False
    no_work: bool = False
    messages: list[str] = field(default_factory=list)


def _find_or_create_run(db: StateDB, plan: Plan, source: LeadSource, sha: str, new_run: bool,
                        total: int) -> tuple[dict[str, Any], bool]:
    fp, intent = fingerprint(plan, sha)
    existing = db.find_runs(fp)
    if existing and not new_run:
        return existing[0], True
    if not new_run:
        earlier = db.runs_with_intent(intent)
        if earlier:
            prev = earlier[0]
            what = "the input file changed" if prev["input_sha256"] != sha else "a processor version changed"
            raise RunConflict(
                f"{plan.input_path}: {what} since run {prev['run_id']} ({prev['status']}); not resuming it. "
                "Add --new-run (or say 'новый запуск' / 'new run') to start a new run"
            )
    attempt = len(existing)
    run_id = run_id_for(plan, fp, attempt)
    while db.get_run(run_id):
        attempt += 1
        run_id = run_id_for(plan, fp, attempt)
    settings = plan.settings
    out = Path(plan.command.output_file) if plan.command.output_file else \
        settings.output_dir / f"{plan.input_path.stem}.{run_id}.csv"
    run = {
        "run_id": run_id, "fingerprint": fp, "intent": intent, "input_path": str(plan.input_path),
        "input_sha256": sha, "processors": plan.versions, "command": plan.command.to_label(),
        "settings": plan.output_settings, "total_rows": total, "output_path": str(out),
        "report_path": str(settings.report_dir / f"{run_id}.json"),
    }
    db.create_run(run)
    return db.get_run(run_id) or run, False


def execute(command: ProcessingCommand, settings: Settings, *, new_run: bool = False,
            show_progress: bool | None = None) -> RunOutcome:
    """Run ``command`` to completion (or interruption); returns the outcome with its exit code."""
    input_path = Path(command.input_file or "")
    with LeadSource(input_path) as source:
        plan = make_plan(command, settings, set(source.mapping))
        sha = file_sha256(input_path)
        db = StateDB(settings.state_db)
        try:
            unchanged = None if new_run else _finished_and_unchanged(db, plan, sha)
            if unchanged is not None:
                return unchanged
            selection = source.select(command.filters, command.limit, settings.dedup)
            return _execute(plan, source, selection, sha, db, new_run, show_progress)
        finally:
            db.close()


def _finished_and_unchanged(db: StateDB, plan: Plan, sha: str) -> RunOutcome | None:
    """A finished run of the same fingerprint whose CSV is still exactly what it wrote: no work at all.

    Like make, we verify the output (its sha256) instead of regenerating it byte for byte; a missing or
    edited CSV falls through to the normal path, which rewrites it from state.
    """
    runs = db.find_runs(fingerprint(plan, sha)[0])
    if not runs or runs[0]["status"] != "finished" or not runs[0].get("output_sha256"):
        return None
    run = runs[0]
    output_path, report_path = Path(run["output_path"]), Path(run["report_path"])
    if not output_path.is_file() or file_sha256(output_path) != run["output_sha256"]:
        return None
    saved = json.loads(run["output_counts"] or "{}")
    report = build_report(db, run, plan.names, saved.get("counts", {}), run["total_rows"] or 0,
                          saved.get("input", {}))
    write_report(report, report_path)
    message = f"run {run['run_id']} already finished: nothing to do, output unchanged"
    return RunOutcome(report, output_path, report_path, _exit_code(report, run["status"], None), True, True,
                      [message])


def _exit_code(report: BatchProcessingReport, status: str, fatal: str | None) -> int:
    if fatal:
        return 2
    if status == "interrupted":
        return 130
    return 1 if report.failed or report.partial or status == "budget_exhausted" else 0


def _budget_for(plan: Plan, db: StateDB, run_id: str) -> Any:
    """The run's shared budget cap, when it has paid steps and a budget (sentence, flag or .env)."""
    env = plan.settings.env
    limit = plan.command.budget_usd
    if limit is None and env.get("LEADPIPE_BUDGET_USD"):
        try:
            limit = float(env["LEADPIPE_BUDGET_USD"])
        except ValueError:
            raise UsageError(f"setting LEADPIPE_BUDGET_USD={env['LEADPIPE_BUDGET_USD']!r}: expected dollars") from None
    if limit is None or not plan.paid:
        return None
    from engine.budget import SharedBudget

    return SharedBudget(limit, db.run_spent(run_id))


def _execute(plan: Plan, source: LeadSource, selection: Any, sha: str, db: StateDB, new_run: bool,
             show_progress: bool | None) -> RunOutcome:
    settings = plan.settings
    run, resumed = _find_or_create_run(db, plan, source, sha, new_run, selection.total)
    run_id = run["run_id"]
    done = bytearray(selection.total)
    for row in db.done_rows(run_id):
        if row < selection.total:
            done[row] = 1
    to_do = sum(1 for i, c in enumerate(selection.codes) if c == SELECTED and not done[i])
    selected = selection.count(SELECTED)
    no_work = resumed and to_do == 0
    messages = []
    if resumed and to_do and run["status"] != "planned":
        messages.append(f"resuming run {run_id}: {selected - to_do} of {selected} leads already done")
    elif no_work:
        messages.append(f"run {run_id} already finished: nothing to do, output rewritten")
    started = time.monotonic()
    interrupted, fatal, budget_message = False, None, None
    if to_do:
        db.update_run(run_id, status="running", started_at=run.get("started_at") or utcnow())
        proc_settings = {**settings.processor_settings(), "LEADPIPE_RUN_ID": run_id}
        if plan.command.output_language:  # the sentence's choice wins over .env
            proc_settings["LEADPIPE_OUTPUT_LANGUAGE"] = plan.command.output_language
        if plan.command.model:
            proc_settings["LEADPIPE_LLM_MODEL"] = plan.command.model
        progress = ProgressDisplay(selected, selected - to_do, settings.progress, show_progress)
        writer = ResultWriter(db, run_id, done, on_commit=lambda: progress.update(writer))
        builder = TaskBuilder(source, selection, done, plan.names, db,
                              0 if settings.refresh else settings.cache_days)
        workers = settings.workers
        if workers is None:
            workers = min(os.cpu_count() or 1, 8) if plan.io_bound else 0
        for limit in ("LEADPIPE_LLM_RPM", "LEADPIPE_LLM_TPM"):  # account-wide limits, enforced per process
            if workers and proc_settings.get(limit, "").strip().isdigit():
                proc_settings[limit] = str(max(1, int(proc_settings[limit]) // workers))
        budget = _budget_for(plan, db, run_id)
        progress.budget_usd = budget.limit_usd if budget is not None else None
        with INTERRUPTS as interrupts, progress:
            interrupts.on_first.append(progress.note_stopping)
            try:
                if interrupts.stopping:
                    pass  # Ctrl-C during start-up: write what there is and stop
                elif workers == 0:
                    run_inline(plan.names, proc_settings, builder, writer, settings.batch_size,
                               settings.concurrency, interrupts, budget)
                else:
                    run_pool(plan.names, proc_settings, builder, writer, settings.batch_size,
                             settings.concurrency, workers, interrupts, budget)
            except RunFailed as exc:
                fatal = str(exc)
            interrupted = interrupts.stopping
            budget_message = writer.budget_message
    elapsed = float(run.get("elapsed_s") or 0.0) + (time.monotonic() - started if to_do else 0.0)
    remaining = sum(1 for i, c in enumerate(selection.codes) if c == SELECTED and not done[i])
    if fatal:
        status = "failed"
    elif budget_message and remaining:
        status = "budget_exhausted"
    else:
        status = "interrupted" if interrupted or remaining else "finished"
    finished_at = utcnow() if status == "finished" and not no_work else run.get("finished_at")
    db.update_run(run_id, status=status, elapsed_s=elapsed, finished_at=finished_at)
    output_path = Path(run["output_path"])
    report_path = Path(run["report_path"])
    pending_reason = None
    if status == "budget_exhausted":
        pending_reason = f"budget: {budget_message}; resume with a higher budget to continue"
        messages.append(f"budget reached: {remaining} leads not processed ({budget_message})")
    counts = write_output(output_path, source, selection, db, run_id, plan.columns, plan.command.limit,
                          bom=settings.csv_bom, pending_reason=pending_reason)
    run = db.get_run(run_id) or run
    input_info = {
        "encoding": source.dialect.encoding, "delimiter": source.dialect.delimiter,
        "columns": len(source.header), "mapped": {k: source.header[v] for k, v in source.mapping.items()},
        "rows": selection.total, "selected": selected,
        "ragged_rows": [{"row": r + 1, "fields": n, "expected": len(source.header)}
                        for r, n in sorted(selection.ragged.items())],
    }
    db.update_run(run_id, output_sha256=file_sha256(output_path),
                  output_counts=json.dumps({"counts": counts, "input": input_info}, ensure_ascii=False))
    report = build_report(db, run, plan.names, counts, selection.total, input_info)
    write_report(report, report_path)
    if fatal:
        messages.append(f"run stopped: {fatal}")
    return RunOutcome(report, output_path, report_path, _exit_code(report, status, fatal), resumed, no_work,
                      messages)
