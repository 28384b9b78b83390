"""The shortcuts the company-name cleaner takes for speed give exactly what the general code gives.

Each test pins one equivalence the code relies on: whole-text folding vs per-token folding, one
tokenization for "is / has a legal form", ``str.split()`` vs the ``\\s`` regex in normalization, the
character-first regexes vs the whitespace-first patterns they replaced, the "still stripped after
recasing" flag, and domain brands being final. Inputs are Hypothesis strings over the characters these
rules care about plus generated names (dev words with legal forms from the product's own table).
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
from processors.company_names import structure
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
