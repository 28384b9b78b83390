"""The sample request: "сначала покажи 10 примеров", "show me 5 examples first", "sample 20".

Not part of the label convention (the corpus has no such key): it only tells the CLI to run the sample
round (``--sample N``) instead of the whole file.
"""

from __future__ import annotations

import re

_WORDS = {
    "три": 3, "пять": 5, "десять": 10, "пятнадцать": 15, "двадцать": 20, "тридцать": 30,
    "three": 3, "five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30,
}
_N = r"(?P<n>\d{1,4}|" + "|".join(_WORDS) + r")"
_PATTERNS = [
    re.compile(r"(?:покажи|покажите|показать|выведи|сгенерируй|сделай|дай|пришли)\w*\s+(?:мне\s+|сначала\s+)?"
               + _N + r"\s+(?:пример|образц|айсбрейкер)", re.IGNORECASE),
    re.compile(r"(?:сначала|для начала|сперва)\s+" + _N + r"\s+(?:пример|образц)", re.IGNORECASE),
    re.compile(r"\b(?:show|preview|give|generate)\s+(?:me\s+)?(?:the\s+first\s+)?" + _N
               + r"\s+(?:examples?|samples?|icebreakers?|previews?)\b", re.IGNORECASE),
    re.compile(r"\bsample\s+(?:of\s+)?" + _N + r"\b", re.IGNORECASE),
]


def find_sample(text: str) -> int | None:
    """The number of leads to show as a sample, when the sentence asks for one."""
    for pattern in _PATTERNS:
        match = pattern.search(text or "")
        if match:
            raw = match.group("n").lower()
            number = int(raw) if raw.isdigit() else _WORDS[raw]
            return number if number > 0 else None
    return None
