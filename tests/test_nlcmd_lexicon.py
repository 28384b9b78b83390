"""The lexicon tables and their precomputed lemma cache."""

from __future__ import annotations

import json
from importlib import resources

from nlcmd.lexicon import CACHE, Lexicon, build_cache, lexicon, load_tables, sources_hash
from nlcmd.tokens import tokenize


def test_cache_is_fresh() -> None:
    raw = json.loads(resources.files("nlcmd.data").joinpath(CACHE).read_text(encoding="utf-8"))
    assert raw["sources_hash"] == sources_hash(), "tables changed: run `python -m nlcmd.lexicon`"
    assert raw["words"] == build_cache()["words"]


def test_longest_phrase_wins() -> None:
    toks = tokenize("директор по маркетингу и директор")
    lexicon().annotate(toks)
    assert toks[0].concepts == {"title:cmo"} and toks[-1].concepts == {"seniority:director"}


def test_case_sensitive_entries() -> None:
    lex = Lexicon({"industry:it": ["=IT"], "x": ["it"]})
    upper, lower = tokenize("IT"), tokenize("it")
    lex.annotate(upper)
    lex.annotate(lower)
    assert "industry:it" in upper[0].concepts and lower[0].concepts == {"x"}


def test_inflected_forms_match_through_lemmas() -> None:
    toks = tokenize("из Казахстана и Нидерландов")
    lexicon().annotate(toks)
    assert {"country:KZ"} <= toks[1].concepts and {"country:NL"} <= toks[3].concepts


def test_every_table_entry_is_reachable() -> None:
    tables = load_tables()
    assert all(isinstance(v, list) and all(isinstance(p, str) and p for p in v) for v in tables.values())
    assert len(lexicon().index) > 1000


def test_cached_lexicon_equals_one_built_from_scratch() -> None:
    import nlcmd.lexicon as lex_module
    from nlcmd.morph import SEED, word_info

    cached = lexicon()
    saved = dict(SEED)
    try:
        SEED.clear()
        word_info.cache_clear()
        fresh = Lexicon(load_tables())
    finally:
        SEED.update(saved)
        word_info.cache_clear()
    assert lex_module._FORMS is None
    assert {k: set(v) for k, v in fresh.vocab.items()} == {k: set(v) for k, v in cached.vocab.items()}
    assert {k: {p.words for p in v} for k, v in fresh.index.items()} == \
        {k: {p.words for p in v} for k, v in cached.index.items()}
