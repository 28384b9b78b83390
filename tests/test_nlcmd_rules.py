"""Behaviour of the rules on sentences written for these tests (not taken from the corpus)."""

from __future__ import annotations

import pytest

from nlcmd import parse_natural_language_command as parse
from nlcmd.morph import word_info

ICE = ["website_intelligence", "personalization_extractor", "icebreaker_generator"]
FULL = ["company_name_cleaner", *ICE]


def test_all_lemmas_are_considered() -> None:
    keys = word_info("лиды")[0]
    assert {"лид", "лида"} <= keys
    cmd = parse("прогони лиды из base.csv через персонализацию")
    assert cmd.processors == ICE[:2] and cmd.input_file == "base.csv"


@pytest.mark.parametrize(("text", "action"), [
    ("оцени бюджет на айсбрейкеры для base.csv", "estimate"),
    ("what would a run over base.csv cost me", "estimate"),
    ("how much money did we burn last time", "report"),
    ("сколько денег ушло на прошлый запуск", "report"),
    ("how many rows are processed already?", "status"),
    ("как продвигается обработка?", "status"),
    ("keep going with base.csv", "resume"),
    ("дообработай base.csv", "resume"),
    ("покажи сводку по base.csv", "report"),
    ("обработка base.csv прервалась, продолжи", "resume"),
    ("re-run base.csv from scratch", "process"),  # starts over: not a resume
    ("rerun the last job", "resume"),
    ("crank out openers for base.csv but stop at $4", "process"),  # "stop at $4" caps the budget
    ("show me the numbers from the last run", "report"),
    ("process base.csv, phone numbers only", "process"),
])
def test_actions(text: str, action: str) -> None:
    assert parse(text).action == action


@pytest.mark.parametrize(("text", "steps"), [
    ("полное обогащение base.csv минус персонализация", ["company_name_cleaner", "website_intelligence"]),
    ("enrich base.csv except icebreakers", FULL[:3]),
    ("enrich base.csv, no name cleaning, no icebreakers", ICE[:2]),
    ("айсбрейкеры для base.csv, чистка названий не нужна", ICE),
    ("only personalization for base.csv", ICE[:2]),
    ("clean up the names and write openers for base.csv", FULL),
    ("Обработай base.csv без обогащения", ["company_name_cleaner"]),  # nothing that reads the website
    ("process base.csv, no enrichment", ["company_name_cleaner"]),
    ("нужны только чистые названия компаний для base.csv", ["company_name_cleaner"]),
    ("parse the websites and extract personalization facts for base.csv", ICE[:2]),  # "parse" is no "pause"
    ("набросай первые строчки писем для base.csv", ICE),  # colloquial words of the held-out kind
    ("прокачай лидов из base.csv", FULL),
    ("пробей сайты компаний из base.csv", ICE[:1]),
    ("can you beef up the leads in base.csv?", FULL),
    ("spruce up the company column in base.csv", ["company_name_cleaner"]),
])
def test_steps_negation_only_and_dependencies(text: str, steps: list[str]) -> None:
    assert parse(text).processors == steps


def test_conflict_between_only_and_without() -> None:
    cmd = parse("only icebreakers for base.csv, skip icebreakers")
    assert (cmd.action, cmd.reason) == ("error", "conflicting_instructions")
    cmd = parse("айсбрейкеры для base.csv без персонализации")
    assert cmd.reason == "conflicting_instructions"
    cmd = parse("айсбрейкеры для base.csv без обогащения")
    assert cmd.reason == "conflicting_instructions"


def test_self_correction_last_value_wins() -> None:
    assert parse("обработай 300 лидов из base.csv, нет, 450").limit == 450
    assert parse("process base.csv in batches of 200, actually 400").batch_size == 400
    assert parse("process a.csv, sorry, I meant b.csv").input_file == "b.csv"
    assert parse("process a.csv and b.csv").reason == "multiple_input_files"


def test_flag_style_fragments() -> None:
    cmd = parse("обработай base.csv --limit 2k --batch-size=250 --icebreakers country=FR,BE")
    assert (cmd.limit, cmd.batch_size, cmd.processors) == (2000, 250, ICE)
    assert cmd.filters == {"country": ["FR", "BE"]}


def test_mixed_language_command() -> None:
    cmd = parse("запусти enrichment для base.csv, only fintech из Польши, бюджет $3")
    assert cmd.processors == FULL
    assert cmd.filters == {"industry": ["fintech"], "country": ["PL"]}
    assert cmd.budget_usd == 3.0 and cmd.lang == "ru"


