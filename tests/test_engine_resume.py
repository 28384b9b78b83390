"""Crash safety: kill -9 at random moments, Ctrl-C once and twice; resume gives byte-identical output."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.make_leads import write_leads
from tests.engine_helpers import ROOT, only_output, read_output, run_cli, workspace_env

ROWS = 5200
ARGS = ["run", "--processors", "company_name_cleaner,sleepy", "--workers", "2"]
SLOW = {"LEADPIPE_TEST_SLEEP_MS": "40", "LEADPIPE_BATCH_SIZE": "200", "LEADPIPE_CONCURRENCY": "16"}


@pytest.fixture(scope="module")
def leads_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("leads") / "apollo_5200.csv"
    return write_leads(path, ROWS, seed=3)


@pytest.fixture(scope="module")
def reference(leads_file: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    tmp = tmp_path_factory.mktemp("reference")
    result = run_cli([*ARGS, "--input", str(leads_file)], workspace_env(tmp, LEADPIPE_TEST_SLEEP_MS="0"))
    assert result.returncode == 0, result.stderr
    return only_output(tmp).read_bytes()


def _start(leads_file: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "engine", *ARGS, "--input", str(leads_file)], env=env,
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _done_count(tmp: Path) -> int:
    db = tmp / "state.sqlite3"
    if not db.exists():
        return 0
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM lead_results").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def test_kill_9_at_random_moments_then_resume_is_byte_identical(leads_file: Path, reference: bytes,
                                                                 tmp_path: Path) -> None:
    env = workspace_env(tmp_path, **SLOW)
    rng = random.Random(20261125)
    progress = []
    for _ in range(6):
        before = _done_count(tmp_path)
        proc = _start(leads_file, env)
        deadline = time.monotonic() + 60
        while _done_count(tmp_path) <= before and time.monotonic() < deadline:
            time.sleep(0.02)  # wait until this session commits something, then kill at a random moment
        time.sleep(rng.uniform(0.0, 0.6))
        proc.kill()  # SIGKILL: no cleanup, no handler
        proc.communicate(timeout=30)
        progress.append(_done_count(tmp_path))
    assert progress[-1] < ROWS, f"the kills must land mid-run for this test to mean anything: {progress}"
    assert any(b > a for a, b in zip(progress, progress[1:], strict=False)), progress
    con = sqlite3.connect(tmp_path / "state.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    final = run_cli([*ARGS, "--input", str(leads_file)], env)
    assert final.returncode == 0, final.stderr
    assert "resuming run" in final.stderr
    assert only_output(tmp_path).read_bytes() == reference
    header, rows = read_output(only_output(tmp_path))
    assert len(rows) == ROWS and {r[header.index("lead_status")] for r in rows} == {"enriched"}
    con = sqlite3.connect(tmp_path / "state.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*), COUNT(DISTINCT row_idx) FROM lead_results").fetchone() == (ROWS, ROWS)
    deadline = time.monotonic() + 10  # orphaned workers notice their parent is gone within ~0.5 s
    while _processes_using(tmp_path / "state.sqlite3") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_using(tmp_path / "state.sqlite3") == []


def _processes_using(state_db: Path) -> list[int]:
    """PIDs of live processes whose environment names this test's state database (our workers)."""
    marker = f"LEADPIPE_STATE_DB={state_db}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_ctrl_c_once_finishes_in_flight_and_resumes(leads_file: Path, reference: bytes, tmp_path: Path) -> None:
    env = workspace_env(tmp_path, **SLOW)
    proc = _start(leads_file, env)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    header, rows = read_output(only_output(tmp_path))
    statuses = [r[header.index("lead_status")] for r in rows]
    assert len(rows) == ROWS and "pending" in statuses and "enriched" in statuses
    report = json.loads(next((tmp_path / "reports").glob("*.json")).read_text(encoding="utf-8"))
    assert report["status"] == "interrupted" and report["pending"] == statuses.count("pending")
    final = run_cli([*ARGS, "--input", str(leads_file)], env)
    assert final.returncode == 0, final.stderr
    assert only_output(tmp_path).read_bytes() == reference


def test_ctrl_c_twice_exits_at_once_and_resumes(leads_file: Path, reference: bytes, tmp_path: Path) -> None:
    env = workspace_env(tmp_path, **{**SLOW, "LEADPIPE_TEST_SLEEP_MS": "200"})
    proc = _start(leads_file, env)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.1)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert time.monotonic() - sent < 5
    con = sqlite3.connect(tmp_path / "state.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    final = run_cli([*ARGS, "--input", str(leads_file)], workspace_env(tmp_path, **SLOW))
    assert final.returncode == 0, final.stderr
    assert only_output(tmp_path).read_bytes() == reference
