"""Processors used only by the tests, loaded through LEADPIPE_PLUGINS (the real plugin mechanism)."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from processors.base import Lead, ProcessorContext, Scope
from processors.errors import TerminalError


class FlakyProcessor:
    """Fails on leads whose company contains LEADPIPE_TEST_FAIL_ON (a bug in one lead's data)."""

    name = "flaky"
    version = "1"
    requires: tuple[str, ...] = ()
    provides = ("flaky_echo",)
    reads = ("company",)
    scope = Scope.LEAD
    needs_network = False

    def company_key(self, lead: Lead) -> str | None:
        return None

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        needle = ctx.settings.get("LEADPIPE_TEST_FAIL_ON", "\x00")
        company = lead.get("company")
        if needle in company:
            raise ZeroDivisionError(f"cannot handle {company!r}")
        if company.startswith("=") or lead.row == 1:
            return {"flaky_echo": "=HYPERLINK(\"http://evil\")"}
        return {"flaky_echo": company.lower()}


class SleepyProcessor:
    """An I/O-bound step: sleeps LEADPIPE_TEST_SLEEP_MS per lead; output depends only on the lead."""

    name = "sleepy"
    version = "1"
    requires: tuple[str, ...] = ()
    provides = ("sleepy_upper",)
    reads = ("company",)
    scope = Scope.LEAD
    needs_network = True

    def company_key(self, lead: Lead) -> str | None:
        return None

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        await asyncio.sleep(float(ctx.settings.get("LEADPIPE_TEST_SLEEP_MS", "1")) / 1000)
        return {"sleepy_upper": lead.get("company").upper()}


class DomainProcessor:
    """Company-scoped: one computation per email domain; counts its calls per process."""

    name = "domain_info"
    version = "1"
    requires: tuple[str, ...] = ()
    provides = ("domain_name", "domain_pid")
    reads = ("email",)
    scope = Scope.COMPANY
    needs_network = True
    calls: dict[str, int] = {}

    def company_key(self, lead: Lead) -> str | None:
        email = lead.get("email").lower()
        return email.split("@", 1)[1] if "@" in email else None

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        key = self.company_key(lead)
        if key is None:
            raise TerminalError("no email domain")
        DomainProcessor.calls[key] = DomainProcessor.calls.get(key, 0) + 1
        await asyncio.sleep(0.005)
        return {"domain_name": key, "domain_pid": str(os.getpid()), "_secret": "internal"}


PLUGINS = ",".join(
    f"{cls.name}=tests.plugins:{cls.__name__}" for cls in (FlakyProcessor, SleepyProcessor, DomainProcessor)
)


class LLMEcho:
    """A paid step: asks the model for one line about the company (structured output)."""

    name = "llm_echo"
    version = "1"
    requires: tuple[str, ...] = ()
    provides = ("llm_line",)
    reads = ("company",)
    scope = Scope.LEAD
    needs_network = False
    uses_llm = True

    def company_key(self, lead: Lead) -> str | None:
        return None

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        from processors.errors import LeadSkipped

        if ctx.llm is None:
            raise LeadSkipped("no model configured")
        result = await ctx.llm.complete_json(
            processor=self.name, row=lead.row, max_tokens=40, schema_name="line",
            schema={"type": "object", "properties": {"line": {"type": "string"}}, "required": ["line"],
                    "additionalProperties": False},
            messages=[{"role": "system", "content": "Write one short line about the company."},
                      {"role": "user", "content": f"Company: {lead.get('company')}"}])
        return {"llm_line": str(result.data.get("line", ""))}


PLUGINS = PLUGINS + f",{LLMEcho.name}=tests.plugins:LLMEcho"


class LeadPid(SleepyProcessor):
    """Like ``sleepy``, but says which worker process ran the lead."""

    name = "lead_pid"
    provides = ("lead_pid",)
    reads = ("email",)

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        await super().process(lead, ctx)
        return {"lead_pid": str(os.getpid())}


PLUGINS = PLUGINS + f",{LeadPid.name}=tests.plugins:LeadPid"
