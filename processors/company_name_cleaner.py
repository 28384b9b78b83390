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
import string
from typing import Any

from processors.base import Lead, ProcessorContext, Scope
from processors.company_names import casing, legal_forms, structure
from processors.company_names import text as text_rules
from processors.company_names.casing import capitalize_lone_word, recase
from processors.company_names.domains import domain_brand
from processors.company_names.legal_forms import case_blind, strip_designations, strip_designations_final
from processors.company_names.plain_tail import _GATE as _PLAIN_GATE
from processors.company_names.plain_tail import is_plain, strip_plain_tail
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

_LEAD_PUNCT = " \"'«»„“”‘’‚‛‹›「」『』＂〝〞`([{（-–—*•·.,;:/\\"
_ALNUM = re.compile(r"[^\W_]")  # one character for which str.isalnum() is true
_PLACEHOLDER_LINES = load_lines("company_placeholders.txt")
_PLACEHOLDERS = frozenset(_NON_ALNUM.sub("", line.casefold()) for line in _PLACEHOLDER_LINES)
_PLACEHOLDER_MAXLEN = max(len(line) for line in _PLACEHOLDER_LINES) + 6
# The first two characters of every placeholder key: text that starts with two ASCII letters/digits
# outside this set cannot be a placeholder, so most names skip the full key computation.
_PLACEHOLDER_HEADS = frozenset(key[:2] for key in _PLACEHOLDERS)
_PLACEHOLDER_PREFIXES = frozenset(key[:3] for key in _PLACEHOLDERS)
# The complement among pairs of lower-case ASCII/Cyrillic letters and digits: ``text[:2].lower()`` in
# this set rules a placeholder out without a call. (Every character whose lower() is one of these is a
# letter or digit whose casefold() is that same character, so the pair is the start of the key.)
_HEAD_CHARS = string.ascii_lowercase + string.digits + "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_NOT_PLACEHOLDER_HEADS = frozenset(a + b for a in _HEAD_CHARS for b in _HEAD_CHARS) - _PLACEHOLDER_HEADS
# Characters that can make a structural rule (quotes, brackets, EDGAR slashes, dash tails) fire; a plain
# hyphen only counts after whitespace (the dash-tail rule ignores "Coca-Cola"-style hyphens).
_STRUCTURE_TRIGGER = re.compile(r"[\"«»„“”‟‹›「」『』＂〝〞'‘’‚‛`()（）\[\]/\\–—-](?<![^\s]-)(?<!^-)")
# Closing quotes and brackets: one at the end of a result may have been exposed by removing a glued form.
_EXPOSED_EDGE = frozenset("\"«»„“”‟‹›」』＂〞'‘’‛`)）]")
# Characters that rule out ``_looks_final``: those above (bar the plain hyphen) plus commas/semicolons.
_TRIGGER = re.compile(r"[\"«»„“”‟‹›「」『』＂〝〞'‘’‚‛`()（）\[\]/\\,;–—]")


def _is_placeholder(text: str) -> bool:
    """True for placeholders and junk (``N/A``, ``Self-employed``, ``Самозанятый``), ignoring case/punctuation."""
    if len(text) > _PLACEHOLDER_MAXLEN:
        return False
    head = text[:3]
    if head.isascii() and head.isalnum():
        # The key starts with these letters/digits lower-cased (names such as "Consolidated ...").
        return head.lower() in _PLACEHOLDER_PREFIXES and _placeholder_key(text) in _PLACEHOLDERS
    head = head[:2]
    if not head.isalnum():
        # Leading quotes and brackets fold to themselves and hold no letter, so they are not in the key.
        head = text.lstrip(_LEAD_PUNCT)[:2]
    if len(head) == 2:
        # casefold() works character by character, so a head of two letters/digits is the key's head.
        head = head.lower() if head.isascii() else head.casefold()
        if len(head) == 2 and head.isalnum() and head not in _PLACEHOLDER_HEADS:
            return False
    return _placeholder_key(text) in _PLACEHOLDERS


def _placeholder_key(text: str) -> str:
    key = text.casefold().replace(" ", "")
    return key if key.isalnum() else _NON_ALNUM.sub("", key)


