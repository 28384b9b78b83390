"""The phrase lexicon: concept tables from ``nlcmd/data/*.json`` matched over tokens.

A phrase is a short sequence of words. A word matches a token when they share a key (any lemma of
either, or an English plural stem); a word written ``=XX`` matches case-sensitively (``=US``, ``=IT``).
Matching is greedy left to right, longest phrase first; a phrase may carry several concepts.
Typos: a word no phrase explains may be matched to a lexicon word by Damerau (OSA) distance with
guards (length >= 5, same first letter, distance 1, or 2 for words of 9+ letters, a unique best match,
and the typo is not itself a dictionary word), so ``export`` never becomes ``report`` and ``progress``
never becomes ``process`` (both are lexicon words already).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from nlcmd.morph import fold, word_info
from nlcmd.tokens import Token, tokenize

Word = tuple[str, Any]  # ("=", exact text) or ("k", frozenset of keys)


@dataclass(frozen=True)
class Phrase:
    words: tuple[Word, ...]
    concepts: tuple[str, ...]
    text: str


SOURCES = ("lexicon.json", "filters.json", "countries.json", "cities.json")
CACHE = "lexicon_cache.json"


def sources_hash() -> str:
    """Hash of the data tables; the cache is used only when it was built from the same tables."""
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update(resources.files("nlcmd.data").joinpath(name).read_bytes())
    for module in ("morph.py", "tokens.py"):  # the code that turns words into keys
        digest.update(resources.files("nlcmd").joinpath(module).read_bytes())
    return digest.hexdigest()


def _load_cache() -> dict[str, Any] | None:
    try:
        raw = json.loads(resources.files("nlcmd.data").joinpath(CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if raw.get("sources_hash") != sources_hash():
        return None  # stale: compute with pymorphy3 (slower start, same result)
    from nlcmd.morph import SEED

    for word, (keys, pos, known, past) in raw["words"].items():
        SEED.setdefault(word, (frozenset(keys), pos, known, past))
    return raw


def build_cache() -> dict[str, Any]:
    """The cache content for the current tables (``python -m nlcmd.lexicon`` writes it)."""
    from nlcmd.morph import SEED

    seeded = dict(SEED)
    SEED.clear()  # compute from scratch, not from the cache being rebuilt
    word_info.cache_clear()
    try:
        return _build_cache()
    finally:
        SEED.update(seeded)
        word_info.cache_clear()


def _build_cache() -> dict[str, Any]:
    tables = load_tables()
    words: dict[str, list[Any]] = {}
    forms: dict[str, list[str]] = {}
    for phrases in tables.values():
        for text in phrases:
            body = text[1:] if text.startswith("=") else text
            for tok in tokenize(body):
                if tok.kind == "word":
                    keys, pos, known, past = word_info(tok.text)
                    words[fold(tok.text)] = [sorted(keys), pos, known, past]
            f = _compute_forms(text)
            if f:
                forms[text] = sorted(f)
    return {"sources_hash": sources_hash(), "words": words, "forms": forms}


_FORMS: dict[str, list[str]] | None = None


def _load(name: str) -> dict[str, list[str]]:
    raw = json.loads(resources.files("nlcmd.data").joinpath(name).read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def load_tables() -> dict[str, list[str]]:
    """concept -> phrases, from lexicon.json, filters.json, countries.json (country:XX), cities.json."""
    tables: dict[str, list[str]] = {}
    tables.update(_load("lexicon.json"))
    tables.update(_load("filters.json"))
    for iso, names in _load("countries.json").items():
        tables[f"country:{iso}"] = names
    for city, names in _load("cities.json").items():
        tables[f"city:{city}"] = names
    return tables


def _phrase_words(text: str) -> tuple[Word, ...]:
    exact = text.startswith("=")
    body = text[1:] if exact else text
    words: list[Word] = []
    for tok in tokenize(body):
        if exact:
            words.append(("=", tok.text.replace("ё", "е")))
        elif tok.kind == "word":
            words.append(("k", tok.keys))
        else:
            words.append(("k", frozenset({tok.text})))
    return tuple(words)


_FUZZY_PREFIXES = ("act:", "step:", "lang:en_word", "lang:ru_word", "cue:lead")


def _forms(text: str) -> set[str]:
    """Inflected forms of a Russian lexicon word (so a typo of 'продолжи' is near a known form)."""
    if _FORMS is not None:
        return set(_FORMS.get(text, ()))
    return _compute_forms(text)


def _compute_forms(text: str) -> set[str]:
    if not text or not text.isalpha() or not any("а" <= c <= "я" for c in text.lower()):
        return set()
    from nlcmd.morph import analyzer

    parses = analyzer().parse(text.lower())
    if not parses:
        return set()
    out = set()
    for form in parses[0].lexeme[:60]:
        tag = form.tag
        if "impr" in tag or "INFN" in tag or tag.POS in ("NOUN", "ADJF"):
            out.add(fold(form.word))
    return out


class Lexicon:
    """Index of phrases by the keys of their first word."""

    def __init__(self, tables: dict[str, list[str]]) -> None:
        merged: dict[tuple[Word, ...], tuple[set[str], str]] = {}
        for concept, phrases in tables.items():
            for text in phrases:
                words = _phrase_words(text)
                if not words:
                    continue
                entry = merged.setdefault(words, (set(), text))
                entry[0].add(concept)
        self.index: dict[str, list[Phrase]] = {}
        self.vocab: dict[str, set[str]] = {}  # single lexicon word -> concepts, for typo matching
        for words, (concepts, text) in merged.items():
            phrase = Phrase(words, tuple(sorted(concepts)), text)
            kind, first = words[0]
            keys = {"=" + first} if kind == "=" else set(first)
            for key in keys:
                self.index.setdefault(key, []).append(phrase)
            if len(words) == 1 and kind == "k" and any(c.startswith(_FUZZY_PREFIXES) for c in concepts):
                fuzzy_concepts = {c for c in concepts if c.startswith(_FUZZY_PREFIXES)}
                for key in set(first) | _forms(text):
                    if len(key) >= 4 and key.isalpha():
                        self.vocab.setdefault(key, set()).update(fuzzy_concepts)
                        if key.isascii() and not key.endswith("s"):
                            self.vocab.setdefault(key + "s", set()).update(fuzzy_concepts)
        for plist in self.index.values():
            plist.sort(key=lambda p: -len(p.words))
        self._vocab_list = sorted(self.vocab)

    @staticmethod
    def _word_matches(word: Word, tok: Token) -> bool:
        kind, val = word
        if kind == "=":
            return tok.text.replace("ё", "е") == val
        return bool(tok.keys & val)

    def annotate(self, tokens: list[Token]) -> None:
        """Fill ``concepts`` and ``span`` of tokens with the longest phrase at each position."""
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            if tok.kind in ("slot", "num"):
                i += 1
                continue
            cands: list[Phrase] = []
            for key in (*tok.keys, "=" + tok.text.replace("ё", "е")):
                cands.extend(self.index.get(key, ()))
            best_len = 0
            best: set[str] = set()
            for ph in cands:
                size = len(ph.words)
                if size < best_len or i + size > n:
                    continue
                if all(self._word_matches(w, tokens[i + k]) for k, w in enumerate(ph.words)):
                    if size > best_len:
                        best_len, best = size, set(ph.concepts)
                    elif size == best_len:
                        best.update(ph.concepts)
            if best_len:
                for k in range(i, i + best_len):
                    tokens[k].concepts = set(best)
                    tokens[k].span = (i, i + best_len)
                i += best_len
            else:
                i += 1

    def fuzzy_fill(self, tokens: list[Token], skip: set[str]) -> None:
        """Match typos among tokens no phrase explained (see the module docstring for the guards)."""
        for tok in tokens:
            if tok.kind != "word" or tok.concepts or not 5 <= len(tok.text) <= 40 or tok.low in skip:
                continue
            hit = self.fuzzy_word(tok.low, tok.known, tuple(sorted(tok.keys)))
            if hit:
                word, concepts = hit
                tok.concepts = set(concepts)
                tok.fuzzy = word
                tok.keys = tok.keys | {word}

    @lru_cache(maxsize=4096)  # noqa: B019 - one Lexicon per process
    def fuzzy_word(self, low: str, known: bool, keys: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
        from rapidfuzz.distance import OSA
        from rapidfuzz.process import extract

        if known and any(ord(c) > 0x400 for c in low):
            return None  # a real Russian word that simply is not in the lexicon
        found: dict[str, int] = {}
        # the word as written first; its lemmas / stems only when the word itself finds nothing
        for cand in [low, *sorted(k for k in keys if k != low)]:
            if len(cand) < 5:
                continue
            limit = 1 if len(cand) < 7 else 2
            for word, dist, _ in extract(cand, self._vocab_list, scorer=OSA.distance, score_cutoff=limit,
                                         limit=8):
                if word[0] != cand[0] or abs(len(word) - len(cand)) > limit:
                    continue
                found[word] = min(dist, found.get(word, 99))
            if found:
                break
        if not found:
            return None
        best = min(found.values())
        words = [w for w, d in found.items() if d == best]
        if len(words) > 1:  # prefer a transposition (same letters), then the same length
            def rank(w: str) -> tuple[bool, int]:
                return sorted(w) != sorted(low), abs(len(w) - len(low))

            top = min(rank(w) for w in words)
            words = [w for w in words if rank(w) == top]
        concept_sets = {tuple(sorted(self.vocab[w])) for w in words}
        if len(concept_sets) != 1:
            return None
        return words[0], concept_sets.pop()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The process-wide lexicon (built once; from the precomputed cache when it is fresh)."""
    global _FORMS
    cache = _load_cache()
    _FORMS = cache["forms"] if cache else None
    try:
        return Lexicon(load_tables())
    finally:
        _FORMS = None


def write_cache() -> Path:
    """Rebuild nlcmd/data/lexicon_cache.json from the tables (run after editing them)."""
    path = Path(__file__).parent / "data" / CACHE
    path.write_text(json.dumps(build_cache(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_cache())

