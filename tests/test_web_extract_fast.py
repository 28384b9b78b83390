"""The speed-ups inside extract_page give the answers of their plain, slower forms.

Each fast path (a prefilter before a regex, bytes.translate instead of str.translate, per-page memos,
scanning beside "@" instead of regex-scanning every character, handing lexbor the body bytes) is checked
against the straightforward computation it replaces, on generated inputs and on the real pages in
tests/data/web.
"""

from __future__ import annotations

import csv
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from processors.website_intelligence import contacts, extract_page, language, links, tech
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


# ---------------------------------------------------------------- shortcuts of the 1,000 pages/s work

PHONE_CHARS = list("0123456789 +()-./x\t") + ["\u00a0", "\u2013", "\u2000", "\u3000", "\x85", "\u0663", "\uff10",
                                               "\u0967", "\U0001d7ce", "\u2019", "\u20ac", "я", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PHONE_CHARS), max_size=50).map("".join))
def test_ascii_phone_scan_finds_the_same_runs(text: str) -> None:
    pattern = contacts._phone_scan(text)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in contacts._PHONE_SCAN.finditer(text)]


def test_ascii_phone_scan_preconditions_cover_every_digit_and_space() -> None:
    """The twin is used only when no character could be a non-ASCII digit: their UTF-8 lead bytes."""
    for code in range(0x80, 0x110000):
        char = chr(code)
        if re.match(r"\d", char) and not 0xD800 <= code < 0xE000:
            assert char.encode()[0] in contacts._DIGIT_LEADS, hex(code)
        if re.match(r"\s", char):
            assert char in contacts._SPACES, hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ é") + ["я", "Ж", "ё", "ї", "\u04ff", "\u0500", "\u2019", "ѐ"]),
               max_size=80))
def test_cyrillic_share_counts_like_the_regex(text: str) -> None:
    sample = text[:4000]
    cyrillic = len(re.findall(r"[\u0400-\u04ff]", sample))
    latin = len(language._LATIN_RE.findall(sample))
    expected = cyrillic / (cyrillic + latin) if cyrillic else 0.0
    assert language.cyrillic_share(text) == pytest.approx(expected)


def _plain_emails_in_text(text: str, site_domain: str | None) -> list[str]:
    """emails_in_text without the one-character checks beside "@" and the site-label check."""
    found: list[str] = []
    at = text.find("@")
    while at != -1:
        start = max(0, at - 70)
        for match in contacts._EMAIL_RE.finditer(text[start : at + 260]):
            if start + match.start(2) - 1 == at:
                email = contacts._clean_email(match.group(1), match.group(2))
                if email:
                    found.append(email)
                break
        at = text.find("@", at + 1)
    if site_domain:
        for hint_start, hint_end in contacts._hint_spans(text, contacts.MAX_CANDIDATES // 4):
            start = max(0, hint_start - 70)
            for match in contacts._OBFUSCATED_RE.finditer(text[start : hint_end + 200]):
                domain = re.sub(r"\s*(?:\[dot\]|\(dot\))\s*", ".", match.group(2)).replace(" ", "").lower()
                if domain == site_domain or domain.endswith("." + site_domain):
                    email = contacts._clean_email(match.group(1), domain)
                    if email:
                        found.append(email)
    return found


EMAIL_PARTS = st.lists(st.sampled_from([
    "info", "@", " @ ", "acme", "ACME", ".", "de", "com", " ", "[at]", "(dot)", "[dot]", "Dev", "@handle", "x-y",
    "mail.acme.de", "sales", "\u212a", "ſ", "_", "%", "2540", "per hour", "(at)", "{at}", "Acme . de",
]), max_size=10).map("".join)


@settings(max_examples=400, deadline=None)
@given(EMAIL_PARTS, st.sampled_from([None, "acme.de", "acme.com", "x.de"]))
def test_email_prechecks_change_nothing(text: str, site: str | None) -> None:
    assert contacts.emails_in_text(text, site) == _plain_emails_in_text(text, site)


TECH_PIECES = [needle for _, pairs in tech.SIGNATURES for _, needle in pairs] + ["google", "shopify", "/wp-", "__", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TECH_PIECES), max_size=6).map(" ".join),
       st.lists(st.sampled_from(TECH_PIECES), max_size=6).map(" ".join))