def clear_caches() -> None:
    """Forget every memo of the cleaner and its rules (benchmarks time cold starts with this)."""
    text_rules.clear_caches()
    legal_forms.clear_caches()
    casing.clear_caches()
    structure.clear_caches()


def _structure(text: str) -> tuple[str, bool, bool]:
    """Quotes, parentheticals, EDGAR tags, dash tails, initialisms, then legal forms and tails.

    Also says whether the result is certainly a fixed point: true when only the removal of legal forms
    and tails at the end acted (nothing before it fired, the start and the tidy-up changed nothing), so
    no earlier rule can fire on the result; and whether it is known to be a fixed point of
    ``strip_designations`` (what ``_looks_final`` would otherwise check again).
    """
    if _STRUCTURE_TRIGGER.search(text):
        name = unquote(text)
        name = drop_parentheticals(name)
        name = drop_edgar_tags(name)
        name = pick_dash_side(name)
    else:
        name = text
    if (name.count(" ") >= 2 and name[:1].isupper() and name[1:2] in (".", name[1:2].upper())
            and name[name.find(" ") + 1:].lstrip()[:1].upper() == name[0]):
        # Initials are followed by their expansion, so the second word starts with the first initial.
        name = collapse_initialism(name)
    early = name
    plain = strip_plain_tail(name) if name.isascii() else None  # the same result for plain names, sooner
    name, fixed = strip_designations_final(name) if plain is None else (plain, True)
    stripped = drop_edgar_tags(name) if "/" in name else name
    out = stripped.strip(_EDGE_PUNCT)
    if "  " in out:
        out = _WS.sub(" ", out)
    same = stripped == name and out == stripped
    certain = same and early == text and text.startswith(out)
    return out, certain, same and fixed


