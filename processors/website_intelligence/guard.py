"""The address guard: which URLs the fetcher may request (checked on the first request and every redirect).

Refused: schemes other than http/https; ports outside ``allowed_ports`` (80 and 443 by default); IP
literals in any spelling (``127.1``, ``2130706433``, ``0x7f.0.0.1``, ``[::ffff:127.0.0.1]``) and names that
resolve to non-global addresses: private, loopback, link-local (cloud metadata 169.254.169.254), CGNAT,
multicast, reserved, unspecified, IPv4-mapped/6to4 wrappers of those; and internal-only names
(``localhost``, ``*.local``, ``*.internal``, ``metadata.google.internal``).

When the request goes through an HTTP(S) proxy the proxy resolves the name, so the guard does not resolve
it itself (no public name resolves on the development machines); it still refuses IP literals and
internal names. ``allow_private=True`` (``LEADPIPE_ALLOW_PRIVATE_HOSTS``, for tests) lifts the address
checks but not the scheme and port checks.

Known limit: between the guard's own DNS lookup and httpx's connect a name could be re-pointed (DNS
rebinding); the proxy path and the 2-page-per-site budget keep the exposure small.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from processors.errors import TerminalError, TransientError

_INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".intranet", ".lan")
_NO_SUCH_NAME = {getattr(socket, n) for n in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, n)}
_INTERNAL_NAMES = frozenset({"localhost", "localhost.localdomain", "metadata", "metadata.google.internal", "instance-data"})


class AddressRefused(TerminalError):
    """The URL points somewhere the fetcher must not go (private address, bad port or scheme)."""


@dataclass(frozen=True)
class GuardPolicy:
    allow_private: bool = False
    allowed_ports: frozenset[int] = field(default_factory=lambda: frozenset({80, 443}))


def ip_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` must not be contacted, or None when it is a global unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in (ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None):
            if inner is not None:
                reason = ip_refusal(inner)
                if reason:
                    return reason
    if ip.is_loopback:
        return "loopback address"
    if ip.is_link_local:
        return "link-local / cloud metadata address"
    if ip.is_multicast:
        return "multicast address"
    if ip.is_unspecified:
        return "unspecified address"
    if ip.is_private:
        return "private address"
    if ip.is_reserved or not ip.is_global:
        return "reserved / non-global address"
    return None


def parse_ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host string denotes as a literal, in any spelling a resolver would accept."""
    host = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    if host and all(part and (part.isdigit() or part.lower().startswith("0x")) for part in host.split(".")):
        try:  # inet_aton accepts 127.1, 2130706433, 0x7f.1, 0177.0.0.1
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def proxy_for(url: str, proxies: dict[str, str] | None = None) -> str | None:
    """The proxy httpx will use for ``url`` under trust_env (HTTP_PROXY/HTTPS_PROXY/ALL_PROXY, NO_PROXY).

    ``proxies``: a snapshot of ``urllib.request.getproxies_environment()`` (read from the environment
    when None; the fetcher takes one snapshot, as httpx does when its client is built).
    """
    parts = urlsplit(url)
    if proxies is None:
        proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if not proxy:
        return None
    host = parts.hostname or ""
    if proxies.get("no") and urllib.request.proxy_bypass_environment(host, proxies):
        return None
    return proxy


async def check_url(url: str, policy: GuardPolicy, resolve: bool | None = None,
                    proxies: dict[str, str] | None = None) -> None:
    """Raise AddressRefused unless ``url`` may be requested under ``policy``.

    ``resolve``: look the name up and check every address (default: only when no proxy is in use).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressRefused(f"refused: malformed URL {url[:100]!r} ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise AddressRefused(f"refused: scheme {parts.scheme!r} is not http(s)")
    host = (parts.hostname or "").lower()
    if not host:
        raise AddressRefused("refused: URL has no host")
    port = port or (443 if parts.scheme == "https" else 80)
    if port not in policy.allowed_ports:
        raise AddressRefused(f"refused: port {port} not allowed (LEADPIPE_ALLOWED_PORTS)")
    if policy.allow_private:
        return
    literal = parse_ip_literal(host)
    if literal is not None:
        reason = ip_refusal(literal)
        if reason:
            raise AddressRefused(f"refused: {host} is a {reason}")
        return
    if host in _INTERNAL_NAMES or host.endswith(_INTERNAL_SUFFIXES) or "." not in host.rstrip("."):
        raise AddressRefused(f"refused: {host} is an internal host name")
    if resolve is None:
        resolve = proxy_for(url, proxies) is None
    if not resolve:
        return
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        if isinstance(exc, socket.gaierror) and exc.errno in _NO_SUCH_NAME:
            raise TerminalError(f"{host} does not resolve ({exc.strerror or exc})") from None
        raise TransientError(f"DNS lookup failed for {host}: {exc.strerror or exc}") from None
    check_resolved(host, [info[4][0] for info in infos])


def check_resolved(host: str, addresses: list[str]) -> None:
    """Raise AddressRefused when any address ``host`` resolved to is not a global unicast address."""
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        reason = ip_refusal(address)
        if reason:
            raise AddressRefused(f"refused: {host} resolves to a {reason} ({address})")
