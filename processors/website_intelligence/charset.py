"""Decode an HTML body to text: HTTP header charset, then BOM, then ``<meta>``, then detection.

``decode_html(body, content_type) -> (text, encoding)`` never raises: an unknown or bogus label (a real
page says ``<meta charset="ru">``) is ignored and the next source is tried; the last resort is UTF-8 with
replacement characters. Legacy labels are widened the way browsers do (``iso-8859-1`` / ``latin1`` /
``ascii`` decode as windows-1252), so that a server that lies about Latin-1 still decodes right.

Detection order when no header charset is given: BOM; then bytes that are valid UTF-8 *and* contain
non-ASCII are taken as UTF-8 even if a meta tag claims otherwise (a legacy single-byte encoding almost
never produces valid multi-byte UTF-8 by accident, while pages re-saved as UTF-8 with their old
``<meta charset=windows-1251>`` are common); then the meta declaration; then charset-normalizer. A body
declared UTF-8 (header or meta) that is plainly not UTF-8 (more than a few invalid sequences) is
detected instead: Russian servers that send windows-1251 under a UTF-8 label are common.
"""

from __future__ import annotations

import codecs
import re

from processors.website_intelligence.byte_scans import valid_utf8

_META_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""",
    re.IGNORECASE,
)
_CT_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?\s*([^"';\s]+)""", re.IGNORECASE)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
# WHATWG: these labels all mean windows-1252 in a browser.
_WIDEN = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}
_META_SCAN_BYTES = 4096


def normalize_label(label: str | None) -> str | None:
    """Return a Python codec name for a charset label, or None when the label is unknown/unusable."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in {"x-user-defined", "replacement", "utf-7", "utf7"}:
        return None
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    return _WIDEN.get(name, name)


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CT_CHARSET_RE.search(content_type)
    return normalize_label(match.group(1)) if match else None


def _meta_charset(body: bytes) -> str | None:
    head = body[:_META_SCAN_BYTES]
    for match in _META_RE.finditer(head):
        name = normalize_label(match.group(1).decode("ascii", "ignore"))
        if name:
            # A page cannot really be UTF-16 if its meta tag was readable as ASCII.
            return "utf-8" if name.startswith("utf-16") else name
    return None


def _is_utf8_with_non_ascii(body: bytes) -> bool:
    return not body.isascii() and valid_utf8(body)


def _detect(body: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    return normalize_label(best.encoding) if best else None


def _decode_declared(body: bytes, name: str) -> tuple[str, str]:
    """Decode with a declared charset; a "UTF-8" body that is plainly not UTF-8 is detected instead."""
    if name != "utf-8":
        return body.decode(name, "replace"), name
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text = body.decode("utf-8", "replace")
        if text.count("\ufffd") <= 8:
            return text, "utf-8"
    detected = _detect(body) or "utf-8"
    return body.decode(detected, "replace"), detected


def is_plain_utf8(body: bytes, content_type: str | None = None) -> bool:
    """True when ``decode_html(body, content_type)`` is exactly ``(body.decode("utf-8"), "utf-8")``: no BOM,
    valid UTF-8, and a UTF-8 header charset or, without one, non-ASCII bytes. A caller can then use the
    bytes as the text's UTF-8 without decoding them (validated natively when the extension is built)."""
    if body.startswith(_BOM_PREFIXES):
        return False
    header = charset_from_content_type(content_type)
    if header:
        return header == "utf-8" and valid_utf8(body)
    return _is_utf8_with_non_ascii(body)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode ``body``; returns (text, python codec name used)."""
    header = charset_from_content_type(content_type)
    if header:
        for bom, name in _BOMS:  # a BOM beats the header (WHATWG)
            if body.startswith(bom):
                return body.decode(name, "replace"), name
        return _decode_declared(body, header)
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, "replace"), name
    if _is_utf8_with_non_ascii(body):
        return body.decode("utf-8"), "utf-8"
    meta = _meta_charset(body)
    if meta:
        return _decode_declared(body, meta)
    if body.isascii():
        return body.decode("ascii"), "ascii"
    detected = _detect(body) or "utf-8"
    return body.decode(detected, "replace"), detected
