"""One pass over a page's ``<a href>`` / ``<area href>`` nodes: contacts, social profiles, same-site pages.

``scan_links(nodes, url, base, site) -> LinkFacts``: ``mailto:`` addresses and ``tel:`` numbers (as
written), social profile URLs by network (share buttons, posts and embedded tweets are not profiles; a
single LinkedIn personal profile counts only on a one-person site), same-site links classified as
about / services / contact / blog / careers, and the anchor texts of service links.

Speed matters here (a page has ~80 links and extraction must stay near 1 ms a page): a link's host,
its relative-URL resolution, its (URL, anchor text) classification and its path segments are worked
out once per page and looked up after that; anchor text is read only for same-site links. At most
``MAX_LINKS`` links are examined: the first 300 and the last ``TAIL_LINKS`` (a trade-off for huge pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from processors.website_intelligence.contacts import email_from_mailto, phone_from_tel
from processors.website_intelligence.links import (
    SegmentMemo,
    anchor_verdict,
    path_start,
    path_verdict,
    same_site,
)
from processors.website_intelligence.social import is_personal_profile, network_for_host, social_network


@dataclass
class LinkFacts:
    """What a page's links say (see the module docstring)."""

    emails: dict[str, None] = field(default_factory=dict)
    phones: dict[str, None] = field(default_factory=dict)
    social: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    link_texts: list[tuple[str, str]] = field(default_factory=list)
    memo: dict[str, tuple[bool, str | None]] = field(default_factory=dict)  # the page's classification memo


