"""The guarded, polite, bounded async page fetcher (httpx).

``Fetcher(settings)``; ``page = await fetcher.fetch(url)`` returns a ``Page`` and never raises for network
trouble: ``page.error`` says what went wrong and ``page.error_kind`` is "transient" (worth retrying later:
timeouts, connection errors, 429, 5xx), "terminal" (4xx, refused address, not HTML, too large, redirect
loop) or "robots" (disallowed by robots.txt). ``page.ok`` is True for a 200 HTML page.

Every hop (the first request and each redirect, at most ``max_redirects``) goes through the address guard
and the per-host gate; a page has one total deadline (``page_timeout_s``) so a server that drips bytes is
cut off; bodies are read through ``BodyReader`` (size caps, bounded decompression). Connection errors,
429 (Retry-After honoured, capped) and 5xx are retried with exponential backoff; other 4xx are not.
Only ``text/html`` / ``application/xhtml+xml`` bodies are read (robots.txt: ``text/plain`` too).

httpx honours HTTP_PROXY / HTTPS_PROXY / NO_PROXY and SSL_CERT_FILE (``trust_env``). Requests are spread
over ``http_clients`` clients by host (default: one per lead in flight), because an httpx pool does work
proportional to its connections on every request (each idle connection's socket is polled for expiry:
measured ~2.5x the CPU per request at 8 connections a pool than at 1); keep-alive is short since leads are
different hosts. The clients share one SSL context, so making one is cheap.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
import urllib.request
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from processors.errors import LeadError, TerminalError, TransientError
from processors.website_intelligence.body import BodyReader
from processors.website_intelligence.guard import GuardPolicy, check_url
from processors.website_intelligence.politeness import HostGate
from processors.website_intelligence.settings import FetchSettings

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


@dataclass
class Page:
    url: str
    final_url: str | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    body: bytes = b""
    error: str | None = None
    error_kind: str | None = None  # transient | terminal | robots
    fetched_at: str = ""
    attempts: int = 0
    retry_after_s: float | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    def to_cache(self) -> dict[str, Any]:
        """The dict the engine stores in the ``pages`` table."""
        return {"url": self.url, "final_url": self.final_url, "status": self.status, "headers": dict(self.headers),
                "content_type": self.content_type, "body": self.body, "error": self.error,
                "fetched_at": self.fetched_at}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    return max(0.0, min(seconds, cap))


class _Failure(Exception):
    def __init__(self, kind: str, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


class Fetcher:
    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self.policy = GuardPolicy(self.settings.allow_private, self.settings.allowed_ports)
        self.gate = HostGate(self.settings.per_host_connections, self.settings.per_host_delay_s)
        self._clients: dict[int, httpx.AsyncClient] = {}
        self._ssl: Any = None
        self._proxies: dict[str, str] | None = None
        self.requests_sent = 0

    def _client(self, host: str) -> httpx.AsyncClient:
        """The client for ``host`` (hosts are spread over ``http_clients`` clients, made on first use)."""
        index = hash(host) % self.settings.http_clients
        client = self._clients.get(index)
        if client is None:
            s = self.settings
            if self._ssl is None:  # one context for all clients: loading the CA bundle is the costly part
                self._ssl = httpx.create_ssl_context(trust_env=True)
            timeout = httpx.Timeout(s.page_timeout_s, connect=min(s.connect_timeout_s, s.page_timeout_s))
            # one keep-alive slot per connection: a lead's 3 pages (+ robots.txt) reuse one connection
            limits = httpx.Limits(max_connections=s.max_connections, max_keepalive_connections=s.max_connections,
                                  keepalive_expiry=5.0)
            client = self._clients[index] = httpx.AsyncClient(
                verify=self._ssl, trust_env=True, follow_redirects=False, timeout=timeout, limits=limits,
                headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate",
                         "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                         "Accept-Language": "en,ru;q=0.8,de;q=0.6,*;q=0.4"})
        return client

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    async def fetch(self, url: str, *, accept_text: bool = False, retry_connection_errors: bool = True) -> Page:
        """GET ``url`` with retries; never raises for network trouble (see the module docstring).

        ``retry_connection_errors=False``: a failure before any HTTP status (cannot connect, TLS error,
        proxy refusal) is returned at once — the caller has a fallback (https -> http) to try instead.
        """
        s = self.settings
        page = Page(url=url)
        for attempt in range(s.retries + 1):
            page = await self._fetch_once(url, accept_text)
            page.attempts = attempt + 1
            if page.error_kind != "transient" or attempt == s.retries:
                break
            if page.status is None and not retry_connection_errors:
                break
            delay = page.retry_after_s if page.retry_after_s is not None else s.retry_backoff_s * (2**attempt)
            await asyncio.sleep(delay * (1.0 if page.retry_after_s is not None else random.uniform(0.8, 1.2)))
        return page

    async def _fetch_once(self, url: str, accept_text: bool) -> Page:
        page = Page(url=url, fetched_at=_now())
        current = url
        seen: set[str] = set()
        try:
            for _hop in range(self.settings.max_redirects + 1):
                if current in seen:
                    raise _Failure("terminal", f"redirect loop at {current}")
                seen.add(current)
                if self._proxies is None:
                    self._proxies = urllib.request.getproxies_environment()
                await check_url(current, self.policy, proxies=self._proxies)
                location = await self._request(current, page, accept_text)
                if location is None:
                    page.final_url = current
                    return page
                current = location
            raise _Failure("terminal", f"more than {self.settings.max_redirects} redirects")
        except _Failure as failure:
            page.error, page.error_kind = str(failure), failure.kind
            page.status = failure.status if failure.status is not None else page.status
            page.retry_after_s = failure.retry_after
        except TransientError as exc:
            page.error, page.error_kind = str(exc), "transient"
        except LeadError as exc:  # AddressRefused, BodyTooLarge, BadEncoding
            page.error, page.error_kind = str(exc), "terminal"
        page.final_url = current
        page.body = b""
        return page

    async def _request(self, url: str, page: Page, accept_text: bool) -> str | None:
        """One hop: returns the redirect target, or None when ``page`` got the final response."""
        s = self.settings
        host = urlsplit(url).hostname or ""
        async with self.gate.slot(host):
            self.requests_sent += 1
            try:
                async with asyncio.timeout(s.page_timeout_s):
                    async with self._client(host).stream("GET", url) as response:
                        return await self._read(url, response, page, accept_text)
            except TimeoutError:
                raise _Failure("transient", f"timed out after {s.page_timeout_s:g} s") from None
            except httpx.TimeoutException as exc:
                raise _Failure("transient", f"timed out ({type(exc).__name__})") from None
            except httpx.ProxyError as exc:
                raise _Failure("transient", f"proxy error: {exc}") from None
            except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError,
                    httpx.NetworkError) as exc:
                raise _Failure("transient", f"connection error: {type(exc).__name__}: {exc}"[:300]) from None
            except httpx.HTTPError as exc:
                raise _Failure("terminal", f"HTTP error: {type(exc).__name__}: {exc}"[:300]) from None

    async def _read(self, url: str, response: httpx.Response, page: Page, accept_text: bool) -> str | None:
        s = self.settings
        status = response.status_code
        page.status = status
        page.headers = {k.lower(): v for k, v in response.headers.items()}
        page.content_type = response.headers.get("content-type")
        if status in (301, 302, 303, 307, 308):
            location = response.headers.get("location")
            if not location:
                raise _Failure("terminal", f"HTTP {status} without Location", status)
            return urljoin(url, location.strip())
        if status == 429:
            raise _Failure("transient", "HTTP 429 Too Many Requests", status,
                           _retry_after(response.headers.get("retry-after"), s.max_retry_after_s))
        if status >= 500:
            raise _Failure("transient", f"HTTP {status}", status,
                           _retry_after(response.headers.get("retry-after"), s.max_retry_after_s))
        if status >= 400:
            raise _Failure("terminal", f"HTTP {status}", status)
        if status != 200:
            raise _Failure("terminal", f"HTTP {status} (no page)", status)
        mime = (page.content_type or "").split(";", 1)[0].strip().lower()
        allowed = HTML_TYPES + (TEXT_TYPES if accept_text else ())
        if mime and mime not in allowed:
            raise _Failure("terminal", f"not an HTML page ({mime})", status)
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > s.max_page_bytes:
            raise _Failure("terminal", f"page body larger than {s.max_page_bytes} bytes (Content-Length {declared})", status)
        reader = BodyReader(response.headers.get("content-encoding"), s.max_page_bytes)
        try:
            async for chunk in response.aiter_raw():
                reader.feed(chunk)
            body = reader.finish()
        except zlib.error as exc:  # pragma: no cover - BodyReader wraps these
            raise TerminalError(f"corrupt compressed body: {exc}") from None
        if not body.strip():
            raise _Failure("terminal", "empty page", status)
        if not mime:
            head = body[:512].lstrip().lower()
            if not (head.startswith((b"<!doctype html", b"<html", b"<head", b"<!--")) or b"<html" in head or accept_text):
                raise _Failure("terminal", "not an HTML page (no content type, body is not HTML)", status)
        page.body = body
        return None
