"""Deterministic personalization facts from website intelligence (the offline path, and the LLM's fallback).

``extract_facts(site, max_facts=5) -> list[dict]`` reads the ``_site`` structure produced by
``website_intelligence`` — ``{"url": home, "pages": [{"url", "kind", "data": <extract_page dict>}]}`` — and
returns up to ``max_facts`` facts, each ``{"type", "text", "source_url", "value", "lang"}``:

* ``type``: one of FACT_TYPES (what the company does in its own words, who it serves, customers/partners,
  awards, numbers, founding year, location, news/blog posts, hiring, services);
* ``text``: a readable fact for the ``personalization`` column ("Founded in 1998", "Blog: …");
* ``source_url``: the page the fact was read on;
* ``value``: the short phrase a template quotes or inserts (a tagline, a year, a city, a post title);
* ``lang``: "ru" when the value is mostly Cyrillic, else the page's language when it is another one
  ("de", "pl"…), else "en".

Only text that the site itself shows is used; anything containing a URL, an e-mail address or a banned phrase
(prompt-injection wording, insults) is dropped. Facts are de-duplicated and picked for variety of type.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz

from processors.icebreakers.safety import find_banned
from processors.icebreakers.text import collapse, cyrillic_ratio, keywords, sentences, shorten, word_count

FACT_TYPES: tuple[str, ...] = (
    "what_they_do", "audience", "customers", "award", "number", "founded", "location", "news", "hiring",
    "services",
)
# pick order when choosing a varied set
_PRIORITY = ("what_they_do", "news", "customers", "award", "founded", "number", "audience", "services",
             "location", "hiring")
VALUE_MAX_WORDS = 14

_URLISH = re.compile(r"https?://|\bhttps?\b|\bwww\b|\b[\w.+-]+@[\w-]+\.[\w.]+|\.(?:com|ru|net|org|io)\b", re.IGNORECASE)
_GENERIC_HEADINGS = re.compile(
    r"^(home|homepage|welcome|welcome to .*|about|about us|contact|contact us|services|our services|products|"
    r"blog|news|menu|main|index|главная|о компании|о нас|контакты|услуги|каталог|новости|блог|добро пожаловать.*)$",
    re.IGNORECASE,
)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("award", re.compile(r"\b(award|awarded|winner|won the|recogni[sz]ed as|ranked|certified|премия|премии|"
                         r"лауреат|победител|награ[дж]|признан)", re.IGNORECASE)),
    ("customers", re.compile(r"\b(clients include|customers include|trusted by|our clients|our customers|"
                             r"partners? (with|include)|partnered with|работаем с|наши клиенты|наши партн[её]ры|"
                             r"нам доверяют|среди (наших )?клиентов|партн[её]р(ом|ы) )", re.IGNORECASE)),
    ("founded", re.compile(r"\b(founded in|established in|since (19|20)\d\d|in business since|est\. (19|20)\d\d|"
                           r"основан[аоы]? в|с (19|20)\d\d год|на рынке с|работаем с (19|20)\d\d)", re.IGNORECASE)),
    ("number", re.compile(r"(\b\d[\d,. ]*\+?\s*(years|clients|customers|projects|offices|countries|employees|"
                          r"specialists|locations|stores|users|лет|год[а]?|клиент\w*|проект\w*|офис\w*|стран\w*|"
                          r"сотрудник\w*|специалист\w*|магазин\w*|филиал\w*|пользовател\w*)\b)", re.IGNORECASE)),
    ("audience", re.compile(r"\b(we help|helping|we serve|serving|designed for|built for|for small|for businesses|"
                            r"for companies|for teams|помогаем|для бизнеса|для компаний|для малого|для частных|"
                            r"для клиентов|для предприятий)", re.IGNORECASE)),
)
_BLOG_PATH = re.compile(r"/(blog|news|press|posts?|articles?|insights|stories|novosti|stati|статьи|новости)/",
                        re.IGNORECASE)
_CONTACT_PATH = re.compile(r"contact|kontakt|контакт|impressum|imprint", re.IGNORECASE)
_SINGLE = frozenset({"founded", "location", "hiring", "services"})  # never two of these in one fact set
_YEAR = re.compile(r"\b(1[89]\d\d|20[0-4]\d)\b")


def fact_lang(text: str) -> str:
    return "ru" if cyrillic_ratio(text) >= 0.5 else "en"


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _first_str(value: Any) -> str:
    for item in _as_list(value):
        if isinstance(item, str) and item.strip():
            return collapse(item)
    return ""


_BOILERPLATE = re.compile(
    r"\b(contact(s| us| information| details)?|call us|call toll|toll free|form below|the form|fill (in|out)|"
    r"get in touch|email us|e-mail us|write to us|click|learn more|read more|more info|find out more|cookies?|"
    r"javascript|copyright|all rights reserved|privacy|log ?in|sign ?in|sign up|password|shopping cart|checkout|"
    r"subscribe|newsletter|sharethis|share this|lorem ipsum|text block|sample text|coming soon|"
    r"under construction|page not found|404|\w*formulier\w*|\w*kontakt\w*|skontaktuj|impressum|contacto|"
    r"эту форму|форму ниже|заполните|"
    r"контакт\w*|свяжитесь|звоните|позвоните|подробнее|читать далее|корзин\w*|войти|регистрац\w*|"
    r"обратн\w+ связ\w*)\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s+[|>›»·•]\s+|\s+[-–—]\s+(?=[A-ZА-ЯЁ])")
_PHONE_RUN = re.compile(r"\d[\d\s().-]{6,}\d")


def _bad_shape(value: str) -> bool:
    """Shapes that are never a usable fact: phone numbers, shouting, repeated words and Title Case runs
    (menus, keyword lists)."""
    if _PHONE_RUN.search(value) and sum(c.isdigit() for c in value) >= 7:
        return True
    letters = [c for c in value if c.isalpha()]
    if len(letters) > 20 and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        return True
    tokens = [t.lower() for t in re.findall(r"\w+", value) if len(t) > 3]
    if any(tokens.count(t) >= 3 for t in set(tokens)):
        return True
    alpha = [w for w in re.findall(r"[^\W\d_]+", value) if len(w) > 3]
    if len(alpha) >= 5 and cyrillic_ratio(value) < 0.5:
        return sum(w[0].isupper() for w in alpha) / len(alpha) >= 0.9
    return False


def _best_segment(text: str) -> str:
    """Titles and breadcrumbs ("Home > About > Contact", "Law Firm | Katz"): the longest segment, or the text."""
    parts = [p.strip() for p in _SEPARATORS.split(text) if p and p.strip()]
    if len(parts) <= 1:
        return text
    return max(parts, key=lambda p: (word_count(p), len(p)))


def clean_value(text: str, max_words: int = VALUE_MAX_WORDS, min_words: int = 2) -> str:
    """A fact value ready for a template: one sentence, at most ``max_words`` words, no end punctuation;
    "" when the text is unusable (too short, a URL/e-mail/phone, a banned phrase, navigation, contact or
    form boilerplate, a generic heading, shouting or a repeated-word menu)."""
    text = "".join(c for c in html.unescape(text or "") if unicodedata.category(c) != "So")
    text = collapse(text).strip(" \"'«»“”|·•-–—.…")
    if not text or _URLISH.search(text) or find_banned(text) or _GENERIC_HEADINGS.match(text):
        return ""
    text = _best_segment(text)
    first = sentences(text)[0] if sentences(text) else text
    value = shorten(first, max_words).rstrip(" .!?;:,…").strip(" \"'«»“”.…")
    if word_count(value) < min_words or len(value) < 4 * min_words:
        return ""
    if _BOILERPLATE.search(value) or _bad_shape(value) or _GENERIC_HEADINGS.match(value):
        return ""
    return value


def _names_only(value: str, is_name: Any) -> bool:
    """True when the value says little beyond the company's own name (fewer than 2 other content words)."""
    return len([k for k in keywords(value) if not is_name(k)]) < 2


