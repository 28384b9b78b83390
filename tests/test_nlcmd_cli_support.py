"""What the CLI uses: the JSON form, the plan in the user's language, the confirmation prompt."""

from __future__ import annotations

import json

from nlcmd.cli_support import confirm_prompt, describe_plan, is_yes, parse_to_json, uses_llm_steps
from nlcmd.parser import parse


def test_parse_to_json_is_one_label_object() -> None:
    data = parse_to_json("обработай 1,5к лидов из base.csv с айсбрейкерами на английском, бюджет $4")
    assert list(data) == ["action", "input_file", "processors", "limit", "batch_size", "filters", "budget_usd",
                          "output_language", "output_file", "model", "run_id"]
    assert data["limit"] == 1500 and data["budget_usd"] == 4.0 and data["output_language"] == "en"
    json.dumps(data)


def test_parse_to_json_error_shape() -> None:
    data = parse_to_json("почисти названия")
    assert set(data) == {"action", "reason", "message"}
    assert data["action"] == "error" and data["reason"] == "missing_input_file"
    assert data["message"].startswith("Не указан файл")


def test_plan_in_russian_for_a_russian_command() -> None:
    cmd = parse("обработай первые 200 лидов из base.csv с айсбрейкерами, только из Германии, бюджет $3")
    plan = describe_plan(cmd, cmd.lang)
    assert "Обработать: base.csv" in plan and "первые 200" in plan
    assert "анализ сайтов → персонализация → айсбрейкеры" in plan
    assert "страны: DE" in plan and "$3.00" in plan
    assert "[д/Н]" in confirm_prompt("ru")


def test_plan_in_english_for_an_english_command() -> None:
    cmd = parse("estimate full enrichment for base.csv, 50-200 employees, gpt-4o-mini")
    plan = describe_plan(cmd, cmd.lang)
    assert plan.startswith("Estimate the cost of processing: base.csv")
    assert "company name cleaning → website intelligence" in plan
    assert "employees: 50–200" in plan and "Model: gpt-4o-mini" in plan
    assert "[y/N]" in confirm_prompt("en")


def test_paid_work_detection_and_answers() -> None:
    assert uses_llm_steps(parse("process base.csv with icebreakers"))
    assert uses_llm_steps(parse("process base.csv"))  # default steps may call the model
    assert not uses_llm_steps(parse("clean company names in base.csv"))
    assert not uses_llm_steps(parse("status"))
    assert is_yes(" Да ") and is_yes("y") and not is_yes("нет") and not is_yes("")


def test_estimate_then_run_is_flagged() -> None:
    for text in ("Сначала оцени стоимость base.csv, а потом запускай", "estimate base.csv and then run it"):
        cmd = parse(text)
        assert cmd.action == "estimate" and cmd.then_run, text
    assert not parse("сколько будет стоить обработать base.csv").then_run
    assert not parse("process base.csv").then_run


def test_warning_line_names_ignored_words_in_the_users_language() -> None:
    from nlcmd.cli_support import warning_line

    assert warning_line(parse("обработай base.csv")) is None
    line = warning_line(parse("обработай base.csv из Ваканды"))
    assert line and line.startswith("Не понял") and "Ваканды" in line
