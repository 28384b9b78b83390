"""leadpipe engine: plan, CSV source, worker pool, state, output, report, CLI."""

from __future__ import annotations

from typing import Any

__all__ = [
    "BatchOrchestrator", "BatchProcessingReport", "ProcessingCommand", "ProcessingResult", "ProcessorType",
    "execute_natural_command", "orchestrate_processors", "parse_natural_language_command",
]


def __getattr__(name: str) -> Any:  # lazy: `python -m engine` and workers import little
    if name in ("BatchOrchestrator", "execute_natural_command", "orchestrate_processors"):
        from engine import api

        return getattr(api, name)
    if name == "BatchProcessingReport":
        from engine.report import BatchProcessingReport

        return BatchProcessingReport
    if name in ("ProcessingCommand", "parse_natural_language_command"):
        import nlcmd

        return getattr(nlcmd, name)
    if name in ("ProcessingResult", "ProcessorType"):
        import processors.base

        return getattr(processors.base, name)
    raise AttributeError(name)
