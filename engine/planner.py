"""Plan a run: order processors by their requirements, check the input can feed them, fingerprint it.

``make_plan`` fails (UsageError / InputFileError, exit 2) before any network I/O when a processor is
unknown, a requirement is missing from the plan, or the file has no column the first step can read.

The run fingerprint is sha256 over: the input file's sha256, each processor's name and version, and the
settings that change output (filters, limit, dedup, output language, model, the processors' declared
``output_settings``, and whether an LLM key is configured — never the key). The *intent* is the same
without the file hash and versions: two runs with one intent but different fingerprints mean the file
or a processor changed, which is never resumed silently.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.settings import Settings
from nlcmd.command import ProcessingCommand
from processors import registry
from processors.base import Processor
from processors.errors import UsageError

FIELD_LABELS = {
    "company": "company", "company_for_emails": "Company Name for Emails", "website": "website",
    "email": "email", "first_name": "first name", "full_name": "full name", "title": "title",
}


@dataclass
class Plan:
    command: ProcessingCommand
    input_path: Path
    names: list[str]
    processors: list[Processor]
    settings: Settings
    output_settings: dict[str, Any] = field(default_factory=dict)

    @property
    def versions(self) -> list[list[str]]:
        return [[p.name, p.version] for p in self.processors]

    @property
    def columns(self) -> list[str]:
        """New output columns, in pipeline order."""
        out: list[str] = []
        for proc in self.processors:
            out.extend(c for c in proc.provides if not c.startswith("_") and c not in out)
        return out

    @property
    def needs_network(self) -> bool:
        return any(p.needs_network for p in self.processors)

    @property
    def paid(self) -> bool:
        """A step will call a model: it uses one and an API key is configured."""
        return bool(self.settings.env.get("OPENAI_API_KEY")) and any(
            getattr(p, "uses_llm", False) for p in self.processors)

    @property
    def io_bound(self) -> bool:
        """Steps that wait on the network (HTTP or a model): run them on the worker pool."""
        return self.needs_network or self.paid


def order_processors(names: list[str]) -> list[str]:
    """Validate names, fail on unmet requirements, return them in pipeline order (no silent additions)."""
    chosen = set(names)
    for name in names:
        for needed in registry.requires_of(name):
            if needed not in chosen:
                raise UsageError(f"{name} requires {needed}: add it to the processors (or ask for "
                                 f"'{name.split('_')[0]}' in a sentence, which adds what it needs)")
    return [n for n in registry.known_processors() if n in chosen]


def make_plan(command: ProcessingCommand, settings: Settings, header_fields: set[str] | None = None) -> Plan:
    if not command.input_file:
        raise UsageError("no input file: name one, e.g. --input leads/1-raw/apollo_100.csv")
    names = order_processors(command.processors or list(settings.default_processors))
    processors = [registry.load(n) for n in names]
    if header_fields is not None:
        check_columns(command.input_file, processors, header_fields)
    output_settings: dict[str, Any] = {
        "filters": command.filters or {}, "limit": command.limit, "dedup": settings.dedup,
        "output_language": command.output_language, "model": command.model,
    }
    for proc in processors:
        for key in getattr(proc, "output_settings", ()):
            output_settings[key] = settings.env.get(key)
        if getattr(proc, "uses_llm", False):
            output_settings["llm"] = bool(settings.env.get("OPENAI_API_KEY"))
    return Plan(command, Path(command.input_file), names, processors, settings, output_settings)


def check_columns(source: str, processors: list[Processor], fields: set[str]) -> None:
    """The first processor of each independent branch must find one of the columns it reads."""
    for proc in processors:
        if proc.requires or not proc.reads:
            continue
        if not fields.intersection(proc.reads):
            wanted = " or ".join(FIELD_LABELS.get(f, f) for f in proc.reads)
            from processors.errors import InputFileError

            raise InputFileError(source, f"no usable column for {proc.name}: needs a {wanted} column")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def fingerprint(plan: Plan, input_sha: str) -> tuple[str, str]:
    """(fingerprint, intent) of a plan over an input whose content hash is ``input_sha``."""
    intent_data = {"input": str(plan.input_path.resolve()), "processors": plan.names,
                   "settings": plan.output_settings, "output": plan.command.output_file}
    full = {**intent_data, "sha256": input_sha, "versions": plan.versions}
    return _hash(full), _hash(intent_data)


def run_id_for(plan: Plan, fp: str, attempt: int = 0) -> str:
    """Deterministic: the same command over the same file gets the same run id (and output path)."""
    return fp[:10] if attempt == 0 else f"{fp[:10]}-{attempt + 1}"