def _name_matcher(site: Mapping[str, Any], pages: list[Mapping[str, Any]]) -> Any:
    """A predicate: is this (normalized) word part of the company's name (organization / og:site_name / host)?"""
    names: set[str] = set()
    hosts: list[str] = []
    for page in pages:
        data = page.get("data") or {}
        org = data.get("organization") or {}
        if isinstance(org, Mapping):
            names.update(keywords(_first_str(org.get("name"))))
        names.update(keywords(_first_str((data.get("og") or {}).get("site_name"))))
        host = (urlsplit(str(page.get("url") or "")).hostname or "").lower()
        if host:
            hosts.append(host.removeprefix("www.").rsplit(".", 1)[0])
    host = (urlsplit(str(site.get("url") or "")).hostname or "").lower()
    if host:
        hosts.append(host.removeprefix("www.").rsplit(".", 1)[0])

    def is_name(word: str) -> bool:
        return word in names or (len(word) >= 3 and any(word in h for h in hosts))

    return is_name


def _fact(kind: str, text: str, value: str, url: str, lang: str = "") -> dict[str, str]:
    """One fact; ``lang`` from the value's script, or ``lang`` (the page's) when the value has no letters."""
    has_letters = any(c.isalpha() for c in value)
    return {"type": kind, "text": text, "source_url": url, "value": value,
            "lang": fact_lang(value) if has_letters or not lang else lang}


