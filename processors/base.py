"""The Processor protocol: what every enrichment step declares and how it is called.

A processor is a small object with a ``name``, a ``version`` (bump it whenever its output for the same
input changes: the run fingerprint includes it), the names of the processors it ``requires``, the output
columns it ``provides``, the canonical lead fields it ``reads`` (any one of them is enough), its
``scope`` and whether it ``needs_network``.

* ``Scope.LEAD`` processors are called once per lead.
* ``Scope.COMPANY`` processors are called once per company key (``company_key(lead)``, normally the
  website's registrable domain); the engine shares the result with every lead of that company and caches
  it across runs.

``process`` is async so that I/O-bound processors keep many leads in flight; a pure processor simply
returns. It receives the lead's canonical fields plus the outputs of earlier processors (``lead.outputs``)
and returns a dict of its output columns. It signals problems by raising ``processors.errors.LeadError``
subclasses; any other exception is recorded as a failure of that lead with its class name.

Processors never import the engine. What they need from the outside world (settings, an HTTP client, an
LLM client) arrives through the ``ProcessorContext``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable


class ProcessorType(StrEnum):
    """The processors leadpipe ships, in pipeline order."""

    COMPANY_NAME_CLEANER = "company_name_cleaner"
    WEBSITE_INTELLIGENCE = "website_intelligence"
    PERSONALIZATION_EXTRACTOR = "personalization_extractor"
    ICEBREAKER_GENERATOR = "icebreaker_generator"


PIPELINE_ORDER: tuple[str, ...] = tuple(p.value for p in ProcessorType)


class Scope(StrEnum):
    LEAD = "lead"
    COMPANY = "company"


@dataclass
class Lead:
    """One input row as processors see it.

    ``row`` is the 0-based data-row index in the input file (the header is not counted); ``fields`` the
    canonical fields (first_name, company, email, website, ...) with whitespace stripped; ``outputs`` the
    columns earlier processors added for this lead.
    """

    row: int
    fields: dict[str, str]
    outputs: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name) or default


@dataclass
class ProcessorContext:
    """What a processor may use besides the lead: settings and shared clients (injected, lazily built)."""

    settings: dict[str, Any] = field(default_factory=dict)
    http: Any = None
    llm: Any = None
    extras: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Processor(Protocol):
    name: str
    version: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    reads: tuple[str, ...]
    scope: Scope
    needs_network: bool

    def company_key(self, lead: Lead) -> str | None:
        """For company-scoped processors: the key results are shared under (None = no company)."""
        ...

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        """Return this processor's output columns for ``lead``; raise LeadError subclasses on failure."""
        ...


# Optional: a pure lead-scoped processor may also offer ``process_sync(lead, ctx) -> dict`` with the same
# result; the engine then runs chains made only of such steps without an event loop per lead. And a
# processor may declare ``fields_used`` (every canonical field it ever reads); when all steps of a plan do,
# the engine reads only those columns.


@dataclass
class ProcessingResult:
    """Per-processor tally for a run (the seed's name): what the execution tracker reports."""

    processor: str
    processed: int = 0
    succeeded: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    cost_usd: float | None = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "processor": self.processor,
            "processed": self.processed,
            "succeeded": self.succeeded,
            "skipped": self.skipped,
            "failed": self.failed,
            "seconds": round(self.seconds, 4),
            "cost_usd": None if self.cost_usd is None else round(self.cost_usd, 6),
        }
