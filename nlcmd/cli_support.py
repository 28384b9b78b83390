"""What the CLI needs from nlcmd: the JSON form, the plan in the user's language, the confirmation prompt.

    parse_to_json(text) -> dict            one object in the label convention (errors: action, reason, message)
    describe_plan(cmd, lang) -> str        the plan, shown before paid work (and for "estimate, then run")
    confirm_prompt(lang) -> str            the yes/no question after the plan
    uses_llm_steps(cmd) -> bool            True when the plan contains a step that calls the model
    is_yes(answer) -> bool                 reads да/д/yes/y
    warning_line(cmd) -> str | None        the warning naming unexplained words, in the user's language

``cmd.then_run`` is True for "estimate, then run" (сначала посчитай…, потом запусти): show the estimate,
ask to confirm, then process.
"""

from __future__ import annotations

from typing import Any

from nlcmd.command import ProcessingCommand
from nlcmd.parser import parse

LLM_STEPS = ("personalization_extractor", "icebreaker_generator")

_STEP_NAMES = {
    "company_name_cleaner": ("чистка названий компаний", "company name cleaning"),
    "website_intelligence": ("анализ сайтов", "website intelligence"),
    "personalization_extractor": ("персонализация", "personalization"),
    "icebreaker_generator": ("айсбрейкеры", "icebreakers"),
}
_ACTIONS = {
    "process": ("Обработать", "Process"),
    "estimate": ("Оценить стоимость обработки", "Estimate the cost of processing"),
    "resume": ("Продолжить прерванный запуск", "Resume the interrupted run"),
    "status": ("Показать статус", "Show the status"),
    "report": ("Показать отчёт", "Show the report"),
}
_FILTER_NAMES = {
    "country": ("страны", "countries"), "region": ("регионы", "regions"), "city": ("города", "cities"),
    "job_titles": ("должности", "job titles"), "seniority": ("уровень", "seniority"),
    "industry": ("отрасли", "industries"),
}


def parse_to_json(text: str) -> dict[str, Any]:
    """The parse of one sentence in the label convention (what ``leadpipe parse --json`` prints)."""
    return parse(text).to_label()


def uses_llm_steps(cmd: ProcessingCommand) -> bool:
    """True when the command may call the model (an LLM step, or the default steps)."""
    if cmd.action not in ("process", "estimate", "resume"):
        return False
    return cmd.processors is None or any(s in LLM_STEPS for s in cmd.processors)


def _filters_text(filters: dict[str, Any], ru: bool) -> list[str]:
    out = []
    for key, (name_ru, name_en) in _FILTER_NAMES.items():
        if filters.get(key):
            out.append(f"{name_ru if ru else name_en}: {', '.join(map(str, filters[key]))}")
    lo, hi = filters.get("employees_min"), filters.get("employees_max")
    if lo is not None or hi is not None:
        if ru:
            rng = f"от {lo} " if lo is not None else ""
            rng += f"до {hi}" if hi is not None else ""
            out.append(f"сотрудников: {rng.strip()}")
        else:
            rng = f"{lo}" if lo is not None else "up"
            rng = f"{rng}–{hi}" if hi is not None else f"{rng}+"
            out.append(f"employees: {rng}")
    for key, (name_ru, name_en) in (("has_website", ("с сайтом", "with a website")),
                                    ("has_email", ("с email", "with an email"))):
        if key in filters:
            yes = filters[key]
            out.append(name_ru if yes and ru else name_en if yes else f"{'без' if ru else 'without'} {key[4:]}")
    return out


def describe_plan(cmd: ProcessingCommand, lang: str | None = None) -> str:
    """The plan in the user's language (Russian for a Russian command), several short lines."""
    ru = (lang or cmd.lang) == "ru"
    if cmd.action == "error":
        return cmd.message or ""
    i = 0 if ru else 1
    lines = [_ACTIONS.get(cmd.action, (cmd.action, cmd.action))[i]]
    head = lines[0]
    if cmd.input_file:
        head += f": {cmd.input_file}"
    if cmd.run_id:
        head += f" ({'запуск' if ru else 'run'} {cmd.run_id})"
    lines[0] = head
    if cmd.action in ("process", "estimate"):
        if cmd.limit:
            lines.append(f"Лиды: первые {cmd.limit}" if ru else f"Leads: the first {cmd.limit}")
        else:
            lines.append("Лиды: все" if ru else "Leads: all")
        if cmd.processors is None:
            lines.append("Шаги: по умолчанию" if ru else "Steps: the default")
        else:
            names = [_STEP_NAMES[s][i] for s in cmd.processors]
            lines.append(("Шаги: " if ru else "Steps: ") + " → ".join(names))
        ftext = _filters_text(cmd.filters or {}, ru)
        if ftext:
            lines.append(("Фильтры: " if ru else "Filters: ") + "; ".join(ftext))
        if cmd.output_language:
            lang_name = {"en": ("английский", "English"), "ru": ("русский", "Russian")}[cmd.output_language][i]
            lines.append(f"Язык текстов: {lang_name}" if ru else f"Output language: {lang_name}")
    if cmd.batch_size:
        lines.append(f"Батч: {cmd.batch_size}" if ru else f"Batch size: {cmd.batch_size}")
    if cmd.budget_usd is not None:
        lines.append(f"Бюджет: не больше ${cmd.budget_usd:.2f}" if ru else f"Budget: at most ${cmd.budget_usd:.2f}")
    if cmd.model:
        lines.append(f"Модель: {cmd.model}" if ru else f"Model: {cmd.model}")
    if cmd.output_file:
        lines.append(f"Результат: {cmd.output_file}" if ru else f"Output: {cmd.output_file}")
    if cmd.warnings:
        from nlcmd.messages import warning_message

        lines.append(warning_message(cmd.warnings, "ru" if ru else "en"))
    return "\n".join(lines)


def confirm_prompt(lang: str) -> str:
    """The question asked before paid work (answer with is_yes)."""
    if lang == "ru":
        return "Запустить? Это платные вызовы модели. [д/Н] "
    return "Run it? This makes paid model calls. [y/N] "


def is_yes(answer: str) -> bool:
    """True for да / д / yes / y (any case, surrounding spaces ignored)."""
    return answer.strip().lower() in ("y", "yes", "д", "да", "ага", "yep", "ok", "ок")


def warning_line(cmd: ProcessingCommand) -> str | None:
    """One line naming the words the parser ignored (None when there are none)."""
    if not cmd.warnings:
        return None
    from nlcmd.messages import warning_message

    return warning_message(cmd.warnings, cmd.lang)
