"""Russian job titles in the dative case, for "вам как коммерческому директору …" (pymorphy3).

``title_dative(title) -> str | None``: the head noun of a Cyrillic job title and the adjectives before it put in
the dative singular, agreeing in gender with the noun; the words after the head noun (genitive or
prepositional complements: "отдела продаж", "по маркетингу") stay as written. None when the title is not
Cyrillic, has no recognisable nominative head noun, or anything before it is not an adjective — the templates
that need the dative are then not used, so an unsure inflection never reaches an e-mail.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from processors.icebreakers.text import collapse, cyrillic_ratio


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _parse(word: str, pos: str) -> Any:
    for parse in _morph().parse(word.lower()):
        tag = parse.tag
        if pos == tag.POS and tag.case == "nomn" and tag.number == "sing" and parse.score >= 0.05:
            return parse
    return None


@lru_cache(maxsize=2048)
def title_dative(title: str) -> str | None:
    """``title`` in the dative ("Генеральный директор" -> "генеральному директору"), or None when unsure."""
    title = collapse(title)
    words = title.split(" ")
    if not title or len(words) > 6 or cyrillic_ratio(title) < 0.95 or not re.fullmatch(r"[А-Яа-яЁё\- ]+", title):
        return None
    head = None
    for i, word in enumerate(words):  # adjectives first ("старший" is also a noun), then the head noun
        followed = i + 1 < len(words) and (_parse(words[i + 1], "NOUN") or _parse(words[i + 1], "ADJF"))
        if _parse(word, "ADJF") is not None and followed:
            continue
        if _parse(word, "NOUN") is not None:
            head = i
        break
    if head is None:
        return None
    noun = _parse(words[head], "NOUN")
    gender = noun.tag.gender or "masc"
    out: list[str] = []
    for word in words[:head]:
        adj = _parse(word, "ADJF")
        form = adj.inflect({"datv", "sing", gender}) if adj is not None else None
        if form is None:
            return None
        out.append(form.word)
    form = noun.inflect({"datv", "sing"})
    if form is None:
        return None
    out.append(form.word)
    out.extend(w.lower() for w in words[head + 1:])
    return " ".join(out)
