"""Token folding and data loading shared by the company-name rules.

``fold(token)`` is the key every table lookup uses: case-folded, dots removed, Latin diacritics
stripped (``"S.A."``, ``"SA"`` and ``"s.a."`` all fold to ``"sa"``; ``"Şirketi"`` to ``"sirketi"``).
``TOKEN_RE`` splits a name into tokens on whitespace and commas, so glued forms such as ``"X,Inc."``
and ``"Co.,Ltd."`` tokenize like their spaced versions.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

TOKEN_RE = re.compile(r"[^\s,]+")


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("."): "", 0x307: ""}  # dots; combining dot left by "İ".casefold()
    for code in range(0xC0, 0x250):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base and base != ch and base.isascii():
            table[code] = base.lower()
    table[ord("ı")] = "i"
    table[ord("ß")] = "ss"
    table[ord("ø")] = "o"
    table[ord("æ")] = "ae"
    table[ord("œ")] = "oe"
    table[ord("ł")] = "l"
    table[ord("đ")] = "d"
    return table


_FOLD = _build_fold_table()
# Characters ``_FOLD`` changes besides the dot: translate() only runs on tokens that hold one.
_NEEDS_FOLD = re.compile("[" + "".join(chr(c) for c in sorted(_FOLD) if c != ord(".")) + "]")


_FOLD_CACHE: dict[str, str] = {}


def fold(token: str) -> str:
    """Lookup key of a token: case-folded, without dots and Latin diacritics (memoised per token)."""
    key = _FOLD_CACHE.get(token)
    return _fold_new(token) if key is None else key


def _fold_new(token: str) -> str:
    """``fold`` of a token missing from the memo (a lookup, not a raised KeyError, tells: cold runs
    meet hundreds of new tokens)."""
    if token.isascii():
        key = token.lower().replace(".", "")
    else:
        key = token.casefold()
        key = key.translate(_FOLD) if _NEEDS_FOLD.search(key) else key.replace(".", "")
    if len(_FOLD_CACHE) >= 100_000:
        _FOLD_CACHE.clear()
    _FOLD_CACHE[token] = key
    return key


def fold_text(text: str) -> str:
    """``fold`` applied to the whole of ``text`` at once: case folding, dot and diacritic removal work
    character by character, so ``fold_text(t).split()`` are the folds of ``t.split()`` (bar pieces that
    fold to nothing, which split() drops)."""
    if text.isascii():
        return text.lower().replace(".", "")
    key = text.casefold()
    return key.translate(_FOLD) if _NEEDS_FOLD.search(key) else key.replace(".", "")


def fold_all(tokens: list[str]) -> list[str]:
    """``[fold(t) for t in tokens]``, looking the memo up inline (the hot path of legal-form matching)."""
    get = _FOLD_CACHE.get
    return [get(t) or _fold_new(t) for t in tokens]


def clear_caches() -> None:
    """Forget memoised token keys (benchmarks use this to time a cold start)."""
    _FOLD_CACHE.clear()


def fold_phrase(text: str) -> str:
    """Lookup key of a multi-token phrase: folded tokens joined by single spaces (empty tokens dropped)."""
    return " ".join(k for k in (fold(t) for t in TOKEN_RE.findall(text)) if k)


@cache
def load_json(name: str) -> Any:
    """Load ``processors/data/<name>`` once (package data, read at import time by the rule modules)."""
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


def load_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of ``processors/data/<name>``."""
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return [s for s in (line.strip() for line in fh) if s and not s.startswith("#")]
