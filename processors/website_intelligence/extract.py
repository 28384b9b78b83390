"""``extract_page(body, url, content_type=None) -> dict``: what one HTML page says, pure and offline.

Keys (always present): title, description, og (dict), h1, language, organization (dict or None: name,
description, address, telephone, email, sameAs, foundingDate, numberOfEmployees, url), about_text
(visible main text without navigation, cookie banners and footers, at most ``ABOUT_CHARS`` characters),
services (list), emails (list), phones (list, E.164 where the country is known), faxes (list), social
(network -> list of profile URLs as written), tech (list), links (about/services/contact/blog/careers ->
absolute same-site URLs), encoding (codec used), cyrillic (bool).

Parsing is selectolax/lexbor, and the work is shaped for ~1 ms a page: one CSS query collects every
element the extraction reads (head metadata, scripts, links, invisible elements, main-content
candidates); links are scanned once (page_links); invisible elements are then unlinked from that same
list (no further tree walks), the visible text is read once and scanned for emails and phones, and the
main text is taken under the main-content root (page_text). Nothing here does I/O.
"""

from __future__ import annotations

from typing import Any

from selectolax.lexbor import LexborHTMLParser

from processors.website_intelligence.charset import decode_html
from processors.website_intelligence.contacts import (
    country_for_tld,
    emails_in_text,
    normalize_phone,
    phones_in_text,
)
from processors.website_intelligence.language import cyrillic_share, detect_language
from processors.website_intelligence.links import services_from_links
from processors.website_intelligence.organization import organization_from_jsonld, organization_from_microdata
from processors.website_intelligence.page_links import safe_join, safe_split, scan_links
from processors.website_intelligence.page_text import (
    ABOUT_CHARS,
    MAIN_SELECTOR,
    MAX_DEPTH_GUARD,
    defuse_nesting,
    scan_window,
)
from processors.website_intelligence.page_text import (
    about_text as main_text,
)
from processors.website_intelligence.site_url import registrable_domain
from processors.website_intelligence.tech import detect_tech, tech_sources

__all__ = ["ABOUT_CHARS", "defuse_nesting", "extract_page"]

# Elements whose text is not visible: unlinked before the visible text is read (head text is never read).
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})
# One query for everything read below; MAIN_SELECTOR adds the main-content candidates.
_ONE_WALK = (
    "html, title, meta, h1, base[href], script, link[href], a[href], area[href], "
    "style, noscript, template, svg, iframe, object, " + MAIN_SELECTOR
)
# Tags the query returns for their own sake; any other tag in the result is a main-content candidate.
_OWN_TAGS = frozenset({"html", "title", "meta", "h1", "base", "script", "link", "a", "area"} | _INVISIBLE)
_MAIN_HINTS = ("main", "content")
# codecs in which every "<" of the text is one 0x3C byte of the body
_BYTE_COUNTABLE = ("utf-8", "ascii", "cp125", "iso8859", "koi8", "mac-")
_NANP_TLDS = frozenset({"com", "net", "org", "us", "biz", "info", "edu", "gov"})


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


def _is_main_candidate(node: Any) -> bool:
    """For an ``<html>`` or ``<h1>`` in the one-walk result: does it also match MAIN_SELECTOR?"""
    attrs = node.attributes
    if attrs.get("role") == "main" or attrs.get("id") in _MAIN_HINTS:
        return True
    return any(c in _MAIN_HINTS for c in (attrs.get("class") or "").split())


def extract_page(body: bytes, url: str, content_type: str | None = None) -> dict[str, Any]:
    """Extract what the page at ``url`` says (see the module docstring for the keys)."""
    html, encoding = decode_html(body, content_type)
    whole = encoding.startswith(_BYTE_COUNTABLE) and body.count(b"<") < MAX_DEPTH_GUARD  # bytes count: faster
    if not whole:
        defused = defuse_nesting(html)
        whole, html = defused is html, defused
    # lexbor parses UTF-8 bytes: hand it the body itself when it is exactly what the text would encode to
    exact_utf8 = whole and encoding in ("utf-8", "ascii") and "\ufffd" not in html
    tree = LexborHTMLParser(body if exact_utf8 else html)
    host = (safe_split(url).hostname or "").lower()
    site = registrable_domain(host) if host else ""

    by_tag: dict[str, list[Any]] = {}
    main_candidates: list[Any] = []
    invisible: list[Any] = []
    for node in tree.css(_ONE_WALK):
        tag = node.tag
        if tag in _OWN_TAGS:
            by_tag.setdefault(tag, []).append(node)
            if tag in _INVISIBLE:
                invisible.append(node)
            elif (tag == "html" or tag == "h1") and _is_main_candidate(node):
                main_candidates.append(node)
        else:
            main_candidates.append(node)
    names, og = _meta(by_tag.get("meta", []))
    title = _title(by_tag.get("title", []))
    h1_nodes = by_tag.get("h1")
    h1 = _clean(h1_nodes[0].text(deep=True, separator=" ")) if h1_nodes else None
    html_nodes = by_tag.get("html")
    declared_lang = html_nodes[0].attributes.get("lang") if html_nodes else None
    urls, code, jsonld = tech_sources(by_tag.get("script", []), by_tag.get("link", []), by_tag.get("iframe", []))
    flags = tuple(flag for flag, present in (
        ("data-reactroot", "data-reactroot" in html),
        ("data-wf-page", html_nodes is not None and "data-wf-page" in html_nodes[0].attributes),
        ("__viewstate", "__VIEWSTATE" in html)) if present)
    tech = detect_tech(urls, code, names.get("generator"), flags)
    organization = organization_from_jsonld(jsonld) if jsonld else None
    if organization is None and "itemscope" in html:
        organization = organization_from_microdata(tree)

    base = url
    for base_node in by_tag.get("base", []):
        href = base_node.attrs.get("href")
        if href is not None:
            base = safe_join(url, href.strip()) or url
            break
    found = scan_links(by_tag.get("a", []) + by_tag.get("area", []), url, base, site)
    emails = found.emails
    phones_written = found.phones

    for node in invisible:  # unlinking only detaches: nested invisible elements stay safe to touch
        node.decompose(recursive=False)
    body_node = tree.body
    # whitespace-only text nodes (indentation) add nothing once whitespace is collapsed: skipped in C
    visible = _clean(body_node.text(deep=True, separator=" ", skip_empty=True)) if body_node is not None else ""
    scan = scan_window(visible)
    for email in emails_in_text(scan, site):
        emails.setdefault(email, None)
    text_phones, text_faxes = phones_in_text(scan)
    for number in text_phones:
        phones_written.setdefault(number, None)
    tld = site.rsplit(".", 1)[-1] if site else ""
    country = country_for_tld(tld) if site else None
    nanp = tld in _NANP_TLDS
    faxes = list(dict.fromkeys(normalize_phone(f, country, nanp) for f in text_faxes))
    phones = [p for p in dict.fromkeys(normalize_phone(p, country, nanp) for p in phones_written) if p not in faxes]

    about_text = main_text(main_candidates, body_node)
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
        "services": services_from_links(found.link_texts, memo=found.memo),
        "emails": list(emails),
        "phones": phones,
        "faxes": faxes,
        "social": found.social,
        "tech": tech,
        "links": found.links,
    }
