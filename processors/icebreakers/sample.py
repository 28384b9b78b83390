"""The sample round: run the icebreaker chain on N leads and show the results for review before a full run.

``await sample_icebreakers(leads, n, ctx, processors=None)`` runs the chain (by default every processor up to
``icebreaker_generator`` from the registry, in pipeline order, with ``company_name_cleaner`` first) on the first
``n`` leads and returns one ``SampleRow`` per lead: row, name, company, icebreaker, its source (llm/template),
the fact URL, and the skip/failure reason when there is no icebreaker. Company-scoped processors run once per
company key within the sample, as the engine does. Nothing is written anywhere.
``sample_icebreakers_sync(...)`` is the blocking wrapper for the CLI; ``format_sample(rows, lang)`` renders
the rows as plain text ("ru" or "en" labels) for the terminal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from processors.base import Lead, Processor, ProcessorContext, Scope
from processors.errors import FatalRunError, LeadError, TerminalError

CHAIN = ("company_name_cleaner", "website_intelligence", "personalization_extractor", "icebreaker_generator")


@dataclass
class SampleRow:
    row: int
    name: str
    company: str
    icebreaker: str = ""
    source: str = ""
    fact_url: str = ""
    problem: str = ""


def default_processors() -> list[Processor]:
    from processors.registry import load

    return [load(name) for name in CHAIN]


async def _run_one(lead: Lead, procs: Sequence[Processor], ctx: ProcessorContext,
                   company_cache: dict[tuple[str, str], asyncio.Future]) -> SampleRow:
    row = SampleRow(row=lead.row, name=lead.get("full_name") or " ".join(
        x for x in (lead.get("first_name"), lead.get("last_name")) if x), company=lead.get("company"))
    for proc in procs:
        try:
            if proc.scope == Scope.COMPANY:
                key = (proc.name, proc.company_key(lead) or f"row:{lead.row}")
                future = company_cache.get(key)
                if future is None:  # the first lead of this company computes it; the others wait for it
                    future = company_cache[key] = asyncio.get_running_loop().create_future()
                    try:
                        future.set_result(await proc.process(lead, ctx))
                    except LeadError as exc:
                        future.set_result(exc)
                        if isinstance(exc, FatalRunError):
                            raise
                    except Exception as exc:  # a bug in a step fails the lead (its class named), as in a run
                        future.set_result(TerminalError(f"{type(exc).__name__}: {exc}"))
                    except BaseException:
                        future.cancel()
                        raise
                cached = await asyncio.shield(future)
                if isinstance(cached, LeadError):
                    raise cached
                out = dict(cached)
            else:
                out = await proc.process(lead, ctx)
        except FatalRunError:
            raise
        except Exception as exc:  # LeadError subclasses, and anything else as a failure of this lead
            row.problem = f"{proc.name}: {type(exc).__name__}: {exc}"
            return row
        lead.outputs.update(out)
    row.icebreaker = str(lead.outputs.get("icebreaker") or "")
    row.source = str(lead.outputs.get("icebreaker_source") or "")
    row.fact_url = str(lead.outputs.get("icebreaker_fact_url") or "")
    return row


async def sample_icebreakers(leads: Sequence[Lead], n: int, ctx: ProcessorContext,
                             processors: Sequence[Processor] | None = None) -> list[SampleRow]:
    """Icebreakers for the first ``n`` leads (concurrently; results in input order)."""
    procs = list(processors) if processors is not None else default_processors()
    chosen = list(leads)[: max(0, n)]
    cache: dict[tuple[str, str], asyncio.Future] = {}
    try:
        return list(await asyncio.gather(*(_run_one(lead, procs, ctx, cache) for lead in chosen)))
    finally:
        for proc in procs:
            closer = getattr(proc, "aclose", None)
            if closer is not None:
                await closer(ctx)


def sample_icebreakers_sync(leads: Sequence[Lead], n: int, ctx: ProcessorContext,
                            processors: Sequence[Processor] | None = None) -> list[SampleRow]:
    return asyncio.run(sample_icebreakers(leads, n, ctx, processors))


def format_sample(rows: Sequence[SampleRow], lang: str = "en") -> str:
    """Plain-text review listing of a sample."""
    ru = lang == "ru"
    lines = [f"{'Примеры айсбрейкеров' if ru else 'Sample icebreakers'} ({len(rows)}):", ""]
    for r in rows:
        who = ", ".join(x for x in (r.name, r.company) if x) or f"row {r.row + 1}"
        lines.append(f"#{r.row + 1} {who}")
        if r.icebreaker:
            src = {"llm": "LLM", "template": "шаблон" if ru else "template"}.get(r.source, r.source)
            lines.append(f"  {r.icebreaker}")
            lines.append(f"  [{src}] {r.fact_url}".rstrip())
        else:
            lines.append(f"  {'нет айсбрейкера' if ru else 'no icebreaker'}: {r.problem}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
