"""Emails and phone numbers from a page: ``mailto:``/``tel:`` links plus the visible text.

Pure functions over already-extracted strings (the caller walks the DOM once):

* ``email_from_mailto(href)`` / ``emails_in_text(text, site_domain)`` -> lower-cased addresses. Text
  matches reject file names (``logo@2x.png``), version strings (``pkg@1.2.3``), addresses glued inside
  URLs and well-known placeholder domains. The spaced/obfuscated forms (``mail @ site.com``,
  ``info [at] site.com``) are accepted only for the page's own registrable domain, which keeps
  "Learn more @ OtherSite.com" out.
* ``phone_from_tel(href)`` / ``phones_in_text(text)`` -> (phones, faxes) as written digits; then
  ``normalize_phone(raw, country_calling_code)`` gives E.164 when the country is known.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_EMAIL_RE = re.compile(r"(?<![\w.%+\-/=?&:@])([a-z0-9][a-z0-9._%+\-]{0,63})@([a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?)*\.[a-z]{2,24})(?![\w\-@])", re.I)
_OBFUSCATED_RE = re.compile(
    r"(?<![\w.%+\-])([a-z0-9][a-z0-9._%+\-]{0,63})\s*(?:\[\[at\]\]|\[at\]|\(at\)|\{at\}|\s@\s|\s@|@\s)\s*"
    r"([a-z0-9\-]+(?:\s*(?:\[dot\]|\(dot\)|\.)\s*[a-z0-9\-]+)*(?:\s*(?:\[dot\]|\(dot\))\s*|\.)[a-z]{2,24})\b",
    re.I,
)
_BAD_TLDS = frozenset(
    ["png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "js", "css", "mjs", "json", "xml", "pdf", "zip", "gz", "mp4", "mp3", "webm", "woff", "woff2", "ttf", "eot", "php", "html", "htm", "asp", "aspx"]
)
_PLACEHOLDER_DOMAINS = frozenset(
    ["example.com", "example.org", "example.net", "domain.com", "email.com", "yourdomain.com", "yoursite.com", "mysite.com", "musterfirma.com", "musterfirma.de", "mustermann.de", "test.com", "sentry.io", "wixpress.com", "sentry-next.wixpress.com", "company.com", "website.com", "site.com", "mail.com"]
)
_LOCAL_CHAR = re.compile(r"[a-z0-9._%+\-]", re.I)  # the character classes either side of _EMAIL_RE's "@"
_DOMAIN_CHAR = re.compile(r"[a-z0-9]", re.I)
_PLACEHOLDER_LOCALS = frozenset(["you", "your", "yourname", "youremail", "name", "email", "user", "username", "john.doe", "johndoe", "joe.smith"])


def _clean_email(local: str, domain: str) -> str | None:
    local = local.strip(".").lower()
    domain = domain.strip(".").lower()
    tld = domain.rsplit(".", 1)[-1]
    if not local or tld in _BAD_TLDS or domain in _PLACEHOLDER_DOMAINS or local in _PLACEHOLDER_LOCALS:
        return None
    if ".." in local or ".." in domain:
        return None
    return f"{local}@{domain}"


def email_from_mailto(href: str) -> list[str]:
    """Addresses in a ``mailto:`` href (several may be comma-separated); query (?subject=) dropped."""
    target = href.split(":", 1)[1] if ":" in href else ""
    target = unquote(target.split("?", 1)[0]).strip()
    found = []
    for part in re.split(r"[,;]", target):
        match = _EMAIL_RE.search(part.strip())
        if match:
            email = _clean_email(match.group(1), match.group(2))
            if email:
                found.append(email)
    return found


CLOUDFLARE_PROTECTION = "/cdn-cgi/l/email-protection"


def cloudflare_emails(href: str, data: str | None) -> list[str]:
    """Addresses hidden by Cloudflare's email obfuscation (on by default for sites behind it): the link
    ``/cdn-cgi/l/email-protection#HEX`` or the ``data-cfemail="HEX"`` attribute of that link, where HEX is a
    one-byte key followed by the address's bytes XOR the key."""
    found = []
    for encoded in (href.partition("#")[2], data or ""):
        if len(encoded) < 8 or len(encoded) % 2:
            continue
        try:
            raw = bytes.fromhex(encoded)
        except ValueError:
            continue
        decoded = bytes(b ^ raw[0] for b in raw[1:]).decode("utf-8", "replace")
        # a protected mailto: link keeps its query ("a@b.com?subject=..."); a share button has no address
        match = _EMAIL_RE.fullmatch(unquote(decoded.split("?", 1)[0]).strip())
        email = _clean_email(match.group(1), match.group(2)) if match else None
        if email and email not in found:
            found.append(email)
    return found


