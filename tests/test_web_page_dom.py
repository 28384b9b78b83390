"""The native page reader (``_page_dom``, C over lexbor's structs) reads exactly what the pure-Python reader
reads through selectolax's API: on every real test page and on generated markup that stresses the rules
both implement (invisible and boilerplate subtrees, main-content candidates and their ranks, quirks-mode
case folding, text joining and whitespace, attributes without values)."""

from __future__ import annotations

import codecs
import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from processors.website_intelligence import byte_scans, extract_page, page_dom
from processors.website_intelligence.charset import decode_html, is_plain_utf8
from tests.fixtures_web import WEB_DATA


def _real_pages() -> list[tuple[bytes, str, str]]:
    rows = list(csv.DictReader((WEB_DATA / "manifest.csv").open(encoding="utf-8")))
    return [((WEB_DATA / "pages" / r["file"]).read_bytes(), r["original_url"] or f"http://{r['host']}/",
             f"text/html; charset={r['charset']}") for r in rows]


def _both(html: str | bytes) -> tuple[page_dom.PageDom, page_dom.PageDom]:
    return page_dom.read_page_dom(LexborHTMLParser(html)), page_dom.read_page_dom_python(LexborHTMLParser(html))


def test_the_native_reader_is_built_and_used() -> None:
    # pyproject pins selectolax to the release the extension is compiled against; a mismatch or a failed
    # build falls back to the pure-Python reader, which is correct but ~0.5 ms a page slower
    assert page_dom.NATIVE, "processors/website_intelligence/_page_dom was not built (C compiler, Cython?)"


@pytest.mark.parametrize("index", range(48))
def test_native_reader_matches_the_python_reader_on_real_pages(index: int) -> None:
    body, _, content_type = _real_pages()[index]
    html, _ = decode_html(body, content_type)
    native, python = _both(html)
    assert native == python


def test_extraction_is_the_same_with_either_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _real_pages()
    native = [extract_page(*page) for page in pages]
    monkeypatch.setattr(page_dom, "NATIVE", False)
    assert [extract_page(*page) for page in pages] == native


def test_reader_fields_on_a_small_page() -> None:
    html = (
        '<html lang="de" data-wf-page="1"><head><title> A  <b>b</b>\n</title>'
        '<meta name="Description" content=" Hi  there "><meta property="og:title" content="T"><meta content>'
        '<script type="application/ld+json">{"@type": "Organization"}</script><script src="/x.js"></script>'
        '<script id="s">var a = 1;</script><link rel="stylesheet" href="/s.css"><link rel="icon" href>'
        '<base href><base href="/b/"></head><body><svg><title>icon</title></svg>'
        '<h1>Big <span>news</span></h1><nav><a href="/about">About us</a></nav><a>bare</a>'
        '<blockquote class="twitter-tweet"><p><a href="https://twitter.com/x/status/1">t</a></p></blockquote>'
        '<a href="/cdn-cgi/l/email-protection" data-cfemail="0a">[email&#160;protected]</a>'
        '<main><p>' + "word " * 60 + '</p><li>short item</li><div class="cookie-banner"><p>'
        + "cookie text " * 5 + '</p></div></main><iframe src="https://maps.example"></iframe>'
        '<area href="/map"></body></html>'
    )
    native, python = _both(html)
    assert native == python
    assert native.lang == "de" and native.wf_page and native.title == "A <b>b</b>"  # RCDATA and native.h1 == "Big news"
    assert native.metas == [("Description", None, " Hi  there "), (None, "og:title", "T")]
    assert [s[:3] for s in native.scripts] == [("application/ld+json", None, None), (None, "/x.js", None),
                                               (None, None, "s")]
    assert native.scripts[0][3] == '{"@type": "Organization"}' and native.scripts[2][3] == "var a = 1;"
    assert native.link_hrefs == ["/s.css", ""] and native.iframe_srcs == ["https://maps.example"]
    assert native.base_href == "/b/"
    assert native.anchors == [
        ("/about", True, None, "About us", False), (None, False, None, "bare", False),
        ("https://twitter.com/x/status/1", True, None, "t", True),
        ("/cdn-cgi/l/email-protection", True, "0a", "[email\xa0protected]", False), ("/map", True, None, "", False)]
    assert native.microdata is None
    assert native.blocks == [(False, ("word " * 60).strip()), (True, "short item")]  # the banner is left out
    assert native.main_text == ""  # a block qualified
    assert "icon" not in native.visible and "cookie text" in native.visible


