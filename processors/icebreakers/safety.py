"""Phrase lists that keep scraped text and model output safe: banned phrases and injection markers.

``banned_phrases()`` loads ``processors/data/icebreaker_banned.txt`` (model-directed instructions such as
"ignore previous instructions", and insults) once. ``find_banned(text)`` returns the first banned phrase found
in ``text`` (normalized, word-bounded), or None. Fact extraction drops any candidate that contains one; the
icebreaker gates reject any text that contains one. Delimiter look-alikes (``<<<``, ``>>>``) count as banned too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from processors.icebreakers.text import normalize

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_DELIMITERS = re.compile(r"<<<|>>>|<\|[a-z_]+\|>|\[/?(?:inst|system|data)\]", re.IGNORECASE)


def load_phrases(path: Path) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a phrase file, normalized."""
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(normalize(line))
    return tuple(out)


@lru_cache(maxsize=1)
def banned_pattern() -> re.Pattern[str]:
    """One alternation of every banned phrase (word-bounded, any whitespace between words)."""
    phrases = sorted(load_phrases(DATA_DIR / "icebreaker_banned.txt"), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)")


def find_banned(text: str) -> str | None:
    """The first banned phrase (or delimiter look-alike) in ``text``, else None."""
    if _DELIMITERS.search(text or ""):
        return "delimiter-like markup"
    match = banned_pattern().search(normalize(text))
    return match.group(0) if match else None