MAX_CANDIDATES = 1000  # per page: a page of 300,000 "@" or digit runs must not stall the worker
_OBFUSCATION_HINT = re.compile(r"\[\[?at\]|\(at\)|\{at\}|\s@|@\s", re.I)  # what _hint_spans finds, faster
_BRACKET_HINT = re.compile(r"\[\[?[aA][tT]\]|\([aA][tT]\)|\{[aA][tT]\}")  # literal first characters: a fast scan


def _hint_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """The first ``limit`` spans ``_OBFUSCATION_HINT.finditer(text)`` yields, found without scanning every
    character with that regex: the bracket forms by a regex that skips ahead on their first characters,
    the spaced "@" forms by looking beside each "@"."""
    spans: list[tuple[int, int]] = []
    # every bracket form holds "[", "{" or "t)"/"T)": four C substring scans skip the regex on most texts
    if "[" in text or "{" in text or "t)" in text or "T)" in text:
        for match in _BRACKET_HINT.finditer(text):
            spans.append(match.span())
            if len(spans) >= limit:
                break
    at_spans: list[tuple[int, int]] = []
    last_end = 0
    at = text.find("@")
    while at != -1 and len(at_spans) < limit:
        if at >= 1 and at - 1 >= last_end and text[at - 1].isspace():
            at_spans.append((at - 1, at + 1))
            last_end = at + 1
        elif at + 1 < len(text) and at >= last_end and text[at + 1].isspace():
            at_spans.append((at, at + 2))
            last_end = at + 2
        at = text.find("@", at + 1)
    if at_spans:
        spans = sorted(spans + at_spans)[:limit]
    return spans


