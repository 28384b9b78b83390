"""The sample round (``--sample N``): run the icebreaker chain on the first N selected leads and print
their icebreakers for review, before the whole file is run. Nothing is written to state or output."""

from __future__ import annotations

from engine.llm_bridge import make_context
from engine.settings import Settings
from engine.source import SELECTED, LeadSource
from nlcmd.command import ProcessingCommand
from processors.base import Lead
from processors.errors import UsageError


def sample_text(cmd: ProcessingCommand, settings: Settings, n: int) -> str:
    if n <= 0:
        raise UsageError(f"--sample needs a positive number of leads, got {n}")
    from processors.icebreakers.sample import format_sample, sample_icebreakers_sync

    leads: list[Lead] = []
    with LeadSource(cmd.input_file or "") as source:
        selection = source.select(cmd.filters, cmd.limit, settings.dedup)
        for batch in source.stream_fields(max(100, n)):
            leads.extend(Lead(row=row, fields=fields) for row, fields in batch
                         if selection.codes[row] == SELECTED)
            if len(leads) >= n:
                break
    proc_settings = settings.processor_settings()
    if cmd.output_language:
        proc_settings["LEADPIPE_OUTPUT_LANGUAGE"] = cmd.output_language
    ctx = make_context(proc_settings, None, 0)
    rows = sample_icebreakers_sync(leads[:n], n, ctx)
    return format_sample(rows, cmd.lang)
