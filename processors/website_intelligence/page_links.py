"""One pass over a page's ``<a href>`` / ``<area href>`` elements: contacts, social profiles, same-site pages.

``scan_links(anchors, url, base, site) -> LinkFacts`` (``anchors`` as ``page_dom.PageDom`` reads them):
``mailto:`` addresses (and Cloudflare-obfuscated ones) and ``tel:`` numbers (as written), social profile
URLs by network (share buttons, posts and embedded tweets are not profiles; a single LinkedIn personal
profile counts only on a one-person site), same-site links classified as about / services / contact /
blog / careers, and the anchor texts of service links.

Speed matters here (a page has ~80 links and extraction must stay near 1 ms a page): a link's host,
its relative-URL resolution, its (URL, anchor text) classification and its path segments are worked
out once and looked up after that, in a memo shared by the pages of one site (the processor extracts a
site's pages in sequence and they repeat their navigation and footer): ``MAX_SITES`` sites are
remembered, each up to ``MAX_ENTRIES`` entries; ``clear_site_memos()`` forgets them. Every remembered
answer is a pure function of its key and of the memo's context, so a page gets the same facts with or
without its siblings' memo. At most ``MAX_LINKS`` links are examined: the first 300 and the last
``TAIL_LINKS`` (a trade-off for huge pages).
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from processors.website_intelligence.contacts import (
    CLOUDFLARE_PROTECTION,
    cloudflare_emails,
    email_from_mailto,
    phone_from_tel,
)
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


@functools.lru_cache(maxsize=256)  # a page's URL is split three times (its host, its links, its base)
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


# a relative href that urljoin only appends to the base directory: no scheme, host, dot segment, empty
# segment or path parameter; a non-empty query and fragment at most (urljoin drops empty ones)
_PLAIN_RELATIVE = re.compile(r"[A-Za-z0-9_~%\-]+(?:[./][A-Za-z0-9_~%\-]+)*/?(?:\?[^#\s\\]+)?(?:#[^\s\\]+)?")


def base_directory(base: SplitResult) -> str | None:
    """What ``urljoin`` puts before a plain relative href (``_PLAIN_RELATIVE``) for this base, or None when
    its path needs urljoin's own handling (dot or empty segments, parameters)."""
    path = base.path
    if base.scheme not in ("http", "https") or not base.netloc or not path.startswith("/"):
        return None
    if ";" in path or "//" in path or "/." in path:
        return None
    return f"{base.scheme}://{base.netloc}{path[: path.rfind('/') + 1]}"


def host_of(absolute_url: str) -> str:
    """Lower-case host of an absolute http(s) URL (no port, no userinfo), cheaply."""
    netloc = absolute_url.split("/", 3)[2] if absolute_url.count("/") >= 2 else ""
    netloc = netloc.rsplit("@", 1)[-1]
    if netloc.startswith("["):
        return netloc.split("]", 1)[0].lower() + "]"
    return netloc.split(":", 1)[0].split("?", 1)[0].split("#", 1)[0].lower()


def _clean(text: str) -> str:
    return " ".join(text.split())


MAX_LINKS = 400  # links examined per page: the first 300 and the last TAIL_LINKS (a page has ~80)
TAIL_LINKS = 100
# Site memos kept, least recently used dropped: the processor extracts a site's home page, then its extra
# pages once fetched, while other leads in flight (LEADPIPE_CONCURRENCY, 64 by default) interleave theirs.
MAX_SITES = 64
# hrefs, anchors or path segments a site memo holds before it is started afresh (a site's few pages repeat
# ~200; a memo takes ~30 KB on the corpus, at worst ~0.5 KB an entry: ~30 MB for 64 full memos)
MAX_ENTRIES = 1000
_SKIP = (0, "", None, False)
_MAILTO, _TEL, _SOCIAL, _SITE = 1, 2, 3, 4