def emails_in_text(text: str, site_domain: str | None = None) -> list[str]:
    """Addresses written in visible text, plus obfuscated ones on the site's own domain.

    Only windows around each ``@`` (and each obfuscation hint) are scanned, so long texts stay cheap.
    """
    found: list[str] = []
    at = text.find("@")
    budget = MAX_CANDIDATES
    while at != -1 and budget > 0:
        budget -= 1
        # the address would need a local-part character right before this "@" and a domain one right after
        # ("Dev @handle", "per hour @ 2540 dpi" cannot be addresses): two one-character matches instead of
        # a regex scan of the window
        if at == 0 or _LOCAL_CHAR.match(text, at - 1) is None or _DOMAIN_CHAR.match(text, at + 1) is None:
            at = text.find("@", at + 1)
            continue
        start = max(0, at - 70)
        window = text[start : at + 260]
        for match in _EMAIL_RE.finditer(window):
            if start + match.start(2) - 1 == at:
                email = _clean_email(match.group(1), match.group(2))
                if email:
                    found.append(email)
                break
        at = text.find("@", at + 1)
    if site_domain:
        lowered_site = site_domain.lower()
        # an accepted domain ends with the site's labels, each written whole: a window without the first
        # one cannot hold an accepted address
        label = lowered_site.split(".", 1)[0]
        for hint_start, hint_end in _hint_spans(text, MAX_CANDIDATES // 4):
            start = max(0, hint_start - 70)
            window = text[start : hint_end + 200]
            if label not in window.lower():
                continue
            for match in _OBFUSCATED_RE.finditer(window):
                domain = re.sub(r"\s*(?:\[dot\]|\(dot\))\s*", ".", match.group(2)).replace(" ", "").lower()
                if domain == lowered_site or domain.endswith("." + lowered_site):
                    email = _clean_email(match.group(1), domain)
                    if email:
                        found.append(email)
    return found


# ---------------------------------------------------------------- phones

# A fast scan (starts with a character class, so the regex engine skips ahead cheaply); the exact shape
# and the boundaries are checked in Python: the run must start with +, ( or a digit, not follow a word
# character or a "/.,-+", and not be followed by a word character or "/".
_PHONE_SCAN = re.compile(r"[+(\d][\d\s().\-/\u00a0\u2013]{5,62}\d")
# The same scan with the digits and spaces spelled out: \d and \s cost a Unicode lookup per character (the
# scan runs 2.5x faster without), so it is used when the text holds no non-ASCII digit: every such digit is
# encoded in UTF-8 under one of _DIGIT_LEADS (checked by a test), and every str whitespace is below U+3001.
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_PHONE_SCAN_ASCII = re.compile("[+(0-9][0-9" + re.escape(_SPACES) + r"().\-/\u00a0\u2013]{5,62}[0-9]")
_DIGIT_LEADS = bytes((0xD9, 0xDB, 0xDF, 0xE0, 0xE1, 0xEA, 0xEF, 0xF0))
_OTHER_BYTES = bytes(b for b in range(256) if b not in _DIGIT_LEADS)


try:  # the ASCII-digit scan in C (built at install when a C compiler is present): see _scans.pyx
    from processors.website_intelligence._scans import phone_runs as _native_phone_runs  # type: ignore[import-not-found]
except ImportError:
    _native_phone_runs = None


def _phone_scan(text: str) -> re.Pattern[str]:
    """_PHONE_SCAN, or its ASCII-digit twin when that finds the same runs in ``text``."""
    if text.isascii() or not text.encode("utf-8", "surrogatepass").translate(None, _OTHER_BYTES):
        return _PHONE_SCAN_ASCII
    return _PHONE_SCAN


def phone_runs(text: str) -> list[tuple[int, int]]:
    """Spans of the candidate runs of ``text`` (``_phone_scan``), natively when the ASCII scan applies."""
    if _native_phone_runs is not None:
        spans = _native_phone_runs(text, _DIGIT_LEADS)
        if spans is not None:
            return spans
    return [match.span() for match in _phone_scan(text).finditer(text)]
_RUN_START = re.compile(r"(?:\+|00)?\s?(?:\(\s?\+?\d{1,5}\s?\)|\d)")
_BAD_BEFORE = frozenset("+/.,-")
_SPLIT_RE = re.compile(r"\s+[\-\u2013/|]\s+|\s{2,}|\s(?=\+)")
_LABEL_RE = re.compile(
    r"(?:\b(?:tel|telephone|telefon|téléphone|teléfono|telefono|telefoon|phone|phones|ph|fon|call|calls|mobile|"
    r"mobil|mob|cell|hotline|toll[\s\-]?free|office|main|direct|kontakt|contact|bel|sales|support|enquiries|"
    r"inquiries|reservations|switchboard|service|infoline|helpline|whatsapp|viber|tél|tlf|tlfn|tfn|tfno|puh|"
    r"fono|τηλ)\b|\b[tpmw]\s?[.:]|тел|телефон|моб|звоните|звонок|☎|📞)"
    r"[\s.:/()\-–]*(?:\+|\(|\d)?[^\d]{0,12}$",
    re.I,
)
_FAX_RE = re.compile(
    r"(?:\b(?:fax|telefax|facsimile|télécopie|telecopie|faks)\b|\bf\s?[.:]|факс)[\s.:/()\-–]*[^\d]{0,8}$", re.I
)
# "202.299.1148 fax" (label after the number) but not "Phone: 1 Fax: 2" (the next number's label)
_TRAILING_FAX_RE = re.compile(r"\s*[(\[]?\s*(?:fax|telefax|факс)\b(?![\s.:]*[\d+(])", re.I)
_NOT_PHONE_RE = re.compile(
    r"(?:инн|огрн|огрнип|кпп|окпо|бик|р/с|к/с|\bvat|\bust|kvk|btw|\bnip|regon|\bkrs|\babn|\bacn|\bein|iban|"
    r"\bbic|swift|\breg\b|registration|company\s+no|\bhrb|\bhra|\bičo?|dič|isbn|issn|\bzip|postal|box|©|copyright)"
    r"[\s.:#№\-]*[^\d]{0,10}$",
    re.I,
)
# Substrings one of which every match of _NOT_PHONE_RE / _LABEL_RE / _FAX_RE contains (lower case): a cheap
# test that skips those regexes (the slowest part of the phone scan) for most candidates. One-letter labels
# ("T.", "m:", "F:") are found by _ONE_LETTER_LABEL, a regex that skips ahead on its first character.
_ONE_LETTER_LABEL = re.compile(r"[tpmwf]\s?[.:]")
_FAX_WORDS = ("fax", "facsimile", "télécopie", "telecopie", "faks", "факс")
_NOT_PHONE_WORDS = ("инн", "огрн", "кпп", "окпо", "бик", "р/с", "к/с", "vat", "ust", "kvk", "btw", "nip", "regon", "krs",
                    "abn", "acn", "ein", "iban", "bic", "swift", "reg", "company", "hrb", "hra", "ič", "isbn", "issn",
                    "zip", "postal", "box", "©", "copyright")
_LABEL_WORDS = ("tel", "téléphone", "teléfono", "phone", "ph", "fon", "call", "mob", "cell", "hotline", "toll", "office",
                "main", "direct", "kontakt", "contact", "bel", "sales", "support", "enquiries", "inquiries",
                "reservations", "switchboard", "service", "infoline", "helpline", "whatsapp", "viber", "tél", "tlf",
                "tfn", "tfno", "puh", "fono", "τηλ", "тел", "моб", "звон", "☎", "📞")


def _could_match(lowered: str, words: tuple[str, ...]) -> bool:
    return next(filter(lowered.__contains__, words), None) is not None  # C-level loop: 3x any(genexpr)


# a date is not a piece of a longer dotted run: "01.23.45.67.89" is a French phone number
_DATE_RE = re.compile(
    r"(?<!\d[./])\b\d{1,2}[./]\d{1,2}[./](?:19|20)?\d\d\b(?![./]\d)"
    r"|(?<!\d[./\-])\b(?:19|20)\d\d[./\-]\d{1,2}[./\-]\d{1,2}\b(?![./\-]\d)|(?:19|20)\d\d\s*[\-–]\s*(?:19|20)\d\d"
)
_US_RE = re.compile(r"^(?:\+?1[\s.\-]?)?\(?[2-9]\d{2}\)?[\s.\-/]{0,2}[2-9]\d{2}[\s.\-]\d{4}$")
_US_FIND = re.compile(r"(?<![\d\-])(?:\+?1[\s.\-])?\(?[2-9]\d{2}\)?[\s.\-/]{0,2}[2-9]\d{2}[\s.\-]\d{4}(?![\d\-])")
_AREA_RE = re.compile(r"^(?:\+?\d{1,3}\s?)?\(\+?\d{2,5}\)\s?\d[\d\-\s]{4,}\d$")  # (067) 1-622-622, 8 (800) 555-35-35
_NATIONAL_RE = re.compile(r"^0\d{2,4}[\s\-/]\d{2,4}[\s\-]?\d{2,4}(?:[\s\-]\d{2,4})?$")


_NON_DIGIT = re.compile(r"\D")


def _digits(raw: str) -> str:
    return _NON_DIGIT.sub("", raw)


def written_form(raw: str) -> str:
    """Digits as written, with a leading + when one was written."""
    raw = raw.strip()
    return ("+" if raw.startswith("+") else "") + _digits(raw)


def phone_from_tel(href: str) -> str | None:
    """The number of a ``tel:``/``callto:`` href as written (digits, leading +), or None."""
    target = unquote(href.split(":", 1)[1] if ":" in href else href).strip()
    target = target.split(";", 1)[0].split("?", 1)[0]
    if re.search(r"[a-z]{3,}", target, re.I):
        return None
    form = written_form(target)
    digits = form.lstrip("+")
    return form if 6 <= len(digits) <= 16 else None


def _pieces(raw: str) -> list[str]:
    """One candidate run may hold several numbers: split it, and pull US-shaped numbers out of long runs."""
    out = []
    pieces: list[str] = []
    parts: list[str] = []
    for part in _SPLIT_RE.split(raw):  # "0111 – 40 11 11" is one number: merge pieces too short to be one
        if parts and len(_digits(parts[-1])) < 7:
            parts[-1] = parts[-1] + " " + part
        else:
            parts.append(part)
    for part in parts:
        chunks = part.split(" (")
        current = chunks[0]
        for chunk in chunks[1:]:  # "(067) 1-622-622 (066) 580-09-09": a new number; "+44 (0)1242": not
            if len(_digits(current)) >= 7:
                pieces.append(current)
                current = "(" + chunk
            else:
                current += " (" + chunk
        pieces.append(current)
    for piece in pieces:
        piece = piece.strip(" -–./\u00a0")
        if not piece:
            continue
        us = _US_FIND.match(piece)
        digits = len(_digits(piece))
        glued = digits > 11 and not piece.startswith(("+", "00")) and _US_FIND.search(piece)  # "20009 202.299.1148"
        if digits > 15 or glued or (us and us.end() < len(piece) and piece[us.end()] == " "):
            out.extend(m.group(0) for m in _US_FIND.finditer(piece))
        else:
            out.append(piece)
    return out


def phones_in_text(text: str) -> tuple[list[str], list[str]]:
    """(phones, faxes) written in ``text``; a number needs a phone label or an unmistakable shape."""
    phones: list[str] = []
    faxes: list[str] = []
    for count, (start, end) in enumerate(phone_runs(text)):
        if count >= MAX_CANDIDATES:
            break
        if start and (text[start - 1].isalnum() or text[start - 1] in _BAD_BEFORE or text[start - 1] == "_"):
            continue
        if end < len(text) and (text[end].isalnum() or text[end] in "/_"):
            continue
        run = text[start:end]
        if not _RUN_START.match(run):
            continue
        date = _DATE_RE.search(run)
        if date:  # "+351 229 812 222 2005 - 2014": keep what precedes a date or a year range
            run = run[: date.start()].rstrip(" -–./(\u00a0")
            if len(_digits(run)) < 7:
                continue
        before = text[max(0, start - 40) : start]
        lowered = before.lower()
        if _could_match(lowered, _NOT_PHONE_WORDS) and _NOT_PHONE_RE.search(before):
            continue
        after = text[end : end + 16]
        trailing_fax = _TRAILING_FAX_RE.match(after)
        is_fax = bool(trailing_fax) or (
            (_could_match(lowered, _FAX_WORDS) or _ONE_LETTER_LABEL.search(lowered) is not None)
            and bool(_FAX_RE.search(before))
        )
        labelled = is_fax or (
            (_could_match(lowered, _LABEL_WORDS) or _ONE_LETTER_LABEL.search(lowered) is not None)
            and bool(_LABEL_RE.search(before))
        )
        for index, piece in enumerate(_pieces(run)):
            digits = _digits(piece)
            if not 7 <= len(digits) <= 15:
                continue
            shaped = (
                piece.startswith("+")
                or piece.startswith("00")
                or bool(_US_RE.match(piece))
                or bool(_AREA_RE.match(piece))
                or bool(_NATIONAL_RE.match(piece))
            )
            if not (shaped or (labelled and index == 0)):
                continue
            (faxes if is_fax and index == 0 else phones).append(written_form(piece))
    return phones, faxes


# country calling code, national trunk prefix (None: the leading 0 is part of the number, e.g. Italy)
_TLD_COUNTRY: dict[str, tuple[str, str | None]] = {
    "de": ("49", "0"), "at": ("43", "0"), "ch": ("41", "0"), "nl": ("31", "0"), "be": ("32", "0"),
    "uk": ("44", "0"), "fr": ("33", "0"), "es": ("34", None), "it": ("39", None), "pl": ("48", None),
    "cz": ("420", None), "sk": ("421", None), "ru": ("7", "8"), "by": ("375", "8"), "kz": ("7", "8"),
    "ua": ("380", "0"), "pt": ("351", None), "se": ("46", "0"), "no": ("47", None), "dk": ("45", None),
    "fi": ("358", "0"), "ie": ("353", "0"), "au": ("61", "0"), "nz": ("64", "0"), "in": ("91", "0"),
    "us": ("1", "1"), "ca": ("1", "1"), "br": ("55", "0"), "mx": ("52", None), "jp": ("81", "0"),
}


def country_for_tld(tld: str) -> tuple[str, str | None] | None:
    """Calling code and trunk prefix for a country-code TLD (``co.uk`` -> uk), else None."""
    return _TLD_COUNTRY.get(tld.rsplit(".", 1)[-1].lower())


def normalize_phone(written: str, country: tuple[str, str | None] | None = None, nanp_default: bool = False) -> str:
    """E.164 (``+4969...``) when the country is known from the number or ``country``; else the digits.

    A trunk ``(0)`` after a country code is dropped (+49 (0)69 -> +4969); ``00`` becomes ``+``; ten-digit
    North American numbers get +1 when ``nanp_default`` (a generic TLD page with a US-shaped number).
    """
    digits = _digits(written)
    if written.startswith("+") or digits.startswith("00"):
        digits = digits[2:] if digits.startswith("00") and not written.startswith("+") else digits
        for cc, trunk in _TLD_COUNTRY.values():
            if digits.startswith(cc) and trunk == "0" and digits[len(cc) : len(cc) + 1] == "0":
                digits = digits[: len(cc)] + digits[len(cc) + 1 :]
                break
        return "+" + digits
    if country:
        cc, trunk = country
        if cc == "1":
            if len(digits) == 11 and digits.startswith("1"):
                return "+" + digits
            if len(digits) == 10:
                return "+1" + digits
            return digits
        if trunk and digits.startswith(trunk):
            return "+" + cc + digits[len(trunk) :]
        if trunk is None and len(digits) >= 8:
            return "+" + cc + digits
        return digits
    if nanp_default:
        if len(digits) == 10 and digits[0] in "23456789":
            return "+1" + digits
        if len(digits) == 11 and digits.startswith("1"):
            return "+" + digits
    return digits
