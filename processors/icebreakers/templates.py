"""Offline icebreakers: templates per fact type and language, chosen deterministically per lead.

``render_icebreaker(facts=..., lead_fields=..., language=..., first_name=..., company=..., title=..., seed_key=...)``
returns ``(text, fact)`` for the first (fact, template) pair, in a per-lead order, whose filled text passes every
quality gate, or None. The order depends only on ``seed_key`` (e.g. the lead's e-mail), so a lead always gets
the same icebreaker and colleagues at one company get different ones.

Templates live in ``processors/data/icebreaker_templates_<lang>.json`` (English and Russian; other languages use
the English set). Russian templates address the reader with the formal «вы», keep the company name in the
nominative or after the word «компания», and contain no singular past-tense verbs, so names and genders never
break the sentence; a Russian job title is used only when ``russian.title_dative`` can put it in the dative
with confidence ("вам как коммерческому директору"). Titles longer than 5 words are not used.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from processors.icebreakers.gates import GateResult, check_icebreaker
from processors.icebreakers.russian import title_dative
from processors.icebreakers.safety import DATA_DIR
from processors.icebreakers.text import collapse, cyrillic_ratio, shorten, word_count

LANGUAGES = ("en", "ru")
_VALUE_LIMITS = (14, 9, 6)


@lru_cache(maxsize=4)
def load_templates(language: str) -> dict[str, list[str]]:
    """fact type -> templates for ``language`` (English for languages without a template file)."""
    lang = language if language in LANGUAGES else "en"
    data = json.loads((DATA_DIR / f"icebreaker_templates_{lang}.json").read_text(encoding="utf-8"))
    return {k: list(v) for k, v in data["templates"].items()}


def seed_of(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def _rotate(items: Sequence[Any], seed: int) -> list[Any]:
    if not items:
        return []
    k = seed % len(items)
    return list(items[k:]) + list(items[:k])


_NOT_A_NAME = frozenset({"n/a", "na", "none", "null", "unknown", "test", "info", "sales", "admin", "contact",
                         "team", "office", "support", "hello", "неизвестно", "нет"})


def strip_symbols(text: str) -> str:
    """``text`` without emoji and other symbols (messy exports prepend them), whitespace collapsed."""
    kept = "".join(" " if unicodedata.category(c) in ("So", "Sk", "Cs", "Co", "Cn") else c for c in text or "")
    return collapse(kept.replace("\ufe0f", "").replace("\u200d", ""))


def display_name(name: str) -> str:
    """A first name as written in a greeting ("JOHN" / "john" -> "John"; "McKay" kept); "" for what is not a
    usable name (initials such as "J.", placeholders such as "N/A" or "info", no letters)."""
    name = strip_symbols(name).strip(" ,.;:!?\"'()[]")
    letters = sum(c.isalpha() for c in name)
    if letters < 2 or name.lower() in _NOT_A_NAME or not name[:1].isalpha():
        return ""
    if name.isupper() or name.islower():
        return "-".join(part[:1].upper() + part[1:].lower() for part in name.split("-"))
    return name


def company_forms(company: str, language: str) -> dict[str, str]:
    """The company placeholders for ``language`` (fallback wording when the name is unknown)."""
    company = (company or "").strip()
    if language == "ru":
        if not company:
            return {"company_nom": "ваша компания", "company_gen": "вашей компании"}
        quoted = company if company[0] in "«\"“" or cyrillic_ratio(company) < 0.5 else f"«{company}»"
        return {"company_nom": quoted, "company_gen": f"компании {quoted}"}
    if not company:
        return {"company": "your company", "company_poss": "your company's"}
    poss = f"{company}'" if company.endswith(("s", "S")) and not company.endswith(("ss", "SS")) else f"{company}'s"
    return {"company": company, "company_poss": poss}


def fill(template: str, *, name: str, company: str, title: str, value: str, language: str,
         title_dat: str = "") -> str:
    """Fill one template and capitalize its first letter."""
    values = {"name_prefix": f"{name}, " if name else "", "title": title, "value": value, "title_dat": title_dat}
    values.update(company_forms(company, language))
    text = template.format(**values)
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:] if i == 0 else text
    return text


def render_icebreaker(
    *,
    facts: Sequence[Mapping[str, str]],
    lead_fields: Mapping[str, str],
    language: str,
    first_name: str,
    company: str,
    title: str,
    seed_key: str,
    max_words: int = 30,
    min_words: int = 6,
    cliches_file: str = "",
) -> tuple[str, Mapping[str, str]] | None:
    """The first gate-passing (text, fact) in this lead's deterministic order, or None."""
    seed = seed_of(seed_key)
    templates = load_templates(language)
    name = display_name(first_name)
    title = title if 0 < word_count(title) <= 5 else ""
    title_dat = (title_dative(title) or "") if language == "ru" and title else ""
    # facts in the icebreaker's language first (stable), then a per-lead rotation of the first three
    by_lang = sorted(facts, key=lambda f: f.get("lang", language) != language)
    same = sum(1 for f in by_lang if f.get("lang", language) == language)
    head = min(3, same or len(by_lang))
    ordered = _rotate(by_lang[:head], seed) + by_lang[head:]
    for limit in _VALUE_LIMITS:
        for fact in ordered:
            kind = fact.get("type", "")
            candidates = _rotate(templates.get(kind, []), seed >> 8) + templates.get("any", [])
            value = shorten(fact.get("value") or fact.get("text") or "", limit)
            for template in candidates:
                if ("{title}" in template and not title) or ("{title_dat}" in template and not title_dat):
                    continue
                if "{value}" in template and not value:
                    continue
                text = fill(template, name=name, company=company, title=title, value=value, language=language,
                            title_dat=title_dat)
                result: GateResult = check_icebreaker(
                    text, facts=[fact], lead_fields=lead_fields, language=language, first_name=name,
                    company=company, max_words=max_words, min_words=min_words, cliches_file=cliches_file,
                )
                if result.ok:
                    return text, fact
    return None
