"""The company key personalization results are shared under: the same key as website_intelligence.

``company_key_of(lead)`` asks ``processors.website_intelligence.WebsiteIntelligence`` when that package is
installed (so the engine's company cache lines up), else uses the registrable domain of the website field,
else of the e-mail address; None when there is neither.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import tldextract

from processors.base import Lead


@lru_cache(maxsize=1)
def _website_processor() -> Any:
    try:
        from processors.website_intelligence import WebsiteIntelligence
    except ImportError:
        return None
    return WebsiteIntelligence()


@lru_cache(maxsize=1)
def _extract() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(value: str) -> str:
    value = (value or "").strip().lower()
    if not value:
        return ""
    host = urlsplit(value if "//" in value else "//" + value).hostname or ""
    ext = _extract()(host)
    return f"{ext.domain}.{ext.suffix}" if ext.domain and ext.suffix else ""


def company_key_of(lead: Lead) -> str | None:
    proc = _website_processor()
    if proc is not None and hasattr(proc, "company_key"):
        return proc.company_key(lead)
    key = registrable_domain(lead.get("website"))
    if not key and "@" in lead.get("email"):
        key = registrable_domain(lead.get("email").rsplit("@", 1)[1])
    return key or None
