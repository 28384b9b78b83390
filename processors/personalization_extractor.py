"""personalization_extractor: 3–5 facts about a company worth mentioning in a cold e-mail (company scope).

Reads ``_site`` from ``website_intelligence`` (``{"url", "pages": [{"url", "kind", "data": extract_page}]}``).

* With a model (``ctx.llm`` set): one structured-output call; the page text reaches the model only inside a
  delimited block with a random per-call marker, truncated to ``LEADPIPE_PERSONALIZATION_MAX_CHARS``; the
  model picks and phrases facts, and each one is kept only if it is grounded in the page it cites
  (``processors.icebreakers.llm_facts``). When the model returns nothing usable, or fails with a
  non-fatal TerminalError (refusal, length cut-off, malformed JSON), the heuristic path runs instead; when the
  model's checked facts are fewer than 3, rule-based facts fill in after them (the source stays "llm").
  TransientError, FatalRunError and BudgetExceeded propagate to the engine.
* Offline: deterministic extraction (``processors.icebreakers.facts.extract_facts``).

Output columns: ``personalization`` (fact texts joined by " | "), ``personalization_sources`` (each fact's
source URL, same order, joined by " | "), ``personalization_source`` ("llm" | "heuristic"); internal
``_facts`` = [{"type", "text", "source_url", "value", "lang"}]. No facts at all: ``LeadSkipped``.
"""

from __future__ import annotations

from typing import Any

from processors.base import Lead, ProcessorContext, Scope
from processors.errors import FatalRunError, LeadSkipped, TerminalError
from processors.icebreakers.facts import extract_facts, merge_facts
from processors.icebreakers.keys import company_key_of
from processors.icebreakers.llm_facts import validate_llm_facts
from processors.icebreakers.prompts import PERSONALIZATION_SCHEMA, new_marker, personalization_messages
from processors.setting_values import setting_int

SETTING_MAX_FACTS = "LEADPIPE_PERSONALIZATION_MAX_FACTS"
MIN_FACTS = 3
SETTING_MAX_CHARS = "LEADPIPE_PERSONALIZATION_MAX_CHARS"


class PersonalizationExtractor:
    name = "personalization_extractor"
    version = "1.0"
    requires: tuple[str, ...] = ("website_intelligence",)
    provides: tuple[str, ...] = ("personalization", "personalization_sources", "personalization_source")
    reads: tuple[str, ...] = ("website", "email")
    scope = Scope.COMPANY
    needs_network = False  # uses ctx.llm when one is configured; never fetches by itself
    uses_llm = True  # calls the model when an API key is configured (the planner's "paid" step)
    output_settings: tuple[str, ...] = (SETTING_MAX_FACTS, SETTING_MAX_CHARS)  # change the output: in the fingerprint

    def company_key(self, lead: Lead) -> str | None:
        return company_key_of(lead)

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        site = lead.outputs.get("_site")
        if not isinstance(site, dict) or not site.get("pages"):
            raise LeadSkipped("no website data to personalize from")
        max_facts = setting_int(ctx.settings, SETTING_MAX_FACTS, 5, 1, 10)
        facts: list[dict[str, str]] = []
        source = "heuristic"
        if ctx.llm is not None:
            facts = await self._llm_facts(lead, ctx, site, max_facts)
            source = "llm" if facts else "heuristic"
        if len(facts) < min(MIN_FACTS, max_facts):  # none from the model, or too few: the rules fill in
            facts = merge_facts(facts, extract_facts(site, max_facts), max_facts)
        if not facts:
            raise LeadSkipped("no personalization facts found on the website")
        return {
            "personalization": " | ".join(f["text"] for f in facts),
            "personalization_sources": " | ".join(f["source_url"] for f in facts),
            "personalization_source": source,
            "_facts": facts,
        }

    async def _llm_facts(self, lead: Lead, ctx: ProcessorContext, site: dict[str, Any],
                         max_facts: int) -> list[dict[str, str]]:
        max_chars = setting_int(ctx.settings, SETTING_MAX_CHARS, 6000, 500, 100_000)
        messages = personalization_messages(site, max_facts=max_facts, max_chars=max_chars, marker=new_marker())
        try:
            res = await ctx.llm.complete_json(
                processor=self.name, messages=messages, schema=PERSONALIZATION_SCHEMA,
                schema_name="personalization", max_tokens=700, model=None, row=lead.row,
            )
        except FatalRunError:
            raise
        except TerminalError:
            return []
        data = res.data if isinstance(res.data, dict) else {}
        return validate_llm_facts(data.get("facts"), site, max_facts)
