"""The native text scans (``_scans``) find exactly what their Python forms find: the multi-needle search
(``NeedleSet``) the substrings a search per needle finds, inside a prefix and anywhere, so technology
detection gives the same products with either; the phone-run scan the spans of ``contacts``' regex."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from processors.website_intelligence import contacts, tech
from processors.website_intelligence.page_dom import read_page_dom
from tests.fixtures_web import WEB_DATA

PIECES = list(tech._NEEDLES) + [n[:3] for n in tech._NEEDLES] + [
    "a", "/", " ", '"', "(", "'", "é", "ж", "€", "𝔘", "\ud800", "jquer", "y", "gtm", ".start"]


def test_the_native_search_is_built() -> None:
    assert tech._NATIVE_NEEDLES is not None, "processors/website_intelligence/_scans was not built"


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=15).map("".join), st.integers(0, 200))
def test_found_matches_a_search_per_needle(text: str, prefix: int) -> None:
    found = tech._NATIVE_NEEDLES.found(text, prefix)
    if "\ud800" in text:
        assert found is None  # no UTF-8: the caller searches per needle
        return
    inside = [i for i, needle in enumerate(tech._NEEDLES) if needle in text[:prefix]]
    anywhere = [i for i, needle in enumerate(tech._NEEDLES) if needle in text]
    assert found == (inside, anywhere)


def test_technology_of_the_real_pages_is_the_same_with_either_search(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = list(csv.DictReader((WEB_DATA / "manifest.csv").open(encoding="utf-8")))
    sources = []
    for row in rows:
        dom = read_page_dom(LexborHTMLParser((WEB_DATA / "pages" / row["file"]).read_bytes()))
        sources.append(tech.tech_sources(dom.scripts, dom.link_hrefs, dom.iframe_srcs)[:2])
    native = [tech.detect_tech(urls, code) for urls, code in sources]
    monkeypatch.setattr(tech, "_NATIVE_NEEDLES", None)
    assert [tech.detect_tech(urls, code) for urls, code in sources] == native
    assert sum(bool(found) for found in native) > 30


RUN_PIECES = ["1", "23", "456", "7890", "+", "(", ")", ".", "-", "/", " ", "\t", "\xa0", "\u2013", "\u2003", "\x1c",
              "\x85", "\u3000", "\u202f", "a", "ж", "é", "€", "٣", "\u0660", "\ud800", "—", ",", "555-0199", "(0)"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(RUN_PIECES), max_size=40).map("".join))
def test_phone_runs_match_the_regex_scan(text: str) -> None:
    expected = [m.span() for m in contacts._phone_scan(text).finditer(text)]
    assert contacts.phone_runs(text) == expected
    native = contacts._native_phone_runs(text, contacts._DIGIT_LEADS)
    assert native is None or native == expected
    if text.isascii():
        assert native is not None
