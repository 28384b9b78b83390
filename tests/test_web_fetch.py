"""The fetcher and the processor against the test web (forward proxy + test CA on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from processors.base import Lead, ProcessorContext, Scope
from processors.errors import LeadSkipped, TerminalError, TransientError
from processors.registry import load
from processors.website_intelligence import WebsiteIntelligence
from processors.website_intelligence.fetch import Fetcher
from processors.website_intelligence.settings import FetchSettings

COLUMNS = ("site_url", "site_title", "site_description", "site_about", "site_services", "site_location",
           "site_emails", "site_phones", "site_socials", "site_tech", "site_language", "site_pages_fetched")


def run_lead(settings: dict[str, str], **fields: str) -> dict[str, Any]:
    async def go() -> dict[str, Any]:
        proc = WebsiteIntelligence()
        ctx = ProcessorContext(settings=settings)
        try:
            return await proc.process(Lead(row=0, fields=fields), ctx)
        finally:
            await proc.aclose(ctx)

    return asyncio.run(go())


def fetch(settings: dict[str, str], url: str) -> Any:
    async def go() -> Any:
        fetcher = Fetcher(FetchSettings.from_settings(settings))
        try:
            return await fetcher.fetch(url)
        finally:
            await fetcher.aclose()

    return asyncio.run(go())


def test_processor_merges_a_real_site_over_https(web_env: dict[str, str], test_web: Any) -> None:
    out = run_lead(web_env, website="kmblegal.com", email="jane@kmblegal.com")
    assert set(COLUMNS) <= set(out) and all(isinstance(out[c], str) for c in COLUMNS)
    assert out["site_url"] == "https://www.kmblegal.com/"  # bare domain redirected to www, over the test CA
    assert out["site_title"].startswith("Katz, Marshall & Banks")
    assert "+12024003052" in out["site_phones"] and "twitter.com/kmblegal" in out["site_socials"]
    assert out["site_language"] == "en" and int(out["site_pages_fetched"]) >= 2
    kinds = [p["kind"] for p in out["_site"]["pages"]]
    assert kinds[0] == "home" and len(kinds) == int(out["site_pages_fetched"]) <= 3
    assert all(p["data"]["title"] for p in out["_site"]["pages"])
    cached = out["_pages"]
    assert cached and {"url", "final_url", "status", "headers", "content_type", "body", "error", "fetched_at"} <= set(cached[0])
    assert test_web.hits[("www.kmblegal.com", "/robots.txt")] >= 1


def test_processor_protocol_and_company_key() -> None:
    proc = load("website_intelligence")
    assert proc.scope is Scope.COMPANY and proc.name == "website_intelligence"
    assert proc.company_key(Lead(0, {"website": "https://www.Acme.co.uk/x"})) == "acme.co.uk"
    assert proc.company_key(Lead(0, {"email": "a@b.acme.com"})) == "acme.com"
    assert proc.company_key(Lead(0, {"email": "a@gmail.com"})) is None


def test_no_website_is_skipped(web_env: dict[str, str]) -> None:
    with pytest.raises(LeadSkipped, match="no website"):
        run_lead(web_env, email="someone@gmail.com")


def test_email_domain_and_cp1251_site(web_env: dict[str, str]) -> None:
    out = run_lead(web_env, email="director@cp1251.test")
    assert out["site_title"] == "Натяжные потолки в Уфе и Башкирии напрямую от производителя"
    assert out["site_language"] == "ru" and "+73472294502" in out["site_phones"]


def test_http_fallback_when_https_cannot_connect(web_env: dict[str, str]) -> None:
    out = run_lead(web_env, website="httponly.test")
    assert out["site_url"] == "http://httponly.test/" and out["site_title"] == "Plain HTTP only"


def test_429_then_200_is_retried(web_env: dict[str, str]) -> None:
    page = fetch(web_env, "https://flaky429.test/page")
    assert page.ok and page.attempts == 2


@pytest.mark.parametrize(("website", "error", "match"), [
    ("drip.test", TransientError, "timed out"),
    ("endless.test", TerminalError, "larger than"),
    ("hugelength.test", TerminalError, "Content-Length"),
    ("gzipbomb.test", TerminalError, "larger than"),
    ("stackedgzip.test", TerminalError, "stacked"),
    ("redirectloop.test", TerminalError, "redirect loop"),
    ("pdf.test", TerminalError, "application/pdf"),
    ("png.test", TerminalError, "image/png"),
    ("empty.test", TerminalError, "empty"),
    ("notype.test", TerminalError, "not an HTML page"),
    ("error500.test", TransientError, "HTTP 500"),
    ("reset.test", TransientError, "connection"),
    ("robots.test", LeadSkipped, "robots.txt"),
])
def test_hostile_sites_fail_with_a_reason_in_bounded_time(web_env: dict[str, str], test_web: Any,
                                                          website: str, error: type, match: str) -> None:
    settings = {**web_env, "LEADPIPE_PAGE_TIMEOUT_S": "1", "LEADPIPE_FETCH_RETRIES": "1",
                "LEADPIPE_MAX_PAGE_BYTES": "300000"}
    started = time.monotonic()
    with pytest.raises(error, match=match):
        run_lead(settings, website=website)
    assert time.monotonic() - started < 10
    if website == "robots.test":
        assert test_web.hits[("robots.test", "/")] == 0


def test_redirect_to_loopback_never_reaches_it(web_env: dict[str, str], test_web: Any) -> None:
    before = test_web.canary_hits
    for settings in (web_env, {**web_env, "LEADPIPE_ALLOWED_PORTS": f"80,443,{test_web.canary_url.split(':')[2][:-1]}"}):
        with pytest.raises(TerminalError, match="refused"):
            run_lead(settings, website="canaryredirect.test")
    assert test_web.canary_hits == before


def test_loopback_allowed_only_by_the_setting(test_web: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    port = test_web.proxy_url.rsplit(":", 1)[1]
    url = f"http://127.0.0.1:{port}/"  # the proxy answers origin-form requests too (502 unknown host)
    base = {"LEADPIPE_ALLOWED_PORTS": f"80,443,{port}", "LEADPIPE_PER_HOST_DELAY_S": "0", "LEADPIPE_FETCH_RETRIES": "0"}
    refused = fetch(base, url)
    assert refused.error_kind == "terminal" and "refused" in refused.error
    allowed = fetch({**base, "LEADPIPE_ALLOW_PRIVATE_HOSTS": "true"}, url)
    assert allowed.status is not None and "refused" not in (allowed.error or "")


def test_per_host_politeness_and_parallel_hosts(web_env: dict[str, str], test_web: Any) -> None:
    test_web.latency_s = 0.1
    settings = FetchSettings.from_settings({**web_env, "LEADPIPE_PER_HOST_DELAY_S": "0.15"})

    async def go() -> tuple[float, float]:
        fetcher = Fetcher(settings)
        try:
            started = time.monotonic()
            same = await asyncio.gather(*(fetcher.fetch(f"https://www.kmblegal.com/?n={i}") for i in range(4)))
            same_host = time.monotonic() - started
            started = time.monotonic()
            hosts = ["www.abacusllc.com", "www.innux.com", "www.redrooster.pl", "www.fanniemae.com"]
            other = await asyncio.gather(*(fetcher.fetch(f"https://{h}/") for h in hosts))
            many_hosts = time.monotonic() - started
            assert all(p.ok for p in same + other)
            return same_host, many_hosts
        finally:
            await fetcher.aclose()

    same_host, many_hosts = asyncio.run(go())
    assert same_host >= 3 * 0.15  # four starts on one host are spaced by the delay
    assert many_hosts < same_host  # different hosts do not wait for each other


def test_settings_robots_off_no_extra_pages_and_user_agent(web_env: dict[str, str], test_web: Any) -> None:
    agent = "leadpipe-test/1.0 (+https://example.org/contact)"
    out = run_lead({**web_env, "LEADPIPE_OBEY_ROBOTS": "false", "LEADPIPE_MAX_PAGES": "0",
                    "LEADPIPE_USER_AGENT": agent}, website="robots.test")
    assert out["site_title"] == "secret" and out["site_pages_fetched"] == "1"
    assert test_web.user_agents[agent] >= 1


def test_fallback_to_next_candidate_when_an_extra_page_fails(web_env: dict[str, str], test_web: Any) -> None:
    # kmblegal's about link (/firm/) is not in the test web: the processor moves on to the next candidate
    out = run_lead({**web_env, "LEADPIPE_MAX_PAGES": "2"}, website="www.kmblegal.com")
    assert test_web.hits[("www.kmblegal.com", "/firm/")] >= 1
    assert out["site_pages_fetched"] == "3"


def test_home_page_5xx_is_retried_over_https(web_env: dict[str, str], test_web: Any) -> None:
    before = test_web.hits[("error500.test", "/")]
    with pytest.raises(TransientError, match="HTTP 500"):
        run_lead({**web_env, "LEADPIPE_FETCH_RETRIES": "2"}, website="error500.test")
    assert test_web.hits[("error500.test", "/")] - before == 3  # 1 try + 2 retries, no http fallback
