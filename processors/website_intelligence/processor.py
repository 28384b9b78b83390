"""The ``website_intelligence`` processor (company scope): fetch a company's site and merge what it says.

For a lead it finds the site (website column, else a work-email domain; otherwise ``LeadSkipped("no
website")``), fetches the home page (https first, http when https cannot connect), picks up to
``LEADPIPE_MAX_PAGES`` more same-site pages from the home page's links (about, services, contact — in
that order of preference), obeys robots.txt, and returns:

* CSV columns ``site_url, site_title, site_description, site_about, site_services, site_location,
  site_emails, site_phones, site_socials, site_tech, site_language, site_pages_fetched`` (strings);
* ``_site`` = {"url": home URL, "pages": [{"url", "kind", "data": extract_page dict}]}, so later processors
  can cite each fact's source page;
* ``_pages``: the raw pages (the engine caches them).

Errors: the home page failing is the lead's error — ``TransientError`` (timeouts, 5xx, 429, connection)
or ``TerminalError`` (refused address, 4xx, not HTML, too large, redirect loop); robots.txt forbidding
the home page is ``LeadSkipped``. A failing extra page is only left out.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from processors.base import Lead, ProcessorContext, Scope
from processors.errors import LeadSkipped, TerminalError, TransientError
from processors.website_intelligence.extract import extract_page
from processors.website_intelligence.fetch import Fetcher, Page
from processors.website_intelligence.merge import merge_pages
from processors.website_intelligence.robots import RobotsCache
from processors.website_intelligence.settings import FetchSettings
from processors.website_intelligence.site_url import normalize_host, registrable_domain, site_url_for

_EXTRAS_KEY = "website_intelligence"
_PICK_ORDER = ("about", "services", "contact")


class _Tools:
    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self.fetcher = Fetcher(settings)
        self.robots = RobotsCache(self.fetcher, settings.user_agent)


def pick_extra_pages(links: dict[str, list[str]], home_url: str, limit: int) -> list[tuple[str, str]]:
    """Candidate (kind, url) pairs in preference order: the shallowest about, services and contact links,
    then the next of each, ... The caller fetches them in order until ``limit`` pages succeeded."""
    home = home_url.rstrip("/")
    seen = {home}
    # shallow pages first (/about-us/ before /about/history/2009.html), then in page order
    by_depth = {kind: sorted(urls, key=lambda u: urlsplit(u).path.rstrip("/").count("/")) for kind, urls in links.items()}
    chosen: list[tuple[str, str]] = []
    for index in range(limit + 2):
        for kind in _PICK_ORDER:
            candidates = by_depth.get(kind, [])
            if index < len(candidates) and candidates[index].rstrip("/") not in seen:
                seen.add(candidates[index].rstrip("/"))
                chosen.append((kind, candidates[index]))
    return chosen


class WebsiteIntelligence:
    name = "website_intelligence"
    version = "1.0"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = (
        "site_url", "site_title", "site_description", "site_about", "site_services", "site_location",
        "site_emails", "site_phones", "site_socials", "site_tech", "site_language", "site_pages_fetched",
    )
    reads: tuple[str, ...] = ("website", "email")
    scope = Scope.COMPANY
    needs_network = True

    def company_key(self, lead: Lead) -> str | None:
        url = site_url_for(lead.get("website"), lead.get("email"))
        return registrable_domain(urlsplit(url).hostname or "") if url else None

    def _tools(self, ctx: ProcessorContext) -> _Tools:
        tools = ctx.extras.get(_EXTRAS_KEY)
        if tools is None:
            tools = ctx.extras[_EXTRAS_KEY] = _Tools(FetchSettings.from_settings(ctx.settings))
        return tools

    async def aclose(self, ctx: ProcessorContext) -> None:
        tools = ctx.extras.pop(_EXTRAS_KEY, None)
        if tools is not None:
            await tools.fetcher.aclose()

    async def _get(self, tools: _Tools, url: str, raw: list[Page]) -> Page:
        if tools.settings.obey_robots and not await tools.robots.allowed(url):
            page = Page(url=url, error="disallowed by robots.txt", error_kind="robots")
            return page
        page = await tools.fetcher.fetch(url)
        raw.append(page)
        return page

    async def _home(self, tools: _Tools, url: str, raw: list[Page]) -> Page:
        if tools.settings.obey_robots and not await tools.robots.allowed(url):
            raise LeadSkipped(f"robots.txt disallows {url}")
        page = await tools.fetcher.fetch(url, retry_connection_errors=not url.startswith("https://"))
        raw.append(page)
        if page.ok or not url.startswith("https://") or page.status is not None or page.error_kind != "transient":
            return page
        fallback = "http://" + url[len("https://") :]  # https could not connect: try plain http
        if tools.settings.obey_robots and not await tools.robots.allowed(fallback):
            raise LeadSkipped(f"robots.txt disallows {fallback}")
        second = await tools.fetcher.fetch(fallback)
        raw.append(second)
        return second

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        home_url = site_url_for(lead.get("website"), lead.get("email"))
        if home_url is None:
            raise LeadSkipped("no website")
        tools = self._tools(ctx)
        raw: list[Page] = []
        home = await self._home(tools, home_url, raw)
        if not home.ok:
            where = home.final_url or home.url
            message = f"{where}: {home.error}"
            if home.error_kind == "transient":
                raise TransientError(message)
            raise TerminalError(message)
        final = home.final_url or home.url
        home_data = extract_page(home.body, final, home.content_type)
        pages = [{"url": final, "kind": "home", "data": home_data}]
        site_domain = registrable_domain(urlsplit(final).hostname or normalize_host(home_url) or "")
        links = {k: [u for u in v if registrable_domain(urlsplit(u).hostname or "") == site_domain]
                 for k, v in home_data["links"].items()}
        wanted = tools.settings.max_pages
        attempts = 0
        for kind, url in pick_extra_pages(links, final, wanted):
            if len(pages) > wanted or attempts >= wanted + 2:
                break
            attempts += 1
            page = await self._get(tools, url, raw)
            if not page.ok:
                continue
            page_url = page.final_url or url
            if registrable_domain(urlsplit(page_url).hostname or "") != site_domain:
                continue  # redirected off-site: not this company's page
            data = extract_page(page.body, page_url, page.content_type)
            pages.append({"url": page_url, "kind": kind, "data": data})
        site = {"url": final, "pages": pages}
        columns = merge_pages(site)
        columns["_site"] = site
        columns["_pages"] = [p.to_cache() for p in raw]
        return columns
