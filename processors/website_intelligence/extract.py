"""``extract_page(body, url, content_type=None) -> dict``: what one HTML page says, pure and offline.

Keys (always present): title, description, og (dict), h1, language, organization (dict or None: name,
description, address, telephone, email, sameAs, foundingDate, numberOfEmployees, url), about_text
(visible main text without navigation, cookie banners and footers, at most ``ABOUT_CHARS`` characters),
services (list), emails (list), phones (list, E.164 where the country is known), faxes (list), social
(network -> list of profile URLs as written), tech (list), links (about/services/contact/blog/careers ->
absolute same-site URLs), encoding (codec used), cyrillic (bool).

Parsing is selectolax/lexbor; the DOM is walked once for links, then scripts and styles are stripped and
the visible text is scanned for emails and phones. Nothing here does I/O.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from processors.website_intelligence.charset import decode_html
from processors.website_intelligence.contacts import (
    country_for_tld,
    email_from_mailto,
    emails_in_text,
    normalize_phone,
    phone_from_tel,
    phones_in_text,
)
from processors.website_intelligence.language import cyrillic_share, detect_language
from processors.website_intelligence.links import classify_link, same_site, services_from_links
from processors.website_intelligence.organization import organization_from_jsonld, organization_from_microdata
from processors.website_intelligence.site_url import registrable_domain
from processors.website_intelligence.social import is_personal_profile, network_for_host, social_network
from processors.website_intelligence.tech import detect_tech

ABOUT_CHARS = 1500
MAX_SCAN_CHARS = 300_000  # visible text scanned for contacts: the first 200K and the last 100K characters
MAX_DEPTH_GUARD = 3000  # lexbor's parse time grows with the square of the nesting depth
_CONTAINERS = ("div", "span", "section", "table", "ul", "ol", "font", "b", "i", "a", "em", "strong", "blockquote",
               "form", "dl", "center", "small", "big", "u", "s", "sub", "sup", "label", "button", "q", "nobr")
_INVISIBLE = ["script", "style", "noscript", "template", "svg", "iframe", "object", "head"]
_BOILERPLATE = (
    "nav, header, footer, aside, form, select, [role=navigation], [role=banner], [role=contentinfo], "
    "[class*=cookie], [id*=cookie], [class*=consent], [class*=menu], [id*=menu], [class*=footer], [id*=footer]"
)
_NEVER_WRAPS = frozenset({"nav", "header", "footer", "aside", "select"})
_MAIN = "main, article, [role=main], #content, #main, .content, .main"
_MAIN_ORDER = ("main", "article", "role", "#content", "#main", ".content", ".main")
_ONE_WALK = "html, title, meta, h1, base[href], script, link[href], a[href], area[href]"


def _clean(text: str | None) -> str:
    """Collapse whitespace (str.split is several times faster than a regex on long texts)."""
    return " ".join(text.split()) if text else ""


def _meta(nodes: list[Any]) -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    og: dict[str, str] = {}
    for node in nodes:
        attrs = node.attributes
        content = attrs.get("content")
        if content is None:
            continue
        prop = (attrs.get("property") or "").lower()
        name = (attrs.get("name") or "").lower()
        if prop.startswith("og:") and prop[3:] not in og:
            og[prop[3:]] = _clean(content)
        elif name.startswith("og:") and name[3:] not in og:
            og[name[3:]] = _clean(content)
        if name and name not in names:
            names[name] = _clean(content)
    return names, og


def _title(nodes: list[Any]) -> str | None:
    for node in nodes:
        parent = node.parent
        inside_svg = False
        while parent is not None:
            if parent.tag == "svg":
                inside_svg = True
                break
            parent = parent.parent
        if not inside_svg:
            return _clean(node.text(deep=True)) or None
    return None


def _main_root(tree: LexborHTMLParser) -> Any:
    candidates = []
    for node in tree.css(_MAIN):
        attrs = node.attributes
        keys = [node.tag, "role" if attrs.get("role") == "main" else "", "#" + (attrs.get("id") or "")]
        keys += ["." + c for c in (attrs.get("class") or "").split()]
        rank = min((_MAIN_ORDER.index(k) for k in keys if k in _MAIN_ORDER), default=99)
        candidates.append((rank, node))
    for _, node in sorted(candidates, key=lambda c: c[0]):
        if len(node.text(deep=True, separator=" ")) > 200:
            return node
    return tree.body


def _remove_boilerplate(root: Any) -> None:
    """Remove navigation, headers, footers, forms and cookie banners under ``root``.

    Only outermost matches are destroyed (destroying a node inside an already destroyed one would touch
    freed memory), and a match holding most of the text (ASP.NET wraps whole pages in one ``<form>``)
    is kept: it is the page, not boilerplate.
    """
    candidates = root.css(_BOILERPLATE)
    if not candidates:
        return
    total = len(root.text(deep=True)) or 1
    ids = {n.mem_id for n in candidates if n.tag in _NEVER_WRAPS or len(n.text(deep=True)) <= total // 2}
    root_id = root.mem_id
    outermost = []
    for node in candidates:
        if node.mem_id not in ids:
            continue
        parent = node.parent
        nested = False
        while parent is not None and parent.mem_id != root_id:
            if parent.mem_id in ids:
                nested = True
                break
            parent = parent.parent
        if not nested:
            outermost.append(node)
    for node in outermost:
        node.decompose()


def _about_text(tree: LexborHTMLParser) -> str:
    root = _main_root(tree)
    if root is None:
        return ""
    _remove_boilerplate(root)
    parts = []
    size = 0
    for node in root.css("h1, h2, h3, p, li, td, blockquote"):
        text = _clean(node.text(deep=True, separator=" "))
        if len(text) < 25 or (node.tag == "li" and len(text) < 60):
            continue
        parts.append(text)
        size += len(text) + 1
        if size > ABOUT_CHARS * 2:
            break
    text = " ".join(dict.fromkeys(parts)) or _clean(root.text(deep=True, separator=" "))
    if len(text) > ABOUT_CHARS:
        cut = text.rfind(" ", 0, ABOUT_CHARS)
        text = text[: cut if cut > ABOUT_CHARS // 2 else ABOUT_CHARS] + "…"
    return text


def defuse_nesting(html: str) -> str:
    """Cut a document whose unclosed container tags would nest thousands deep (hostile or broken HTML).

    Lexbor's parse time grows with the square of the nesting depth (100,000 nested ``<div>`` take
    ~25 s); real pages nest a few dozen deep, so a page with more than ``MAX_DEPTH_GUARD`` unclosed
    containers is parsed only up to its first 50,000 characters.
    """
    if html.count("<") < MAX_DEPTH_GUARD:
        return html
    lowered = html.lower()
    unclosed = sum(lowered.count(f"<{tag}>") + lowered.count(f"<{tag} ") - lowered.count(f"</{tag}") for tag in _CONTAINERS)
    return html[:50_000] if unclosed > MAX_DEPTH_GUARD else html


def _scan_window(text: str) -> str:
    if len(text) <= MAX_SCAN_CHARS:
        return text
    head = MAX_SCAN_CHARS * 2 // 3
    return text[:head] + " … " + text[-(MAX_SCAN_CHARS - head) :]


def extract_page(body: bytes, url: str, content_type: str | None = None) -> dict[str, Any]:
    """Extract what the page at ``url`` says (see the module docstring for the keys)."""
    html, encoding = decode_html(body, content_type)
    html = defuse_nesting(html)
    tree = LexborHTMLParser(html)
    parts = _safe_split(url)
    scheme = parts.scheme or "http"
    host = (parts.hostname or "").lower()
    site = registrable_domain(host) if host else ""
    base = url

    by_tag: dict[str, list[Any]] = {}
    for node in tree.css(_ONE_WALK):
        by_tag.setdefault(node.tag, []).append(node)
    names, og = _meta(by_tag.get("meta", []))
    title = _title(by_tag.get("title", []))
    h1_nodes = by_tag.get("h1")
    h1 = _clean(h1_nodes[0].text(deep=True, separator=" ")) if h1_nodes else None
    html_nodes = by_tag.get("html")
    declared_lang = html_nodes[0].attributes.get("lang") if html_nodes else None
    jsonld: list[str] = []
    script_parts: list[str] = []
    for node in by_tag.get("script", []):
        attrs = node.attributes
        if (attrs.get("type") or "").strip().lower() == "application/ld+json":
            jsonld.append(node.text(deep=True))
        else:
            script_parts.append(attrs.get("src") or "")
            script_parts.append(node.text(deep=True)[:1500])
    script_parts.extend(node.attributes.get("href") or "" for node in by_tag.get("link", []))
    haystack = (html[:6000] + " ".join(script_parts)[:40_000]).lower()
    if "__VIEWSTATE" in html:
        haystack += " __viewstate"
    tech = detect_tech(haystack, names.get("generator"))
    organization = organization_from_jsonld(jsonld) if jsonld else None
    if organization is None and "itemscope" in html:
        organization = organization_from_microdata(tree)

    emails: dict[str, None] = {}
    phones_written: dict[str, None] = {}
    social: dict[str, list[str]] = {}
    personal: list[tuple[str, str]] = []
    links: dict[str, list[str]] = {}
    link_texts: list[tuple[str, str]] = []
    seen_kinds: dict[tuple[str, str], str] = {}
    for base_node in by_tag.get("base", [])[:1]:
        base = _safe_join(url, (base_node.attributes.get("href") or "").strip()) or url
    base_parts = _safe_split(base)
    origin = f"{base_parts.scheme}://{base_parts.netloc}"
    base_host = (base_parts.hostname or "").lower()
    for node in by_tag.get("a", []) + by_tag.get("area", []):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        low = href[:8].lower()
        if low.startswith("mailto:"):
            for email in email_from_mailto(href):
                emails.setdefault(email, None)
            continue
        if low.startswith(("tel:", "callto:")):
            number = phone_from_tel(href)
            if number:
                phones_written.setdefault(number, None)
            continue
        if low.startswith("javascript"):
            continue
        if href.startswith("//"):
            href = f"{scheme}:{href}"
            low = href[:8].lower()
        if low.startswith(("http://", "https://")):
            absolute = href
            link_host = _host_of(href)
        else:
            absolute = origin + href if href.startswith("/") else _safe_join(base, href)
            link_host = base_host
            if not absolute:
                continue
        if link_host != host and network_for_host(link_host):
            network = social_network(absolute)
            if network and not _inside_embedded_post(node):
                if is_personal_profile(absolute):
                    personal.append((network, href))
                elif href not in social.setdefault(network, []):
                    social[network].append(href)
            continue
        if not same_site(link_host, site):
            continue
        text = node.text(deep=True, separator=" ")
        kind = seen_kinds.get((absolute, text))
        if kind is None:
            kind = seen_kinds[(absolute, text)] = classify_link(absolute, text, site) or ""
        if kind:
            bucket = links.setdefault(kind, [])
            clean_url = absolute.split("#", 1)[0]
            if clean_url not in bucket and len(bucket) < 8:
                bucket.append(clean_url)
            if kind == "services":
                link_texts.append((clean_url, _clean(text)))
    distinct_personal = {h for _, h in personal}
    if len(distinct_personal) == 1 and not any(social.values()):
        social["linkedin"] = sorted(distinct_personal)
    social = {k: v for k, v in social.items() if v}

    tree.strip_tags(_INVISIBLE)
    body_node = tree.body
    visible = _clean(body_node.text(deep=True, separator=" ")) if body_node is not None else ""
    scan = _scan_window(visible)
    for email in emails_in_text(scan, site):
        emails.setdefault(email, None)
    text_phones, text_faxes = phones_in_text(scan)
    for number in text_phones:
        phones_written.setdefault(number, None)
    country = country_for_tld(site.rsplit(".", 1)[-1]) if site else None
    nanp = site.rsplit(".", 1)[-1] in {"com", "net", "org", "us", "biz", "info", "edu", "gov"} if site else False
    faxes = list(dict.fromkeys(normalize_phone(f, country, nanp) for f in text_faxes))
    phones = [p for p in dict.fromkeys(normalize_phone(p, country, nanp) for p in phones_written) if p not in faxes]

    about_text = _about_text(tree)
    language = detect_language(about_text + " " + visible[:3000], declared_lang)
    return {
        "url": url,
        "title": title,
        "description": names.get("description") or og.get("description") or None,
        "og": og,
        "h1": h1 or None,
        "language": language,
        "cyrillic": cyrillic_share((title or "") + " " + about_text) > 0.3,
        "encoding": encoding,
        "organization": organization,
        "about_text": about_text,
        "services": services_from_links(link_texts),
        "emails": list(emails),
        "phones": phones,
        "faxes": faxes,
        "social": social,
        "tech": tech,
        "links": links,
    }


def _safe_split(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - raises ValueError for a malformed netloc
        return parts
    except ValueError:
        return urlsplit("")


def _safe_join(base: str, href: str) -> str:
    try:
        return urljoin(base, href)
    except ValueError:
        return ""


def _host_of(absolute_url: str) -> str:
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
