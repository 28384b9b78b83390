"""``extract_page(body, url, content_type=None) -> dict``: what one HTML page says, pure and offline.

Keys (always present): title, description, og (dict), h1, language, organization (dict or None: name,
description, address, telephone, email, sameAs, foundingDate, numberOfEmployees, url), about_text
(visible main text without navigation, cookie banners and footers, at most ``ABOUT_CHARS`` characters),
services (list), emails (list), phones (list, E.164 where the country is known), faxes (list), social
(network -> list of profile URLs as written), tech (list), links (about/services/contact/blog/careers ->
absolute same-site URLs), encoding (codec used), cyrillic (bool).

Parsing is selectolax/lexbor, and the work is shaped for ~1 ms a page: everything the rules read from
the tree (head metadata, scripts, links, the visible text, the main content's blocks) is read in one go
(page_dom: one C walk when the native reader is built); links are scanned once (page_links, whose
resolutions are shared by the pages of one site); the visible text is scanned for emails and phones; the
main text is joined from the main root's blocks (page_text). Nothing here does I/O.
"""

from __future__ import annotations

from typing import Any

from selectolax.lexbor import LexborHTMLParser

from processors.website_intelligence.byte_scans import contains, count_at_least
from processors.website_intelligence.charset import decode_html, is_plain_utf8
from processors.website_intelligence.contacts import (
    country_for_tld,
    emails_in_text,
    normalize_phone,
    phones_in_text,
)
from processors.website_intelligence.language import cyrillic_share, detect_language
from processors.website_intelligence.links import services_from_links
from processors.website_intelligence.organization import organization_from_jsonld
from processors.website_intelligence.page_dom import read_page_dom
from processors.website_intelligence.page_links import safe_join, safe_split, scan_links
from processors.website_intelligence.page_text import (
    ABOUT_CHARS,
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

# codecs in which every "<" of the text is one 0x3C byte of the body
_BYTE_COUNTABLE = ("utf-8", "ascii", "cp125", "iso8859", "koi8", "mac-")
_NANP_TLDS = frozenset({"com", "net", "org", "us", "biz", "info", "edu", "gov"})


def _clean(text: str | None) -> str:
    """Collapse whitespace (str.split is several times faster than a regex on long texts)."""
    return " ".join(text.split()) if text else ""


def _meta(metas: list[tuple[str | None, str | None, str]]) -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    og: dict[str, str] = {}
    for name, prop, content in metas:
        prop = (prop or "").lower()
        name = (name or "").lower()
        if prop.startswith("og:") and prop[3:] not in og:
            og[prop[3:]] = _clean(content)
        elif name.startswith("og:") and name[3:] not in og:
            og[name[3:]] = _clean(content)
        if name and name not in names:
            names[name] = _clean(content)
    return names, og


def extract_page(body: bytes, url: str, content_type: str | None = None) -> dict[str, Any]:
    """Extract what the page at ``url`` says (see the module docstring for the keys)."""
    plain = is_plain_utf8(body, content_type)  # then the text is the body's UTF-8: no need to decode it
    html, encoding = (None, "utf-8") if plain else decode_html(body, content_type)
    whole = encoding.startswith(_BYTE_COUNTABLE) and count_at_least(body, 0x3C, MAX_DEPTH_GUARD) < MAX_DEPTH_GUARD
    if not whole:
        html = body.decode("utf-8") if html is None else html
        defused = defuse_nesting(html)
        whole, html = defused is html, defused
    # lexbor parses UTF-8 bytes: hand it the body itself when it is exactly what the text would encode to
    exact_utf8 = whole and (plain or encoding in ("utf-8", "ascii") and "\ufffd" not in html)
    tree = LexborHTMLParser(body if exact_utf8 else html)
    host = (safe_split(url).hostname or "").lower()
    site = registrable_domain(host) if host else ""

    dom = read_page_dom(tree)
    names, og = _meta(dom.metas)
    title = dom.title or None
    h1 = dom.h1
    urls, code, jsonld = tech_sources(dom.scripts, dom.link_hrefs, dom.iframe_srcs)
    if exact_utf8:  # the body bytes are the text: searched natively (an ASCII needle matches the same)
        react, viewstate = contains(body, b"data-reactroot"), contains(body, b"__VIEWSTATE")
    else:
        assert html is not None  # only a text that is not the body's bytes is searched as text
        react, viewstate = "data-reactroot" in html, "__VIEWSTATE" in html
    flags = tuple(flag for flag, present in (
        ("data-reactroot", react), ("data-wf-page", dom.wf_page), ("__viewstate", viewstate)) if present)
    tech = detect_tech(urls, code, names.get("generator"), flags)
    organization = organization_from_jsonld(jsonld) if jsonld else None
    if organization is None:
        organization = dom.microdata

    base = url
    if dom.base_href is not None:
        base = safe_join(url, dom.base_href.strip()) or url
    found = scan_links(dom.anchors, url, base, site)
    emails = found.emails
    phones_written = found.phones

    visible = dom.visible
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

    about_text = main_text(dom.blocks, dom.main_text)
    language = detect_language(about_text + " " + visible[:3000], dom.lang)
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
