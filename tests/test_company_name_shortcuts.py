"""The shortcuts the company-name cleaner takes for speed give exactly what the general code gives.

Each test pins one equivalence the code relies on: whole-text folding vs per-token folding, one
tokenization for "is / has a legal form", ``str.split()`` vs the ``\\s`` regex in normalization, the
character-first regexes vs the whitespace-first patterns they replaced, the "still stripped after
recasing" flag, domain brands being final, the possessive plain-name gate, the last opening quote found
from the right, the suffix tables ``strip_plain_tail`` consults first, and the split recasing memos.
Inputs are Hypothesis strings over the characters these rules care about plus generated names (dev words
with legal forms from the product's own table).
"""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from processors.company_name_cleaner import (
    _INVISIBLE,
    _STRUCTURE_TRIGGER,
    _clean_once,
    _looks_final,
    _normalize,
)
from processors.company_names import casing, plain_tail, structure
from processors.company_names.domains import domain_brand
from processors.company_names.legal_forms import (
    has_legal_form,
    is_legal_form,
    legal_form_presence,
    strip_designations,
)
from processors.company_names.text import fold, fold_text
from tests.test_company_name_fast_path import FORMS, PREFIXES, WORDS, _generated

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
CHARS = list("aAzZ09 .,;&-–—/\\()[]（）\"'«»„“”‘’`_|\t\n\u00a0\u200bßİıéÉØЖжОо株式会社") + ["&amp;", "ООО"]
TEXT = st.lists(st.sampled_from(CHARS), max_size=24).map("".join)
NAME = st.builds(
    lambda w, s, f, p: (p + " " if p else "") + w + s + f,
    st.sampled_from(WORDS), st.sampled_from([" ", ", ", ",", "  ", " - ", " / "]), st.sampled_from(FORMS),
    st.sampled_from(["", *PREFIXES]),
)

# The patterns before the character-first rewrite (whitespace or lookbehind first).
OLD_TRIGGER = re.compile(r"[\"«»„“”‟‹›「」『』＂〝〞'‘’‚‛`()（）\[\]/\\–—]|\s-")
OLD_PAREN = re.compile(r"\s*[(（\[]([^()（）\[\]]*)[)）\]]\s*")
OLD_EDGAR = re.compile(r"\s*/\s*([A-Za-z]{2,8})?\s*/?\s*$")
OLD_DASH = re.compile(r"\s+[-–—]+\s+|\s+[-–—]+(?=[A-Z])|(?<=[a-zA-Z.])[–—]\s+")
OLD_SINGLE_PAIR = re.compile(r"(?<![\w'‘’])['‘’‚‛`](?=\S)(.+?)(?<=\S)['‘’‛`](?![\w'‘’])")
OLD_EDGE_SINGLE = re.compile(r"(?<!\w)['‘’‚‛`]|['‘’‛`](?!\w)")


def _old_normalize(raw: str) -> str:
    text = html.unescape(raw) if "&" in raw and ";" in raw else raw
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = re.sub(r"\s+", " ", text.translate(_INVISIBLE)).strip()
    return text


@SETTINGS
@given(st.one_of(TEXT, NAME))
def test_normalize_matches_the_regex_version(raw: str) -> None:
    assert _normalize(raw) == _old_normalize(raw)


@SETTINGS
@given(st.one_of(TEXT, NAME))
def test_fold_text_folds_like_fold_per_piece(text: str) -> None:
    assert fold_text(text).split() == [key for key in map(fold, text.split()) if key]


@SETTINGS
@given(st.one_of(TEXT, NAME))
def test_legal_form_presence_is_is_and_has(text: str) -> None:
    expected = 2 if is_legal_form(text) else 1 if has_legal_form(text) else 0
    assert legal_form_presence(text) == expected


@SETTINGS
@given(st.one_of(TEXT, NAME))
def test_character_first_patterns_find_what_the_old_ones_found(text: str) -> None:
    assert bool(_STRUCTURE_TRIGGER.search(text)) == bool(OLD_TRIGGER.search(text))
    assert bool(structure._EDGE_SINGLE.search(text)) == bool(OLD_EDGE_SINGLE.search(text))
    for new, old in ((structure._SINGLE_PAIR, OLD_SINGLE_PAIR),):
        a, b = new.search(text), old.search(text)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
    # The rest start at the character and leave the whitespace before it out: callers strip it.
    for new, old in ((structure._PAREN, OLD_PAREN), (structure._EDGAR, OLD_EDGAR), (structure._DASH, OLD_DASH)):
        a, b = new.search(text), old.search(text)
        assert (a is None) == (b is None)
        if a and b:
            assert (a.end(), a.groups()) == (b.end(), b.groups())
            assert text[b.start():a.start()].strip() == "" and text[:b.start()] == text[:a.start()].rstrip()


