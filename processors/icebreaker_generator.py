"""icebreaker_generator: a 1–2 sentence opening line for each lead, built on a personalization fact (lead scope).

Reads the lead's ``first_name`` (else from ``full_name``), ``title``, the clean company name
(``company_clean`` from the cleaner when it ran, else ``clean_company_name(company)``) and ``_facts`` from
``personalization_extractor``. The language is ``LEADPIPE_OUTPUT_LANGUAGE`` when the command set it, else
Russian for a Cyrillic name / Russian-speaking site or country, else English
(``processors.icebreakers.language``).

* With a model: structured output ``{"icebreaker", "fact_number"}``; facts and lead fields reach the model
  inside a delimited block with a random marker. Every answer goes through the deterministic gates
  (``processors.icebreakers.gates``); a rejected answer is retried once with the reason, then the template
  path runs. A non-fatal TerminalError (refusal, cut-off, malformed JSON) also falls back to templates;
  TransientError, FatalRunError and BudgetExceeded propagate to the engine.
* Offline: templates per fact type and language, chosen deterministically per lead, gated the same way.

Output columns: ``icebreaker``, ``icebreaker_source`` ("llm" | "template"), ``icebreaker_fact_url`` (the source
URL of the fact it uses); internal ``_icebreaker_rejected`` (the gate reasons of rejected model answers).
No facts, or no text that passes the gates: ``LeadSkipped`` with the reason.
"""

from __future__ import annotations

import json
from typing import Any

from processors.base import Lead, ProcessorContext, Scope
from processors.company_name_cleaner import clean_company_name
from processors.errors import FatalRunError, LeadSkipped, TerminalError
from processors.icebreakers.gates import (
    SETTING_CLICHES_FILE,
    SETTING_MAX_WORDS,
    SETTING_MIN_WORDS,
    check_icebreaker,
    fact_used,
)
from processors.icebreakers.language import SETTING as LANGUAGE_SETTING
from processors.icebreakers.language import choose_language, first_name_of
from processors.icebreakers.prompts import ICEBREAKER_SCHEMA, icebreaker_messages, new_marker, retry_messages
from processors.icebreakers.templates import display_name, render_icebreaker, strip_symbols
from processors.icebreakers.text import collapse
from processors.setting_values import setting_int, setting_str


def lead_company(lead: Lead) -> str:
    """The clean company name: the cleaner's output when present, else cleaned here."""
    clean = lead.outputs.get("company_clean")
    if isinstance(clean, str) and clean.strip():
        return clean.strip()
    return clean_company_name(lead.get("company_for_emails") or lead.get("company"))


def seed_key(lead: Lead) -> str:
    """What a lead's deterministic template choice hangs on: e-mail, else name + company, else the row."""
    email = lead.get("email").lower()
    if email:
        return email
    name = lead.get("full_name") or f"{lead.get('first_name')} {lead.get('last_name')}".strip()
    return f"{name}|{lead.get('company')}" if name else f"row:{lead.row}"


class IcebreakerGenerator:
    name = "icebreaker_generator"
    version = "1.0"
    requires: tuple[str, ...] = ("personalization_extractor",)
    provides: tuple[str, ...] = ("icebreaker", "icebreaker_source", "icebreaker_fact_url")
    reads: tuple[str, ...] = ("first_name", "full_name", "title", "company")
    scope = Scope.LEAD
    needs_network = False  # uses ctx.llm when one is configured
    uses_llm = True  # calls the model when an API key is configured (the planner's "paid" step)
    output_settings: tuple[str, ...] = (LANGUAGE_SETTING, SETTING_MAX_WORDS, SETTING_MIN_WORDS, SETTING_CLICHES_FILE)

    def company_key(self, lead: Lead) -> str | None:
        return None

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        facts = [f for f in lead.outputs.get("_facts") or [] if isinstance(f, dict)]
        if not facts:
            raise LeadSkipped("no personalization facts for an icebreaker")
        language = choose_language(lead.fields, ctx.settings, site_url=str(lead.outputs.get("site_url") or ""),
                                   site_language=str(lead.outputs.get("site_language") or ""))
        opts = {
            "lead_fields": lead.fields,
            "language": language,
            "first_name": display_name(first_name_of(lead.fields)),
            "company": strip_symbols(lead_company(lead)),
            "max_words": setting_int(ctx.settings, SETTING_MAX_WORDS, 30, 8, 120),
            "min_words": setting_int(ctx.settings, SETTING_MIN_WORDS, 6, 1, 40),
            "cliches_file": setting_str(ctx.settings, SETTING_CLICHES_FILE),
        }
        title = strip_symbols(lead.get("title"))
        rejected: list[str] = []
        if ctx.llm is not None:
            result = await self._llm(lead, ctx, facts, title, opts, rejected)
            if result is not None:
                return result
        rendered = render_icebreaker(facts=facts, title=title, seed_key=seed_key(lead), **opts)
        if rendered is None:
            raise LeadSkipped("no icebreaker passed the quality gates")
        text, fact = rendered
        return {"icebreaker": text, "icebreaker_source": "template",
                "icebreaker_fact_url": fact.get("source_url", ""), "_icebreaker_rejected": rejected}

    async def _llm(self, lead: Lead, ctx: ProcessorContext, facts: list[dict[str, Any]], title: str,
                   opts: dict[str, Any], rejected: list[str]) -> dict[str, Any] | None:
        messages = icebreaker_messages(
            facts=facts, first_name=opts["first_name"], title=title, company=opts["company"],
            language=opts["language"], max_words=opts["max_words"], marker=new_marker(),
        )
        for _attempt in range(2):
            try:
                res = await ctx.llm.complete_json(
                    processor=self.name, messages=messages, schema=ICEBREAKER_SCHEMA, schema_name="icebreaker",
                    max_tokens=200, model=None, row=lead.row,
                )
            except FatalRunError:
                raise
            except TerminalError as exc:
                rejected.append(f"model error: {exc}")
                return None
            data = res.data if isinstance(res.data, dict) else {}
            text = collapse(str(data.get("icebreaker") or ""))
            gate = check_icebreaker(text, facts=facts, **opts)
            if gate.ok:
                fact = _chosen_fact(facts, data.get("fact_number"), text, gate.fact_index)
                return {"icebreaker": text, "icebreaker_source": "llm",
                        "icebreaker_fact_url": fact.get("source_url", ""), "_icebreaker_rejected": rejected}
            rejected.append(gate.reason)
            messages = retry_messages(messages, json.dumps(data, ensure_ascii=False), gate.reason)
        return None


def _chosen_fact(facts: list[dict[str, Any]], number: Any, text: str, gate_index: int | None) -> dict[str, Any]:
    """The fact the model says it used when the text really carries it, else the first one the gate found."""
    if isinstance(number, int) and 1 <= number <= len(facts) and fact_used(text, facts[number - 1]):
        return facts[number - 1]
    return facts[gate_index or 0]
