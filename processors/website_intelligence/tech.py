"""Technology fingerprints, looked for where Wappalyzer-style detectors look (not in the visible page).

``tech_sources(scripts, links, iframes) -> (urls, code, jsonld)`` reads a page's ``<script>``,
``<link href>`` and ``<iframe>`` nodes once: ``urls`` is the lower-cased script ``src``, script ``id``,
link ``href`` and iframe ``src`` values; ``code`` the lower-cased start of each inline script
(``CODE_CHARS_PER_SCRIPT`` each, ``CODE_CHARS`` in all); ``jsonld`` the JSON-LD blocks (for the
organization). ``detect_tech(urls, code, generator, markup_flags) -> list[str]`` returns product names in
a stable order.

Each signature says where it is looked for: ``URL`` needles (asset paths and CDN hosts) only in the
asset URLs (~1.7K characters a page), ``CODE`` needles (snippets such as ``gtm.start`` or ``ym(``, and
product names) in the asset URLs and the inline code (~4K characters); ``content="…`` needles in the
``<meta name=generator>`` value; three markup attributes (``data-reactroot``, ``data-wf-page``,
``__VIEWSTATE``) are checked by the caller on the raw HTML / ``<html>`` attributes. The page body
(visible text, anchors, images) is not searched: a product named only in body text or an ``<img src>``
is not reported (a trade-off for speed: the old whole-head haystack was ~11K characters per page).
"""

from __future__ import annotations

from typing import Any

URL, CODE = 1, 2
CODE_CHARS_PER_SCRIPT = 800
CODE_CHARS = 16_000
# product -> (where, substring) pairs (any one is enough), lower case
SIGNATURES: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = (
    ("WordPress", ((URL, "/wp-content/"), (URL, "/wp-includes/"), (URL, 'content="wordpress'))),
    ("Joomla", ((URL, 'content="joomla'), (URL, "/media/jui/"), (URL, "/components/com_"), (URL, "/media/system/js/"))),
    ("Drupal", ((URL, 'content="drupal'), (CODE, "drupal.settings"), (URL, "/sites/all/"), (URL, "/sites/default/files"))),
    ("TYPO3", ((URL, 'content="typo3'), (URL, "/typo3conf/"), (URL, "/typo3temp/"))),
    ("1C-Bitrix", ((CODE, "/bitrix/"), (CODE, "bx.setcsslist"), (CODE, "bitrix_sessid"))),
    ("Tilda", ((CODE, "tildacdn.com"), (URL, "tilda-blocks"), (URL, 'content="tilda'))),
    ("Wix", ((CODE, "static.wixstatic.com"), (URL, "static.parastorage.com"), (URL, "wix.com website builder"))),
    ("Shopify", ((CODE, "cdn.shopify.com"), (CODE, "shopify.theme"), (CODE, "myshopify.com"))),
    ("Squarespace", ((CODE, "static1.squarespace.com"), (CODE, "squarespace.com"))),
    ("Webflow", ((URL, "webflow.js"), (URL, "assets.website-files.com"), (URL, "data-wf-page"))),
    ("Magento", ((URL, "/skin/frontend/"), (CODE, "mage/cookies"), (CODE, "magento"))),
    ("PrestaShop", ((CODE, "prestashop"),)),
    ("HubSpot", ((CODE, "js.hs-scripts.com"), (CODE, "js.hsforms.net"), (CODE, "hs-analytics"), (CODE, "hubspot"))),
    ("Google Tag Manager", ((CODE, "googletagmanager.com/gtm.js"), (URL, "googletagmanager.com/ns.html"),
                            (CODE, "gtm.start"))),
    ("Google Analytics", ((CODE, "google-analytics.com/"), (CODE, "googletagmanager.com/gtag/js"), (CODE, "_gaq.push"),
                          (CODE, "ga('create'"))),
    ("Yandex.Metrika", ((CODE, "mc.yandex.ru/metrika"), (CODE, "mc.yandex.ru/watch"), (CODE, "ym("))),
    ("Facebook Pixel", ((CODE, "connect.facebook.net/en_us/fbevents.js"), (CODE, "fbq('init'"))),
    ("jQuery", ((CODE, "jquery"),)),
    ("React", ((URL, "data-reactroot"), (CODE, "react-dom"))),
    ("Next.js", ((URL, "__next_data__"), (URL, "/_next/static/"))),
    ("ASP.NET", ((URL, "__viewstate"), (URL, "__eventvalidation"))),
    ("Cloudflare", ((URL, "cdn-cgi/"), (CODE, "cloudflare"))),
    ("Bootstrap", ((URL, "bootstrap.min.css"), (URL, "bootstrap.min.js"))),
)
_ORDER = tuple(name for name, _ in SIGNATURES)
_URL_NEEDLES = tuple((needle, name) for name, pairs in SIGNATURES for where, needle in pairs if where == URL)
_CODE_NEEDLES = tuple((needle, name) for name, pairs in SIGNATURES for where, needle in pairs if where == CODE)
# Substrings shared by several needles: when a guard is absent, none of its needles is looked for (each
# substring scan of the ~4K-character haystack costs ~1.5 us).
_GUARDS = ('content="', "/wp-", "/media/", "/sites/", "typo3", "next", "__", "bootstrap.min.", "google", "bitrix",
           "shopify", "squarespace", "mage", "mc.yandex.ru/", "hs-")


