"""Whole runs through the real CLI: output shape, re-runs, fingerprints, failures, seed API names."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.engine_helpers import LEADS, only_output, read_output, run_cli, workspace_env


def _run(tmp_path: Path, *args: str, **env: str):
    return run_cli(["run", *args], workspace_env(tmp_path, **env))


@pytest.mark.parametrize("name", ["apollo_100.csv", "apollo_2025_100.csv", "hunter_200.csv",
                                  "ru_excel_300.csv", "sales_navigator_200.csv", "apollo_messy_500.csv"])
def test_clean_run_keeps_every_row_and_column(tmp_path: Path, name: str) -> None:
    result = _run(tmp_path, "--input", str(LEADS / name), "--processors", "company_name_cleaner")
    assert result.returncode == 0, result.stderr
    header, rows = read_output(only_output(tmp_path))
    from engine.source import LeadSource

    with LeadSource(LEADS / name) as source:
        originals = [values for batch in source.stream() for _, values in batch]
        width = len(source.header)
        assert header[:width] == list(source.header)
    assert header[-4:] == ["company_clean", "company_clean_note", "lead_status", "lead_error"]
    assert len(rows) == len(originals)
    for out, values in zip(rows, originals, strict=True):
        assert out[:width] == ["" if v is None else v for v in values[:width]]
    report = json.loads(next((tmp_path / "reports").glob("*.json")).read_text(encoding="utf-8"))
    assert report["report_version"] == 1 and report["status"] == "finished"
    assert report["total_leads"] == len(rows)
    statuses = {}
    for out in rows:
        statuses[out[-2]] = statuses.get(out[-2], 0) + 1
    assert statuses.get("enriched", 0) == report["successful"]
    assert statuses.get("duplicate", 0) == report["duplicates"]


def test_messy_output_statuses_and_duplicates_share_results(tmp_path: Path) -> None:
    result = _run(tmp_path, "--input", str(LEADS / "apollo_messy_500.csv"))
    assert result.returncode == 0, result.stderr
    header, rows = read_output(only_output(tmp_path))
    status_at, error_at, clean_at = header.index("lead_status"), header.index("lead_error"), header.index("company_clean")
    assert "extra_field_1" in header and "extra_field_2" in header
    dups = [r for r in rows if r[status_at] == "duplicate"]
    assert len(dups) == 30
    for dup in dups:
        original = rows[int(dup[error_at].rsplit(" ", 1)[1]) - 1]
        assert dup[clean_at] == original[clean_at] and original[status_at] == "enriched"
    assert [r[status_at] for r in rows].count("skipped") == 1  # the delimiter-only line
    report = json.loads(next((tmp_path / "reports").glob("*.json")).read_text(encoding="utf-8"))
    assert [r["fields"] for r in report["input"]["ragged_rows"]] == [54, 53, 26]


def test_output_is_excel_friendly_and_escapes_formulas_in_new_columns(tmp_path: Path) -> None:
    result = _run(tmp_path, "--input", str(LEADS / "ru_excel_300.csv"), "--processors", "company_name_cleaner,flaky")
    assert result.returncode == 0, result.stderr
    raw = only_output(tmp_path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header, rows = read_output(only_output(tmp_path))
    assert header[0] == "Компания"
    echo = header.index("flaky_echo")
    assert rows[1][echo] == "'=HYPERLINK(\"http://evil\")"


def test_retyping_a_finished_run_does_no_work_and_rewrites_the_same_output(tmp_path: Path) -> None:
    first = _run(tmp_path, "--input", str(LEADS / "apollo_100.csv"))
    out = only_output(tmp_path)
    before = out.read_bytes()
    out.unlink()
    second = _run(tmp_path, "--input", str(LEADS / "apollo_100.csv"))
    assert first.returncode == second.returncode == 0
    assert "already finished" in second.stderr
    assert out.read_bytes() == before
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM lead_results").fetchone()[0] == 100


def test_changed_input_is_never_resumed_silently(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    shutil.copy(LEADS / "apollo_100.csv", path)
    assert _run(tmp_path, "--input", str(path)).returncode == 0
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("Extra,Lead,CEO,Extra Corp,Extra Corp,extra@extra.com" + "," * 46 + "\n")
    again = _run(tmp_path, "--input", str(path))
    assert again.returncode == 2
    assert "input file changed" in again.stderr and "--new-run" in again.stderr
    assert "Traceback" not in again.stderr
    fresh = _run(tmp_path, "--input", str(path), "--new-run")
    assert fresh.returncode == 0, fresh.stderr
    assert len(list((tmp_path / "out").glob("*.csv"))) == 2


def test_a_processor_raising_on_one_lead_is_recorded_and_the_rest_go_on(tmp_path: Path) -> None:
    result = _run(tmp_path, "--input", str(LEADS / "apollo_100.csv"), "--processors",
                  "company_name_cleaner,flaky", LEADPIPE_TEST_FAIL_ON="Hershey")
    assert result.returncode == 1  # partial
    header, rows = read_output(only_output(tmp_path))
    status_at, error_at = header.index("lead_status"), header.index("lead_error")
    failed = [r for r in rows if r[status_at] == "partial"]
    assert failed and all("Hershey" in r[header.index("Company")] for r in failed)
    assert all("flaky: ZeroDivisionError: cannot handle" in r[error_at] for r in failed)
    assert all(r[header.index("company_clean")] for r in failed)  # the cleaner still ran
    report = json.loads(next((tmp_path / "reports").glob("*.json")).read_text(encoding="utf-8"))
    flaky = next(p for p in report["processors"] if p["processor"] == "flaky")
    assert flaky["failed"] == len(failed) and flaky["succeeded"] == 100 - len(failed)
    assert {e["error_class"] for e in report["errors"]} == {"ZeroDivisionError"}
    assert report["errors"][0]["row"] >= 1


def test_company_scope_runs_once_per_company_and_is_cached_across_runs(tmp_path: Path) -> None:
    result = _run(tmp_path, "--input", str(LEADS / "apollo_messy_500.csv"), "--processors", "domain_info",
                  "--workers", "2")
    assert result.returncode in (0, 1), result.stderr
    header, rows = read_output(only_output(tmp_path))
    assert "_secret" not in header
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    domains = {r[header.index("domain_name")] for r in rows if r[header.index("domain_name")]}
    cached = db.execute("SELECT COUNT(*) FROM company_results WHERE processor='domain_info'").fetchone()[0]
    assert cached == len(domains) > 100
    pids: dict[str, set[str]] = {}
    for r in rows:
        if r[header.index("domain_name")]:
            pids.setdefault(r[header.index("domain_name")], set()).add(r[header.index("domain_pid")])
    assert all(len(p) == 1 for p in pids.values())  # a company's leads all went to one worker
    assert len(set().union(*pids.values())) == 2  # and both workers took part
    # another file with the same companies: every company result comes from the cache (no new rows)
    second = _run(tmp_path, "--input", str(LEADS / "apollo_100.csv"), "--processors", "domain_info")
    assert second.returncode in (0, 1), second.stderr
    again = db.execute("SELECT COUNT(*) FROM company_results WHERE processor='domain_info'").fetchone()[0]
    assert again >= cached


def test_pool_and_inline_give_identical_output(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for where, workers in ((a, "0"), (b, "2")):
        res = run_cli(["run", "--input", str(LEADS / "apollo_messy_500.csv"), "--processors",
                       "company_name_cleaner,sleepy", "--workers", workers], workspace_env(where))
        assert res.returncode == 0, res.stderr
    assert only_output(a).read_bytes() == only_output(b).read_bytes()


def test_status_report_and_resume_commands(tmp_path: Path) -> None:
    env = workspace_env(tmp_path)
    assert run_cli(["run", "--input", str(LEADS / "apollo_100.csv")], env).returncode == 0
    status = json.loads(run_cli(["status"], env).stdout)
    assert status["status"] == "finished" and status["processed"] == 100
    report = json.loads(run_cli(["report", status["run_id"]], env).stdout)
    assert report["run_id"] == status["run_id"]
    resumed = run_cli(["resume", "--json"], env)
    assert resumed.returncode == 0 and json.loads(resumed.stdout)["processed"] == 100
    missing = run_cli(["status", "nope"], env)
    assert missing.returncode == 2 and "no run 'nope'" in missing.stderr


def test_make_run_without_cmd_prints_examples_in_both_languages(tmp_path: Path) -> None:
    out = run_cli(["examples"], workspace_env(tmp_path)).stdout
    assert "Обработай" in out and "Process" in out


def test_seed_api_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in workspace_env(tmp_path).items():
        if key.startswith("LEADPIPE_"):
            monkeypatch.setenv(key, value)
    from engine import BatchOrchestrator, BatchProcessingReport, ProcessingResult, ProcessorType

    result = BatchOrchestrator(max_workers=0).process_csv_batch(
        str(LEADS / "apollo_100.csv"), [ProcessorType.COMPANY_NAME_CLEANER], batch_size=100)
    assert result["successful"] == 100 and result["exit_code"] == 0
    assert {"run_id", "status", "started_at", "finished_at", "input_file", "command", "leads_per_minute",
            "processors", "ledger", "errors", "report_version"} <= set(result)
    assert BatchProcessingReport.__name__ and ProcessingResult(processor="x").to_dict()["processor"] == "x"


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("@SUM(A1)", "'@SUM(A1)"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"), ("+12024003052", "+12024003052"),
    ("+1 202-400-3052; +44 20 7946 0958", "+1 202-400-3052; +44 20 7946 0958"), ("Acme", "Acme"),
])
def test_formula_escaping_of_new_cells(value: str, expected: str) -> None:
    from engine.output import escape_formula

    assert escape_formula(value) == expected