def test_filters() -> None:
    cmd = parse("process base.csv: owners and CTOs from Canada and Mexico, 5-25 employees, with a website")
    assert cmd.filters == {"job_titles": ["owner", "cto"], "country": ["CA", "MX"], "employees_min": 5,
                           "employees_max": 25, "has_website": True}
    cmd = parse("обработай base.csv, менеджеры и выше из логистики, компании свыше 300 сотрудников")
    assert cmd.filters == {"seniority": ["manager", "director", "vp", "c_level"], "industry": ["logistics"],
                           "employees_min": 300}


def test_with_a_website_is_a_filter_not_the_step() -> None:
    cmd = parse("персонализация для base.csv, только компании с сайтом")
    assert cmd.processors == ICE[:2] and cmd.filters == {"has_website": True}


def test_output_language_only_when_stated() -> None:
    assert parse("обработай base.csv с айсбрейкерами").output_language is None
    assert parse("openers for base.csv in Russian").output_language == "ru"
    assert parse("айсбрейкеры для base.csv по-английски").output_language == "en"


@pytest.mark.parametrize(("text", "language", "filters"), [
    ("icebreakers for base.csv, language: ru", "ru", {}),
    ("айсбрейкеры для base.csv, язык RU", "ru", {}),
    ("айсбрейкеры для base.csv на RU", "ru", {}),
    ("icebreakers for base.csv, leads from RU, language EN", "en", {"country": ["RU"]}),
    ("icebreakers for base.csv, only leads in RU", None, {"country": ["RU"]}),  # a country after "in"
])
def test_a_language_code_after_a_language_word_is_the_language_not_the_country(
        text: str, language: str | None, filters: dict) -> None:
    cmd = parse(text)
    assert (cmd.action, cmd.output_language, cmd.filters) == ("process", language, filters)


@pytest.mark.parametrize(("text", "action"), [
    ("стаутс", "status"), ("reprort", "report"), ("продолжии", "resume"), ("resmue", "resume"),
])
def test_typos_are_tolerated(text: str, action: str) -> None:
    assert parse(text).action == action


def test_typo_guards() -> None:
    assert parse("show progress").action == "status"  # not "process"
    cmd = parse("clean company names in report.csv")
    assert (cmd.action, cmd.input_file) == ("process", "report.csv")
    cmd = parse("qwertyuiop zxcvbnm")
    assert (cmd.action, cmd.reason) == ("error", "not_a_command")


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty_command"), ("   \n", "empty_command"),
    ("обработай base.csv, бюджет 300 гривен", "unsupported_currency"),
    ("process base.numbers", "unsupported_file_type"),
    ("обработай base.csv батчами по 9000", "batch_size_out_of_range"),
    ("process zero leads from base.csv", "invalid_limit"),
    ("обработай 10% лидов из base.csv", "invalid_limit"),  # a share is no number of leads
    ("process 25 percent of base.csv", "invalid_limit"),
    ("персонализация для пятисот лидов", "missing_input_file"),
    ("разошли письма всем из base.csv", "unsupported_action"),
    ("расскажи анекдот", "not_a_command"),
])
def test_errors(text: str, reason: str) -> None:
    cmd = parse(text)
    assert (cmd.action, cmd.reason) == ("error", reason)
    assert cmd.to_label() == {"action": "error", "reason": reason, "message": cmd.message}


def test_error_messages_speak_the_users_language() -> None:
    ru = parse("сгенерируй персонализацию")
    assert ru.reason == "missing_input_file" and ru.lang == "ru"
    assert ru.message.startswith("Не указан файл") and "leads/1-raw/" in ru.message
    en = parse("generate openers please")
    assert en.lang == "en" and en.message.startswith("No input file")


def test_near_miss_suggestion() -> None:
    cmd = parse("стататусик")
    assert cmd.action == "error" and '"статус"' in (cmd.message or "")


