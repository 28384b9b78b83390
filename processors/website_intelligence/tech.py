"""Technology fingerprints, looked for where Wappalyzer-style detectors look (not in the visible page).

``tech_sources(scripts, link_hrefs, iframe_srcs) -> (urls, code, jsonld)`` reads what a page's
``<script>``, ``<link href>`` and ``<iframe>`` elements say (``page_dom.PageDom``): ``urls`` is the
lower-cased script ``src``, script ``id``, link ``href`` and iframe ``src`` values; ``code`` the lower-cased start of each inline script
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
The asset URLs and the code are searched for every needle in one pass (``_scans``, C; a substring
search per needle without a C compiler).
"""

from __future__ import annotations

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


# every needle once, with the products it names inside the asset URLs and anywhere (URL and CODE needles)
_NEEDLES = tuple(dict.fromkeys(needle for _, pairs in SIGNATURES for _, needle in pairs))
_IN_URLS = tuple(tuple(name for name, pairs in SIGNATURES if (URL, needle) in pairs) for needle in _NEEDLES)
_ANYWHERE = tuple(tuple(name for name, pairs in SIGNATURES if (CODE, needle) in pairs) for needle in _NEEDLES)

try:  # one pass over the haystack for all needles (built at install when a C compiler is present)
    from processors.website_intelligence._scans import NeedleSet  # type: ignore[import-not-found]
except ImportError:
    _NATIVE_NEEDLES = None
else:
    _NATIVE_NEEDLES = NeedleSet(_NEEDLES)


def _found(haystack: str, urls_length: int) -> tuple[list[int], list[int]]:
    """(needles occurring inside ``haystack[:urls_length]``, needles occurring anywhere), as indices."""
    if _NATIVE_NEEDLES is not None:
        found = _NATIVE_NEEDLES.found(haystack, urls_length)
        if found is not None:
            return found
    urls = haystack[:urls_length]
    return ([i for i, needle in enumerate(_NEEDLES) if needle in urls],
            [i for i, needle in enumerate(_NEEDLES) if needle in haystack])


def tech_sources(scripts: list[tuple[str | None, str | None, str | None, str]], link_hrefs: list[str],
                 iframe_srcs: list[str]) -> tuple[str, str, list[str]]:
    """(asset URLs, inline code, JSON-LD blocks) of a page (see the module docstring) from its scripts'
    (type, src, id, text), its ``<link>`` hrefs and its ``<iframe>`` srcs (``page_dom.PageDom``)."""
    jsonld: list[str] = []
    urls: list[str] = []
    code: list[str] = []
    size = 0
    for kind, src, script_id, text in scripts:
        if kind and kind.strip().lower() == "application/ld+json":
            jsonld.append(text)
            continue
        if src:
            urls.append(src)
        else:
            if script_id:
                urls.append(script_id)
            if size < CODE_CHARS:
                text = text[:CODE_CHARS_PER_SCRIPT]
                code.append(text)
                size += len(text) + 1
    urls += link_hrefs
    urls += iframe_srcs
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
    inside, anywhere = _found(urls + " " + code if code else urls, len(urls))
    for index in inside:
        hits.update(_IN_URLS[index])
    for index in anywhere:
        hits.update(_ANYWHERE[index])
    found = [name for name in _ORDER if name in hits]
    if gen:
        first = gen.split()[0].lower().strip("!,;:-")  # "Joomla! - Open Source ..." is Joomla
        if first and not any(name.lower().startswith(first) for name in found):
            found.append(gen.split(" - ")[0][:40])
    return found
