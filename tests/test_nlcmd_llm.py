"""The LLM fallback against the local OpenAI-compatible test server (real openai SDK, real socket).

Uses the session's FakeLLMServer (tests/fixtures_llm.py). Skipped when the LLM layer or the server
module is not importable.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("processors.llm")
fake = pytest.importorskip("tests.fake_llm_server")
Reply = fake.Reply

from nlcmd import parse_natural_language_command as parse  # noqa: E402
from nlcmd.llm_fallback import fallback_enabled, label_schema  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
UNCLEAR = "process base.csv, head of sales in Wakanda"


def answer(**over) -> dict:
    filters = {k: None for k in ("country", "region", "city", "job_titles", "seniority", "industry",
                                 "employees_min", "employees_max", "has_website", "has_email")}
    filters.update(over.pop("filters", {}))
    data = {"action": "process", "reason": None, "input_file": "base.csv", "processors": None, "limit": None,
            "batch_size": None, "filters": filters, "budget_usd": None, "output_language": None,
            "output_file": None, "model": None, "run_id": None}
    data.update(over)
    return data


@pytest.fixture
def llm_on(monkeypatch: pytest.MonkeyPatch, llm_env: dict[str, str]) -> dict[str, str]:
    for key, value in llm_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("LEADPIPE_NLCMD_LLM", raising=False)
    return llm_env


def test_fallback_enabled_only_with_a_key() -> None:
    assert not fallback_enabled({})
    assert fallback_enabled({"OPENAI_API_KEY": "sk-x"})
    assert not fallback_enabled({"OPENAI_API_KEY": "sk-x", "LEADPIPE_NLCMD_LLM": "0"})


def test_schema_lists_every_label_key() -> None:
    props = label_schema()["properties"]
    assert {"action", "input_file", "processors", "limit", "batch_size", "filters", "budget_usd",
            "output_language", "output_file", "model", "run_id"} <= set(props)


def test_unexplained_words_ask_the_model_and_a_valid_answer_wins(llm_on, fake_llm) -> None:
    fake_llm.script(Reply(data=answer(filters={"country": ["SE", "NO", "DK", "FI"],
                                               "job_titles": ["head_of_sales"]})))
    cmd = parse(UNCLEAR)
    assert cmd.parsed_by == "llm"
    assert cmd.filters == {"country": ["SE", "NO", "DK", "FI"], "job_titles": ["head_of_sales"]}
    req = fake_llm.log[-1]["request"]
    assert req["response_format"]["type"] == "json_schema"
    assert UNCLEAR in json.dumps(req["messages"], ensure_ascii=False)


@pytest.mark.parametrize("bad", [
    answer(input_file="other.csv"),                      # not verbatim in the sentence
    answer(filters={"country": ["XX"]}),                 # unknown country
    answer(batch_size=None, processors=["send_emails"]),  # unknown step
])
def test_an_answer_that_fails_the_validator_is_discarded(llm_on, fake_llm, bad) -> None:
    fake_llm.script(Reply(data=bad))
    cmd = parse(UNCLEAR)
    assert cmd.parsed_by == "rules"
    assert cmd.input_file == "base.csv" and cmd.filters == {"job_titles": ["head_of_sales"]}
    assert "Wakanda" in cmd.warnings
    assert fake_llm.stats()["requests"] == 1


def test_batch_size_out_of_range_from_the_model_is_an_error(llm_on, fake_llm) -> None:
    fake_llm.script(Reply(data=answer(batch_size=20000)))
    cmd = parse(UNCLEAR)
    assert (cmd.action, cmd.reason) == ("error", "batch_size_out_of_range")


def test_server_failure_keeps_the_rules_answer(llm_on, fake_llm) -> None:
    fake_llm.script(*[Reply(status=500)] * 4)
    cmd = parse(UNCLEAR)
    assert cmd.parsed_by == "rules" and cmd.action == "process"


def test_fully_explained_sentences_never_call_the_model(llm_on, fake_llm) -> None:
    cmd = parse("обработай 500 лидов из base.csv с айсбрейкерами")
    assert cmd.action == "process" and cmd.parsed_by == "rules"
    assert fake_llm.stats()["requests"] == 0


def test_without_a_key_the_rules_answer_stands_and_names_the_words(monkeypatch, fake_llm) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    cmd = parse(UNCLEAR)
    assert cmd.parsed_by == "rules" and cmd.warnings == ["Wakanda"]
    assert fake_llm.stats()["requests"] == 0


def test_rules_path_does_not_import_the_llm_layer() -> None:
    code = ("import sys, nlcmd; nlcmd.parse_natural_language_command('process base.csv in the Nordics'); "
            "print('processors.llm' in sys.modules, 'openai' in sys.modules)")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=60, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_a_filter_cue_without_a_filter_asks_the_model(llm_on, fake_llm) -> None:
    text = "process base.csv, companies with 50 employees"
    fake_llm.script(Reply(data=answer(filters={"employees_min": 50, "employees_max": 50})))
    cmd = parse(text)
    assert fake_llm.stats()["requests"] == 1
    assert cmd.parsed_by == "llm" and cmd.filters == {"employees_min": 50, "employees_max": 50}
