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

Latency: robots.txt is fetched before the home page (a bare domain's robots.txt redirect to ``www`` also
answers for the ``www`` host, and the home page is then asked for on the ``www`` host directly), then the
extra pages are fetched concurrently, bounded by the per-host gate (``LEADPIPE_PER_HOST_CONNECTIONS``,
``LEADPIPE_PER_HOST_DELAY_S``). The pages requested are exactly those a one-at-a-time walk of the candidates
would request (a candidate is started only while the pages in flight plus those already got are fewer than
wanted), and they are reported in candidate order. Extra pages are optional, so a failure to connect to their
host (no HTTP answer) is not retried and that host's other candidates are dropped; same-host ``http://`` links
of a site served over https are fetched over https.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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


def _upgrade(url: str, home_url: str) -> str:
    """``http://host/x`` -> ``https://host/x`` when the home page was served over https from that host."""
    home, link = urlsplit(home_url), urlsplit(url)
    if home.scheme != "https" or link.scheme != "http" or link.hostname != home.hostname or link.port not in (None, 80):
        return url
    return urlunsplit(("https", home.netloc, link.path, link.query, link.fragment))


class WebsiteIntelligence:
    name = "website_intelligence"
    version = "1.1"
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

    async def _get(self, tools: _Tools, url: str) -> Page:
        """An optional page: robots.txt obeyed, a failure to connect not retried."""
        if tools.settings.obey_robots and not await tools.robots.allowed(url, retry_connection_errors=False):
            return Page(url=url, error="disallowed by robots.txt", error_kind="robots")
        return await tools.fetcher.fetch(url, retry_connection_errors=False)

    async def _extra(self, tools: _Tools, kind: str, url: str, site_domain: str) -> tuple[Page, dict[str, Any] | None]:
        """Fetch one candidate; returns the page and its ``_site`` entry (None when it is not usable)."""
        page = await self._get(tools, url)
        if not page.ok:
            return page, None
        page_url = page.final_url or url
        if registrable_domain(urlsplit(page_url).hostname or "") != site_domain:
            return page, None  # redirected off-site: not this company's page
        data = extract_page(page.body, page_url, page.content_type)
        return page, {"url": page_url, "kind": kind, "data": data}

    async def _extras(self, tools: _Tools, candidates: list[tuple[str, str]], site_domain: str,
                      wanted: int) -> list[tuple[Page, dict[str, Any] | None]]:
        """Fetch candidates concurrently until ``wanted`` are usable or ``wanted + 2`` were tried.

        A candidate is started only while (usable so far + in flight) < wanted, so the set requested is the
        one a sequential walk would request; results come back in candidate order."""
        results: dict[int, tuple[Page, dict[str, Any] | None]] = {}
        running: dict[asyncio.Task, int] = {}
        unreachable: set[str] = set()
        usable = attempts = index = 0
        try:
            while True:
                while index < len(candidates) and attempts < wanted + 2 and usable + len(running) < wanted:
                    kind, url = candidates[index]
                    index += 1
                    if (urlsplit(url).hostname or "") in unreachable:
                        continue
                    attempts += 1
                    running[asyncio.ensure_future(self._extra(tools, kind, url, site_domain))] = index - 1
                if not running:
                    break
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    position = running.pop(task)
                    page, entry = results[position] = task.result()
                    if entry is not None:
                        usable += 1
                    elif page.status is None and page.error_kind == "transient":
                        unreachable.add(urlsplit(page.final_url or page.url).hostname or "")  # no HTTP answer: skip its other pages
        finally:
            for task in running:
                task.cancel()
            if running:
                await asyncio.gather(*running, return_exceptions=True)
        return [results[i] for i in sorted(results)]

    async def _home(self, tools: _Tools, url: str, raw: list[Page]) -> Page:
        if tools.settings.obey_robots:
            if not await tools.robots.allowed(url):
                raise LeadSkipped(f"robots.txt disallows {url}")
            moved = tools.robots.moved(url)  # robots.txt moved to the www (or bare) host: so has the site
            if moved != url and await tools.robots.allowed(moved):
                url = moved
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
        links = {k: [_upgrade(u, final) for u in v] for k, v in links.items()}
        candidates = pick_extra_pages(links, final, tools.settings.max_pages)
        for page, entry in await self._extras(tools, candidates, site_domain, tools.settings.max_pages):
            if page.error_kind != "robots":
                raw.append(page)
            if entry is not None:
                pages.append(entry)
        site = {"url": final, "pages": pages}
        columns = merge_pages(site)
        columns["_site"] = site
        columns["_pages"] = [p.to_cache() for p in raw]
        return columns
