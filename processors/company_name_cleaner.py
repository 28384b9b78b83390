"""Company-name cleaner: the short name an SDR writes ("Acme" for "ACME HOLDINGS, INC.").

``clean_company_name(raw) -> str`` is pure, deterministic and offline; it never raises for any ``str``.
It follows the labelling rules of the company-name benchmark (R1-R12): legal forms of every listed
jurisdiction are removed wherever they stand as a designation (end, start, stacked, glued, long forms);
registry noise (EDGAR tags, share classes, jurisdiction parentheticals, owner and slogan tails), dash
tails, Holdings/Group tails, quotes and HTML entities go; a bare domain becomes its brand; ALL-CAPS names
are recased the way a person writes them while names with lower-case letters keep their casing; and
placeholders/junk ("N/A", "Self-employed", "Самозанятый", "-") give ``""``. The result is idempotent
(``clean(clean(x)) == clean(x)``), holds no letter absent from the input except by recasing, and is
non-empty whenever the input holds a name beyond legal forms and placeholders.

``clean_with_note(raw) -> (clean, note)`` also says why, in a short stable phrase, when it abstains or
makes a notable change (see ``NOTE_*``).

The ``company_name_cleaner`` processor reads Apollo's ``Company Name for Emails`` when present, else the
company column, and writes ``company_clean`` and ``company_clean_note``. The rules live in
``processors/company_names/`` and the tables in ``processors/data/legal_forms*.json`` and
``processors/data/company_placeholders.txt`` (loaded once at import).
"""

from __future__ import annotations

import html
import re
from typing import Any

from processors.base import Lead, ProcessorContext, Scope
from processors.company_names import casing, legal_forms
from processors.company_names import text as text_rules
from processors.company_names.casing import capitalize_lone_word, recase
from processors.company_names.domains import domain_brand
from processors.company_names.legal_forms import strip_designations
from processors.company_names.structure import (
    collapse_initialism,
    drop_edgar_tags,
    drop_parentheticals,
    pick_dash_side,
    unquote,
)
from processors.company_names.text import load_lines

NOTE_PLACEHOLDER = "placeholder, not a company name"
NOTE_NO_NAME = "no company name in the text"
NOTE_RECASED = "recased from ALL CAPS"
NOTE_DOMAIN = "brand taken from a domain"

_INVISIBLE = dict.fromkeys([*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1C), 0x7F, 0xAD, 0x200B, 0x200C,
                            0x200D, 0x2060, 0xFEFF])
_WS = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[\W_]+")
_EDGE_PUNCT = " ,;:-–—/&+|*·•_~=#@!?"
# Letters outside the Latin script (Greek, Cyrillic, CJK, ...): such names are never recased.
_CASED_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\W\d_]")

_PLACEHOLDER_LINES = load_lines("company_placeholders.txt")
_PLACEHOLDERS = frozenset(_NON_ALNUM.sub("", line.casefold()) for line in _PLACEHOLDER_LINES)
_PLACEHOLDER_MAXLEN = max(len(line) for line in _PLACEHOLDER_LINES) + 6
# Characters that can make a structural rule (quotes, brackets, EDGAR slashes, dash tails) fire.
_STRUCTURE_TRIGGER = re.compile(r"[\"«»„“”‟‹›「」『』＂〝〞'‘’‚‛`()（）\[\]/\\–—-]")
# Characters that rule out ``_looks_final``: those above (bar the plain hyphen) plus commas/semicolons.
_TRIGGER = re.compile(r"[\"«»„“”‟‹›「」『』＂〝〞'‘’‚‛`()（）\[\]/\\,;–—]")


def _is_placeholder(text: str) -> bool:
    """True for placeholders and junk (``N/A``, ``Self-employed``, ``Самозанятый``), ignoring case/punctuation."""
    if len(text) > _PLACEHOLDER_MAXLEN:
        return False
    key = text.casefold().replace(" ", "")
    if not key.isalnum():
        key = _NON_ALNUM.sub("", key)
    return key in _PLACEHOLDERS


def clear_caches() -> None:
    """Forget every memo of the cleaner and its rules (benchmarks time cold starts with this)."""
    text_rules.clear_caches()
    legal_forms.clear_caches()
    casing.clear_caches()


def _tidy(name: str) -> str:
    name = name.strip(_EDGE_PUNCT)
    return _WS.sub(" ", name) if "  " in name else name


def _structure(text: str) -> tuple[str, bool]:
    """Quotes, parentheticals, EDGAR tags, dash tails, initialisms, then legal forms and tails.

    Also says whether the result is certainly a fixed point: true when only the removal of legal forms
    and tails at the end acted (nothing before it fired, the start and the tidy-up changed nothing), so
    no earlier rule can fire on the result.
    """
    if _STRUCTURE_TRIGGER.search(text):
        name = unquote(text)
        name = drop_parentheticals(name)
        name = drop_edgar_tags(name)
        name = pick_dash_side(name)
    else:
        name = text
    if name.count(" ") >= 2 and name[:1].isupper() and name[1:2] in (".", name[1:2].upper()):
        name = collapse_initialism(name)
    early = name
    name = strip_designations(name)
    stripped = drop_edgar_tags(name)
    out = _tidy(stripped)
    certain = early == text and stripped == name and out == stripped and text.startswith(out)
    return out, certain