def _grouped(needles: tuple[tuple[str, str], ...]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(guard, needles holding it) pairs; a needle without a guard is its own guard."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for needle, name in needles:
        guard = next((g for g in _GUARDS if g in needle), needle)
        groups.setdefault(guard, []).append((needle, name))
    return tuple((guard, tuple(members)) for guard, members in groups.items())


_URL_GROUPS = _grouped(_URL_NEEDLES)
_CODE_GROUPS = _grouped(_CODE_NEEDLES)


def _names_found(haystack: str, groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...], hits: set[str]) -> None:
    for guard, members in groups:
        if guard in haystack:
            hits.update(name for needle, name in members if name not in hits and needle in haystack)


def tech_sources(scripts: list[Any], links: list[Any], iframes: list[Any]) -> tuple[str, str, list[str]]:
    """(asset URLs, inline code, JSON-LD blocks) of a page (see the module docstring)."""
    jsonld: list[str] = []
    urls: list[str] = []
    code: list[str] = []
    size = 0
    for node in scripts:
        attrs = node.attributes
        kind = attrs.get("type")
        if kind and kind.strip().lower() == "application/ld+json":
            jsonld.append(node.text(deep=True))
            continue
        src = attrs.get("src")
        if src:
            urls.append(src)
        else:
            script_id = attrs.get("id")
            if script_id:
                urls.append(script_id)
            if size < CODE_CHARS:
                text = node.text(deep=True)[:CODE_CHARS_PER_SCRIPT]
                code.append(text)
                size += len(text) + 1
    for node in links:
        attrs = node.attrs
        if "href" in attrs:  # ``<link>`` without href: not an asset (callers may pass every ``<link>``)
            urls.append(attrs.get("href") or "")
    urls.extend(node.attrs.get("src") or "" for node in iframes)
    return " ".join(urls).lower(), " ".join(code)[:CODE_CHARS].lower(), jsonld


def detect_tech(urls: str, code: str = "", generator: str | None = None, markup_flags: tuple[str, ...] = ()) -> list[str]:
    """Products fingerprinted in lower-cased asset ``urls`` and inline ``code``, the generator meta and the
    ``markup_flags`` found by the caller (see the module docstring); then the generator itself if new."""
    gen = (generator or "").strip()
    if gen:
        urls = f'{urls} content="{gen.lower()}'
    if markup_flags:
        urls = urls + " " + " ".join(markup_flags)
    hits: set[str] = set()
    _names_found(urls, _URL_GROUPS, hits)
    _names_found(urls + " " + code if code else urls, _CODE_GROUPS, hits)
    found = [name for name in _ORDER if name in hits]
    if gen:
        first = gen.split()[0].lower().strip("!,;:-")  # "Joomla! - Open Source ..." is Joomla
        if first and not any(name.lower().startswith(first) for name in found):
            found.append(gen.split(" - ")[0][:40])
    return found