class _SiteMemo:
    """What a site's links resolve to, shared by the pages of that site that have the same origin.

    Every value is a pure function of its key and of the memo's context (site, page scheme and host,
    base origin), so a page extracted with a memo filled by its siblings gets the answers it would
    compute alone; hrefs resolved against the full base URL (``page.html``) stay in a per-page dict.
    """

    __slots__ = ("anchors", "hosts", "memo", "paths", "seen")

    def __init__(self) -> None:
        # link host, or an absolute link's start up to its path -> (social network, same site)
        self.hosts: dict[str, tuple[str | None, bool]] = {}
        # raw href -> (what, href as used, absolute URL, path verdict (same site) / (network, personal
        # profile) or None (social) / addresses (mailto) / number (tel))
        self.seen: dict[str, tuple[int, str, Any, Any]] = {}
        self.paths: dict[str, tuple[bool, str | None]] = {}  # same-site absolute URL -> path verdict
        self.memo: SegmentMemo = {}  # path segments and anchors -> what they say (links.SegmentMemo)
        self.anchors: dict[str, tuple[bool, str | None]] = {}  # anchor text -> anchor_verdict

    def full(self) -> bool:
        return max(len(self.seen), len(self.paths), len(self.memo), len(self.anchors)) > MAX_ENTRIES


_SITE_MEMOS: OrderedDict[tuple[str, ...], _SiteMemo] = OrderedDict()


def clear_site_memos() -> None:
    """Forget every site's links (benchmarks start each round cold with this)."""
    _SITE_MEMOS.clear()


def _site_memo(key: tuple[str, ...]) -> _SiteMemo:
    memo = _SITE_MEMOS.get(key)
    if memo is None or memo.full():
        memo = _SITE_MEMOS[key] = _SiteMemo()
        if len(_SITE_MEMOS) > MAX_SITES:
            _SITE_MEMOS.popitem(last=False)
    else:
        _SITE_MEMOS.move_to_end(key)
    return memo


def scan_links(anchors: list[tuple[str | None, bool, str | None, str, bool]], url: str, base: str,
               site: str) -> LinkFacts:
    """Read the ``<a>``/``<area>`` elements of the page at ``url`` whose base URL is ``base``: ``anchors`` as
    ``page_dom.PageDom`` has them, (href, has href, data-cfemail, text, inside an embedded post); those
    without an href value are skipped."""
    parts = safe_split(url)
    scheme = parts.scheme or "http"
    host = (parts.hostname or "").lower()
    base_parts = safe_split(base)
    origin = f"{base_parts.scheme}://{base_parts.netloc}"
    base_host = (base_parts.hostname or "").lower()
    # what classify_link's host pattern reads from an origin without userinfo or port is the host itself
    plain_origin = (base_parts.scheme in ("http", "https") and bool(base_parts.netloc)
                    and not any(c in base_parts.netloc for c in ":@/?#") and same_site(base_host, site))
    base_dir = base_directory(base_parts)
    shared = _site_memo((site, scheme, host, origin))
    facts = LinkFacts(memo=shared.memo)
    emails, phones, social, links, link_texts = facts.emails, facts.phones, facts.social, facts.links, facts.link_texts
    personal: list[str] = []
    hosts, seen, paths, memo, verdicts = shared.hosts, shared.seen, shared.paths, shared.memo, shared.anchors
    relative: dict[str, tuple[int, str, Any, Any]] = {}  # hrefs resolved against the page's own base URL
    if len(anchors) > MAX_LINKS:  # navigation is at the top, contacts and profiles in the footer
        anchors = [anchor for anchor in anchors if anchor[1]]  # the cut counts links, not bare anchors
        if len(anchors) > MAX_LINKS:
            anchors = anchors[: MAX_LINKS - TAIL_LINKS] + anchors[-TAIL_LINKS:]
    for raw, _, cfemail, text, embedded in anchors:
        if not raw:
            continue
        if raw[:9] == "/cdn-cgi/" and raw.startswith(CLOUDFLARE_PROTECTION):  # per node: the address is in it
            for email in cloudflare_emails(raw, cfemail):
                emails.setdefault(email, None)
            continue
        entry = seen.get(raw) or relative.get(raw)
        if entry is None:
            what, href, target, uses_base = _resolve(raw, scheme, host, site, origin, base, base_dir, base_host,
                                                     hosts)
            extra: Any = None
            if what == _SITE:
                extra = paths.get(target)
                if extra is None:
                    # an href "/x" on a plain origin: its path starts right after the origin (no regex needed)
                    start = len(origin) if plain_origin and href[0] == "/" else path_start(target, site)
                    extra = paths[target] = path_verdict(target, start, memo) if start >= 0 else (True, None)
            elif what == _SOCIAL:
                network = social_network(target)
                extra = (network, is_personal_profile(target)) if network else None
            elif what == _MAILTO:
                extra = email_from_mailto(href)
            elif what == _TEL:
                extra = phone_from_tel(href)
            entry = (what, href, target, extra)
            if uses_base:
                relative[raw] = entry
            else:
                seen[raw] = entry
        what, href, target, extra = entry
        if what == _SITE:
            if extra[0]:
                continue
            verdict = verdicts.get(text)  # (never-fetch word, kind) of the anchor text: anchor_verdict, memoized
            if verdict is None:
                verdict = verdicts[text] = anchor_verdict(text, None)
            # a never-fetch word in the anchor vetoes; the path's kind wins over the anchor's
            kind = None if verdict[0] else extra[1] or verdict[1]
            if kind:
                bucket = links.setdefault(kind, [])
                clean_url = target.split("#", 1)[0]
                if clean_url not in bucket and len(bucket) < 8:
                    bucket.append(clean_url)
                if kind == "services":
                    link_texts.append((clean_url, _clean(text)))
        elif what == _SOCIAL:
            if extra is None:
                continue
            profiles = social.setdefault(extra[0], [])
            if href in profiles or embedded:
                continue
            if extra[1]:
                personal.append(href)
            else:
                profiles.append(href)
        elif what == _MAILTO:
            for email in extra:
                emails.setdefault(email, None)
        elif what == _TEL and extra:
            phones.setdefault(extra, None)
    distinct_personal = set(personal)
    if len(distinct_personal) == 1 and not any(social.values()):
        social["linkedin"] = sorted(distinct_personal)
    facts.social = {k: v for k, v in social.items() if v}
    return facts


