"""Word keys for matching: every pymorphy3 lemma of a Russian word, simple plural stems of an English one.

The MorphAnalyzer is loaded once, lazily, on the first Cyrillic word; results are cached per word.
All keys are lower case with ``ё`` folded to ``е``.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

_CYR = re.compile(r"[а-яё]", re.IGNORECASE)
_LAT = re.compile(r"[a-z]", re.IGNORECASE)
_lock = threading.Lock()
_analyzer: Any = None
# precomputed word_info results for lexicon words (nlcmd/data/lexicon_cache.json), consulted first
SEED: dict[str, tuple[frozenset[str], str, bool, bool]] = {}


def fold(text: str) -> str:
    """Lower-case and fold ё to е."""
    return text.lower().replace("ё", "е")


def analyzer() -> Any:
    """The process-wide pymorphy3 MorphAnalyzer (created on first use)."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                import pymorphy3

                _analyzer = pymorphy3.MorphAnalyzer()
    return _analyzer


def is_cyrillic(word: str) -> bool:
    return bool(_CYR.search(word))


def is_latin(word: str) -> bool:
    return bool(_LAT.search(word)) and not _CYR.search(word)


def english_stems(word: str) -> set[str]:
    """The word and its likely singular forms (leads -> lead, companies -> company, ceos -> ceo)."""
    out = {word}
    if word.endswith("'s") or word.endswith("’s"):
        out.add(word[:-2])
    if len(word) > 3 and word.endswith("ies"):
        out.add(word[:-3] + "y")
    if len(word) > 3 and word.endswith("es"):
        out.add(word[:-2])
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        out.add(word[:-1])
    if len(word) > 5 and word.endswith("ing"):  # enriching -> enrich, analyzing -> analyze, running -> run
        base = word[:-3]
        out.update({base, base + "e"})
        if len(base) > 2 and base[-1] == base[-2]:
            out.add(base[:-1])
    return out


@lru_cache(maxsize=16384)
def word_info(word: str) -> tuple[frozenset[str], str, bool, bool]:
    """(keys, first part of speech, known to the dictionary, has a past-tense reading) for one word.

    Russian words get all their lemmas (``лиды`` -> {лиды, лид, лида}); English words their stems.
    """
    low = fold(word)
    seeded = SEED.get(low)
    if seeded is not None:
        return seeded
    if not is_cyrillic(low):
        return frozenset(english_stems(low)), "", True, False
    keys = {low}
    pos = ""
    past = False
    parses = analyzer().parse(low)
    for i, p in enumerate(parses):
        keys.add(fold(p.normal_form))
        if i == 0:
            pos = str(p.tag.POS or "")
        if "past" in p.tag:
            past = True
    known = analyzer().word_is_known(low)
    return frozenset(keys), pos, bool(known), past
