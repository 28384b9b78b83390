"""Which same-site links lead to the pages worth fetching: about, services, contact (also blog, careers).

``classify_link(url, anchor_text, site_domain) -> kind | None`` looks at the words of the URL path and of
the anchor text (English, Russian, German, Dutch, French, Spanish, Italian, Polish). Words are looked up in
a dict (single words, joined pairs such as "about"+"us", and 5-letter stems), which is far faster than
regular expressions over every link of a page. ``services_from_links`` turns the anchor texts of links
*below* a services index (``/services/seo``) into a short list of service names.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

KINDS = ("about", "services", "contact", "blog", "careers")
_WORDS: dict[str, tuple[str, ...]] = {
    "contact": ["contact", "contacts", "contactus", "kontakt", "kontakty", "контакты", "контакт", "contacto", "contatti", "impressum", "reachus", "getintouch", "locations", "location", "standort", "anfahrt", "связаться", "обратнаясвязь"],
    "about": ["about", "aboutus", "company", "team", "ourteam", "whoweare", "ourstory", "ueberuns", "überuns", "unternehmen", "firma", "okompanii", "окомпании", "онас", "компания", "onas", "overons", "chisiamo", "quisommesnous", "apropos", "àpropos", "nosotros", "quienessomos", "empresa", "leadership"],
    "careers": ["career", "careers", "jobs", "job", "vacancies", "vacancy", "karriere", "stellenangebote", "вакансии", "карьера", "werkenbij", "empleo"],
    "blog": ["blog", "news", "press", "insights", "articles", "aktuelles", "новости", "статьи", "блог", "nieuws", "actualites", "actualités"],
    "services": ["services", "service", "solutions", "solution", "products", "product", "leistungen", "dienstleistungen", "produkte", "usluga", "uslugi", "услуги", "продукция", "продукты", "каталог", "catalog", "catalogue", "diensten", "whatwedo", "practiceareas", "offer", "angebot", "oferta", "servizi", "servicios", "portfolio"],
}
_PRIORITY = ("contact", "about", "careers", "blog", "services")
_RANK = {kind: i for i, kind in enumerate(_PRIORITY)}
_LOOKUP: dict[str, str] = {}
for _kind in reversed(_PRIORITY):
    for _word in _WORDS[_kind]:
        _LOOKUP[_word] = _kind
_SINGLE = frozenset(_LOOKUP)
# pages never worth fetching as about/services/contact, whatever else their link says
_NEVER = frozenset(
    ["terms", "privacy", "policy", "conditions", "cookie", "cookies", "legal", "sitemap", "login", "logout", "signin", "signup", "register", "cart", "basket", "checkout", "account", "datenschutz", "agb", "disclaimer", "search", "rss", "feed", "download", "downloads"]
)
# keywords usually written as several words ("who we are", "о компании", "über uns"): matched on the
# words joined without separators
_JOINED = tuple(
    ["contactus", "reachus", "getintouch", "обратнаясвязь", "aboutus", "ourteam", "whoweare", "ourstory", "ueberuns", "überuns", "okompanii", "окомпании", "онас", "onas", "overons", "chisiamo", "quisommesnous", "apropos", "àpropos", "quienessomos", "werkenbij", "whatwedo", "practiceareas"]
)
_SEPARATOR_CHARS = "/-_.?=&#%:+,;!()[]{}'\"|~*@$^<>`\\\t\n\r\u00a0«»“”„–—·•"
_SEPARATORS = str.maketrans({c: " " for c in _SEPARATOR_CHARS})  # the plain form of _words (tests compare)
_HOST_RE = re.compile(r"^https?://([^/?#:@]+)", re.I)
_SKIP_EXT = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".zip", ".doc", ".docx", ".xls", ".xlsx", ".mp4", ".mp3", ".svg")


def same_site(host: str, site_domain: str) -> bool:
    host = host.lower().rstrip(".")
    return bool(site_domain) and (host == site_domain or host.endswith("." + site_domain))


_ASCII_SEPARATORS = "".join(c for c in _SEPARATOR_CHARS if c.isascii()).encode()
_ASCII_TABLE = bytes.maketrans(_ASCII_SEPARATORS, b" " * len(_ASCII_SEPARATORS))
_JOINED_RE = re.compile("|".join(_JOINED))
_ANY_WORD = _SINGLE | _NEVER


_NON_ASCII_SEPARATORS = tuple(c for c in _SEPARATOR_CHARS if not c.isascii())

try:  # the same word rules in C (built at install when a C compiler is present): see _words.pyx
    from processors.website_intelligence._words import LinkWords  # type: ignore[import-not-found]
except ImportError:
    native = None
else:
    native = LinkWords(sorted(_ANY_WORD), _SEPARATOR_CHARS, _LOOKUP, _NEVER,
                       {word: _LOOKUP[word] for word in _JOINED}, _PRIORITY)


def _words(lowered: str) -> list[str]:
    """Words of a lower-cased URL segment or anchor text.

    bytes.translate does the ASCII separators (str.translate with a dict costs ~40 ns a character); the
    few non-ASCII ones are replaced first, and UTF-8 never holds an ASCII byte inside a longer sequence.
    """
    if lowered.isascii():
        return lowered.encode().translate(_ASCII_TABLE).decode().split()
    for char in _NON_ASCII_SEPARATORS:
        if char in lowered:
            lowered = lowered.replace(char, " ")
    return lowered.encode("utf-8", "surrogatepass").translate(_ASCII_TABLE).decode("utf-8", "surrogatepass").split()


def _kind_of_wordlist(words: list[str]) -> str | None:
    if not words:
        return None
    hits = _SINGLE.intersection(words)
    if not hits and len(words) > 1:
        joined = "".join(words)
        if _JOINED_RE.search(joined) is None:  # cheap reject before naming every joined keyword found
            return None
        hits = {w for w in _JOINED if w in joined}
    if not hits:
        return None
    if len(hits) == 1:
        return _LOOKUP[next(iter(hits))]
    return min((_LOOKUP[w] for w in hits), key=_RANK.__getitem__)


def _kind_of_words(text: str) -> str | None:
    return _kind_of_wordlist(_words(text.lower()))


SegmentMemo = dict[str, tuple[bool, str | None]]
_NOTHING: tuple[bool, str | None] = (False, None)


def _segment(segment: str, memo: SegmentMemo | None) -> tuple[bool, str | None]:
    """(holds a never-fetch word, kind) of one lower-cased path segment, memoized per page."""
    info = memo.get(segment) if memo is not None else None
    if info is None:
        info = native.words_verdict(segment) if native is not None else None
        if info is None:
            words = _words(segment)
            info = (not _NEVER.isdisjoint(words), _kind_of_wordlist(words))
        if memo is not None:
            memo[segment] = info
    return info


def classify_link(url: str, anchor_text: str, site_domain: str, memo: SegmentMemo | None = None) -> str | None:
    """The kind of page a same-site link leads to (by its path, else its anchor text), or None.

    ``memo`` (optional, one dict per page) remembers what each path segment and anchor text says:
    pages repeat the same segments and anchors across their links.
    """
    host = _HOST_RE.match(url)
    if host is None or not same_site(host.group(1), site_domain):
        return None
    return classify_same_site(url, host.end(), anchor_text, memo)


def classify_same_site(url: str, path_start: int, anchor_text: str, memo: SegmentMemo | None) -> str | None:
    """``classify_link`` for a URL already known to be same-site; its path starts at ``path_start``."""
    excluded, kind = path_verdict(url, path_start, memo)
    if excluded:
        return None
    never, text_kind = anchor_verdict(anchor_text, memo)
    return None if never else kind or text_kind


def path_verdict(url: str, path_start: int, memo: SegmentMemo | None) -> tuple[bool, str | None]:
    """(excluded, kind) of a same-site URL's path: excluded for a file download or a never-fetch word;
    the most specific segment naming a kind decides (/about-us/careers -> careers)."""
    rest = url[path_start:]
    if "?" in rest or "#" in rest:
        rest = rest.split("?", 1)[0].split("#", 1)[0]
    low = rest.lower()
    if low.endswith(_SKIP_EXT):
        return True, None
    if "%" in rest:
        low = unquote(rest).lower()
    if native is not None:
        verdict = native.path_words_verdict(low)
        if verdict is not None:
            return verdict
    if memo is None:
        memo = {}
    # Shortcuts on the whole path's words (one translate): a segment's words are among the path's and its
    # joined words inside the path's joined words, so with no joined keyword anywhere the answer is
    # "nothing" (no keyword at all), "excluded" (a never-fetch word) or the one kind every keyword names.
    words = low.encode().translate(_ASCII_TABLE).decode().split() if low.isascii() else _words(low)
    if _ANY_WORD.isdisjoint(words):
        if len(words) < 2 or _JOINED_RE.search("".join(words)) is None:
            return False, None
    elif not _NEVER.isdisjoint(words):
        return True, None
    else:
        kinds = {_LOOKUP[w] for w in _SINGLE.intersection(words)}
        if len(kinds) == 1 and _JOINED_RE.search("".join(words)) is None:
            return False, kinds.pop()
    kind = None
    excluded = False
    for seg in low.split("/"):
        if seg:
            info = memo.get(seg) or _segment(seg, memo)
            if info[0]:
                excluded = True
            elif info[1]:
                kind = info[1]
    return (True, None) if excluded else (False, kind)


def anchor_verdict(anchor_text: str, memo: SegmentMemo | None) -> tuple[bool, str | None]:
    """(holds a never-fetch word, kind) of a link's anchor text; only short (navigation) anchors count.

    Memoized per page under a NUL-prefixed key (never a path segment)."""
    if not anchor_text or len(anchor_text) > 60:  # navigation anchors are short
        return _NOTHING
    if memo is None:
        return _anchor_info(anchor_text)
    key = "\0" + anchor_text
    info = memo.get(key)
    if info is None:
        info = memo[key] = _anchor_info(anchor_text)
    return info



def _anchor_info(text: str) -> tuple[bool, str | None]:
    low = text.lower()
    if native is not None:
        verdict = native.anchor_words_verdict(low)
        if verdict is not None:
            return verdict
    words = low.encode().translate(_ASCII_TABLE).decode().split() if low.isascii() else _words(low)
    # most anchors name nothing: a never-fetch word (whitespace-split) is also one of these words
    if _ANY_WORD.isdisjoint(words) and (len(words) < 2 or _JOINED_RE.search("".join(words)) is None):
        return _NOTHING
    return not _NEVER.isdisjoint(low.split()), _kind_of_wordlist(words)


def anchor_blocks(anchor_text: str) -> bool:
    """True when a (short) anchor text holds a never-fetch word: the cheap half of ``anchor_verdict``."""
    return bool(anchor_text) and len(anchor_text) <= 60 and not _NEVER.isdisjoint(anchor_text.lower().split())


def _text_kind(text: str, memo: SegmentMemo | None) -> str | None:
    key = "\1" + text
    info = memo.get(key) if memo is not None else None
    if info is None:
        info = (False, _kind_of_words(text))
        if memo is not None:
            memo[key] = info
    return info[1]


def path_start(url: str, site_domain: str) -> int:
    """Where the path of a same-site absolute URL starts (as ``classify_link`` reads it), else -1."""
    host = _HOST_RE.match(url)
    return host.end() if host is not None and same_site(host.group(1), site_domain) else -1


def _path_of(url: str) -> str:
    """``unquote(urlsplit(url).path)``, without building a SplitResult for the usual ``scheme://host/path``."""
    scheme_end = url.find("://")
    if scheme_end <= 0 or not (url[:scheme_end].isascii() and url[:scheme_end].isalpha()) or "\t" in url or "\n" in url or "\r" in url:
        return unquote(urlsplit(url).path)
    rest = url[scheme_end + 3 :]
    cut = len(rest)
    for mark in "/?#":
        at = rest.find(mark)
        if 0 <= at < cut:
            cut = at
    path = rest[cut:].split("?", 1)[0].split("#", 1)[0] if cut < len(rest) and rest[cut] == "/" else ""
    return unquote(path) if "%" in path else path


def services_from_links(links: list[tuple[str, str]], limit: int = 15, memo: SegmentMemo | None = None) -> list[str]:
    """Anchor texts of links one level below a services index, e.g. ``/services/seo`` -> "SEO".

    ``memo``: the page's ``classify_link`` memo (path segments and anchors were read there already)."""
    out: dict[str, None] = {}
    for url, text in links:
        path = [seg for seg in _path_of(url).split("/") if seg]
        if len(path) < 2 or not any(_segment(seg.lower(), memo)[1] == "services" for seg in path[:-1]):
            continue
        if not 2 <= len(text) <= 60 or len(text.split()) == 1 and _text_kind(text, memo) == "services":
            continue
        out.setdefault(text, None)
        if len(out) >= limit:
            break
    return list(out)
