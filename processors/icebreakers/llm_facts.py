"""Checking facts a model returned against the pages it was shown (the model may only pick and phrase).

``validate_llm_facts(raw_facts, site, max_facts)`` keeps a fact only when its type is known, its text is a
usable value (no URL, e-mail, banned phrase; at most 20 words), and it is grounded: most of its key words
(by stem) occur in the text of the page it cites — or, when the cited URL is not one of the pages, of the page
that contains the most of them (the fact is re-attributed to that page); and it is not drawn from a page
sentence that carries a banned phrase (injection wording, insults) or a link, e-mail or phone. Returns facts in the ``_facts``
shape: ``{"type", "text", "source_url", "value", "lang"}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rapidfuzz import fuzz

from processors.icebreakers.facts import FACT_TYPES, clean_value, fact_lang
from processors.icebreakers.prompts import page_text
from processors.icebreakers.safety import find_banned
from processors.icebreakers.text import keywords, sentences, stem, words

GROUNDED_SHARE = 0.6
_CONTACT = re.compile(r"https?://|www\.|\b[\w.+-]+@[\w-]+\.\w|\+?\d[\d ()-]{8,}\d", re.IGNORECASE)


def _tainted(sentence: str) -> bool:
    return bool(find_banned(sentence) or _CONTACT.search(sentence))


def _taint_index(page_sentences: Sequence[str]) -> tuple[set[str], set[str]]:
    """(stems found in clean page sentences, stems found only in sentences with a banned phrase or contact)."""
    clean: set[str] = set()
    dirty: set[str] = set()
    for sentence in page_sentences:
        (dirty if _tainted(sentence) else clean).update(stem(w) for w in words(sentence))
    return clean, dirty - clean


def _tainted_sources(kws: Sequence[str], clean: set[str], dirty_only: set[str],
                     page_sentences: Sequence[str]) -> bool:
    """True when the fact draws on injected text: one of its key words occurs only in page sentences that carry
    a banned phrase or a contact, or a tainted sentence holds two or more of its key words (or its only one)."""
    if any(stem(k) in dirty_only for k in kws):
        return True
    need = min(2, len(kws))
    for sentence in page_sentences:
        if _tainted(sentence):
            stems = {stem(w) for w in words(sentence)}
            if sum(1 for k in kws if stem(k) in stems) >= need and not all(stem(k) in clean for k in kws):
                return True
    return False


def _norm_url(url: str) -> str:
    return (url or "").strip().rstrip("/").lower()


def _grounded_share(kws: Sequence[str], stems: set[str]) -> float:
    if not kws:
        return 0.0
    return sum(1 for k in kws if stem(k) in stems) / len(kws)


def validate_llm_facts(raw_facts: Any, site: Mapping[str, Any], max_facts: int = 5) -> list[dict[str, str]]:
    """The model's facts that survive the checks (see the module docstring)."""
    pages = [p for p in site.get("pages") or [] if isinstance(p, Mapping)]
    page_stems = {
        str(p.get("url") or ""): {stem(w) for w in words(page_text(p.get("data") or {}) + " " + str(p.get("url")))}
        for p in pages
    }
    by_norm = {_norm_url(u): u for u in page_stems}
    all_sentences = [s for p in pages for line in page_text(p.get("data") or {}).splitlines()
                     for s in sentences(line)]
    clean, dirty_only = _taint_index(all_sentences)
    out: list[dict[str, str]] = []
    for item in raw_facts if isinstance(raw_facts, list) else []:
        if not isinstance(item, Mapping) or item.get("type") not in FACT_TYPES:
            continue
        value = clean_value(str(item.get("text") or ""), 20)
        if not value:
            continue
        kws = keywords(value)
        url = by_norm.get(_norm_url(str(item.get("source_url") or "")))
        if url is None or _grounded_share(kws, page_stems[url]) < GROUNDED_SHARE:
            best = max(page_stems, key=lambda u: _grounded_share(kws, page_stems[u]), default=None)
            if best is None or _grounded_share(kws, page_stems[best]) < GROUNDED_SHARE:
                continue
            url = best
        if _tainted_sources(kws, clean, dirty_only, all_sentences):
            continue
        if any(fuzz.token_set_ratio(value, f["value"]) >= 85 for f in out):
            continue
        out.append({"type": str(item["type"]), "text": value, "source_url": url, "value": value,
                    "lang": fact_lang(value)})
        if len(out) >= max_facts:
            break
    return out
