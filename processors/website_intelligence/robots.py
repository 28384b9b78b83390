"""robots.txt, fetched once per site origin through the same guarded fetcher, parsed with protego.

``RobotsCache(fetcher, user_agent)``; ``await cache.allowed(url) -> bool``. A 200 answer is parsed; any 4xx
(no robots.txt) allows everything; a network error or 5xx also allows (logged on the page as fetched),
because the page fetch that follows meets the same trouble and reports it. Concurrent checks for one
origin share a single fetch.

When ``/robots.txt`` redirects to another origin's ``/robots.txt`` (``https://acme.com`` ->
``https://www.acme.com``, the usual bare-domain redirect) and that origin answered (200 or 4xx), the answer is
that origin's robots.txt too, so it is remembered for both: the site's pages on the ``www`` host need no
second fetch. When that redirect only adds or drops ``www.`` (same site), ``moved(url)`` gives the URL on the
host it moved to, so the home page is asked for there directly instead of through the same redirect (one round
trip less per such site). ``allowed(url, retry_connection_errors=False)`` does not retry a failure to connect
(for optional pages; the first caller of an origin decides).
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from protego import Protego

from processors.website_intelligence.charset import decode_html


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _www_twins(netloc: str, other: str) -> bool:
    a, b = netloc.lower(), other.lower()
    return a != b and (a == "www." + b or b == "www." + a)


class RobotsCache:
    def __init__(self, fetcher, user_agent: str) -> None:  # noqa: ANN001 - Fetcher (avoid import cycle)
        self.fetcher = fetcher
        self.agent = user_agent.split("/", 1)[0].split()[0] if user_agent else "*"
        self._rules: dict[str, asyncio.Future[Protego | None]] = {}
        self._moved: dict[str, str] = {}  # origin -> the www / bare origin its robots.txt redirected to

    async def _load(self, origin: str, retry_connection_errors: bool) -> Protego | None:
        page = await self.fetcher.fetch(origin + "/robots.txt", accept_text=True,
                                        retry_connection_errors=retry_connection_errors)
        rules = self._parse(page)
        final = page.final_url or ""
        answered = page.ok or (page.status is not None and 400 <= page.status < 500)
        if answered and urlsplit(final).path == "/robots.txt" and _origin(final) != origin:
            alias = _origin(final)
            if _www_twins(urlsplit(origin).netloc, urlsplit(final).netloc):
                self._moved[origin] = alias
            if alias not in self._rules:  # the redirect target's own robots.txt: remember it for that origin
                future = asyncio.get_running_loop().create_future()
                future.set_result(rules)
                self._rules[alias] = future
        return rules

    def moved(self, url: str) -> str:
        """``url`` on the host its origin's robots.txt redirected to (www added or dropped), else ``url``."""
        parts = urlsplit(url)
        alias = self._moved.get(f"{parts.scheme}://{parts.netloc}")
        if alias is None:
            return url
        return alias + url[len(parts.scheme) + 3 + len(parts.netloc):]

    @staticmethod
    def _parse(page) -> Protego | None:  # noqa: ANN001 - fetch.Page
        if not page.ok or not page.body:
            return None
        text, _ = decode_html(page.body, page.content_type)
        if "<html" in text[:500].lower():
            return None  # a soft-404 HTML page is not a robots.txt
        try:
            return Protego.parse(text)
        except Exception:  # noqa: BLE001 - a broken robots.txt allows everything
            return None

    async def allowed(self, url: str, *, retry_connection_errors: bool = True) -> bool:
        origin = _origin(url)
        future = self._rules.get(origin)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._rules[origin] = future
            try:
                future.set_result(await self._load(origin, retry_connection_errors))
            except BaseException as exc:
                self._rules.pop(origin, None)
                future.set_exception(exc)
                future.exception()
                raise
        rules = await asyncio.shield(future)
        return True if rules is None else bool(rules.can_fetch(url, self.agent))
