"""Fetcher settings read from ``ctx.settings`` (env-style names, string values) with defaults.

See docs/website_intelligence.md for the meaning of each setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from processors.errors import UsageError

DEFAULT_USER_AGENT = "leadpipe/0.1 (+https://github.com/leadpipe/leadpipe; lead enrichment; polite crawler)"


def _get(env: Mapping[str, Any], name: str, default: str) -> str:
    value = env.get(name)
    return default if value is None or str(value).strip() == "" else str(value).strip()


def _number(env: Mapping[str, Any], name: str, default: float, kind: type = float) -> Any:
    raw = _get(env, name, str(default))
    try:
        value = kind(float(raw)) if kind is int else kind(raw)
    except ValueError:
        raise UsageError(f"setting {name}={raw!r} is not a number") from None
    if value < 0:
        raise UsageError(f"setting {name}={raw!r} must not be negative")
    return value


def _flag(env: Mapping[str, Any], name: str, default: bool) -> bool:
    raw = _get(env, name, "true" if default else "false").lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise UsageError(f"setting {name}={raw!r} is not true/false")


HOSTS_PER_CLIENT = 1


def _auto_clients(env: Mapping[str, Any]) -> int:
    """One httpx client per lead in flight: a pool polls every idle connection on every request."""
    concurrency = _number(env, "LEADPIPE_CONCURRENCY", 64, int)
    return max(1, -(-concurrency // HOSTS_PER_CLIENT))


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = DEFAULT_USER_AGENT
    allow_private: bool = False
    allowed_ports: frozenset[int] = frozenset({80, 443})
    max_pages: int = 2
    max_page_bytes: int = 2_000_000
    page_timeout_s: float = 15.0
    connect_timeout_s: float = 5.0
    per_host_connections: int = 2
    per_host_delay_s: float = 1.0
    obey_robots: bool = True
    max_redirects: int = 5
    retries: int = 2
    retry_backoff_s: float = 1.0
    max_retry_after_s: float = 30.0
    http_clients: int = 6
    max_connections: int = 32

    @classmethod
    def from_settings(cls, env: Mapping[str, Any] | None = None) -> FetchSettings:
        env = env or {}
        ports_raw = _get(env, "LEADPIPE_ALLOWED_PORTS", "80,443")
        try:
            ports = frozenset(int(p) for p in ports_raw.replace(" ", "").split(",") if p)
        except ValueError:
            raise UsageError(f"setting LEADPIPE_ALLOWED_PORTS={ports_raw!r} must be comma-separated port numbers") from None
        return cls(
            user_agent=_get(env, "LEADPIPE_USER_AGENT", DEFAULT_USER_AGENT),
            allow_private=_flag(env, "LEADPIPE_ALLOW_PRIVATE_HOSTS", False),
            allowed_ports=ports,
            max_pages=_number(env, "LEADPIPE_MAX_PAGES", 2, int),
            max_page_bytes=_number(env, "LEADPIPE_MAX_PAGE_BYTES", 2_000_000, int),
            page_timeout_s=_number(env, "LEADPIPE_PAGE_TIMEOUT_S", 15.0),
            connect_timeout_s=_number(env, "LEADPIPE_CONNECT_TIMEOUT_S", 5.0),
            per_host_connections=max(1, _number(env, "LEADPIPE_PER_HOST_CONNECTIONS", 2, int)),
            per_host_delay_s=_number(env, "LEADPIPE_PER_HOST_DELAY_S", 1.0),
            obey_robots=_flag(env, "LEADPIPE_OBEY_ROBOTS", True),
            max_redirects=_number(env, "LEADPIPE_MAX_REDIRECTS", 5, int),
            retries=_number(env, "LEADPIPE_FETCH_RETRIES", 2, int),
            retry_backoff_s=_number(env, "LEADPIPE_RETRY_BACKOFF_S", 1.0),
            max_retry_after_s=_number(env, "LEADPIPE_MAX_RETRY_AFTER_S", 30.0),
            http_clients=max(1, _number(env, "LEADPIPE_HTTP_CLIENTS", _auto_clients(env), int)),
            max_connections=max(1, _number(env, "LEADPIPE_HTTP_MAX_CONNECTIONS", 32, int)),
        )