def _normalize(raw: str) -> str:
    text = raw
    if "&" in text and ";" in text:
        text = html.unescape(text)
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = _WS.sub(" ", text.translate(_INVISIBLE)).strip()
    return text


def _looks_final(name: str, placeholder_checked: bool = False) -> bool:
    """Cheap, conservative test that cleaning ``name`` (a result) would return it unchanged.

    True only for a printable name with lower-case letters (not a lone lower-case word), no quotes,
    brackets, slashes, commas, dash tails, domain or initialism shape, that is not a placeholder and has
    no legal form or Holdings/Group tail to remove.
    """
    if name[0] in _EDGE_PUNCT or name[-1] in _EDGE_PUNCT or _TRIGGER.search(name):
        return False
    if " -" in name or "- " in name or "  " in name:
        return False
    if name.upper() == name:
        if name.lower() != name and " " in name and not _CASED_NON_LATIN.search(name):
            return False  # ALL-CAPS Latin words get recased; a lone ALL-CAPS word is kept as written
    elif name.lower() == name and " " not in name:
        return False
    if "." in name and " " not in name:
        return False
    if not placeholder_checked and _is_placeholder(name):
        return False
    if name[0].isupper() and name[1:2] in (".", name[1:2].upper()) and collapse_initialism(name) != name:
        return False
    return name.isprintable() and strip_designations(name) == name


def _keeps_caps(name: str, text: str) -> bool:
    """An ALL-CAPS single word keeps its styling when the input has lower-case letters
    (``"BLUECHILLED GmbH"``, ``"... de Sao Paulo - SABESP"``) or is that word alone (``"SABESP"``)."""
    return " " not in name and (name == text or text.upper() != text)


def _clean_once(text: str) -> tuple[str, str, bool]:
    """One pass of every rule over normalized ``text``: ``(clean, note, certainly_final)``."""
    if not (text[0].isalnum() or any(c.isalnum() for c in text)):
        return "", NOTE_NO_NAME, True
    if len(text) <= _PLACEHOLDER_MAXLEN and _is_placeholder(text):
        return "", NOTE_PLACEHOLDER, True
    if " " not in text and "." in text:
        brand = domain_brand(text)
        if brand:
            return brand, NOTE_DOMAIN, False
    name, certain = _structure(text)
    if not (name[:1].isalnum() or any(c.isalnum() for c in name)):
        return "", NOTE_NO_NAME, True
    if len(name) <= _PLACEHOLDER_MAXLEN and name != text and _is_placeholder(name):
        return "", NOTE_PLACEHOLDER, True
    note = ""
    if name.upper() == name:
        if name.lower() != name and not _CASED_NON_LATIN.search(name) and not _keeps_caps(name, text):
            cased = recase(name)
            if cased != name:
                name, note = cased, NOTE_RECASED
    elif name.lower() == name:
        name = capitalize_lone_word(name)
    if "." in name and " " not in name:
        certain = False  # could read as a domain on the next pass
    return name, note, certain


def clean_with_note(raw: str | None) -> tuple[str, str]:
    """Clean ``raw`` and say why when it abstains or makes a notable change: ``(clean, note)``.

    Runs the rules until the result is stable (one pass for almost every name), which is what makes
    cleaning idempotent.
    """
    if not raw:
        return "", ""
    text = _normalize(raw if type(raw) is str else str(raw))
    if not text:
        return "", ""
    out, note, certain = _clean_once(text)
    for _ in range(4):
        if certain or not out or _looks_final(out, placeholder_checked=True):
            break
        nxt, nxt_note, certain = _clean_once(out)
        if nxt == out:
            break
        out, note = nxt, note or nxt_note
    return out, note


def clean_company_name(raw: str | None) -> str:
    """The short company name an SDR writes in an email; ``""`` for placeholders and junk."""
    return clean_with_note(raw)[0]


class CompanyNameCleaner:
    """Lead-scoped, pure processor: ``company_clean`` (+ ``company_clean_note``) from the company name."""

    name = "company_name_cleaner"
    version = "1.0"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ("company_clean", "company_clean_note")
    reads: tuple[str, ...] = ("company_for_emails", "company")
    fields_used: tuple[str, ...] = ("company_for_emails", "company")
    scope = Scope.LEAD
    needs_network = False

    def company_key(self, lead: Lead) -> str | None:
        return None

    def clean(self, lead: Lead) -> dict[str, Any]:
        """Clean Apollo's ``company_for_emails`` when present, else ``company``."""
        raw = lead.get("company_for_emails") or lead.get("company")
        cleaned, note = clean_with_note(raw)
        return {"company_clean": cleaned, "company_clean_note": note}

    def process_sync(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        """The same as ``process`` without a coroutine: the engine's fast path for pure steps."""
        return self.clean(lead)

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict[str, Any]:
        return self.clean(lead)