def safe_split(url: str) -> SplitResult:
    """``urlsplit`` that gives an empty result for a malformed URL instead of raising."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - raises ValueError for a malformed netloc
        return parts
    except ValueError:
        return urlsplit("")


def safe_join(base: str, href: str) -> str:
    try:
        return urljoin(base, href)
    except ValueError:
        return ""


def host_of(absolute_url: str) -> str:
    """Lower-case host of an absolute http(s) URL (no port, no userinfo), cheaply."""
    netloc = absolute_url.split("/", 3)[2] if absolute_url.count("/") >= 2 else ""
    netloc = netloc.rsplit("@", 1)[-1]
    if netloc.startswith("["):
        return netloc.split("]", 1)[0].lower() + "]"
    return netloc.split(":", 1)[0].split("?", 1)[0].split("#", 1)[0].lower()


def _inside_embedded_post(node: Any) -> bool:
    parent = node.parent
    depth = 0
    while parent is not None and depth < 8:
        cls = parent.attributes.get("class") or ""
        if parent.tag == "blockquote" and ("twitter-tweet" in cls or "instagram-media" in cls):
            return True
        parent = parent.parent
        depth += 1
    return False


def _clean(text: str) -> str:
    return " ".join(text.split())


MAX_LINKS = 400  # links examined per page: the first 300 and the last TAIL_LINKS (a page has ~80)
TAIL_LINKS = 100
_SKIP = (0, "", None)
_MAILTO, _TEL, _SOCIAL, _SITE = 1, 2, 3, 4


def scan_links(nodes: list[Any], url: str, base: str, site: str) -> LinkFacts:
    """Walk ``nodes`` (link elements in document order) of the page at ``url`` whose base URL is ``base``."""
    facts = LinkFacts()
    emails, phones, social, links, link_texts = facts.emails, facts.phones, facts.social, facts.links, facts.link_texts
    personal: list[str] = []
    parts = safe_split(url)
    scheme = parts.scheme or "http"
    host = (parts.hostname or "").lower()
    base_parts = safe_split(base)
    origin = f"{base_parts.scheme}://{base_parts.netloc}"
    base_host = (base_parts.hostname or "").lower()
    # what classify_link's host pattern reads from an origin without userinfo or port is the host itself
    plain_origin = (base_parts.scheme in ("http", "https") and bool(base_parts.netloc)
                    and not any(c in base_parts.netloc for c in ":@/?#") and same_site(base_host, site))
    # link host, or an absolute link's start up to its path -> (social network, same site)
    hosts: dict[str, tuple[str | None, bool]] = {}
    # raw href -> (what it is, href as used, absolute URL, path verdict (same site) or network (social))
    seen: dict[str, tuple[int, str, Any, Any]] = {}
    paths: dict[str, tuple[bool, str | None]] = {}  # same-site absolute URL -> path verdict
    memo: SegmentMemo = facts.memo
    anchors: dict[str, tuple[bool, str | None]] = {}  # anchor text -> anchor_verdict
    if len(nodes) > MAX_LINKS:  # navigation is at the top, contacts and profiles in the footer
        nodes = nodes[: MAX_LINKS - TAIL_LINKS] + nodes[-TAIL_LINKS:]
    for node in nodes:
        raw = node.attrs.get("href")
        if not raw:
            continue
        entry = seen.get(raw)
        if entry is None:
            what, href, target = _resolve(raw, scheme, host, site, origin, base, base_host, hosts)
            extra: Any = None
            if what == _SITE:
                extra = paths.get(target)
                if extra is None:
                    # an href "/x" on a plain origin: its path starts right after the origin (no regex needed)
                    start = len(origin) if plain_origin and href[0] == "/" else path_start(target, site)
                    extra = paths[target] = path_verdict(target, start, memo) if start >= 0 else (True, None)
            elif what == _SOCIAL:
                extra = social_network(target)
            elif what == _MAILTO:
                for email in email_from_mailto(href):
                    emails.setdefault(email, None)
            elif what == _TEL:
                number = phone_from_tel(href)
                if number:
                    phones.setdefault(number, None)
            entry = seen[raw] = (what, href, target, extra)
        what, href, target, extra = entry
        if what == _SITE:
            if extra[0]:
                continue
            text = node.text(deep=True, separator=" ")
            verdict = anchors.get(text)  # (never-fetch word, kind) of the anchor text: anchor_verdict, memoized
            if verdict is None:
                verdict = anchors[text] = anchor_verdict(text, None)
            # a never-fetch word in the anchor vetoes; the path's kind wins over the anchor's
            kind = None if verdict[0] else extra[1] or verdict[1]
            if kind:
                bucket = links.setdefault(kind, [])
                clean_url = target.split("#", 1)[0]
                if clean_url not in bucket and len(bucket) < 8:
                    bucket.append(clean_url)
                if kind == "services":
                    link_texts.append((clean_url, _clean(text)))
        elif what == _SOCIAL and extra is not None:
            profiles = social.setdefault(extra, [])
            if href in profiles or _inside_embedded_post(node):
                continue
            if is_personal_profile(target):
                personal.append(href)
            else:
                profiles.append(href)
    distinct_personal = set(personal)
    if len(distinct_personal) == 1 and not any(social.values()):
        social["linkedin"] = sorted(distinct_personal)
    facts.social = {k: v for k, v in social.items() if v}
    return facts


def _resolve(raw: str, scheme: str, host: str, site: str, origin: str, base: str, base_host: str,
             hosts: dict[str, tuple[str | None, bool]]) -> tuple[int, str, Any]:
    """What a raw href is: (_MAILTO|_TEL, href, None), (_SOCIAL|_SITE, href, absolute URL) or _SKIP."""
    href = raw.strip()
    if not href or href[0] == "#":
        return _SKIP
    if href[0] == "/" and href[1:2] != "/" and "\\" not in href:  # the common case: a root-relative path
        info = hosts.get(base_host)
        if info is None:
            info = hosts[base_host] = (network_for_host(base_host) if base_host != host else None,
                                       same_site(base_host, site))
        if info[0]:
            return _SOCIAL, href, origin + href
        return (_SITE, href, origin + href) if info[1] else _SKIP
    low = href[:8].lower()
    if low.startswith("mailto:"):
        return _MAILTO, href, None
    if low.startswith(("tel:", "callto:")):
        return _TEL, href, None
    if low.startswith("javascript"):
        return _SKIP
    if href.startswith("//"):
        href = f"{scheme}:{href}"
        low = href[:8].lower()
    if low.startswith(("http://", "https://")):
        # links to one host share their start: remember the verdict under it (it holds the host whole)
        cut = href.find("/", 8)
        prefix = href[:cut] if cut > 0 else href
        info = hosts.get(prefix)
        if info is None:
            link_host = host_of(href)
            info = hosts.get(link_host)
            if info is None:
                info = hosts[link_host] = (network_for_host(link_host) if link_host != host else None,
                                           same_site(link_host, site))
            hosts[prefix] = info
        if info[0]:
            return _SOCIAL, href, href
        return (_SITE, href, href) if info[1] else _SKIP
    absolute = origin + href if href.startswith("/") else safe_join(base, href)
    link_host = base_host
    if not absolute:
        return _SKIP
    info = hosts.get(link_host)
    if info is None:
        info = hosts[link_host] = (network_for_host(link_host) if link_host != host else None, same_site(link_host, site))
    if info[0]:
        return _SOCIAL, href, absolute
    return (_SITE, href, absolute) if info[1] else _SKIP