def test_structure_functions_agree_with_the_old_patterns_on_generated_names() -> None:
    def old_pick_dash_side(name: str) -> str:
        saved = structure._DASH
        structure._DASH = OLD_DASH
        try:
            return structure.pick_dash_side(name)
        finally:
            structure._DASH = saved

    for name in _generated(3000, seed=21, prefixes=True) + [n + " - Sales Office" for n in WORDS[:300]]:
        assert structure.pick_dash_side(name) == old_pick_dash_side(name), name


@SETTINGS
@given(st.one_of(NAME, NAME.map(str.upper), st.sampled_from(["RADIANT EK AO", "HANDELSAGENTUR E.K. INC",
                                                            "ACME E K LTD", "ACME EG GMBH"])))
def test_a_result_reported_as_stripped_has_nothing_to_strip(raw: str) -> None:
    text = _normalize(raw)
    if text:
        out, _, _, fixed = _clean_once(text)
        if fixed and out:
            assert strip_designations(out) == out


DOMAIN = st.builds(
    lambda scheme, label, tld: scheme + label + tld,
    st.sampled_from(["", "www.", "https://", "http://www.", "info@"]),
    st.text(alphabet="abcxyz019-", min_size=1, max_size=12),
    st.sampled_from([".com", ".io", ".co.uk", ".ru", ".com/about", ".net:8080"]),
)


@SETTINGS
@given(st.one_of(DOMAIN, DOMAIN.map(str.upper)))
def test_a_domain_brand_is_final(text: str) -> None:
    brand = domain_brand(text)
    if brand:
        assert _looks_final(brand, placeholder_checked=True)


# The plain-name gate before its quantifiers were made possessive.
OLD_GATE_TOKEN = r"(?:[.&/]*[A-Za-z0-9][A-Za-z0-9.&/-]*|&)"
OLD_GATE = re.compile(OLD_GATE_TOKEN + r"(?:(?:, ?| )" + OLD_GATE_TOKEN + r")*", re.ASCII)
GATE_TEXT = st.lists(st.sampled_from(list("aZ09.&/-, ;'") + ["  ", ", ", "Inc.", "A/S", "&"]), max_size=16).map("".join)


@SETTINGS
@given(st.one_of(GATE_TEXT, TEXT, NAME, NAME.map(str.upper)))
def test_possessive_plain_gate_accepts_what_the_backtracking_one_accepted(text: str) -> None:
    assert (plain_tail._GATE.fullmatch(text) is None) == (OLD_GATE.fullmatch(text) is None)


QUOTE_TEXT = st.lists(st.sampled_from(list("aЖ1 (-,.\"«»„“”‹›「」『』＂〝〞") + ["ООО ", " Inc."]), max_size=20).map("".join)


@SETTINGS
@given(st.one_of(QUOTE_TEXT, TEXT, NAME))
def test_last_opening_quote_is_the_last_match_of_the_opening_pattern(text: str) -> None:
    matches = list(structure._OPEN_QUOTE.finditer(text))
    last = structure._LAST_OPEN_QUOTE.match(text)
    assert (last is None) == (not matches)
    if last is not None:
        assert (last.end() - 1, last.end()) == matches[-1].span()


def test_suffix_shortcut_tables_cover_every_longer_form() -> None:
    # strip_plain_tail tries only the one-key form when the key before the last is no penultimate key of
    # a longer form ending there: every longer form must be listed, and the one-key kind must be its own.
    for edge, forms in plain_tail._SUFFIXES.items():
        for k, seq, kind in forms:
            if k > 1:
                assert seq[-2] in plain_tail._PENULTIMATES[edge], (edge, seq)
            else:
                assert plain_tail._SINGLES[edge] == kind, edge
        assert (edge in plain_tail._SINGLES) == any(k == 1 for k, _, _ in forms)


RECASE_NAME = st.lists(st.sampled_from(["OF", "AND", "BANK", "MC", "MCDONALD", "III", "IBM", "CO.,", "J&J", "3M",
                                         "O'REILLY", "T.F.M.C.", "A-Z", "DE", "AXA", "BOX", "MOTOR", "ACME", "Y"]),
                       min_size=1, max_size=5).map(" ".join)


@SETTINGS
@given(st.lists(RECASE_NAME, min_size=1, max_size=6))
def test_recase_memos_give_what_a_cold_start_gives(names: list[str]) -> None:
    # One memo per (first token, lone token) pair: warm results equal cold ones in any order.
    warm = [casing.recase(name) for name in names]
    cold = []
    for name in names:
        casing.clear_caches()
        cold.append(casing.recase(name))
    assert warm == cold
