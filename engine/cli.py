"""`leadpipe` command line: a thin layer over engine.api.

Exit codes: 0 every lead succeeded; 1 some leads failed (partial); 2 usage / config / input error (one
line, no traceback); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.exceptions import Abort, Exit, TyperException

from engine.settings import Settings, load_dotenv_file
from nlcmd.command import ProcessingCommand
from processors.errors import LeadpipeError, UsageError

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="leadpipe: enrich B2B lead CSVs from one sentence in Russian or English.")

EXAMPLES = """\
Examples / Примеры:

  make run CMD="Почисти названия компаний в leads/1-raw/apollo_100.csv"
  make run CMD="Clean company names in leads/1-raw/apollo_100.csv"
  make run CMD="Обработай 500 лидов из leads/1-raw/apollo_1000.csv с айсбрейкерами"
  make run CMD="Process 1000 leads from leads/1-raw/apollo_1000.csv with full enrichment, budget $5"
  make run CMD="Сколько будет стоить обработать leads/1-raw/apollo_1000.csv?"
  make run CMD="How far along is the last run?"     /  make run CMD="покажи отчёт по последнему запуску"

Flags instead of a sentence:
  .venv/bin/leadpipe run --input leads/1-raw/apollo_100.csv --processors company_name_cleaner --limit 50
Other commands: leadpipe parse|estimate|status|report|resume  (leadpipe COMMAND --help)
"""

Opt = typer.Option


def _settings(workers: int | None = None, batch_size: int | None = None, state_db: Path | None = None,
              refresh: bool = False) -> Settings:
    return Settings.from_env(workers=workers, batch_size=batch_size, state_db=state_db, refresh=refresh or None)


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _summary(result: dict[str, Any], lang: str) -> None:
    ru = lang == "ru"
    lines = [
        ("Запуск" if ru else "Run") + f" {result['run_id']}: {result['status']}",
        ("Лидов в файле" if ru else "Leads in file") + f": {result['total_leads']}   "
        + ("обработано" if ru else "processed") + f": {result['processed']}   "
        + ("успешно" if ru else "enriched") + f": {result['successful']}   "
        + ("частично" if ru else "partial") + f": {result['partial']}   "
        + ("ошибки" if ru else "failed") + f": {result['failed']}   "
        + ("пропущено" if ru else "skipped") + f": {result['skipped']}   "
        + ("дубликаты" if ru else "duplicates") + f": {result['duplicates']}"
        + (f"   {'ожидают' if ru else 'pending'}: {result['pending']}" if result["pending"] else ""),
        ("Время" if ru else "Time") + f": {result['elapsed_seconds']:.1f} s   "
        + f"{result['leads_per_minute']:.0f} " + ("лидов/мин" if ru else "leads/min") + "   "
        + ("стоимость" if ru else "cost") + ": "
        + ("unknown" if result["cost_usd"] is None else f"${result['cost_usd']:.4f}"),
    ]
    for proc in result["processors"]:
        lines.append(f"  {proc['processor']:<26} ok {proc['succeeded']:>7}  failed {proc['failed']:>5}  "
                     f"skipped {proc['skipped']:>5}  {proc['seconds']:.2f} s")
    for err in result["errors"][:5]:
        lines.append(f"  ! row {err['row']}: {err['processor']}: {err['error_class']}: {err['message']}")
    if result["errors_total"] > 5:
        lines.append(f"  … {result['errors_total'] - 5} more errors in the report")
    lines.append(("CSV" if not ru else "Файл") + f": {result['output_file']}")
    lines.append(("Отчёт" if ru else "Report") + f": {result['report_file']}")
    for message in result.get("messages", []):
        typer.echo(message, err=True)
    typer.echo("\n".join(lines))


def _parse(sentence: str) -> ProcessingCommand:
    from nlcmd import parse_natural_language_command

    cmd = parse_natural_language_command(sentence)
    if cmd.action == "error":
        raise UsageError(cmd.message or f"cannot understand the command ({cmd.reason})")
    from nlcmd.cli_support import warning_line

    line = warning_line(cmd)
    if line:
        typer.echo(line, err=True)
    return cmd


def _plan_line(cmd: ProcessingCommand, settings: Settings) -> str:
    steps = ", ".join(cmd.processors or settings.default_processors)
    extra = []
    if cmd.limit:
        extra.append(f"limit {cmd.limit}")
    if cmd.filters:
        extra.append("filters " + json.dumps(cmd.filters, ensure_ascii=False))
    if cmd.budget_usd is not None:
        extra.append(f"budget ${cmd.budget_usd:g}")
    tail = f" ({'; '.join(extra)})" if extra else ""
    if cmd.lang == "ru":
        return f"План: {steps} для {cmd.input_file}{tail}"
    return f"Plan: {steps} over {cmd.input_file}{tail}"


def _is_paid(cmd: ProcessingCommand, settings: Settings) -> bool:
    """The command will call a model: an API key is configured and a step uses one (``Plan.paid``)."""
    from engine.planner import make_plan

    return bool(settings.env.get("OPENAI_API_KEY")) and make_plan(cmd, settings).paid


def _ask(cmd: ProcessingCommand) -> bool:
    from nlcmd.cli_support import confirm_prompt, is_yes

    if not sys.stdin.isatty():
        raise UsageError("чтобы запустить после оценки, добавьте --yes" if cmd.lang == "ru" else
                         "to run after the estimate, add --yes")
    return is_yes(input(confirm_prompt(cmd.lang)))


def _confirm(cmd: ProcessingCommand, settings: Settings) -> bool:
    """Show the plan and the estimate in the user's language and ask; no terminal means no consent."""
    from engine.estimate import estimate_command
    from nlcmd.cli_support import confirm_prompt, describe_plan, is_yes

    ru = cmd.lang == "ru"
    if not sys.stdin.isatty():
        raise UsageError("этот запуск делает платные вызовы модели: добавьте --yes, чтобы подтвердить" if ru else
                         "this run makes paid model calls: add --yes to confirm")
    typer.echo(describe_plan(cmd, cmd.lang), err=True)
    estimate_view = estimate_command(cmd, settings)
    typer.echo(json.dumps(estimate_view, ensure_ascii=False, indent=2), err=True)
    return is_yes(input(confirm_prompt(cmd.lang)))


