"""Bare domains and URLs as company names: ``www.salesforce.com`` -> ``Salesforce`` (rule R7).

``domain_brand(text)`` returns the brand for text that is only a domain, URL or e-mail address, else
None. The brand is the registrable label (the one before the public suffix; two-part suffixes such as
``co.uk`` and ``com.br`` are recognised from a small built-in list, no network). A lower-case label is
capitalised (``acme`` -> ``Acme``); a label of two letters that is not a word, or a three- or four-letter
one that cannot be read as a word (no vowel, clusters no word has), is written in capitals (``hp`` -> ``HP``, ``wsj`` -> ``WSJ``);
a label that already has capitals keeps them (``https://JD.com`` -> ``JD``). Text that is capitalised
like a name and has no URL shape (``Lottery.com``, ``Jet.AI``) is a name, not a domain.
"""

from __future__ import annotations

import re

from processors.company_names.casing import _SHORT_WORDS, _unpronounceable

_DOMAIN = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@\s/]+@)?(?:www\d?\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\.?"
    r"(?::\d{1,5})?(?:[/?#]\S*)?$",
    re.IGNORECASE,
)
# ``_DOMAIN`` without the scheme and user parts, for text with neither "://" nor "@" (the same matches,
# without the backtracking that the two optional parts cost on every bare domain).
_BARE_DOMAIN = re.compile(
    r"^(?:www\d?\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\.?(?::\d{1,5})?(?:[/?#]\S*)?$",
    re.IGNORECASE,
)
_URL_SHAPE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\d?\.|[^@\s]+@)|/", re.IGNORECASE)
_SECOND_LEVEL = frozenset(["co", "com", "net", "org", "gov", "edu", "ac", "ltd", "plc", "or", "ne", "go", "gob", "mil", "nic", "biz", "info"])
_GENERIC_TLDS = frozenset(
    ["com", "net", "org", "biz", "info", "io", "ai", "co", "app", "dev", "tech", "site", "online", "store", "shop", "xyz", "me", "tv", "cc", "ly", "gg", "to", "so", "sh", "us", "eu", "asia", "global", "group", "agency", "company", "email", "digital", "cloud", "solutions", "systems", "software", "studio", "media", "marketing", "consulting", "capital", "ventures", "partners", "finance", "money", "bank", "insurance", "health", "care", "clinic", "law", "legal", "travel", "energy",
     "gov", "edu", "mil", "int", "name", "pro", "mobi", "jobs", "news", "blog", "live", "life", "world",
     "today", "network", "tools", "works", "website", "web", "page", "space", "team", "center", "express",
     "expert", "services", "support", "academy", "games", "club", "design", "events", "fashion", "fitness",
     "foundation", "gallery", "guru", "house", "international", "land", "limited", "ltd", "management",
     "market", "photography", "plus", "pub", "rocks", "run", "school", "social", "technology", "tips",
     "town", "training", "vision", "wiki", "work", "zone", "inc", "llc", "one", "top", "vip", "fun", "art",
     "bio", "eco", "city", "africa", "berlin", "london", "moscow", "nyc", "paris", "tokyo", "wien",
     "amsterdam", "swiss", "scot", "wales"]
)


def domain_brand(text: str) -> str | None:
    """Brand of a bare domain/URL/e-mail (``"https://www.acme.io/about"`` -> ``"Acme"``), else None."""
    if " " in text or "." not in text:
        return None
    if text.lower() != text and not _URL_SHAPE.match(text):
        return None  # "Lottery.com", "Jet.AI": capitalised as a name, so kept as a name
    m = (_BARE_DOMAIN if "@" not in text and "://" not in text else _DOMAIN).match(text)
    if not m:
        return None
    labels = m.group(1).split(".")
    tld = labels[-1].lower()
    if len(tld) > 2 and tld not in _GENERIC_TLDS:
        return None  # "Jet.AI" style names are handled as names; only known TLDs make a domain
    labels = labels[:-1]
    if len(labels) >= 2 and labels[-1].lower() in _SECOND_LEVEL and len(tld) == 2:
        labels = labels[:-1]
    if not labels:
        return None
    label = labels[-1]
    if label.lower() == "www" or not label.strip("0123456789-"):  # a label of digits and hyphens only
        return None
    return _case_label(label)


def _case_label(label: str) -> str:
    if label != label.lower():
        return label
    parts = label.split("-")
    out = []
    for part in parts:
        up = part.upper()
        if part and part.isalpha() and part.isascii() and len(part) <= 4 and up not in _SHORT_WORDS and (
            len(part) <= 2 or _unpronounceable(up, lone=False)
        ):
            out.append(up)
        else:
            out.append(part[:1].upper() + part[1:])
    return "-".join(out)
