"""The CLI over sentences: parse --json (one and many), runs typed in Russian and English, statuses."""

from __future__ import annotations

import json
from pathlib import Path

from tests.engine_helpers import LEADS, only_output, read_output, run_cli, workspace_env


def test_parse_json_one_sentence(tmp_path: Path) -> None:
    result = run_cli(["parse", "Обработай 500 лидов из leads/1-raw/apollo.csv с айсбрейкерами", "--json"],
                     workspace_env(tmp_path))
    assert result.returncode == 0, result.stderr
    label = json.loads(result.stdout)
    assert label["action"] == "process" and label["limit"] == 500
    assert label["input_file"] == "leads/1-raw/apollo.csv"
    assert label["processors"] == ["website_intelligence", "personalization_extractor", "icebreaker_generator"]
    assert set(label) == {"action", "input_file", "processors", "limit", "batch_size", "filters", "budget_usd",
                          "output_language", "output_file", "model", "run_id"}


def test_parse_json_from_stdin_one_object_per_line(tmp_path: Path) -> None:
    lines = ["Process 1000 leads from apollo_export.csv with full enrichment, budget $5",
             "удали все лиды из apollo.csv", "сколько уже обработано?"]
    result = run_cli(["parse", "--json", "-"], workspace_env(tmp_path), stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["action"] for o in out] == ["process", "error", "status"]
    assert out[0]["budget_usd"] == 5.0 and out[1]["reason"] == "unsupported_action"
    assert result.returncode == 2  # one of them was an error


def test_parse_error_is_one_json_object_and_exit_2(tmp_path: Path) -> None:
    result = run_cli(["parse", "обработай лиды", "--json"], workspace_env(tmp_path))
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["action"] == "error" and data["reason"] == "missing_input_file" and data["message"]


def test_sentence_runs_in_russian_and_english(tmp_path: Path) -> None:
    env = workspace_env(tmp_path)
    ru = run_cli(["run", f"Почисти названия компаний в {LEADS / 'apollo_100.csv'}, первые 10"], env)
    assert ru.returncode == 0, ru.stderr
    assert "Файл:" in ru.stdout and "Отчёт:" in ru.stdout
    header, rows = read_output(only_output(tmp_path))
    assert [r[header.index("lead_status")] for r in rows].count("enriched") == 10
    en = run_cli(["run", "How far along is the last run?"], env)
    assert en.returncode == 0 and json.loads(en.stdout)["status"] == "finished"


def test_unknown_sentence_gets_a_one_line_answer_in_the_users_language(tmp_path: Path) -> None:
    result = run_cli(["run", "Обработай лиды"], workspace_env(tmp_path))
    assert result.returncode == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("leadpipe:")]
    assert len(lines) == 1 and "файл" in lines[0].lower()
    assert "Traceback" not in result.stderr


def test_make_run_passes_the_sentence_through_unchanged(tmp_path: Path) -> None:
    import subprocess

    from tests.engine_helpers import ROOT

    sentence = f'Почисти названия компаний в {LEADS / "apollo_100.csv"}, бюджет $5, "первые" 10'
    result = subprocess.run(["make", "-s", "run", f"CMD={sentence}", "ARGS=--json"], cwd=ROOT,
                            env=workspace_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "$5" in result.stderr  # the plan line shows the budget: make did not eat "$5"
    assert json.loads(result.stdout)["successful"] == 10