@app.command()
def run(
    sentence: Annotated[str | None, typer.Argument(help="What to do, in Russian or English")] = None,
    input: Annotated[Path | None, Opt("--input", "-i", help="Lead CSV")] = None,
    processors: Annotated[str | None, Opt(help="Comma-separated processors")] = None,
    limit: Annotated[int | None, Opt(help="Process at most N leads")] = None,
    batch_size: Annotated[int | None, Opt(help="Leads per batch (100-5000)")] = None,
    workers: Annotated[int | None, Opt(help="Worker processes (0 = in this process)")] = None,
    output: Annotated[Path | None, Opt("--output", "-o", help="Enriched CSV path")] = None,
    new_run: Annotated[bool, Opt("--new-run", help="Start a new run even if the file changed")] = False,
    refresh: Annotated[bool, Opt("--refresh", help="Ignore cached company results and pages")] = False,
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask before paid work")] = False,
    budget: Annotated[float | None, Opt(help="Budget cap in USD for model calls")] = None,
    sample: Annotated[int | None, Opt(help="Show icebreakers for the first N leads, then stop")] = None,
    state_db: Annotated[Path | None, Opt(help="State database file")] = None,
    as_json: Annotated[bool, Opt("--json", help="Print the report as JSON")] = False,
) -> int:
    """Run a command: a sentence, or flags."""
    from engine.api import orchestrate_processors, run_report, run_status

    if sentence:
        cmd = _parse(sentence)
    else:
        if input is None:
            raise UsageError("nothing to do: give a sentence or --input FILE (see `make run` for examples)")
        cmd = ProcessingCommand(action="process", input_file=str(input))
    if input is not None:
        cmd.input_file = str(input)
    if processors:
        cmd.processors = [p.strip() for p in processors.split(",") if p.strip()]
    cmd.limit = limit if limit is not None else cmd.limit
    cmd.batch_size = batch_size if batch_size is not None else cmd.batch_size
    cmd.output_file = str(output) if output else cmd.output_file
    cmd.budget_usd = budget if budget is not None else cmd.budget_usd
    settings = _settings(workers, cmd.batch_size, state_db, refresh)
    if cmd.action == "status":
        _echo_json(run_status(cmd.run_id, settings))
        return 0
    if cmd.action == "report":
        _echo_json(run_report(cmd.run_id, settings))
        return 0
    if cmd.action == "estimate":
        from engine.estimate import estimate_command

        _echo_json(estimate_command(cmd, settings))
        if not cmd.then_run:
            return 0
        # "estimate, then run": the estimate is shown; paid work then needs a yes (or --yes)
        if not yes and _is_paid(cmd, settings) and not _ask(cmd):
            typer.echo("Отменено." if cmd.lang == "ru" else "Cancelled.", err=True)
            return 0
        cmd.action, yes = "process", True
    if cmd.action == "resume":
        return resume(cmd.run_id, state_db=state_db, as_json=as_json)
    typer.echo(_plan_line(cmd, settings), err=True)
    sample = sample if sample is not None else cmd.sample
    if sample:
        from engine.sample import sample_text

        typer.echo(sample_text(cmd, settings, sample))
        return 0
    if not yes and _is_paid(cmd, settings) and not _confirm(cmd, settings):
        typer.echo("Отменено." if cmd.lang == "ru" else "Cancelled.", err=True)
        return 0
    result = orchestrate_processors(cmd, settings, new_run=new_run)
    if as_json:
        _echo_json(result)
    else:
        _summary(result, cmd.lang)
    return int(result["exit_code"])


