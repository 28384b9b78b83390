"""Byte scans of a whole page before it is parsed, natively when ``_scans`` is built (else the same in Python).

``count_at_least(data, byte, limit)`` -> ``min(data.count(bytes([byte])), limit)``, stopping at ``limit``;
``contains(data, needle)`` -> ``needle in data``; ``valid_utf8(data)`` -> whether ``data.decode("utf-8")``
succeeds, without building the text.
"""

from __future__ import annotations

try:  # built at install when a C compiler is present: see _scans.pyx
    from processors.website_intelligence import _scans  # type: ignore[attr-defined]
except ImportError:
    _scans = None


def count_at_least(data: bytes, byte: int, limit: int) -> int:
    if _scans is not None:
        return _scans.count_at_least(data, byte, limit)
    return min(data.count(bytes([byte])), limit)


def contains(data: bytes, needle: bytes) -> bool:
    return _scans.contains(data, needle) if _scans is not None else needle in data


def valid_utf8(data: bytes) -> bool:
    if _scans is not None:
        return _scans.utf8_valid(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