LONG = "lorem ipsum dolor sit amet " * 9
TAGS = ["div", "section", "span", "main", "article", "nav", "header", "footer", "aside", "form", "select", "p", "li",
        "td", "h1", "h2", "blockquote", "ul", "table", "script", "style", "noscript", "svg", "iframe", "object", "a",
        "area", "title", "meta", "base", "link", "template", "b"]
ATTRS = ['', ' id="content"', ' id="Content"', ' id="main"', ' id="main-menu"', ' id="footer"', ' class="content"',
         ' class="Main x"', ' class=" main\tcontent "', ' class="menu-top"', ' class="cookieConsent"',
         ' class="site-footer"', ' class="consent"', ' role="main"', ' role="MAIN"', ' role="navigation"',
         ' role="banner"', ' role="contentinfo"', ' href="/about"', ' href', ' href=""', ' data-cfemail="ab12"',
         ' itemscope', ' itemtype="https://schema.org/Organization"', ' class="twitter-tweet"', ' type="text/json"',
         ' src="/s.js"', ' content="c"', ' name="generator"', ' property="og:x"', ' lang="ru"', ' HREF="/X"']
TEXTS = ["", " ", "\n\t ", "word", "Über uns", "\xa0", "\u2003", "\u200b", "\x1c", "a\u3000b", "контакты", LONG,
         "&amp; &#99;ookie", "12 34"]


@st.composite
def markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(TEXTS)))
            continue
        tag = draw(st.sampled_from(TAGS))
        attrs = "".join(draw(st.lists(st.sampled_from(ATTRS), max_size=3, unique=True)))
        parts.append(f"<{tag}{attrs}>{draw(markup(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "<!DOCTYPE html>"]), st.sampled_from(["", "<html lang=en class=main>"]), markup())
def test_native_reader_matches_the_python_reader_on_generated_markup(doctype: str, html: str, body: str) -> None:
    native, python = _both(doctype + html + body)
    assert native == python


BYTES = st.lists(st.sampled_from([b"a", b"<p>", b"\x80", b"\x9f", b"\xa0", b"\xbf", b"\xc2", b"\xdf", b"\xe0", b"\xed",
                                  b"\xef", b"\xf0", b"\xf4", b"\xf5", b"\xc0", "ж".encode(), "€".encode(),
                                  "😀".encode(), codecs.BOM_UTF8, b'<meta charset="windows-1251">']),
                 max_size=12).map(b"".join)


@settings(max_examples=1500, deadline=None)
@given(BYTES, st.sampled_from([None, "text/html", "text/html; charset=utf-8", "text/html; charset=UTF8",
                               "text/html; charset=windows-1251", "text/html; charset=bogus"]))
def test_plain_utf8_bodies_are_what_decoding_gives(body: bytes, content_type: str | None) -> None:
    try:
        body.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert byte_scans.valid_utf8(body) == valid
    if is_plain_utf8(body, content_type):
        assert decode_html(body, content_type) == (body.decode("utf-8"), "utf-8")


def test_byte_scans() -> None:
    assert byte_scans._scans is not None, "processors/website_intelligence/_scans was not built"
    for data in (b"", b"<<<", b"a<b<c", b"<" * 5000):
        assert byte_scans.count_at_least(data, 0x3C, 3000) == min(data.count(b"<"), 3000)
    for data, needle in ((b"", b"ab"), (b"xxabyy", b"ab"), (b"a", b"ab"), (b"__VIEWSTATE", b"__VIEWSTATE")):
        assert byte_scans.contains(data, needle) == (needle in data)
