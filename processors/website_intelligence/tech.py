"""Technology fingerprints from raw HTML (scripts, generator meta, asset paths).

``detect_tech(html_lower) -> list[str]`` returns product names in a stable order. Signatures are plain
lower-case substrings (``str.__contains__`` is the fastest scan Python has; a regex alternation is ~15x
slower).
"""

from __future__ import annotations

# product -> substrings (any one is enough), lower case
SIGNATURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("WordPress", ("/wp-content/", "/wp-includes/", 'content="wordpress')),
    ("Joomla", ('content="joomla', "/media/jui/", "/components/com_", "/media/system/js/")),
    ("Drupal", ('content="drupal', "drupal.settings", "/sites/all/", "/sites/default/files")),
    ("TYPO3", ('content="typo3', "/typo3conf/", "/typo3temp/")),
    ("1C-Bitrix", ("/bitrix/", "bx.setcsslist", "bitrix_sessid")),
    ("Tilda", ("tildacdn.com", "tilda-blocks", 'content="tilda')),
    ("Wix", ("static.wixstatic.com", "wix.com website builder", "x-wix-")),
    ("Shopify", ("cdn.shopify.com", "shopify.theme", "myshopify.com")),
    ("Squarespace", ("static1.squarespace.com", "squarespace.com")),
    ("Webflow", ("webflow.js", "data-wf-page", "assets.website-files.com")),
    ("Magento", ("/skin/frontend/", "mage/cookies", "magento")),
    ("PrestaShop", ("prestashop",)),
    ("HubSpot", ("js.hs-scripts.com", "js.hsforms.net", "hs-analytics", "hubspot")),
    ("Google Tag Manager", ("googletagmanager.com/gtm.js", "googletagmanager.com/ns.html", "gtm.start")),
    ("Google Analytics", ("google-analytics.com/", "googletagmanager.com/gtag/js", "_gaq.push", "ga('create'")),
    ("Yandex.Metrika", ("mc.yandex.ru/metrika", "mc.yandex.ru/watch", "ym(")),
    ("Facebook Pixel", ("connect.facebook.net/en_us/fbevents.js", "fbq('init'")),
    ("jQuery", ("jquery",)),
    ("React", ("data-reactroot", "react-dom")),
    ("Next.js", ("__next_data__", "/_next/static/")),
    ("ASP.NET", ("__viewstate", "__eventvalidation")),
    ("Cloudflare", ("cdn-cgi/", "cloudflare")),
    ("Bootstrap", ("bootstrap.min.css", "bootstrap.min.js")),
)


# A needle is searched only when its gate (a substring of the needle) occurs: one scan rules out a
# family of needles ("googletagmanager.com/" for three of them). Gates are long: a short needle scans slowly.
_GATES = ("googletagmanager.com/", "typo3", "tilda", "shopify", "squarespace", "bitrix", "/wp-", "bootstrap.min.",
          "yandex.ru/", "drupal", "/sites/", "/media/", "wixstatic", "website-files", "hsforms")


def _gate_groups() -> tuple[tuple[str, tuple[tuple[int, str], ...]], ...]:
    groups: dict[str, list[tuple[int, str]]] = {}
    for index, (_, needles) in enumerate(SIGNATURES):
        for needle in needles:
            gate = next((g for g in _GATES if g in needle), needle)
            groups.setdefault(gate, []).append((index, needle))
    return tuple((gate, tuple(items)) for gate, items in groups.items())


_GATE_GROUPS = _gate_groups()


def detect_tech(html_lower: str, generator: str | None = None) -> list[str]:
    """Products whose signature occurs in the lower-cased ``html_lower``, then the generator meta if new."""
    hit: set[int] = set()
    for gate, items in _GATE_GROUPS:
        if gate in html_lower:
            for index, needle in items:
                if index not in hit and needle in html_lower:
                    hit.add(index)
    found = [SIGNATURES[i][0] for i in sorted(hit)]
    if generator:
        gen = generator.strip()
        first = gen.split()[0].lower() if gen.split() else ""
        if first and not any(name.lower().startswith(first) for name in found):
            found.append(gen.split(" - ")[0][:40])
    return found
