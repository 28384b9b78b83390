"""ProcessingCommand: the structured form of what the user asked for.

Both the natural-language parser and the CLI flags build one; the engine only ever sees this.
``to_label()`` gives the JSON convention of the NL command corpus (keys: action, input_file, processors,
limit, batch_size, filters, budget_usd, output_language, output_file, model, run_id).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

ACTIONS = ("process", "estimate", "resume", "status", "report", "error")

LABEL_KEYS = (
    "action",
    "input_file",
    "processors",
    "limit",
    "batch_size",
    "filters",
    "budget_usd",
    "output_language",
    "output_file",
    "model",
    "run_id",
)


@dataclass
class ProcessingCommand:
    action: str = "process"
    input_file: str | None = None
    processors: list[str] | None = None
    limit: int | None = None
    batch_size: int | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    budget_usd: float | None = None
    output_language: str | None = None
    output_file: str | None = None
    model: str | None = None
    run_id: str | None = None
    # error commands: a reason code from the corpus convention and a message in the user's language
    reason: str | None = None
    message: str | None = None
    # the language the user wrote in ("ru" / "en"), for messages; never the output language
    lang: str = "en"
    # words the rules could not explain (named in a warning when no LLM fallback ran)
    warnings: list[str] = field(default_factory=list)
    text: str | None = None
    # "show 10 examples first": run the sample round on N leads instead of the whole file (not a label key)
    sample: int | None = None
    # "rules" or "llm": which path produced the command
    parsed_by: str = "rules"
    # "estimate, then run": the CLI shows the estimate, asks to confirm, then processes
    then_run: bool = False

    def to_label(self) -> dict[str, Any]:
        """The corpus label convention (error commands: action, reason, message only)."""
        if self.action == "error":
            return {"action": "error", "reason": self.reason, "message": self.message}
        data = asdict(self)
        return {key: data[key] for key in LABEL_KEYS}

    @classmethod
    def from_label(cls, data: dict[str, Any]) -> ProcessingCommand:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_text(self) -> str:
        """The canonical text form (flag style); ``from_text(cmd.to_text())`` gives the same label."""
        from nlcmd.canonical import to_text

        return to_text(self)

    @classmethod
    def from_text(cls, text: str) -> ProcessingCommand:
        """Parse a sentence or a canonical text form (the same parser reads both)."""
        from nlcmd.parser import parse

        return parse(text)
