"""Paid steps through the engine: ledger in SQLite equals the server's count, the budget cap holds across
worker processes, budget-skipped leads resume with a higher budget, and the key never leaks."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.engine_helpers import LEADS, only_output, read_output, run_cli, workspace_env
from tests.fixtures_llm import TEST_API_KEY

ARGS = ["run", "--input", str(LEADS / "apollo_messy_500.csv"), "--processors", "llm_echo", "--workers", "2"]


def _env(tmp: Path, server, **extra: str) -> dict[str, str]:
    return workspace_env(tmp, OPENAI_API_KEY=TEST_API_KEY, OPENAI_BASE_URL=server.base_url,
                         LEADPIPE_LLM_MODEL="gpt-4o-mini", LEADPIPE_LLM_TIMEOUT="5",
                         LEADPIPE_LLM_BACKOFF_BASE="0.01", LEADPIPE_LLM_BACKOFF_MAX="0.05",
                         LEADPIPE_CONCURRENCY="16", **extra)


def test_ledger_in_state_equals_the_servers_count(tmp_path: Path, fake_llm) -> None:
    result = run_cli([*ARGS, "--yes"], _env(tmp_path, fake_llm))
    assert result.returncode == 0, result.stderr
    stats = fake_llm.stats()
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    calls, tokens_in, tokens_out, cost, attempted = db.execute(
        "SELECT COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cost_usd), SUM(status = 'attempted')"
        " FROM ledger").fetchone()
    assert calls == stats["billed_requests"] == 500
    assert (tokens_in, tokens_out) == (stats["prompt_tokens"], stats["completion_tokens"])
    assert attempted == 0
    report = json.loads(next((tmp_path / "reports").glob("*.json")).read_text(encoding="utf-8"))
    (row,) = report["ledger"]
    assert (row["processor"], row["model"], row["calls"]) == ("llm_echo", "gpt-4o-mini", 500)
    assert abs(report["cost_usd"] - cost) < 1e-6 and report["cost_usd"] > 0  # report rounds to 1e-6 $
    header, rows = read_output(only_output(tmp_path))
    assert all(r[header.index("llm_line")] for r in rows if r[header.index("lead_status")] == "enriched")


def test_budget_cap_holds_across_workers_and_resume_continues(tmp_path: Path, fake_llm) -> None:
    budget = 0.004
    first = run_cli([*ARGS, "--yes", "--budget", str(budget)], _env(tmp_path, fake_llm))
    assert first.returncode == 1, first.stderr
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    spent, calls = db.execute("SELECT SUM(cost_usd), COUNT(*) FROM ledger").fetchone()
    assert 0 < spent <= budget and 0 < calls < 500
    assert fake_llm.stats()["billed_requests"] == calls
    header, rows = read_output(only_output(tmp_path))
    status, error = header.index("lead_status"), header.index("lead_error")
    budget_rows = [r for r in rows if r[error].startswith("budget:")]
    assert budget_rows and all(r[status] == "skipped" for r in budget_rows)
    report = json.loads(next((tmp_path / "reports").glob("*.json")).read_text(encoding="utf-8"))
    assert report["status"] == "budget_exhausted"
    again = run_cli([*ARGS, "--yes", "--budget", "1"], _env(tmp_path, fake_llm))
    assert again.returncode == 0, again.stderr
    assert "resuming run" in again.stderr
    header, rows = read_output(only_output(tmp_path))
    assert {r[header.index("lead_status")] for r in rows} == {"enriched", "duplicate", "skipped"}
    assert not [r for r in rows if r[header.index("lead_error")].startswith("budget:")]
    total_calls = db.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
    assert total_calls == fake_llm.stats()["billed_requests"] == 500  # nothing paid twice


def test_the_key_never_appears_in_state_report_output_or_logs(tmp_path: Path, fake_llm) -> None:
    result = run_cli([*ARGS, "--yes"], _env(tmp_path, fake_llm))
    assert result.returncode == 0
    blobs = [result.stdout, result.stderr]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            blobs.append(path.read_bytes().decode("utf-8", "replace"))
    assert blobs and not any(TEST_API_KEY in blob for blob in blobs)
    assert not any(TEST_API_KEY[-12:] in blob for blob in blobs)


def test_paid_work_needs_consent(tmp_path: Path, fake_llm) -> None:
    result = run_cli(ARGS, _env(tmp_path, fake_llm), stdin="")
    assert result.returncode == 2 and "add --yes" in result.stderr
    assert fake_llm.stats()["requests"] == 0


def test_calls_in_flight_at_a_crash_show_as_unaccounted_and_are_redone(tmp_path: Path, fake_llm) -> None:
    import signal
    import subprocess
    import sys
    import time

    from tests.engine_helpers import ROOT

    fake_llm.latency = 2.0  # answers take long: a kill lands while calls are in flight
    env = _env(tmp_path, fake_llm)
    proc = subprocess.Popen([sys.executable, "-m", "engine", *ARGS, "--yes"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db_path = tmp_path / "state.sqlite3"
    deadline = time.monotonic() + 60
    attempted = 0
    while time.monotonic() < deadline and attempted == 0:
        time.sleep(0.1)
        if db_path.exists():
            try:
                con = sqlite3.connect(db_path)
                attempted = con.execute("SELECT COUNT(*) FROM ledger WHERE status = 'attempted'").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                pass
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert attempted > 0, "attempt rows are written before the answers land"
    fake_llm.latency = 0.0
    again = run_cli([*ARGS, "--yes", "--json"], env)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    (row,) = report["ledger"]
    assert row["unaccounted_attempts"] >= 1  # sent, never settled: shown, not silently dropped
    header, rows = read_output(only_output(tmp_path))
    assert all(r[header.index("llm_line")] for r in rows if r[header.index("lead_status")] == "enriched")
