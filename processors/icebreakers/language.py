"""Which language an icebreaker is written in, and the lead's name parts.

``choose_language(fields, settings, site_url="", site_language="") -> str`` returns a lower-case ISO 639-1 code:

1. the command's ``output_language`` (setting ``LEADPIPE_OUTPUT_LANGUAGE``: "ru", "en", "russian", "русский"…;
   "auto" or empty means "decide per lead");
2. else "ru" when the lead's name is written in Cyrillic, the site is on a Russian-speaking ccTLD (.ru, .рф,
   .su, .by, .kz) or the lead's (or company's) country is Russian-speaking, or — when the lead has no country —
   the site itself is in Russian (``site_language``);
3. else "en".

``first_name_of(fields)`` finds the first name (the ``first_name`` field, else from ``full_name``, understanding
the Russian "Фамилия Имя Отчество" order through the patronymic). ``detect_gender(first, last, middle)`` returns
"m", "f" or "" from the patronymic, surname ending or the name dictionary; templates are written so that they
never need it (the formal "вы" has no gender), but callers may use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from processors.icebreakers.text import cyrillic_ratio

SETTING = "LEADPIPE_OUTPUT_LANGUAGE"
_ALIASES = {
    "ru": "ru", "rus": "ru", "russian": "ru", "русский": "ru", "русском": "ru", "рус": "ru",
    "en": "en", "eng": "en", "english": "en", "английский": "en", "английском": "en", "англ": "en",
}
_RU_TLDS = (".ru", ".рф", ".xn--p1ai", ".su", ".by", ".kz", ".москва", ".moscow")
_RU_COUNTRIES = {
    "ru", "rus", "russia", "russian federation", "россия", "российская федерация", "рф",
    "by", "blr", "belarus", "беларусь", "белоруссия", "республика беларусь",
    "kz", "kaz", "kazakhstan", "казахстан", "kg", "kyrgyzstan", "киргизия", "кыргызстан",
}
_NAME_FIELDS = ("first_name", "last_name", "full_name")
_COUNTRY_FIELDS = ("country", "company_country")
_WEBSITE_FIELDS = ("website", "site_url")
_PATRONYMIC = re.compile(r"(ович|евич|ич|овна|евна|ична|инична)$", re.IGNORECASE)


def normalize_language(value: Any) -> str:
    """A language setting to an ISO code ("" for auto/unknown); unknown codes pass through lower-cased."""
    text = str(value or "").strip().lower()
    if text in ("", "auto", "none", "null"):
        return ""
    return _ALIASES.get(text, text[:2] if re.fullmatch(r"[a-z]{2}(-[a-z]{2})?", text) else "")


def _host(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if "//" not in url:
        url = "//" + url
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def choose_language(fields: Mapping[str, str], settings: Mapping[str, Any] | None = None, site_url: str = "",
                    site_language: str = "") -> str:
    """The icebreaker language for a lead (see the module docstring for the order of the rules)."""
    forced = normalize_language((settings or {}).get(SETTING))
    if forced:
        return forced
    name = " ".join(fields.get(k) or "" for k in _NAME_FIELDS)
    if cyrillic_ratio(name) >= 0.5:
        return "ru"
    hosts = [_host(site_url)] + [_host(fields.get(k) or "") for k in _WEBSITE_FIELDS]
    if any(h.endswith(_RU_TLDS) for h in hosts if h):
        return "ru"
    countries = [(fields.get(key) or "").strip().lower() for key in _COUNTRY_FIELDS]
    if any(c in _RU_COUNTRIES for c in countries):
        return "ru"
    if not any(countries) and normalize_language(site_language) == "ru":
        return "ru"  # a Russian-language site (on .com) and no country that says otherwise
    return "en"


def first_name_of(fields: Mapping[str, str]) -> str:
    """The lead's first name: ``first_name``, else the given name inside ``full_name``."""
    first = (fields.get("first_name") or "").strip()
    if first:
        parts = first.split()
        return parts[0] if len(parts) > 1 and _PATRONYMIC.search(parts[-1]) else first
    parts = (fields.get("full_name") or "").split()
    if not parts:
        return ""
    if len(parts) == 3 and _PATRONYMIC.search(parts[2]):  # Иванов Иван Иванович
        return parts[1]
    return parts[0]  # Иван Иванович Иванов, John Smith


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def detect_gender(first: str = "", last: str = "", middle: str = "") -> str:
    """"m", "f" or "" (unknown) for a Russian-speaking person, from patronymic, surname, then first name."""
    mid = middle.strip().lower()
    if re.search(r"(овна|евна|ична|инична)$", mid):
        return "f"
    if re.search(r"(ович|евич|ич)$", mid):
        return "m"
    sur = last.strip().lower()
    if re.search(r"(ова|ева|ёва|ина|ына|ская|цкая)$", sur):
        return "f"
    if re.search(r"(ов|ев|ёв|ин|ын|ский|цкий)$", sur):
        return "m"
    name = first.strip()
    if name and cyrillic_ratio(name) >= 0.5:
        for parse in _morph().parse(name):
            if "Name" in parse.tag:
                if "masc" in parse.tag:
                    return "m"
                if "femn" in parse.tag:
                    return "f"
                return ""
    return ""