def test_tech_guards_change_nothing(urls: str, code: str) -> None:
    hits = {name for needle, name in tech._URL_NEEDLES if needle in urls}
    both = urls + " " + code if code else urls
    hits.update(name for needle, name in tech._CODE_NEEDLES if needle in both)
    assert tech.detect_tech(urls, code) == [name for name in tech._ORDER if name in hits]


def _plain_main_root(body: bytes) -> str:
    """The main root as first written: every candidate collected by one query before the invisible elements
    are unlinked, ranked, the first with more than 200 characters still in the document."""
    from selectolax.lexbor import LexborHTMLParser

    from processors.website_intelligence import page_text

    tree = LexborHTMLParser(body)
    candidates = tree.css(page_text.MAIN_SELECTOR)
    for tag in ("script", "style", "noscript", "svg", "iframe", "object"):
        for node in tree.tags(tag):
            node.decompose(recursive=False)

    def in_document(node: Any) -> bool:
        while node.parent is not None:
            node = node.parent
        return node.tag == "-document"

    for _, node in sorted(((page_text._rank(n), n) for n in candidates), key=lambda c: c[0]):
        if len(node.text(deep=True, separator=" ")) > 200 and in_document(node):
            return node.html or ""
    return tree.body.html if tree.body is not None else ""


@pytest.mark.parametrize("index", range(0, 48, 3))
def test_main_root_is_the_best_ranked_candidate(index: int) -> None:
    from selectolax.lexbor import LexborHTMLParser

    from processors.website_intelligence import page_text

    body = _real_pages()[index][0]
    tree = LexborHTMLParser(body)
    for tag in ("script", "style", "noscript", "svg", "iframe", "object"):
        for node in tree.tags(tag):
            node.decompose(recursive=False)
    assert (page_text.main_root(tree, tree.body).html or "") == _plain_main_root(body)


def test_main_root_ranks_and_skips_unlinked_candidates() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from processors.website_intelligence import page_text

    long = "word " * 60
    body = (f'<noscript><main><p>{long}</p></main></noscript><div class="main"><p>{long}</p></div>'
            f'<div id="content"><p>short</p></div><div class="content" id="c2"><p>{long}</p></div>').encode()
    tree = LexborHTMLParser(b"<html><body>" + body + b"</body></html>")
    for node in tree.tags("noscript"):
        node.decompose(recursive=False)
    root = page_text.main_root(tree, tree.body)
    assert root.attributes == {"class": "content", "id": "c2"}  # .content ranks above .main; #content is short


BASES = st.sampled_from(["http://acme.com/", "https://acme.com/a/b.html", "http://acme.com", "HTTP://Acme.com/a/",
                         "https://acme.com/a//b/", "https://acme.com/a/./b", "https://acme.com/a;p/b", "ftp://x/a/",
                         "https://acme.com/a/../b/c", "https://u@acme.com:8080/a/b?q=1#f", "https://acme.com/a\tb/c"])
HREF_PIECES = st.sampled_from(["a", "b.html", "/", ".", "..", "?", "q=1", "#", "f", "-", "_", "~", "%20", ";", ":",
                               "//", "\\", " ", "\t", "index.php", "ы", "x?y", "?a=1", "#top"])


@settings(max_examples=500, deadline=None)
@given(BASES, st.lists(HREF_PIECES, min_size=1, max_size=6).map("".join))
def test_plain_relative_join_is_urljoin(base: str, href: str) -> None:
    from urllib.parse import urljoin, urlsplit

    from processors.website_intelligence.page_links import _PLAIN_RELATIVE, base_directory

    base_dir = base_directory(urlsplit(base))
    if base_dir is not None and _PLAIN_RELATIVE.fullmatch(href):
        assert base_dir + href == urljoin(base, href)
