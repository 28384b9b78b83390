"""The speed-ups inside extract_page give the answers of their plain, slower forms.

Each fast path (a prefilter before a regex, bytes.translate instead of str.translate, per-page memos,
scanning beside "@" instead of regex-scanning every character, handing lexbor the body bytes) is checked
against the straightforward computation it replaces, on generated inputs and on the real pages in
tests/data/web.
"""

from __future__ import annotations

import csv
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from processors.website_intelligence import contacts, extract_page, language, links
from processors.website_intelligence.charset import decode_html
from tests.fixtures_web import WEB_DATA

HINT_CHARS = " \t\n\u00a0@[](){}aAtTx.-"
WORDY = st.text(alphabet=st.sampled_from(list("abcdeinorstuvxyz /-_.?=&#%:+,;!()'\"«»—–·0123456789\u00a0оаякнтсп")),
                max_size=60)


def _real_pages() -> list[tuple[bytes, str, str]]:
    rows = list(csv.DictReader((WEB_DATA / "manifest.csv").open(encoding="utf-8")))
    return [((WEB_DATA / "pages" / r["file"]).read_bytes(), r["original_url"] or f"http://{r['host']}/",
             f"text/html; charset={r['charset']}") for r in rows]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(HINT_CHARS)), max_size=40))
def test_obfuscation_hints_are_the_regex_matches(text: str) -> None:
    expected = [m.span() for m in contacts._OBFUSCATION_HINT.finditer(text)]
    assert contacts._hint_spans(text, 250) == expected[:250]


@settings(max_examples=200, deadline=None)
@given(WORDY)
def test_language_words_match_str_translate(text: str) -> None:
    table = str.maketrans({c: " " for c in language._PUNCT_CHARS})
    lowered = text.lower()
    assert language._words(lowered) == lowered.translate(table).split()


@settings(max_examples=200, deadline=None)
@given(WORDY)
def test_link_words_match_str_translate(text: str) -> None:
    lowered = text.lower()
    assert links._words(lowered) == lowered.translate(links._SEPARATORS).split()


LINK_WORDS = ["about", "us", "o", "kompanii", "контакты", "services", "privacy", "blog", "careers", "team", "x",
              "who", "we", "are", "product", "news", "login", "file.pdf", "%D0%BE-%D0%BD%D0%B0%D1%81", "2020"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(LINK_WORDS), min_size=1, max_size=3), max_size=4),
       st.lists(st.sampled_from(LINK_WORDS + ["Read", "More", "Contact Us"]), max_size=4))
def test_classify_link_memo_changes_nothing(path: list[list[str]], anchor: list[str]) -> None:
    url = "https://acme.de/" + "/".join("-".join(seg) for seg in path)
    text = " ".join(anchor)
    memo: dict = {}
    first = links.classify_link(url, text, "acme.de", memo)
    assert first == links.classify_link(url, text, "acme.de")
    assert first == links.classify_link(url, text, "acme.de", memo)  # answered from the memo this time


PHONE_TEXTS = st.lists(st.sampled_from([
    "Tel.", "T:", "Phone", "Fax:", "F.", "fax", "VAT", "ИНН", "Reg. no", "© 2021", "call us", "m.", "p ",
    "+49 (0)69 1234 567", "202.299.1148", "8 (800) 555-35-35", "0111 – 40 11 11", "12 345", "2005 - 2014",
    "Box 1234567", "info", " ", ".", ":", "телефон", "Mobile:", "W:", "1234567890",
]), max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(PHONE_TEXTS)
def test_phone_prefilters_change_nothing(text: str) -> None:
    fast = contacts.phones_in_text(text)
    saved = contacts._could_match, contacts._ONE_LETTER_LABEL
    try:
        contacts._could_match = lambda lowered, words: True
        contacts._ONE_LETTER_LABEL = re.compile("")
        slow = contacts.phones_in_text(text)
    finally:
        contacts._could_match, contacts._ONE_LETTER_LABEL = saved
    assert fast == slow


@pytest.mark.parametrize("index", range(0, 60, 6))
def test_bytes_fast_path_equals_parsing_the_decoded_text(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _real_pages()
    body, url, ctype = pages[index % len(pages)]
    fast = extract_page(body, url, ctype)
    # the plain path: no bytes counting for the nesting guard, lexbor always given the decoded text
    import processors.website_intelligence.extract as extract

    monkeypatch.setattr(extract, "_BYTE_COUNTABLE", ("no-such-codec",))
    monkeypatch.setattr(extract, "defuse_nesting", lambda html: (html + "x")[:-1])  # a copy: never "whole"
    assert extract_page(body, url, ctype) == fast


def test_body_with_a_replacement_character_or_bad_bytes_decodes_as_before() -> None:
    page = "<html><head><title>Caf\u00e9 \ufffd menu</title></head><body><p>x</p></body></html>".encode()
    assert extract_page(page, "https://cafe.de/")["title"] == "Caf\u00e9 \ufffd menu"
    broken = page.replace("\u00e9".encode(), b"\xe9")  # one invalid UTF-8 byte: decoded with a replacement
    text, _ = decode_html(broken, "text/html; charset=utf-8")
    assert extract_page(broken, "https://cafe.de/", "text/html; charset=utf-8")["title"] == (
        " ".join(text.split("<title>")[1].split("</title>")[0].split()))
