"""Merge the extracted pages of one site into the ``site_*`` CSV columns (strings).

``merge_pages(site) -> dict``: title/description/language from the home page (falling back to other
pages); about text from the about page, else the home page; services, emails, phones, socials and tech as
the de-duplicated union over pages (home first); location from the Organization address when a page has
one. Lists are joined with ``"; "``; socials as ``network: url`` pairs.
"""

from __future__ import annotations

from typing import Any

SEPARATOR = "; "
_ABOUT_CHARS = 600


def _first(pages: list[dict[str, Any]], key: str) -> str:
    for page in pages:
        value = page["data"].get(key)
        if value:
            return str(value)
    return ""


def _union(pages: list[dict[str, Any]], key: str, limit: int = 20) -> list[str]:
    out: dict[str, None] = {}
    for page in pages:
        for value in page["data"].get(key) or []:
            out.setdefault(value, None)
    return list(out)[:limit]


def _location(pages: list[dict[str, Any]]) -> str:
    for page in pages:
        org = page["data"].get("organization") or {}
        if org.get("address"):
            return str(org["address"])
    return ""


def merge_pages(site: dict[str, Any]) -> dict[str, str]:
    pages = site["pages"]
    by_kind = sorted(pages, key=lambda p: 0 if p["kind"] == "about" else 1 if p["kind"] == "home" else 2)
    about = _first(by_kind, "about_text")
    if len(about) > _ABOUT_CHARS:
        cut = about.rfind(" ", 0, _ABOUT_CHARS)
        about = about[: cut if cut > 0 else _ABOUT_CHARS] + "…"
    socials: dict[str, None] = {}
    for page in pages:
        for network, urls in (page["data"].get("social") or {}).items():
            for url in urls:
                socials.setdefault(f"{network}: {url}", None)
    faxes = set(_union(pages, "faxes", 50))
    phones = [p for p in _union(pages, "phones", 30) if p not in faxes][:10]
    org_name = next((p["data"]["organization"].get("name") for p in pages if p["data"].get("organization")), None)
    title = _first(pages, "title") or (org_name or "")
    return {
        "site_url": site["url"],
        "site_title": title,
        "site_description": _first(pages, "description"),
        "site_about": about,
        "site_services": SEPARATOR.join(_union(pages, "services", 15)),
        "site_location": _location(pages),
        "site_emails": SEPARATOR.join(_union(pages, "emails", 10)),
        "site_phones": SEPARATOR.join(phones),
        "site_socials": SEPARATOR.join(list(socials)[:15]),
        "site_tech": SEPARATOR.join(_union(pages, "tech", 15)),
        "site_language": _first(pages, "language"),
        "site_pages_fetched": str(len(pages)),
    }