# A character reference as an export writes one: named or numeric, always closed by ";". html.unescape
# alone would also read the semicolon-less legacy names ("Pen&para" -> "Pen¶", "&micro" -> "µ").
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decode_entity(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


def _unescape(text: str) -> str:
    """Decode closed character references, again until none is left (exports double-escape:
    ``&amp;amp;`` -> ``&``); each round that changes the text shortens it, so this ends."""
    while True:
        decoded = _ENTITY.sub(_decode_entity, text)
        if decoded == text:
            return text
        text = decoded


def _normalize(raw: str) -> str:
    text = raw
    if "&" in text and ";" in text:
        text = _unescape(text)
    if not text.isprintable():
        text = text.translate(_INVISIBLE)  # every character it drops is non-printable
        return " ".join(text.split())  # str.split() and the regex \s agree on what whitespace is
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text


def _looks_final(name: str, placeholder_checked: bool = False, stripped: bool = False) -> bool:
    """Cheap, conservative test that cleaning ``name`` (a result) would return it unchanged.

    True only for a printable name with lower-case letters (not a lone lower-case word), no quotes,
    brackets, slashes, commas, dash tails or initialism shape, that is no domain ``domain_brand`` reads,
    is not a placeholder and has no legal form or Holdings/Group tail to remove (``stripped``: already
    known to have none).
    """
    if name[0] in _EDGE_PUNCT or name[-1] in _EDGE_PUNCT or _TRIGGER.search(name):
        return False
    if " -" in name or "- " in name or "  " in name:
        return False
    if name.upper() == name:
        if name.lower() != name and " " in name and not _CASED_NON_LATIN.search(name):
            return False  # ALL-CAPS Latin words get recased; a lone ALL-CAPS word is kept as written
    elif name.lower() == name and " " not in name and capitalize_lone_word(name) != name:
        return False  # a lone lower-case word gets its capital
    if "." in name and " " not in name and domain_brand(name) is not None:
        return False  # the next pass would read it as a domain
    if not placeholder_checked and _is_placeholder(name):
        return False
    if name[0].isupper() and name[1:2] in (".", name[1:2].upper()) and collapse_initialism(name) != name:
        return False
    return name.isprintable() and (stripped or strip_designations(name) == name)


def _plain_fast(text: str, plain: bool | None = None) -> tuple[str, str] | None:
    """``clean_with_note(text)`` when its first pass, by ``_plain_once``, is final; else None."""
    once = _plain_once(text, plain)
    if once is None:
        return None
    out, note, certain, fixed = once
    return (out, note) if certain or _looks_final(out, placeholder_checked=True, stripped=fixed) else None


def _plain_once(text: str, plain: bool | None = None) -> tuple[str, str, bool, bool] | None:
    """``_clean_once(text)`` for a plain ASCII name with a space (``"Acme Widgets, Inc."``,
    ``"MATTEL INC /DE/"``, ``"PT Eaton Corp"``), or None when the full pass must decide: a placeholder,
    initials to collapse, a name ``strip_plain_tail`` cannot settle, a result without letters or digits
    or that is a placeholder. (The ``stripped`` flag may be False where ``_clean_once`` knows better:
    after recasing a result that is certainly final, where no caller reads it.)

    It replays ``_clean_once``: without quotes and brackets, ``unquote`` and ``drop_parentheticals`` leave
    the text alone, and a hyphen never follows a space in text ``strip_plain_tail`` accepts, so
    ``pick_dash_side`` does too; ``strip_plain_tail`` stands for ``strip_designations_final`` (whose result
    it gives, always settled). ``plain``: whether ``is_plain(text)`` holds, if the caller knows (True
    also says that ``text`` has a space).
    """
    if plain is not True:
        if " " not in text:
            return None  # one word: _clean_once may read it as a domain
        if plain is None:
            plain = is_plain(text)
        if not plain and not text.endswith("/"):
            return None  # not a plain name, even after an EDGAR tag is dropped
    if len(text) <= _PLACEHOLDER_MAXLEN and text[:2].lower() not in _NOT_PLACEHOLDER_HEADS and _is_placeholder(text):
        return None
    base = drop_edgar_tags(text) if "/" in text else text
    if (base[1:2] in (".", base[1:2].upper()) and base[:1].isupper() and base.count(" ") >= 2
            and base[base.find(" ") + 1:].lstrip()[:1].upper() == base[0] and collapse_initialism(base) != base):
        return None  # initials followed by their expansion: _structure collapses them
    name = strip_plain_tail(base, plain and base is text)
    if name is None:
        return None
    # The end of _structure.
    stripped = drop_edgar_tags(name) if "/" in name else name
    out = stripped.strip(_EDGE_PUNCT)
    if not out or "  " in out or not (out[0].isalnum() or _ALNUM.search(out)):
        return None
    fixed = stripped == name and out == stripped
    certain = fixed and base == text and text.startswith(out)
    # The rest of _clean_once.
    if out != text and len(out) <= _PLACEHOLDER_MAXLEN and out[:2].lower() not in _NOT_PLACEHOLDER_HEADS and _is_placeholder(out):
        return None
    note = ""
    # ASCII: isupper()/islower() say what upper()/lower() comparisons would (text without letters
    # is left alone by both branches of _clean_once).
    if out.isupper():
        if " " in out or (out != text and text.upper() == text):  # not _keeps_caps(out, text)
            cased = recase(out)
            if cased != out:
                out, note = cased, NOTE_RECASED
                fixed = fixed and not certain and case_blind(out)  # see the docstring
    elif out.islower():
        cased = capitalize_lone_word(out)
        if cased != out:
            out, fixed = cased, False
    if "." in out and " " not in out:
        certain = False  # could read as a domain on the next pass
    return out, note, certain, fixed


def _keeps_caps(name: str, text: str) -> bool:
    """An ALL-CAPS single word keeps its styling when the input has lower-case letters
    (``"BLUECHILLED GmbH"``, ``"... de Sao Paulo - SABESP"``) or is that word alone (``"SABESP"``)."""
    return " " not in name and (name == text or text.upper() != text)


def _clean_once(text: str) -> tuple[str, str, bool, bool]:
    """One pass of every rule over normalized ``text``: ``(clean, note, certainly_final, stripped)``;
    ``stripped`` says that ``clean`` is known to hold nothing for ``strip_designations`` to remove."""
    if not (text[0].isalnum() or _ALNUM.search(text)):
        return "", NOTE_NO_NAME, True, False
    if len(text) <= _PLACEHOLDER_MAXLEN and text[:2].lower() not in _NOT_PLACEHOLDER_HEADS and _is_placeholder(text):
        return "", NOTE_PLACEHOLDER, True, False
    if " " not in text and "." in text:
        brand = domain_brand(text)
        if brand:
            # A brand is one label of letters, digits and inner hyphens, capitalised unless it starts
            # with a digit or kept its own capitals: _looks_final (whose placeholder check _clean_rules
            # skips) is true for every such label, so it is final -- once it is known not to be a
            # placeholder itself ("test.com", "none.io" are junk like "Test" and "None").
            if _is_placeholder(brand):
                return "", NOTE_PLACEHOLDER, True, False
            return brand, NOTE_DOMAIN, True, False
    name, certain, fixed = _structure(text)
    if name and name != text and name[-1] in _EXPOSED_EDGE:
        # Removing a glued form ("'DSK'株式会社") can expose a closing quote or bracket: the quote rules
        # act now, before recasing would read the quotes as apostrophes.
        name, certain, fixed = _structure(name)
    if not (name[:1].isalnum() or _ALNUM.search(name)):
        return "", NOTE_NO_NAME, True, False
    if (len(name) <= _PLACEHOLDER_MAXLEN and name != text and name[:2].lower() not in _NOT_PLACEHOLDER_HEADS
            and _is_placeholder(name)):
        return "", NOTE_PLACEHOLDER, True, False
    note = ""
    if name.upper() == name:
        if name.lower() != name and (name.isascii() or not _CASED_NON_LATIN.search(name)) and not _keeps_caps(name, text):
            cased = recase(name)
            if cased != name:
                # Recasing keeps the tokens and their folded keys: still a fixed point of
                # strip_designations unless a dotted-only form's piece makes the case matter.
                name, note, fixed = cased, NOTE_RECASED, fixed and case_blind(cased)
    elif name.lower() == name:
        cased = capitalize_lone_word(name)
        if cased != name:
            name, fixed = cased, False
    if "." in name and " " not in name:
        certain = False  # could read as a domain on the next pass
    return name, note, certain, fixed


def clean_with_note(raw: str | None) -> tuple[str, str]:
    """Clean ``raw`` and say why when it abstains or makes a notable change: ``(clean, note)``.

    Runs the rules until the result is stable (one pass for almost every name), which is what makes
    cleaning idempotent.
    """
    if not raw:
        return "", ""
    text = raw if type(raw) is str else str(raw)
    plain: bool | None = " " in text and text.isascii() and _PLAIN_GATE.fullmatch(text) is not None  # is_plain
    if plain:
        # A plain name needs no normalizing: printable ASCII in single-spaced tokens, no ";" for an
        # HTML entity, so _normalize would return it unchanged.
        once = _plain_once(text, True)
        if once is not None and once[2]:
            return once[0], once[1]  # certainly final: what _clean_rules returns after this pass
        return _clean_rules(text, fast=True, first=once or _clean_once(text))
    if not text or "&" in text or not text.isprintable() or "  " in text or text[0] == " " or text[-1] == " ":
        text = _normalize(text)
        if not text:
            return "", ""
        plain = None
    elif not text.endswith("/"):
        # Neither plain nor a plain name behind an EDGAR tag: _plain_once would give None.
        return _clean_rules(text, fast=True, first=_clean_once(text))
    return _clean_rules(text, fast=True, plain=plain)


def _clean_rules(text: str, fast: bool = False, plain: bool | None = None,
                 first: tuple[str, str, bool, bool] | None = None) -> tuple[str, str]:
    """``clean_with_note`` of normalized, non-empty ``text``: by the full rules, or with ``fast`` each pass
    by ``_plain_once`` where it answers (``plain``: see there, for the first pass; ``first``: the first
    pass, already made)."""
    out, note, certain, fixed = first or (fast and _plain_once(text, plain)) or _clean_once(text)
    for _ in range(4):
        if certain or not out or _looks_final(out, placeholder_checked=True, stripped=fixed):
            break
        nxt, nxt_note, certain, fixed = (fast and _plain_once(out)) or _clean_once(out)
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
