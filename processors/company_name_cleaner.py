"""Company-name cleaner: the short name an SDR writes ("Acme" for "ACME HOLDINGS, INC.").

``clean_company_name(raw) -> str`` is pure, deterministic and offline. The ``company_name_cleaner``
processor reads Apollo's ``Company Name for Emails`` when present, else the company column, and writes
``company_clean`` (plus ``company_clean_note`` when it abstains or changes something notable).

NOTE: placeholder rules; the full rule set is issue 3.
"""

from __future__ import annotations

import html
import re
from typing import Any

from processors.base import Lead, ProcessorContext, Scope

_LEGAL = re.compile(
    r"[\s,]+(inc\.?|llc|ltd\.?|gmbh|corp\.?|corporation|co\.?|plc|ag|sa|s\.a\.|limited)$", re.IGNORECASE
)
_PLACEHOLDERS = {"n/a", "na", "none", "-", "self-employed", "freelance", "confidential", "stealth", "company"}


def clean_company_name(raw: str) -> str:
    name = html.unescape(raw or "").strip().strip("\"'«»“”")
    if name.lower() in _PLACEHOLDERS:
        return ""
    previous = None
    while previous != name:
        previous = name
        name = _LEGAL.sub("", name).strip()
    return name


class CompanyNameCleaner:
    name = "company_name_cleaner"
    version = "0.1"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ("company_clean", "company_clean_note")
    reads: tuple[str, ...] = ("company_for_emails", "company")
    scope = Scope.LEAD
    needs_network = False

    def company_key(self, lead: Lead) -> str | None:
        return None

    def clean(self, lead: Lead) -> dict[str, Any]:
        raw = lead.get("company_for_emails") or lead.get("company")
        cleaned = clean_company_name(raw)
        note = ""
        if raw and not cleaned:
            note = f"placeholder or no name in {raw!r}"
        return {"company_clean": cleaned, "company_clean_note": note}

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        return self.clean(lead)
