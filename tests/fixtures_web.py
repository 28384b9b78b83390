"""The test web: real pages under their original host names, plus hostile endpoints, all on 127.0.0.1.

``TestWeb`` is an HTTP/HTTPS *forward proxy* running in a background thread (its own asyncio loop). An
unchanged client reaches it through the standard variables (``HTTP_PROXY``/``HTTPS_PROXY``) and trusts
its HTTPS through a test CA (trustme) named by ``SSL_CERT_FILE``: ``CONNECT host:443`` is answered and the
tunnel is TLS-terminated with a certificate for that host, so ``https://www.kmblegal.com/`` works offline.

Sites come from ``tests/data/web`` (manifest + pages): each page is served at its original URL path
(pages without one at ``/<slug>.html``), with ``Content-Type: text/html; charset=<real charset>``; the
bare domain redirects to ``www.`` when only the www host exists; ``/robots.txt`` is 404 (allow all).

Hostile hosts (``HOSTILE``; each a per-lead error or skip, in bounded time and memory):
drip.test (a byte every 0.2 s forever), endless.test (endless body), hugelength.test (Content-Length 1 TB),
gzipbomb.test (64 MB of zeros gzipped), stackedgzip.test (``gzip, gzip``), redirectloop.test,
canaryredirect.test (302 to the loopback ``canary`` server, which must record zero hits), pdf.test,
png.test, empty.test, notype.test (no content type, binary), cp1251.test (a Russian page re-encoded
to windows-1251, no charset header), robots.test (``Disallow: /``), flaky429.test (429 then 200),
error500.test (always 500), reset.test (connection reset), httponly.test (no HTTPS: CONNECT refused).
Any ``<name>.bench.test`` host serves one small page (for the fetch-throughput benchmark).

Fixtures: ``test_web`` (session; the running TestWeb), ``web_env`` (function; sets the proxy and CA
variables and returns fast settings for the processor: short timeouts, no per-host delay, small cap).
``TestWeb.hits`` counts requests per (host, path), ``TestWeb.user_agents`` per User-Agent;
``TestWeb.latency_s`` adds a delay to every response.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import gzip
import socket
import ssl
import struct
import threading
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

WEB_DATA = Path(__file__).resolve().parent / "data" / "web"
HOSTILE = (
    "drip.test", "endless.test", "hugelength.test", "gzipbomb.test", "stackedgzip.test", "redirectloop.test",
    "canaryredirect.test", "pdf.test", "png.test", "empty.test", "notype.test", "cp1251.test", "robots.test",
    "flaky429.test", "error500.test", "reset.test", "httponly.test",
)
_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway"}


def load_sites(folder: Path = WEB_DATA) -> dict[str, dict[str, tuple[str, str]]]:
    """host -> path -> (file name, charset) for the pages in ``folder``."""
    sites: dict[str, dict[str, tuple[str, str]]] = {}
    for row in csv.DictReader((folder / "manifest.csv").open(encoding="utf-8")):
        url = row["original_url"]
        if row["kind"] == "home":
            path = "/"
        elif url:
            parts = urlsplit(url)
            path = parts.path or "/"
        else:
            path = "/" + row["file"].split("--", 1)[1]
        site = sites.setdefault(row["host"].lower(), {})
        site.setdefault(path, (row["file"], row["charset"]))
        if row["kind"] == "home" and url and urlsplit(url).path not in ("", "/"):
            site.setdefault(urlsplit(url).path, (row["file"], row["charset"]))
    return sites


class Response:
    def __init__(self, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.status, self.body, self.headers = status, body, dict(headers or {})


class TestWeb:
    """A forward proxy serving the test web (see the module docstring). Use as a context manager."""

    __test__ = False  # not a pytest test class

    def __init__(self, folder: Path = WEB_DATA, ca_dir: Path | None = None) -> None:
        import trustme

        self.folder = folder
        self.sites = load_sites(folder)
        self.hits: Counter[tuple[str, str]] = Counter()
        self.user_agents: Counter[str] = Counter()
        self.latency_s = 0.0
        self.canary_hits = 0
        self._ca = trustme.CA()
        names = sorted(set(self.sites) | {h.removeprefix("www.") for h in self.sites} | set(HOSTILE))
        self._server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ca.issue_cert(*names, "*.bench.test").configure_cert(self._server_ctx)
        self._server_ctx.set_alpn_protocols(["http/1.1"])
        self.ca_file = str((ca_dir or Path(self._tmpdir())) / "test-web-ca.pem")
        self._ca.cert_pem.write_to_path(self.ca_file)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="test-web", daemon=True)
        self.proxy_url = ""
        self.canary_url = ""
        self._flaky_seen: set[str] = set()
        self._hosts = self._known_hosts()
        self._bench_page = b"<html><head><title>bench</title></head><body>" + b"<p>bench page</p>" * 200 + b"</body></html>"

    @staticmethod
    def _tmpdir() -> str:
        import tempfile

        return tempfile.mkdtemp(prefix="leadpipe-web-")

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> TestWeb:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _start(self) -> None:
        self._proxy = await asyncio.start_server(self._client, "127.0.0.1", 0, backlog=1024)
        self._canary = await asyncio.start_server(self._canary_client, "127.0.0.1", 0)
        self.proxy_url = f"http://127.0.0.1:{self._proxy.sockets[0].getsockname()[1]}"
        self.canary_url = f"http://127.0.0.1:{self._canary.sockets[0].getsockname()[1]}/"

    async def _stop(self) -> None:
        for server in (self._proxy, self._canary):
            server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def env(self) -> dict[str, str]:
        """Environment variables that route an unchanged httpx client through this test web."""
        return {"HTTP_PROXY": self.proxy_url, "HTTPS_PROXY": self.proxy_url, "SSL_CERT_FILE": self.ca_file,
                "NO_PROXY": ""}

    # ------------------------------------------------------------------ connections
    async def _canary_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.canary_hits += 1
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        with contextlib.suppress(Exception):
            await writer.drain()
            writer.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._serve_connection(reader, writer, tunnel_host=None)
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, asyncio.LimitOverrunError, OSError):
            pass
        except asyncio.CancelledError:  # shutdown of the test web
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _read_head(self, reader: asyncio.StreamReader) -> tuple[str, str, dict[str, str]] | None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        return method, target, headers

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                                tunnel_host: str | None) -> None:
        while True:
            request = await self._read_head(reader)
            if request is None:
                return
            method, target, headers = request
            if method != "CONNECT":
                self.user_agents[headers.get("user-agent", "")] += 1
            if method == "CONNECT" and tunnel_host is None:
                host = target.rsplit(":", 1)[0].lower()
                if not self._is_known(host) or host == "httponly.test":
                    writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    await writer.drain()
                    return
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                await writer.drain()
                await writer.start_tls(self._server_ctx)
                tunnel_host = host
                continue
            if tunnel_host is not None:
                scheme, host, path = "https", headers.get("host", tunnel_host).split(":")[0].lower(), target
            else:
                parts = urlsplit(target)
                scheme, host = parts.scheme or "http", (parts.hostname or "").lower()
                path = parts.path + (f"?{parts.query}" if parts.query else "")
            keep = await self._respond(reader, writer, scheme, host, path or "/")
            if not keep:
                return

    def _known_hosts(self) -> set[str]:
        return set(self.sites) | {h.removeprefix("www.") for h in self.sites} | set(HOSTILE)

    def _is_known(self, host: str) -> bool:
        return host in self._hosts or host.endswith(".bench.test")

    # ------------------------------------------------------------------ responses
    async def _respond(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, scheme: str, host: str,
                       path: str) -> bool:
        self.hits[(host, path)] += 1
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        if host in HOSTILE:
            special = await self._hostile(reader, writer, scheme, host, path)
            if special is None:
                return False
            response = special
        elif host.endswith(".bench.test"):
            response = Response(200, self._bench_page, {"Content-Type": "text/html; charset=utf-8"})
        else:
            response = self._site_response(scheme, host, path)
        head = [f"HTTP/1.1 {response.status} {_REASONS.get(response.status, 'X')}"]
        response.headers.setdefault("Content-Length", str(len(response.body)))
        head += [f"{k}: {v}" for k, v in response.headers.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + response.body)
        await writer.drain()
        return True

    def _site_response(self, scheme: str, host: str, path: str) -> Response:
        site = self.sites.get(host)
        if site is None and f"www.{host}" in self.sites:
            return Response(301, b"", {"Location": f"{scheme}://www.{host}{path}"})
        if site is None:
            return Response(502, b"unknown host")
        if path == "/robots.txt":
            return Response(404, b"not found", {"Content-Type": "text/plain"})
        entry = site.get(path.split("?", 1)[0]) or site.get(path.split("?", 1)[0].rstrip("/") or "/")
        if entry is None:
            return Response(404, b"<html><title>404</title></html>", {"Content-Type": "text/html"})
        file, charset = entry
        return Response(200, (self.folder / "pages" / file).read_bytes(), {"Content-Type": f"text/html; charset={charset}"})

    def _russian_page(self) -> bytes:
        for site in self.sites.values():
            for file, _ in site.values():
                if file.startswith("potolok75.ru"):
                    return (self.folder / "pages" / file).read_bytes()
        raise LookupError("no Russian page in the test web data")

    async def _hostile(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, scheme: str, host: str,
                       path: str) -> Response | None:
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            if host == "robots.test":
                return Response(200, b"User-agent: *\nDisallow: /\n", {"Content-Type": "text/plain"})
            return Response(404, b"", {"Content-Type": "text/plain"})
        if host == "drip.test":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>")
            for _ in range(10_000):
                await writer.drain()
                await asyncio.sleep(0.2)
                if client_gone(reader, writer):
                    break
                writer.write(b" ")
            return None
        if host == "endless.test":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"<p>" + b"x" * 65_536 + b"</p>"
            frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
            for _ in range(100_000):  # ~6.5 GB if nobody stops reading
                if client_gone(reader, writer):
                    break
                writer.write(frame)
                await writer.drain()
                await asyncio.sleep(0)  # let connection_lost run: drain() alone may never yield
            return None
        if host == "hugelength.test":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000000000\r\n\r\n<html>")
            await writer.drain()
            await asyncio.sleep(5)
            return None
        if host == "gzipbomb.test":
            return Response(200, _gzip_bomb(), {**html, "Content-Encoding": "gzip"})
        if host == "stackedgzip.test":
            body = gzip.compress(gzip.compress(b"<html><title>stacked</title></html>"))
            return Response(200, body, {**html, "Content-Encoding": "gzip, gzip"})
        if host == "redirectloop.test":
            return Response(302, b"", {"Location": "/b" if path == "/" else "/"})
        if host == "canaryredirect.test":
            return Response(302, b"", {"Location": self.canary_url})
        if host == "pdf.test":
            return Response(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", {"Content-Type": "application/pdf"})
        if host == "png.test":
            return Response(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, {"Content-Type": "image/png"})
        if host == "empty.test":
            return Response(200, b"", html)
        if host == "notype.test":
            return Response(200, b"\x00\x01\x02binary\xff\xfe" * 20, {})
        if host == "cp1251.test":
            text = self._russian_page().decode("utf-8")
            return Response(200, text.encode("cp1251", "replace"), {"Content-Type": "text/html"})
        if host == "robots.test":
            return Response(200, b"<html><title>secret</title></html>", html)
        if host == "flaky429.test":
            key = f"{scheme}://{host}{path}"
            if key not in self._flaky_seen:
                self._flaky_seen.add(key)
                return Response(429, b"slow down", {"Retry-After": "1", "Content-Type": "text/plain"})
            return Response(200, b"<html><head><title>Flaky but fine</title></head><body>ok</body></html>", html)
        if host == "error500.test":
            return Response(500, b"oops", {"Content-Type": "text/plain"})
        if host == "reset.test":
            sock = writer.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return None
        if host == "httponly.test":
            return Response(200, b"<html><head><title>Plain HTTP only</title></head><body>hi</body></html>", html)
        return Response(404, b"")


def client_gone(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
    """True once the client has closed its side (writing on would spin the loop on a dead transport)."""
    return writer.is_closing() or reader.at_eof() or reader.exception() is not None


_BOMB: list[bytes] = []


def _gzip_bomb() -> bytes:
    if not _BOMB:
        _BOMB.append(gzip.compress(b"\0" * 64_000_000, compresslevel=9))
    return _BOMB[0]


@pytest.fixture(scope="session")
def test_web(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The running test web (session-wide); see ``TestWeb``."""
    with TestWeb(ca_dir=tmp_path_factory.mktemp("web-ca")) as web:
        yield web


@pytest.fixture
def web_env(test_web: TestWeb, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Route httpx through the test web for this test; returns fast ``ctx.settings`` for the processor."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "ALL_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name, value in test_web.env().items():
        monkeypatch.setenv(name, value)
    test_web.latency_s = 0.0
    return {
        "LEADPIPE_PER_HOST_DELAY_S": "0",
        "LEADPIPE_PAGE_TIMEOUT_S": "2",
        "LEADPIPE_CONNECT_TIMEOUT_S": "2",
        "LEADPIPE_RETRY_BACKOFF_S": "0.05",
        "LEADPIPE_FETCH_RETRIES": "2",
        "LEADPIPE_MAX_PAGE_BYTES": "2000000",
        "LEADPIPE_HTTP_CLIENTS": "1",
    }
