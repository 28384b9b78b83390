"""File paths come out first, exactly as written; digits inside them are never numbers."""

from __future__ import annotations

import pytest

from nlcmd import parse_natural_language_command as parse
from nlcmd.extract import extract, find_paths


@pytest.mark.parametrize(("text", "path"), [
    ('process "Q3 leads (final).csv"', "Q3 leads (final).csv"),
    ("обработай «сделки_май.csv»", "сделки_май.csv"),
    ("обработай 'Клиенты 2025/итоги.csv'", "Клиенты 2025/итоги.csv"),
    (r"process E:\Work\CRM exports\march.csv with icebreakers", r"E:\Work\CRM exports\march.csv"),
    (r"обработай лиды из C:\Пользователи\Анна\лиды.csv", r"C:\Пользователи\Анна\лиды.csv"),
    ("process leads from ~/work/crm dump.csv please", "~/work/crm dump.csv"),
    ("обработай ./in/2025-01-31.csv", "./in/2025-01-31.csv"),
    ("process ../Leads.CSV", "../Leads.CSV"),
    ("обработай файл crm_export_march", "crm_export_march"),
    ("обработай лиды из Мои документы/лиды.csv", "Мои документы/лиды.csv"),
    ("process leads from My Drive/exports/q4.csv with icebreakers", "My Drive/exports/q4.csv"),
])
def test_paths_are_kept_verbatim(text: str, path: str) -> None:
    assert parse(text).input_file == path


def test_digits_in_paths_are_not_counts() -> None:
    cmd = parse("обработай leads/2-clean/500.csv")
    assert cmd.input_file == "leads/2-clean/500.csv"
    assert cmd.limit is None
    cmd = parse("process 40 leads from batch_300/v2.csv")
    assert (cmd.limit, cmd.batch_size, cmd.input_file) == (40, None, "batch_300/v2.csv")


def test_output_file_is_not_the_input() -> None:
    cmd = parse("обработай crm.csv и запиши результат в out/crm_done.csv")
    assert (cmd.input_file, cmd.output_file) == ("crm.csv", "out/crm_done.csv")
    cmd = parse("process crm.csv, save as crm-enriched.csv")
    assert (cmd.input_file, cmd.output_file) == ("crm.csv", "crm-enriched.csv")


def test_apostrophes_and_numbers_are_not_paths() -> None:
    assert find_paths("what were yesterday's results, and don't spend $2.5") == []
    assert find_paths("process 2.5k leads") == []


def test_model_and_run_id_are_masked_before_numbers() -> None:
    ex = extract("resume job 2025-02-01_0930 with gpt-4.1-mini")
    assert ex.run_ids == ["2025-02-01_0930"]
    assert ex.models == ["gpt-4.1-mini"]
    cmd = parse("resume job 2025-02-01_0930")
    assert cmd.run_id == "2025-02-01_0930" and cmd.batch_size is None
