"""Recasing ALL-CAPS company names the way a person writes them (rule R6).

``recase("BANK OF AMERICA")`` -> ``"Bank of America"``; acronyms stay upper (``"HDFC BANK"`` ->
``"HDFC Bank"``). A token stays upper when it has no vowel (HSBC, PNC), is a Roman numeral (III), holds a
digit (3M), is dotted initials (T.F.M.C.) or single letters joined by ``&`` (J&J), or when a short token
cannot be pronounced as a word (IBM, OKB, PGO, MGCI: consonant clusters no English word starts or ends
with). Two-letter tokens stay upper unless they are words (Dr, Al, My); a name that is a single short
token stays upper unless it is a word (AXA, but Box). Particles (of, and, de, y) are lower case after the
first word; Mc/Mac and O'/D' names get their inner capital; hyphen and slash parts are cased separately.

Only called for names without lower-case letters; ``capitalize_lone_word`` handles all-lower-case ones.
"""

from __future__ import annotations

import re

from processors.company_names.text import load_json

_CONTEXT = load_json("legal_forms_context.json")
_SHORT_WORDS = frozenset(w.upper() for w in _CONTEXT["short_words"]) - {"US"}
_PARTICLES = frozenset(w.upper() for w in _CONTEXT["particles"])
_ACRONYMS = frozenset(_CONTEXT["acronyms"])  # read as words, written upper: USA, UAE, HVAC, IT

_VOWELS = frozenset("AEIOUY")
_FIRST_VOWEL = re.compile("[AEIOUY]")
_LAST_VOWEL = re.compile("[AEIOUY][^AEIOUY]*$")
_ONSETS = frozenset(
    ["BL", "BR", "CH", "CL", "CR", "DR", "DW", "FL", "FR", "GL", "GR", "GN", "GW", "KN", "KL", "KR", "KH", "PH", "PL", "PR", "PS", "SC", "SH", "SK", "SL", "SM", "SN", "SP", "ST", "SW", "TH", "TR", "TW", "TS", "TZ", "WH", "WR", "ZH", "NG", "NH", "GH", "SCR", "SPR", "STR", "SPL", "SQ", "QU", "SCH", "THR", "SHR", "CHR", "PHR", "SCHW"]
)
_CODAS = frozenset(
    ["CK", "CT", "FT", "LD", "LF", "LK", "LM", "LP", "LT", "MP", "ND", "NG", "NK", "NT", "PT", "RB", "RD", "RK", "RM", "RN", "RP", "RT", "SK", "SP", "ST", "XT", "CH", "SH", "TH", "PH", "GH", "LL", "SS", "FF", "ZZ", "TT", "RL", "NC", "RG", "RC", "RF", "RV", "NCH", "RCH", "RTH", "NTH", "LTH", "TCH", "RST", "NGS", "NKS", "NTS", "HN", "HM", "HL", "HR", "HT", "HS", "HD", "HK", "HB", "HP", "RM", "WN", "WL", "WK", "WS", "MB", "BT", "SC", "GN", "LB", "LN", "MN"]
)
_PLURAL_CODAS = frozenset(["LS", "NS", "RS", "TS", "KS", "PS", "MS", "DS", "GS", "BS"])
_DOUBLED_CODAS = frozenset(["NN", "GG", "MM", "RR", "DD", "PP", "BB"])  # PENN, LEGG, KERR, TODD
_ROMAN = frozenset(
    tens + ones
    for tens in ("", "X", "XX", "XXX")
    for ones in ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
    if tens + ones
)
_PART_SPLIT = re.compile(r"([-/&+,;:])")
_MC = re.compile(r"^(MC)([A-Z]{3,})$")
_MAC = re.compile(r"^(MAC)([DGL][A-Z]{3,})$")


def _unpronounceable(word: str, lone: bool) -> bool:
    """True when an upper-case ASCII ``word`` (2-4 letters) reads as letters, not as a word."""
    m = _FIRST_VOWEL.search(word, 1) if word[0] == "Y" and word[1:2] in _VOWELS else _FIRST_VOWEL.search(word)
    if m is None:
        return True
    first = m.start()  # a Y before a vowel is a consonant: YUM, YES
    last = _LAST_VOWEL.search(word).start()  # type: ignore[union-attr]  # there is a vowel
    onset, coda = word[:first], word[last + 1:]
    if len(onset) >= 2 and onset not in _ONSETS:
        return True
    if len(coda) >= 2 and coda not in _CODAS and coda not in _DOUBLED_CODAS and not (
        len(word) >= 4 and (coda in _PLURAL_CODAS or coda[-1] == "S" and coda[:-1] in _CODAS)  # LABS, ARTS
    ):
        return True
    if len(word) == 3 and first == 0 and word[1] in _VOWELS and word[2] not in _VOWELS:
        return True  # AES, AIG, AOL: no three-letter word starts with two vowels and a consonant
    return lone and len(word) <= 3


