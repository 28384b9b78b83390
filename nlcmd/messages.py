"""One-line error messages in the user's language: what is missing and how to say it."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "missing_input_file": {
        "ru": 'Не указан файл: добавьте, например, "из leads/1-raw/apollo.csv"',
        "en": 'No input file given: add one, for example "from leads/1-raw/apollo.csv"',
    },
    "not_a_command": {
        "ru": 'Это не похоже на команду: скажите, например, "обработай 500 лидов из leads/1-raw/apollo.csv '
              'с айсбрейкерами"',
        "en": 'This does not look like a command: try, for example, "process 500 leads from '
              'leads/1-raw/apollo.csv with icebreakers"',
    },
    "empty_command": {
        "ru": 'Пустая команда: напишите, что сделать, например, "обработай leads/1-raw/apollo.csv"',
        "en": 'Empty command: say what to do, for example "process leads/1-raw/apollo.csv"',
    },
    "unsupported_action": {
        "ru": "Это действие не поддерживается: leadpipe умеет обрабатывать (обогащать) лиды, оценивать "
              "стоимость, продолжать запуск и показывать статус и отчёт",
        "en": "That action is not supported: leadpipe can process (enrich) leads, estimate the cost, resume a "
              "run and show its status and report",
    },
    "multiple_input_files": {
        "ru": "Указано несколько входных файлов: обрабатывается один файл за раз, выберите один",
        "en": "Several input files given: leadpipe processes one file at a time, name just one",
    },
    "unsupported_file_type": {
        "ru": "Поддерживаются только файлы .csv: сохраните таблицу как CSV и укажите её, например, "
              '"из leads/1-raw/apollo.csv"',
        "en": 'Only .csv files are supported: save the sheet as CSV and name it, for example '
              '"from leads/1-raw/apollo.csv"',
    },
    "batch_size_out_of_range": {
        "ru": 'Размер батча должен быть от 100 до 5000: например, "батчами по 500"',
        "en": 'The batch size must be between 100 and 5000: for example "in batches of 500"',
    },
    "invalid_limit": {
        "ru": 'Число лидов должно быть числом больше нуля, не процентом: например, "первые 500 лидов"',
        "en": 'The number of leads must be a count above zero, not a percentage: for example "the first 500 leads"',
    },
    "conflicting_instructions": {
        "ru": "Команда противоречит сама себе (шаг и запрошен, и исключён): уберите одно из двух",
        "en": "The command contradicts itself (a step is both requested and excluded): drop one of the two",
    },
    "unsupported_currency": {
        "ru": 'Бюджет задаётся только в долларах: например, "бюджет $5"',
        "en": 'The budget is in US dollars only: for example "budget $5"',
    },
    "unclear_action": {
        "ru": 'Непонятно, что сделать с файлом: скажите "обработай", "оцени стоимость", "статус" или "отчёт"',
        "en": 'What should be done with the file? Say "process", "estimate", "status" or "report"',
    },
}


def error_message(reason: str, lang: str, suggestion: str | None = None) -> str:
    """The one-line message for an error reason, with an optional near-miss suggestion."""
    table = MESSAGES.get(reason) or MESSAGES["not_a_command"]
    msg = table["ru" if lang == "ru" else "en"]
    if suggestion:
        msg += f' (возможно, вы имели в виду "{suggestion}"?)' if lang == "ru" else f' (did you mean "{suggestion}"?)'
    return msg


def warning_message(words: list[str], lang: str) -> str:
    """The warning naming words the rules could not explain."""
    joined = ", ".join(f'"{w}"' for w in words)
    if lang == "ru":
        return f"Не понял слова: {joined} — они не учтены"
    return f"Did not understand: {joined} — these words were ignored"
