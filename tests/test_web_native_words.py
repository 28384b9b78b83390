"""The native word tables (``_words``) answer exactly what the Python rules answer: link classification
(``LinkWords`` vs ``links``) and stop-word counts (``WordTable`` vs ``language``), on generated texts made
of keywords, separators, whitespace of every kind and Cyrillic, and on the texts of the real test pages."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from processors.website_intelligence import language, links
from processors.website_intelligence.page_dom import read_page_dom
from tests.fixtures_web import WEB_DATA

native = links.native
ORIGIN = "https://acme.com"
PIECES = sorted(links._ANY_WORD | set(links._JOINED)) + [
    "about", "us", "get", "in", "touch", "o", "компании", "über", "uns", "who", "we", "are", "x", "roundabout",
    "2024", "-", "_", "/", ".", " ", "  ", "\t", "\n", "\xa0", "\u2003", "\u3000", "\x1c", "\x85", "«", "»", "—",
    "–", "•", "·", "“", "„", "&", "%20", "?", "#", ".pdf", "ß", "İ", "\ud800", "é", "a" * 40]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def _python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(links, "native", None)


def test_the_native_word_rules_are_built() -> None:
    assert native is not None, "processors/website_intelligence/_words was not built (C compiler, Cython?)"


def _expected_nothing(text: str) -> bool:
    words = links._words(text)
    return links._ANY_WORD.isdisjoint(words) and links._JOINED_RE.search("".join(words)) is None


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_word_answers_match_the_python_rules(text: str) -> None:
    low = text.lower()
    if "\ud800" in low:  # lone surrogates have no UTF-8: the Python rules answer
        assert native.names_nothing(low) is None and native.words_verdict(low) is None
        return
    assert native.names_nothing(low) == _expected_nothing(low)
    words = links._words(low)
    assert native.words_verdict(low) == (not links._NEVER.isdisjoint(words), links._kind_of_wordlist(words))


@settings(max_examples=1500, deadline=None)
@given(TEXTS, st.sampled_from(["", "?q=about", "#contact"]))
def test_path_and_anchor_verdicts_match_the_python_rules(text: str, tail: str) -> None:
    url = "https://acme.com/" + text.replace("?", "").replace("#", "") + tail
    with_native = (links.path_verdict(url, 16, {}), links.anchor_verdict(text, None))
    with pytest.MonkeyPatch.context() as patch:
        _python(patch)
        assert (links.path_verdict(url, 16, {}), links.anchor_verdict(text, None)) == with_native


def test_verdicts_on_the_real_pages_match_the_python_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = list(csv.DictReader((WEB_DATA / "manifest.csv").open(encoding="utf-8")))
    paths, texts = set(), set()
    for row in rows:
        dom = read_page_dom(LexborHTMLParser((WEB_DATA / "pages" / row["file"]).read_bytes()))
        for href, _, _, text, _ in dom.anchors:
            texts.add(text)
            if href and href.startswith("/") and not href.startswith("//"):
                paths.add(ORIGIN + href.strip())
    assert len(paths) > 500 and len(texts) > 500
    with_native = [links.path_verdict(u, len(ORIGIN), {}) for u in sorted(paths)]
    with_native += [links.anchor_verdict(t, None) for t in sorted(texts)]
    _python(monkeypatch)
    expected = [links.path_verdict(u, len(ORIGIN), {}) for u in sorted(paths)]
    expected += [links.anchor_verdict(t, None) for t in sorted(texts)]
    assert with_native == expected


STOP_PIECES = sorted(language._WORD_LANGS) + [
    "Der", "и", "über", "уже", "x", "1", "2024", ".", ",", "«", "»", "—", "–", "“", "„", "'", "-", "_", "·", "•",
    " ", "\n", "\xa0", "\u2003", "\x1c", "\u3000", "é", "ß", "\ud800"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(STOP_PIECES), max_size=20).map("".join))
def test_stop_word_counts_match_the_python_rules(text: str) -> None:
    low = text.lower()
    with_native = language._stop_word_counts(low)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(language, "_NATIVE_WORDS", None)
        assert language._stop_word_counts(low) == with_native


def test_languages_of_the_real_pages_match_the_python_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    assert language._NATIVE_WORDS is not None
    rows = list(csv.DictReader((WEB_DATA / "manifest.csv").open(encoding="utf-8")))
    texts = [read_page_dom(LexborHTMLParser((WEB_DATA / "pages" / r["file"]).read_bytes())).visible for r in rows]
    with_native = [(language._stop_word_counts(t[:2000].lower()), language.detect_language(t)) for t in texts]
    monkeypatch.setattr(language, "_NATIVE_WORDS", None)
    assert [(language._stop_word_counts(t[:2000].lower()), language.detect_language(t)) for t in texts] == with_native
    assert sum(bool(counts) for counts, _ in with_native) > 40
