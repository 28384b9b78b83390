"""Website intelligence: what a company's site says, fetched politely and safely over plain HTTP.

Public API: ``extract_page`` (pure HTML extraction) and the company-scoped processor ``WebsiteIntelligence``.
See docs/website_intelligence.md.
"""

from __future__ import annotations

from processors.website_intelligence.extract import extract_page

__all__ = ["extract_page", "WebsiteIntelligence"]


def __getattr__(name: str):  # noqa: ANN202 - lazy import keeps extract_page light
    if name == "WebsiteIntelligence":
        from processors.website_intelligence.processor import WebsiteIntelligence

        return WebsiteIntelligence
    raise AttributeError(name)
