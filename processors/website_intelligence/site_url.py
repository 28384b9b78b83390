"""Where a lead's website is: the website column, else the work-email domain (free-mail domains excluded).

``site_url_for(website, email) -> "https://host/" | None`` normalizes bare domains, ``www.``, schemes,
paths, ``utm_*`` parameters and stray punctuation; only the host matters (the home page is fetched).
``registrable_domain(host)`` uses tldextract with its bundled suffix snapshot (never downloads).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from pathlib import Path
from urllib.parse import urlsplit

_FREE_MAIL_FILE = Path(__file__).resolve().parent.parent / "data" / "free_email_domains.txt"
_HOST_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9\-]{0,62}$")
_PLACEHOLDERS = frozenset({"n/a", "na", "none", "-", "null", "nan", "unknown", "http://", "https://"})


@functools.lru_cache(maxsize=1)
def _extractor():  # noqa: ANN202 - tldextract type
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@functools.lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """``www.shop.example.co.uk`` -> ``example.co.uk``; IPs and unknown suffixes come back unchanged."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    parts = _extractor()(host)
    return parts.top_domain_under_public_suffix or host


@functools.lru_cache(maxsize=1)
def free_mail_domains() -> frozenset[str]:
    """Free/personal mail domains (one per line in processors/data/free_email_domains.txt; # comments)."""
    try:
        lines = _FREE_MAIL_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def normalize_host(value: str) -> str | None:
    """The host name in a website cell (``HTTP://WWW.Acme.com/about?utm_source=x`` -> ``acme.com``)."""
    value = (value or "").strip().strip("\"'<>()[],;").strip()
    if not value or value.lower() in _PLACEHOLDERS or " " in value.strip():
        return None
    if "@" in value and "://" not in value:
        return None
    if "://" not in value:
        value = "http://" + value.lstrip("/")
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.encode("idna").decode("ascii") if not host.isascii() else host
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if not _HOST_RE.match(host):
        return None
    return host


def host_from_email(email: str) -> str | None:
    """The email's domain unless it is a free/personal mail provider."""
    email = (email or "").strip().lower()
    if email.count("@") != 1:
        return None
    domain = email.rsplit("@", 1)[1].strip(".>")
    host = normalize_host(domain)
    if not host or host in free_mail_domains() or registrable_domain(host) in free_mail_domains():
        return None
    return host


def site_url_for(website: str = "", email: str = "") -> str | None:
    """The home URL to fetch for a lead (https first; the fetcher falls back to http), or None."""
    host = normalize_host(website) or host_from_email(email)
    return f"https://{host}/" if host else None