_LABELS = {
    "en": {"news": "Blog: ", "services": "Services: ", "location": "Based in ", "founded": "Founded in ",
           "hiring": "Hiring: careers page"},
    "ru": {"news": "Блог: ", "services": "Услуги: ", "location": "Адрес: ", "founded": "Год основания: ",
           "hiring": "Есть раздел вакансий"},
}


def _label(kind: str, value: str, lang: str) -> str:
    """The readable ``text`` of a structured fact, in the page's language."""
    labels = _LABELS["ru" if lang == "ru" else "en"]
    if kind == "hiring":
        return labels["hiring"]
    return f"{labels.get(kind, '')}{value}"


def _classify(sentence: str) -> str | None:
    for kind, pattern in _RULES:
        if pattern.search(sentence):
            return kind
    return None


def _slug_title(url: str) -> str:
    """A readable post title from a blog URL's last path segment ("/blog/how-we-cut-costs" -> "How we cut costs")."""
    path = unquote(urlsplit(url).path).rstrip("/")
    if not _BLOG_PATH.search(path + "/") or path.count("/") < 2:
        return ""
    slug = re.sub(r"\.(html?|php|aspx?)$", "", path.rsplit("/", 1)[-1])
    parts = [p for p in re.split(r"[-_]+", slug) if p]
    while parts and parts[0].isdigit():  # "/blog/123-title": a leading id is not part of the title
        parts.pop(0)
    while len(parts) > 3 and parts[-1].isdigit() and not _YEAR.fullmatch(parts[-1]):  # "…-title-158": an id
        parts.pop()
    if len(parts) < 3 or any(len(p) > 20 for p in parts):
        return ""
    title = " ".join(parts)
    return title[:1].upper() + title[1:]


def _address_text(address: Any) -> str:
    if isinstance(address, Mapping):
        city = _first_str(address.get("addressLocality"))
        region = _first_str(address.get("addressRegion"))
        country = address.get("addressCountry")
        if isinstance(country, Mapping):
            country = country.get("name")
        parts = [p for p in (city, region if region and region != city else "", _first_str(country)) if p]
        return ", ".join(parts[:2])
    text = _first_str(address)
    return text if 0 < word_count(text) <= 8 else ""


