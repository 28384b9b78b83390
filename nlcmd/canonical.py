"""The canonical text form of a ProcessingCommand: a flag-style sentence the parser reads back exactly.

    process --file "leads/1-raw/apollo.csv" --steps website_intelligence,personalization_extractor
            --limit 500 --batch-size 200 --country US,CA --budget 5.00 --lang en --output "out.csv"

``parse(to_text(cmd)).to_label() == cmd.to_label()`` for every valid (non-error) command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlcmd.command import ProcessingCommand

_LIST_FILTERS = ("country", "region", "city", "job_titles", "seniority", "industry")
_FLAG_OF = {"job_titles": "job-titles"}


def quote(value: str) -> str:
    """Quote a value for the canonical form ("..." unless it contains a double quote, then «...»)."""
    if '"' not in value:
        return f'"{value}"'
    if "»" not in value:
        return f"«{value}»"
    raise ValueError(f"cannot quote {value!r} in the canonical form")


def to_text(cmd: ProcessingCommand) -> str:
    """The canonical flag-style text of a non-error command."""
    if cmd.action == "error":
        raise ValueError("error commands have no canonical text form")
    parts = [cmd.action]
    if cmd.input_file is not None:
        parts += ["--file", quote(cmd.input_file)]
    if cmd.processors is not None:
        parts += ["--steps", ",".join(cmd.processors)]
    if cmd.limit is not None:
        parts += ["--limit", str(int(cmd.limit))]
    if cmd.batch_size is not None:
        parts += ["--batch-size", str(int(cmd.batch_size))]
    filters = cmd.filters or {}
    for key in _LIST_FILTERS:
        if filters.get(key):
            value = ",".join(str(v) for v in filters[key])
            parts += [f"--{_FLAG_OF.get(key, key)}", quote(value) if " " in value else value]
    for key in ("employees_min", "employees_max"):
        if filters.get(key) is not None:
            parts += [f"--{key.replace('_', '-')}", str(int(filters[key]))]
    for key in ("has_website", "has_email"):
        if filters.get(key) is not None:
            parts += [f"--{key.replace('_', '-')}", "true" if filters[key] else "false"]
    if cmd.budget_usd is not None:
        parts += ["--budget", f"{cmd.budget_usd:.2f}"]
    if cmd.output_language is not None:
        parts += ["--lang", cmd.output_language]
    if cmd.model is not None:
        parts += ["--model", cmd.model]
    if cmd.run_id is not None:
        parts += ["--run", cmd.run_id]
    if cmd.output_file is not None:
        parts += ["--output", quote(cmd.output_file)]
    return " ".join(parts)