def test_unexplained_words_become_warnings() -> None:
    cmd = parse("process base.csv with icebreakers, leads from Wakanda")
    assert cmd.action == "process" and "Wakanda" in cmd.warnings
    assert parse("process base.csv with icebreakers").warnings == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Пропусти через пайплайн 600 записей из partners.csv", {"action": "process", "limit": 600}),
    ("Нагенерируй ледоколы для первых трёхсот строк p.csv", {"processors": ICE, "limit": 300}),
    ("Распарси сайты компаний из p.csv", {"processors": ICE[:1]}),
    ("Хочу понять, во сколько мне встанет обработка p.csv", {"action": "estimate"}),
    ("Доведи до конца обработку p.csv", {"action": "resume", "input_file": "p.csv"}),
    ("Crunch p.csv with the full stack", {"processors": FULL}),
    ("What's the damage for running p.csv?", {"action": "estimate"}),
    ("Rerun the failed job xk-42", {"action": "resume", "run_id": "xk-42"}),
    ("resume run #17", {"action": "resume", "run_id": "17", "limit": None}),
    ("p.csv, 51 to 200 employees, Nordic countries",
     {"filters": {"country": ["SE", "NO", "DK", "FI", "IS"], "employees_min": 51, "employees_max": 200}}),
    ("обработай p.csv, только DACH", {"filters": {"country": ["DE", "AT", "CH"]}}),
    ("обработай p.csv, штат от 50", {"filters": {"employees_min": 50}}),
    ("обработай 1к из p.csv", {"limit": 1000}),
    ("обработай p.csv, бюджет 5 баксов, нет, 7", {"budget_usd": 7.0, "limit": None}),
    ("process p.csv --no-icebreakers", {"processors": FULL[:3]}),
    ("process p.csv → out/y.csv", {"input_file": "p.csv", "output_file": "out/y.csv"}),
    ("айсбрейкеры для p.csv на испанском", {"filters": {}, "output_language": None}),
    ("process p.csv, only Spanish companies", {"filters": {"country": ["ES"]}}),
    ("Give me a quote for 3,500 leads with icebreakers", {"action": "estimate", "limit": 3500}),
    ("Обработай десять тысяч лидов из p.csv пачками по тысяче", {"limit": 10000, "batch_size": 1000}),
])
def test_unseen_phrasings(text: str, expected: dict) -> None:
    label = parse(text).to_label()
    assert {k: label.get(k) for k in expected} == expected, label


@pytest.mark.parametrize("text", [
    "отмени запуск abc123", "kill the job", "abort the current run", "split big.csv into 5 files",
    "залей результаты в HubSpot", "собери мне лиды из LinkedIn", "почисти дубли в x.csv",
    "process x.csv and email me the report",
])
def test_unsupported_actions(text: str) -> None:
    assert parse(text).reason == "unsupported_action"


@pytest.mark.parametrize(("text", "expected"), [
    ("обраотай x.csv", {"action": "process"}),
    ("сгенирируй айсбрейкиры для x.csv", {"processors": ICE}),
    ("пресонализация для x.csv", {"processors": ICE[:2]}),
    ("полное обагащение x.csv", {"processors": FULL}),
    ("оцинка стоимости x.csv", {"action": "estimate"}),
    ("procss x.csv", {"action": "process"}),
    ("personlization for x.csv", {"processors": ICE[:2]}),
    ("full enrichmnet for x.csv", {"processors": FULL}),
    ("stauts", {"action": "status"}),
    ("contniue", {"action": "resume"}),
    ("Procces 500 leeds from x.csv", {"action": "process", "limit": 500}),
    ("обработай x.csv с айсбрейкерами на англиском", {"output_language": "en"}),
])
def test_more_typos(text: str, expected: dict) -> None:
    label = parse(text).to_label()
    assert {k: label.get(k) for k in expected} == expected, label


@pytest.mark.parametrize("text", [
    "как дела?", "сделай кофе", "remind me tomorrow at 9", "what time is it", "напиши письмо клиенту",
    "translate this text to French", "покажи мне котиков", "спасибо",
])
def test_small_talk_is_not_a_command(text: str) -> None:
    assert parse(text).reason == "not_a_command"


@pytest.mark.parametrize(("text", "expected"), [
    ("process x.csv in 100-lead batches", {"batch_size": 100, "limit": None}),
    ("обработай x.csv, 250 в батче", {"batch_size": 250}),
    ("process 2000 leads from x.csv, 500 leads per batch", {"limit": 2000, "batch_size": 500}),
    ("process 1000 leads from x.csv in 4 batches", {"limit": 1000, "batch_size": 250}),
    ("x.csv — айсбрейкеры, English, 500 штук", {"limit": 500, "output_language": "en"}),
    ("обработай x.csv, only CTO и CFO, from Germany", {"filters": {"job_titles": ["cto", "cfo"], "country": ["DE"]}}),
])
def test_batches_and_lists(text: str, expected: dict) -> None:
    label = parse(text).to_label()
    assert {k: label.get(k) for k in expected} == expected, label


