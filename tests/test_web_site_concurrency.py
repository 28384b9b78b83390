"""website_intelligence fetches a site's extra pages concurrently without changing what it fetches.

Real processor, real fetcher, real sockets: every site of the test web (``tests/fixtures_web.py``) is run
once with one connection per host (pages one after another) and once with two; the pages requested and the
result must be the same. A recording wrapper around ``Fetcher.fetch`` and the per-host gate's ``slot`` (which
still do the real work) shows how many requests were in flight per host and how many attempts a page took.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from processors.base import Lead, ProcessorContext
from processors.website_intelligence import WebsiteIntelligence
from processors.website_intelligence.fetch import Fetcher
from tests.fixtures_web import load_sites


class Recorder:
    """Wraps a Fetcher instance: the URLs fetched (with attempts) and the most requests in flight per host."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetched: list[tuple[str, int, bool]] = []  # (url, attempts, ok)
        self.in_flight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        fetch, slot = fetcher.fetch, fetcher.gate.slot

        async def recorded_fetch(url: str, **kwargs: Any) -> Any:
            page = await fetch(url, **kwargs)
            self.fetched.append((url, page.attempts, page.ok))
            return page

        @asynccontextmanager
        async def recorded_slot(host: str) -> AsyncIterator[None]:
            async with slot(host):  # inside the per-host gate: the request is on the wire
                self.in_flight[host] += 1
                self.peak[host] = max(self.peak[host], self.in_flight[host])
                try:
                    await asyncio.sleep(0.02)  # hold the slot a little so overlapping requests really overlap
                    yield
                finally:
                    self.in_flight[host] -= 1

        fetcher.fetch = recorded_fetch  # type: ignore[method-assign]
        fetcher.gate.slot = recorded_slot  # type: ignore[method-assign]


async def _run_site(settings: dict[str, str], website: str) -> tuple[dict[str, Any], Recorder]:
    proc = WebsiteIntelligence()
    ctx = ProcessorContext(settings=settings)
    recorder = Recorder(proc._tools(ctx).fetcher)
    try:
        return await proc.process(Lead(row=0, fields={"website": website}), ctx), recorder
    finally:
        await proc.aclose(ctx)


def run_site(settings: dict[str, str], website: str) -> tuple[dict[str, Any], Recorder]:
    return asyncio.run(_run_site(settings, website))


def run_sites(settings: dict[str, str], websites: list[str]) -> list[tuple[dict[str, Any], Recorder]]:
    """Each site with its own processor (own fetcher, gate and recorder), all at once."""
    async def go() -> list[tuple[dict[str, Any], Recorder]]:
        return list(await asyncio.gather(*(_run_site(settings, w) for w in websites)))

    return asyncio.run(go())


def home_sites() -> list[str]:
    return sorted(host for host, paths in load_sites().items() if "/" in paths)


@pytest.mark.parametrize("max_pages", [1, 2])
def test_concurrent_extras_fetch_the_same_pages_as_one_at_a_time(web_env: dict[str, str], max_pages: int) -> None:
    overlapped = 0
    hosts = home_sites()
    settings = {**web_env, "LEADPIPE_MAX_PAGES": str(max_pages)}
    ones = run_sites({**settings, "LEADPIPE_PER_HOST_CONNECTIONS": "1"}, hosts)
    twos = run_sites({**settings, "LEADPIPE_PER_HOST_CONNECTIONS": "2"}, hosts)
    for host, (one, rec_one), (two, rec_two) in zip(hosts, ones, twos, strict=True):
        assert sorted(u for u, _, _ in rec_one.fetched) == sorted(u for u, _, _ in rec_two.fetched), host
        assert [(p["url"], p["kind"]) for p in one["_site"]["pages"]] == \
               [(p["url"], p["kind"]) for p in two["_site"]["pages"]], host
        assert {k: v for k, v in one.items() if not k.startswith("_")} == \
               {k: v for k, v in two.items() if not k.startswith("_")}, host
        # no wasted request: at most max_pages + 2 extra pages tried, every page that came back usable is used
        extras = [(u, ok) for u, _, ok in rec_two.fetched if not u.endswith("/robots.txt")][1:]  # [0] is home
        assert len(extras) <= max_pages + 2 and int(two["site_pages_fetched"]) <= max_pages + 1, host
        assert sum(ok for _, ok in extras) == int(two["site_pages_fetched"]) - 1, host
        assert max(rec_one.peak.values()) == 1  # the per-host gate holds
        assert max(rec_two.peak.values()) <= min(2, max_pages)  # one page wanted: nothing to overlap
        overlapped += max(rec_two.peak.values()) == 2
    assert overlapped >= (5 if max_pages == 2 else 0)  # most sites with extra pages really fetched two at once


def test_robots_redirect_answers_for_the_www_host_and_http_links_go_over_https(
        web_env: dict[str, str], test_web: Any) -> None:
    before = test_web.hits[("www.kmblegal.com", "/robots.txt")]
    bare_home = test_web.hits[("kmblegal.com", "/")]
    out, rec = run_site(web_env, "kmblegal.com")
    robots = [u for u, _, _ in rec.fetched if u.endswith("/robots.txt")]
    assert robots == ["https://kmblegal.com/robots.txt"]  # redirected to www: that answer covers www too
    assert test_web.hits[("www.kmblegal.com", "/robots.txt")] == before + 1
    # ... and says where the site lives: the home page is asked for on www, not through the same redirect
    assert [u for u, _, _ in rec.fetched if not u.endswith("/robots.txt")][0] == "https://www.kmblegal.com/"
    assert test_web.hits[("kmblegal.com", "/")] == bare_home
    assert int(out["site_pages_fetched"]) >= 2
    assert all(p["url"].startswith("https://www.kmblegal.com/") for p in out["_site"]["pages"])


@pytest.mark.parametrize("website", ["hoxtonhotels.com"])
def test_unreachable_extra_host_is_tried_once_per_page(web_env: dict[str, str], website: str) -> None:
    # the home page links to www.hoxtonhotels.com, a host the test web does not serve (CONNECT refused)
    out, rec = run_site(web_env, website)
    assert out["site_pages_fetched"] == "1"
    failed = [(u, attempts) for u, attempts, ok in rec.fetched if not ok and "www." in u]
    assert failed and all(attempts == 1 for _, attempts in failed)


def test_only_a_www_redirect_moves_the_home_page() -> None:
    from processors.website_intelligence.robots import _www_twins

    assert _www_twins("acme.com", "www.acme.com") and _www_twins("WWW.acme.com", "acme.com")
    assert not _www_twins("acme.com", "acme.com")
    assert not _www_twins("acme.com", "shop.acme.com") and not _www_twins("acme.com", "www.other.com")
