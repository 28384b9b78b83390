"""Fetcher settings read from ``ctx.settings`` (env-style names, string values) with defaults, by the one
policy of ``processors.setting_values`` (blank = default; invalid or out of range = UsageError).

See docs/website_intelligence.md for the meaning of each setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from processors.errors import UsageError
from processors.setting_values import setting_bool, setting_float, setting_int, setting_str

DEFAULT_USER_AGENT = "leadpipe/0.1 (+https://github.com/leadpipe/leadpipe; lead enrichment; polite crawler)"


HOSTS_PER_CLIENT = 1


def _auto_clients(env: Mapping[str, Any]) -> int:
    """One httpx client per lead in flight: a pool polls every idle connection on every request."""
    concurrency = setting_int(env, "LEADPIPE_CONCURRENCY", 64, 0)
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
        ports_raw = setting_str(env, "LEADPIPE_ALLOWED_PORTS", "80,443")
        try:
            ports = frozenset(int(p) for p in ports_raw.replace(" ", "").split(",") if p)
        except ValueError:
            raise UsageError(f"setting LEADPIPE_ALLOWED_PORTS={ports_raw!r} must be comma-separated port numbers") from None
        return cls(
            user_agent=setting_str(env, "LEADPIPE_USER_AGENT", DEFAULT_USER_AGENT),
            allow_private=setting_bool(env, "LEADPIPE_ALLOW_PRIVATE_HOSTS", False),
            allowed_ports=ports,
            max_pages=setting_int(env, "LEADPIPE_MAX_PAGES", 2, 0),
            max_page_bytes=setting_int(env, "LEADPIPE_MAX_PAGE_BYTES", 2_000_000, 0),
            page_timeout_s=setting_float(env, "LEADPIPE_PAGE_TIMEOUT_S", 15.0, 0),
            connect_timeout_s=setting_float(env, "LEADPIPE_CONNECT_TIMEOUT_S", 5.0, 0),
            per_host_connections=setting_int(env, "LEADPIPE_PER_HOST_CONNECTIONS", 2, 1),
            per_host_delay_s=setting_float(env, "LEADPIPE_PER_HOST_DELAY_S", 1.0, 0),
            obey_robots=setting_bool(env, "LEADPIPE_OBEY_ROBOTS", True),
            max_redirects=setting_int(env, "LEADPIPE_MAX_REDIRECTS", 5, 0),
            retries=setting_int(env, "LEADPIPE_FETCH_RETRIES", 2, 0),
            retry_backoff_s=setting_float(env, "LEADPIPE_RETRY_BACKOFF_S", 1.0, 0),
            max_retry_after_s=setting_float(env, "LEADPIPE_MAX_RETRY_AFTER_S", 30.0, 0),
            http_clients=setting_int(env, "LEADPIPE_HTTP_CLIENTS", _auto_clients(env), 1),
            max_connections=setting_int(env, "LEADPIPE_HTTP_MAX_CONNECTIONS", 32, 1),
        )