@pytest.mark.parametrize(("text", "expected"), [
    ("process x.csv — 300 leads — $2 — icebreakers", {"limit": 300, "budget_usd": 2.0}),
    ("обработай пару сотен лидов из x.csv", {"limit": 200}),
    ("process a couple of thousand leads from x.csv", {"limit": 2000}),
    ("обработай две сотни лидов из x.csv", {"limit": 200}),
    ("process 1000 leads from x.csv, 200 a batch", {"limit": 1000, "batch_size": 200}),
    ("В x.csv 12 тысяч строк, возьми первые 3000 и обработай батчами по 500", {"limit": 3000, "batch_size": 500}),
    ("x.csv has 20k rows, do the first 5k in batches of 1k", {"limit": 5000, "batch_size": 1000}),
    ("обработай x.csv, батч 200, хотя нет, 300", {"batch_size": 300}),
])
def test_several_numbers(text: str, expected: dict) -> None:
    label = parse(text).to_label()
    assert {k: label.get(k) for k in expected} == expected, label


@pytest.mark.parametrize(("text", "expected"), [
    ("Сколько мы вчера спустили на айсбрейкеры?", {"action": "report"}),
    ("What's the spend so far?", {"action": "report"}),
    ("Re-start the job abc123", {"action": "resume", "run_id": "abc123"}),
    ("only the website step for a.csv", {"processors": ICE[:1]}),
    ("обработай a.csv, итог положи в out/a.csv", {"action": "process", "output_file": "out/a.csv"}),
    ("status of abc123", {"action": "status", "run_id": "abc123"}),
    ("статус 2024-11-20_1532", {"action": "status", "run_id": "2024-11-20_1532"}),
])
def test_runs_and_spending(text: str, expected: dict) -> None:
    label = parse(text).to_label()
    assert {k: label.get(k) for k in expected} == expected, label


def test_overlong_input_is_refused_with_a_message() -> None:
    cmd = parse("обработай x.csv " + "очень " * 400)
    assert (cmd.action, cmd.reason) == ("error", "not_a_command")
    assert cmd.message.startswith("Команда слишком длинная")
    assert parse("x" * 1999).reason == "not_a_command"  # long but allowed: still an answer


def test_pathological_runs_parse() -> None:
    for text in ("a" * 1500, "-" * 1500, "C:\\" + "a" * 1500, "run " + "1" * 1500, '"' * 1500):
        assert parse(text).action in ("error", "process", "status", "report", "resume", "estimate")


@pytest.mark.parametrize(("text", "expected"), [
    ("что по бюджету на x.csv?", {"action": "estimate", "input_file": "x.csv"}),
    ("how much for 2k leads?", {"action": "estimate", "limit": 2000}),
    ("сколько токенов уйдёт на x.csv", {"action": "estimate"}),
    ("how long will x.csv take", {"action": "estimate"}),
    ("покажи x.csv", {"action": "error", "reason": "unclear_action"}),
    ("open x.csv", {"action": "error", "reason": "unclear_action"}),
    ("сколько лидов в x.csv", {"action": "error", "reason": "unclear_action"}),
])
def test_questions_about_a_file(text: str, expected: dict) -> None:
    label = parse(text).to_label()
    assert {k: label.get(k) for k in expected} == expected, label


@pytest.mark.parametrize(("text", "steps"), [
    ("обработай x.csv: всё, кроме айсбрейкеров", FULL[:3]),
    ("enrich x.csv minus the name cleaner", ICE),
    ("process x.csv, no need for icebreakers", FULL[:3]),
    ("process x.csv w/o icebreakers", FULL[:3]),
    ("process x.csv excluding personalization and icebreakers", FULL[:2]),
    ("обработай x.csv, персонализацию не делать", FULL[:2]),
    ("Would you mind enriching x.csv?", FULL),
    ("icebreakers in EN for x.csv", ICE),
])
def test_more_step_phrasings(text: str, steps: list[str]) -> None:
    assert parse(text).processors == steps


@pytest.mark.parametrize(("text", "expected"), [
    ("Run the cleaner and website analysis over x.csv, 250 rows per batch",
     {"processors": FULL[:2], "batch_size": 250}),
    ("I just need the company names tidied in x.csv", {"processors": FULL[:1]}),
    ("How's job 2025-05-14_0930 doing?", {"action": "status", "run_id": "2025-05-14_0930"}),
    ("Почисти названия компаний в x.csv и выгрузи в x_clean.csv",
     {"action": "process", "processors": FULL[:1], "output_file": "x_clean.csv"}),
    ("export base.csv", {"action": "error", "reason": "unsupported_action"}),
    ("Сколько денег ушло на запуск 2025-05-14_0930?", {"action": "report", "run_id": "2025-05-14_0930"}),
    ("Hey, could you grab the first 1.5k contacts from a.csv and generate openers in English? Cap it at $8.",
     {"action": "process", "limit": 1500, "processors": ICE, "budget_usd": 8.0, "output_language": "en"}),
])
def test_long_mixed_requests(text: str, expected: dict) -> None:
    label = parse(text).to_label()
    assert {k: label.get(k) for k in expected} == expected, label