def _resolve(raw: str, scheme: str, host: str, site: str, origin: str, base: str, base_dir: str | None,
             base_host: str, hosts: dict[str, tuple[str | None, bool]]) -> tuple[int, str, Any, bool]:
    """What a raw href is: (_MAILTO|_TEL, href, None, False), (_SOCIAL|_SITE, href, absolute URL, uses base)
    or _SKIP; "uses base" is True when the answer depends on the base URL's path, not only its origin."""
    href = raw.strip()
    if not href or href[0] == "#":
        return _SKIP
    if href[0] == "/" and href[1:2] != "/" and "\\" not in href:  # the common case: a root-relative path
        info = hosts.get(base_host)
        if info is None:
            info = hosts[base_host] = (network_for_host(base_host) if base_host != host else None,
                                       same_site(base_host, site))
        if info[0]:
            return _SOCIAL, href, origin + href, False
        return (_SITE, href, origin + href, False) if info[1] else _SKIP
    low = href[:8].lower()
    if low.startswith("mailto:"):
        return _MAILTO, href, None, False
    if low.startswith(("tel:", "callto:")):
        return _TEL, href, None, False
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
            return _SOCIAL, href, href, False
        return (_SITE, href, href, False) if info[1] else _SKIP
    uses_base = not href.startswith("/")
    if not uses_base:
        absolute = origin + href
    elif base_dir is not None and _PLAIN_RELATIVE.fullmatch(href):
        absolute = base_dir + href  # what urljoin gives, ~10x faster
    else:
        absolute = safe_join(base, href)
    link_host = base_host
    if not absolute:
        return 0, "", None, uses_base  # a failed join: skipped, on this page's base only
    info = hosts.get(link_host)
    if info is None:
        info = hosts[link_host] = (network_for_host(link_host) if link_host != host else None, same_site(link_host, site))
    if info[0]:
        return _SOCIAL, href, absolute, uses_base
    return (_SITE, href, absolute, uses_base) if info[1] else _SKIP
