"""Deterministic quality gates every icebreaker must pass, whichever path (LLM or template) produced it.

``check_icebreaker(text, facts=..., lead_fields=..., language=..., first_name=..., max_words=30, min_words=6)``
returns a ``GateResult``: ``ok``, the failed gates' ``reasons`` (short English sentences, fit to be shown to
the model on the retry) and ``fact_index`` (the first fact whose key words appear, else None).

Gates, in order:
1. fact used: the key words of at least one extracted fact appear (two content words, or one number /
   type-level keyword such as "careers" / "вакансии" for a hiring fact);
2. no placeholder leaks: ``{{ }}``, ``{x}``, ``[placeholder]``, ``<first name>``;
3. no URL, domain, e-mail address or phone number that is not in the lead's row;
4. no preamble ("Here's an icebreaker:", "Sure!", "Вот вариант:");
5. not wrapped in quotes as a whole;
6. no cliché from ``processors/data/cliches.txt`` (plus ``LEADPIPE_CLICHES_FILE``), no banned phrase
   (prompt-injection echoes, insults, delimiter look-alikes; ``processors/data/icebreaker_banned.txt``);
7. length: ``min_words``..``max_words`` words, at most 2 sentences;
8. language: the text outside quotes, names and the company is in the asked language (by script);
9. addressed to the lead: the first name appears when one is known;
10. a complete sentence (ends with . ! ? …) without code-like tokens (snake_case identifiers, hex markers) —
    word salads echoed from the prompt fail here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tldextract

from processors.icebreakers.safety import DATA_DIR, find_banned, load_phrases
from processors.icebreakers.text import (
    collapse,
    cyrillic_ratio,
    keywords,
    normalize,
    sentences,
    stem,
    strip_quoted,
    word_count,
    words,
)

_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{[^{}]{0,40}\}|\[[^\]]{0,60}\]|<[^<>]{1,40}>|\b(?:FIRST_?NAME|COMPANY_?NAME|LAST_?NAME)\b|"
    r"%s\b|\$\{",
    re.IGNORECASE,
)
_PREAMBLE = re.compile(
    r"^\W*(here'?s|here is|sure\b|certainly|of course|absolutely|okay\b|ok\b|as requested|"
    r"(your |an? |the )?(ice ?breaker|opening line|opener|first line|draft|version|option|subject)\b[^.:!?]{0,30}:|"
    r"вот\b|конечно|разумеется|(ваш |мой )?(айсбрейкер|ледокол|вариант|первая фраза|вступление|черновик)"
    r"[^.:!?]{0,30}:)",
    re.IGNORECASE,
)
_COMPLETE = re.compile(r"[.!?…][\"'»”’)\]]*$")
_LEAKED = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{10,}\b|\bEND DATA\b|\bDATA\s+[0-9a-f]{6,}", re.IGNORECASE)
_QUOTES = "\"'«»“”„‘’`"
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_DOMAIN = re.compile(r"\b(?:[a-z0-9][a-z0-9-]*\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]+|рф)\b", re.IGNORECASE)
_RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost", "local", "onion", "internal", "lan"})
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?:\+\s?)?\(?\d[\d\s().\-]{6,}\d")
_TYPE_KEYWORDS = {
    "hiring": ("careers", "career", "hiring", "jobs", "vacancies", "вакансий", "вакансии", "карьера", "ваканс"),
}
SETTING_MAX_WORDS = "LEADPIPE_ICEBREAKER_MAX_WORDS"
SETTING_MIN_WORDS = "LEADPIPE_ICEBREAKER_MIN_WORDS"
SETTING_CLICHES_FILE = "LEADPIPE_CLICHES_FILE"


@dataclass
class GateResult:
    ok: bool
    reasons: list[str] = field(default_factory=list)
    fact_index: int | None = None

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@lru_cache(maxsize=8)
def cliches(extra_file: str = "") -> tuple[re.Pattern[str], ...]:
    """Compiled cliché patterns: the shipped list plus an optional user file."""
    phrases = list(load_phrases(DATA_DIR / "cliches.txt"))
    if extra_file and Path(extra_file).is_file():
        phrases.extend(load_phrases(Path(extra_file)))
    return tuple(re.compile(r"(?<!\w)" + re.escape(p).replace(r"\ ", r"\s+") + r"(?!\w)") for p in phrases)


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def fact_keywords(fact: Mapping[str, str]) -> list[str]:
    """The key words of a fact (its template value when present, else its text)."""
    return keywords(fact.get("value") or fact.get("text") or "")


def fact_used(text: str, fact: Mapping[str, str], exclude: frozenset[str] = frozenset()) -> bool:
    """True when ``text`` carries ``fact``: a number of the fact, two of its content words (by stem), all of
    them when it has fewer, or one type-level keyword (hiring). Words whose stems are in ``exclude`` (the
    company's and the lead's names) do not count: naming the company is not using a fact about it."""
    stems = {stem(w) for w in words(text)}
    norm = normalize(text)
    if any(k in norm for k in _TYPE_KEYWORDS.get(fact.get("type", ""), ())):
        return True
    kws = [k for k in fact_keywords(fact) if stem(k) not in exclude]
    if not kws:
        return False
    hits = [k for k in kws if stem(k) in stems]
    if any(k.isdigit() for k in hits):
        return True
    return len(hits) >= min(2, len(kws))


def _row_text(lead_fields: Mapping[str, str]) -> str:
    return " ".join(str(v) for v in lead_fields.values() if v).lower()


def _registered(host: str) -> str:
    ext = _extractor()(host)
    return f"{ext.domain}.{ext.suffix}".lower() if ext.suffix else ""


def _foreign_contacts(text: str, lead_fields: Mapping[str, str]) -> list[str]:
    row = _row_text(lead_fields)
    row_domains = {_registered(m) for m in _DOMAIN.findall(row)} - {""}
    row_digits = {re.sub(r"\D", "", m) for m in _PHONE.findall(row)}
    found: list[str] = []
    for email in _EMAIL.findall(text):
        if email.lower() not in row:
            found.append(f"e-mail address {email}")
    rest = _EMAIL.sub(" ", text)
    for url in _URL.findall(rest):
        host = re.sub(r"^(https?://)?", "", url.lower()).split("/")[0].strip(".,;:!?)")
        if _registered(host) not in row_domains:
            found.append(f"link {url}")
    rest = _URL.sub(" ", rest)
    if re.search(r"\b(https?|www)\b", rest, re.IGNORECASE):
        found.append("link fragment (http/www)")
    for match in _DOMAIN.finditer(rest):
        dom = match.group(0)
        reg = _registered(dom)
        with_path = rest[match.end():match.end() + 1] == "/"
        reserved = dom.lower().rsplit(".", 1)[-1] in _RESERVED_TLDS
        if (reg or with_path or reserved) and (reg or dom.lower()) not in row_domains and dom.lower() not in row:
            found.append(f"link {dom}")
    for phone in _PHONE.findall(rest):
        digits = re.sub(r"\D", "", phone)
        plus = phone.strip().startswith("+")
        if (len(digits) >= 9 or (plus and len(digits) >= 7)) and not any(
            digits in d or d in digits for d in row_digits if len(d) >= 7
        ):
            found.append(f"phone number {phone.strip()}")
    return found


_CLOSING = {"«": "»", "“": "”", "„": "“”", '"': '"', "'": "'", "‘": "’", "`": "`"}


def _wrapped_in_quotes(body: str) -> bool:
    """True when one quoted span covers the whole text (trailing punctuation aside)."""
    stripped = body.rstrip(" .!?…")
    if len(stripped) < 2 or stripped[0] not in _CLOSING:
        return False
    closers = _CLOSING[stripped[0]]
    end = next((i for i in range(1, len(stripped)) if stripped[i] in closers), None)
    return end == len(stripped) - 1


def _language_ok(text: str, language: str, names: Sequence[str]) -> bool:
    rest = strip_quoted(text)
    for name in names:
        if name:
            rest = rest.replace(name, " ")
    letters = sum(1 for c in rest if c.isalpha())
    if letters < 12:
        return True
    ratio = cyrillic_ratio(rest)
    if language == "ru":
        return ratio >= 0.6
    if language in ("uk", "be", "bg", "sr", "kk", "mk"):
        return ratio >= 0.6
    return ratio <= 0.15


def check_icebreaker(
    text: str,
    *,
    facts: Sequence[Mapping[str, str]],
    lead_fields: Mapping[str, str],
    language: str,
    first_name: str = "",
    company: str = "",
    max_words: int = 30,
    min_words: int = 6,
    cliches_file: str = "",
) -> GateResult:
    """Run every gate on ``text``; see the module docstring."""
    reasons: list[str] = []
    text = text or ""
    body = collapse(text)
    names = frozenset(stem(w) for w in words(f"{company} {first_name}"))
    fact_index = next((i for i, f in enumerate(facts) if fact_used(body, f, names)), None)
    if fact_index is None:
        reasons.append("it does not use any of the facts provided (mention one of them with its own key words: "
                       "names, numbers, phrases from the fact)")
    if _PLACEHOLDER.search(body):
        reasons.append("it contains a template placeholder or bracketed text")
    for item in _foreign_contacts(body, lead_fields)[:3]:
        reasons.append(f"it contains a {item} that is not in the lead's data (no links, e-mails or phones)")
    if body and not _COMPLETE.search(body):
        reasons.append("it is not a complete sentence (end it with . ! or ?)")
    if _LEAKED.search(body):
        reasons.append("it contains a code-like token (an identifier or marker from the prompt)")
    if _PREAMBLE.match(body):
        reasons.append("it starts with a preamble; give only the icebreaker itself")
    if _wrapped_in_quotes(body):
        reasons.append("it is wrapped in quotes; give the text without surrounding quotes")
    norm = normalize(body)
    for pattern in cliches(cliches_file):
        if pattern.search(norm):
            phrase = pattern.pattern.replace(r"(?<!\w)", "").replace(r"(?!\w)", "").replace(r"\s+", " ")
            reasons.append(f"it uses the cliché \"{phrase.replace(chr(92), '')}\"")
            break
    banned = find_banned(body)
    if banned:
        reasons.append(f"it contains a forbidden phrase ({banned})")
    count = word_count(body)
    if count > max_words:
        reasons.append(f"it has {count} words; the limit is {max_words}")
    elif count < min_words:
        reasons.append(f"it has only {count} words; write at least {min_words}")
    if len(sentences(strip_quoted(body))) > 2:
        reasons.append("it has more than 2 sentences")
    if not _language_ok(body, language, [first_name, company]):
        reasons.append(f"it is not written in the requested language ({language})")
    if first_name and normalize(first_name) not in norm:
        reasons.append(f"it does not address the lead by first name ({first_name})")
    return GateResult(ok=not reasons, reasons=reasons, fact_index=fact_index)