@app.command()
def parse(
    sentence: Annotated[str, typer.Argument(help="A sentence, or - to read one per line from stdin")],
    as_json: Annotated[bool, Opt("--json", help="Print the parse as JSON (the label convention)")] = False,
) -> int:
    """Show how a sentence is understood."""
    from nlcmd import parse_natural_language_command

    texts = sys.stdin.read().splitlines() if sentence == "-" else [sentence]
    code = 0
    for text in texts:
        cmd = parse_natural_language_command(text)
        label = cmd.to_label()
        if cmd.action == "error":
            code = 2
        typer.echo(json.dumps(label, ensure_ascii=False) if as_json or sentence == "-"
                   else json.dumps(label, ensure_ascii=False, indent=2))
    return code


@app.command()
def estimate(
    sentence: Annotated[str | None, typer.Argument(help="What to estimate, in Russian or English")] = None,
    input: Annotated[Path | None, Opt("--input", "-i", help="Lead CSV")] = None,
    processors: Annotated[str | None, Opt(help="Comma-separated processors")] = None,
    limit: Annotated[int | None, Opt(help="At most N leads")] = None,
    state_db: Annotated[Path | None, Opt(help="State database file")] = None,
) -> int:
    """Estimate the cost and time of a command without any paid call."""
    from engine.estimate import estimate_command

    cmd = _parse(sentence) if sentence else ProcessingCommand(action="estimate")
    if input is not None:
        cmd.input_file = str(input)
    if processors:
        cmd.processors = [p.strip() for p in processors.split(",") if p.strip()]
    cmd.limit = limit if limit is not None else cmd.limit
    _echo_json(estimate_command(cmd, _settings(state_db=state_db)))
    return 0


@app.command()
def status(run_id: Annotated[str | None, typer.Argument()] = None,
           state_db: Annotated[Path | None, Opt(help="State database file")] = None) -> int:
    """Progress of a run (default: the latest)."""
    from engine.api import run_status

    _echo_json(run_status(run_id, _settings(state_db=state_db)))
    return 0


@app.command()
def report(run_id: Annotated[str | None, typer.Argument()] = None,
           state_db: Annotated[Path | None, Opt(help="State database file")] = None) -> int:
    """The JSON report of a run (default: the latest)."""
    from engine.api import run_report

    _echo_json(run_report(run_id, _settings(state_db=state_db)))
    return 0


@app.command()
def resume(run_id: Annotated[str | None, typer.Argument()] = None,
           state_db: Annotated[Path | None, Opt(help="State database file")] = None,
           as_json: Annotated[bool, Opt("--json")] = False) -> int:
    """Continue an interrupted run (default: the latest)."""
    from engine.api import resume_run

    result = resume_run(run_id, _settings(state_db=state_db))
    if as_json:
        _echo_json(result)
    else:
        _summary(result, "en")
    return int(result["exit_code"])


@app.command()
def examples() -> int:
    """Print example commands in Russian and English."""
    typer.echo(EXAMPLES)
    return 0


def main(argv: list[str] | None = None) -> int:
    from engine.interrupts import INTERRUPTS

    INTERRUPTS.install()
    load_dotenv_file()
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="leadpipe", standalone_mode=False)
    except Abort:
        return 130
    except Exit as exc:
        return exc.exit_code
    except TyperException as exc:
        typer.echo(f"leadpipe: {exc.format_message()}", err=True)
        return 2
    except LeadpipeError as exc:
        typer.echo(f"leadpipe: error: {exc}", err=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 — never a traceback for the user
        typer.echo(f"leadpipe: internal error: {exc.__class__.__name__}: {exc}", err=True)
        return 70
    if INTERRUPTS.stopping:
        return 130
    return result if isinstance(result, int) else 0