def _lower_tail(word: str) -> str:
    return word[:1] + word[1:].lower().replace("i̇", "i")


def _case_part(part: str, first: bool, lone: bool) -> str:
    """Case one hyphen/slash part of an upper-case token."""
    core = part.rstrip(".")
    if not (core.isalpha() and core.isascii()):
        return _case_odd_part(part, core)
    if not first and core in _PARTICLES:
        return part.lower()
    n = len(core)
    if n == 1 or core in _ACRONYMS:
        return part
    if core in _SHORT_WORDS or (n >= 2 and part[-1] == "." and not lone and core not in _ROMAN):
        return _lower_tail(part)  # a word, or an abbreviated one: INTL. -> Intl., CO. -> Co.
    if n == 2 or core in _ROMAN or (n <= 4 and _unpronounceable(core, lone)):
        return part
    m = (_MC.match(core) or _MAC.match(core)) if core[0] == "M" else None
    if m:
        return m.group(1).capitalize() + m.group(2).capitalize() + part[n:]
    return _lower_tail(part)


def _case_odd_part(part: str, core: str) -> str:
    """Parts with digits (3M), dotted initials (T.F.M.C.), apostrophes (O'REILLY) or non-ASCII letters."""
    if not any(c.isalpha() for c in part) or any(c.isdigit() for c in part):
        return part
    if "." in core:
        chunks = [c for c in part.split(".") if c]
        if len(chunks) >= 2 and all(len(c) <= 2 for c in chunks):
            return part
    if "'" in core or "’" in core:
        return _case_apostrophe(part)
    return _lower_tail(part)


def _case_apostrophe(part: str) -> str:
    head, sep, tail = re.split(r"(['’])", part, maxsplit=1)
    if len(head) == 1 and head in "ODL" and len(tail) >= 2:
        return head + sep + _lower_tail(tail)
    return _lower_tail(head) + sep + tail.lower()


# Memos of token casings, one per (first, lone) pair: _TOKEN_CACHES[2 * first + lone] (no tuple key to
# build and hash per token).
_TOKEN_CACHES: tuple[dict[str, str], ...] = ({}, {}, {}, {})


def _case_token_new(tok: str, first: bool, lone: bool, memo: dict[str, str]) -> str:
    """The casing of a token missing from ``memo`` (the memo of its ``first``/``lone`` pair), memoised."""
    if tok.isalpha():
        out = _case_part(tok, first, lone)
    elif "&" in tok and all(len(p) <= 2 for p in _PART_SPLIT.split(tok)):
        out = tok
    else:
        parts = _PART_SPLIT.split(tok)
        out = "".join(
            p if i % 2 or not p else _case_part(p, first=first and i == 0, lone=lone and len(parts) == 1)
            for i, p in enumerate(parts)
        )
    if len(memo) >= 25_000:
        memo.clear()
    memo[tok] = out
    return out


def recase(name: str) -> str:
    """Recase an ALL-CAPS Latin name (see module docstring); other text is returned unchanged."""
    tokens = name.split(" ")
    lone = len(tokens) == 1
    memo = _TOKEN_CACHES[2 + lone]  # the first token's memo; the others use _TOKEN_CACHES[lone]
    ascii_name = name.isascii()
    out = []
    first = True
    for tok in tokens:
        # The common token: a plain ASCII word of 5+ letters that is no particle, Roman numeral or Mc/Mac
        # name is written with a capital and lower-case rest (what ``_case_part`` does, without the memo).
        if len(tok) >= 5 and tok.isalpha() and (ascii_name or tok.isascii()) and tok[0] != "M" and (
            tok not in _ROMAN and (first or tok not in _PARTICLES)
        ):
            out.append(tok[0] + tok[1:].lower())
        elif tok:
            cased = memo.get(tok)
            out.append(_case_token_new(tok, first, lone, memo) if cased is None else cased)
        else:
            out.append(tok)
        if first:
            first = False
            memo = _TOKEN_CACHES[lone]
    return " ".join(out)


def clear_caches() -> None:
    """Forget memoised token casings (benchmarks use this to time a cold start)."""
    for memo in _TOKEN_CACHES:
        memo.clear()


def capitalize_lone_word(name: str) -> str:
    """``trivago`` -> ``Trivago``: a single all-lower-case word gets a capital first letter."""
    if " " in name or not name[:1].isalpha():
        return name
    head = name[0].upper()
    return head + name[1:] if len(head) == 1 else name