def _page_candidates(page: Mapping[str, Any], is_name: Any) -> Iterable[dict[str, str]]:
    url = str(page.get("url") or "")
    kind = str(page.get("kind") or "")
    data = page.get("data") or {}
    og = data.get("og") or {}
    page_lang = "ru" if str(data.get("language") or "").lower().startswith("ru") else "en"
    org = data.get("organization") or {}
    if isinstance(org, list):
        org = org[0] if org and isinstance(org[0], Mapping) else {}

    # blog / news pages: the post title is the fact
    if kind in ("blog", "news") or (kind != "home" and str(og.get("type", "")).lower() == "article"):
        title = clean_value(_first_str(data.get("h1")) or _first_str(og.get("title")) or _first_str(data.get("title")))
        if title and word_count(title) >= 3 and not _names_only(title, is_name):
            yield _fact("news", _label("news", title, page_lang), title, url)

    # contact pages describe how to get in touch, not the business: only their structured data is used
    contact = kind == "contact" or bool(_CONTACT_PATH.search(urlsplit(url).path))
    # what they do, in their own words
    for source in () if contact else (og.get("description"), data.get("description"), org.get("description") if org else None,
                   data.get("h1"), og.get("title")):
        value = clean_value(_first_str(source))
        if value and word_count(value) >= 3 and not _names_only(value, is_name):
            yield _fact("what_they_do", value, value, url)

    # typed sentences from the prose
    prose = "" if contact else " ".join(
        _first_str(x) for x in (data.get("description"), og.get("description"), data.get("about_text")))
    for sentence in sentences(prose)[:60]:
        kind_found = _classify(sentence)
        if not kind_found or not sentence[:1].isupper():  # a fragment, not a sentence
            continue
        value = clean_value(sentence)
        if not value:
            continue
        if kind_found == "founded":  # templates insert the year ("since {value}", "с {value} года")
            year = _YEAR.search(value)
            if year:
                yield _fact("founded", value, year.group(1), url, page_lang)
            continue
        yield _fact(kind_found, value, value, url)
    about_sentences = [s for s in sentences(prose and _first_str(data.get("about_text")))
                       if word_count(s) >= 5 and s[:1].isupper()]
    for sentence in about_sentences[:3]:
        value = clean_value(sentence)
        if value and word_count(value) >= 3 and not _names_only(value, is_name):
            yield _fact("what_they_do", value, value, url)
            break

    # structured data
    if org:
        founding = _YEAR.search(_first_str(org.get("foundingDate")))
        if founding:
            year = founding.group(1)
            yield _fact("founded", _label("founded", year, page_lang), year, url, page_lang)
        place = _address_text(org.get("address"))
        if place and not find_banned(place) and not _URLISH.search(place):
            yield _fact("location", _label("location", place, page_lang), place, url)
    services = [clean_value(_first_str(s), 5, 1) for s in _as_list(data.get("services"))]
    services = [s for s in services if s][:3]
    if len(services) >= 2:
        joined = ", ".join(services)
        yield _fact("services", _label("services", joined, page_lang), joined, url)

    links = data.get("links") or {}
    for link in _as_list(links.get("blog")):
        title = clean_value(_slug_title(str(link)))
        if title and page_lang == "ru" and fact_lang(title) != "ru":
            continue  # a transliterated slug ("obzor-spinninga") is not readable as a title
        if title:
            yield _fact("news", _label("news", title, page_lang), title, str(link))
    careers = _as_list(links.get("careers"))
    if careers:
        value = "раздел вакансий" if page_lang == "ru" else "careers page"
        yield _fact("hiring", _label("hiring", "", page_lang), value, str(careers[0]), page_lang)


def _duplicate(fact: Mapping[str, str], chosen: list[dict[str, str]]) -> bool:
    return any(fuzz.token_set_ratio(fact["value"], other["value"]) >= 85 for other in chosen)


def merge_facts(first: list[dict[str, str]], more: list[dict[str, str]], max_facts: int) -> list[dict[str, str]]:
    """``first`` then those of ``more`` that are not near-duplicates of what is kept, at most ``max_facts``."""
    out = list(first[:max_facts])
    for fact in more:
        if len(out) >= max_facts:
            break
        if not _duplicate(fact, out):
            out.append(fact)
    return out


def extract_facts(site: Mapping[str, Any] | None, max_facts: int = 5) -> list[dict[str, str]]:
    """Up to ``max_facts`` varied, de-duplicated facts from ``site`` (see the module docstring)."""
    if not site:
        return []
    pages = [p for p in site.get("pages") or [] if isinstance(p, Mapping)]
    pages.sort(key=lambda p: 0 if p.get("kind") == "home" else 1)  # stable: home first, then site order
    is_name = _name_matcher(site, pages)
    candidates: list[dict[str, str]] = []
    for page in pages:
        data_lang = str((page.get("data") or {}).get("language") or "")[:2].lower()
        for fact in _page_candidates(page, is_name):
            if fact["lang"] == "en" and data_lang not in ("", "en", "ru") and any(c.isalpha() for c in fact["value"]):
                fact["lang"] = data_lang  # a German / Dutch / Polish page: not English either
            candidates.append(fact)
    unique: list[dict[str, str]] = []
    for fact in candidates:
        if not _duplicate(fact, unique):
            unique.append(fact)
    chosen: list[dict[str, str]] = []
    for kind in _PRIORITY:  # one of each type first, in priority order
        for fact in unique:
            if fact["type"] == kind and len(chosen) < max_facts:
                chosen.append(fact)
                break
    for fact in unique:  # then fill with the rest, in page order
        if len(chosen) >= max_facts:
            break
        if fact not in chosen and not (fact["type"] in _SINGLE and any(c["type"] == fact["type"] for c in chosen)):
            chosen.append(fact)
    order = {id(f): i for i, f in enumerate(unique)}
    rank = {k: i for i, k in enumerate(_PRIORITY)}
    chosen.sort(key=lambda f: (rank[f["type"]], order[id(f)]))
    return chosen
