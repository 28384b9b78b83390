"""The speed trade-offs of extract_page (docs/website_intelligence.md, "Extraction speed"): what is still
found, what is knowingly given up, and that each exact shortcut answers like its plain form."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from processors.website_intelligence import extract_page, links
from processors.website_intelligence.page_links import MAX_LINKS, TAIL_LINKS


def _page(head: str = "", body: str = "") -> bytes:
    return f"<html><head><title>T</title>{head}</head><body>{body}</body></html>".encode()


def test_tech_from_asset_urls_inline_code_generator_and_markup() -> None:
    head = ('<link rel="stylesheet" href="/wp-content/themes/x/style.css">'
            '<meta name="generator" content="Joomla! - Open Source Content Management">'
            "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start': new Date().getTime()})})</script>"
            '<script src="https://cdn.shopify.com/s/files/theme.js"></script>')
    body = '<div data-reactroot=""><p>Hello</p></div><iframe src="https://www.googletagmanager.com/ns.html?id=G"></iframe>'
    tech = extract_page(_page(head, body), "https://acme.com/")["tech"]
    assert tech == ["WordPress", "Joomla", "Shopify", "Google Tag Manager", "React"]


def test_tech_is_not_read_from_visible_text_or_anchors() -> None:
    """The trade-off: a product named only in the page body (text, links, images) is not reported."""
    body = ('<p>We build WordPress and Shopify shops, and we love jQuery.</p>'
            '<a href="https://example.org/wp-content/uploads/x.pdf">case study</a><img src="/wp-content/a.png">')
    assert extract_page(_page("", body), "https://acme.com/")["tech"] == []


def test_tech_generator_outside_the_signatures_is_reported_as_written() -> None:
    head = '<meta name="generator" content="Hugo 0.92.0">'
    assert extract_page(_page(head), "https://acme.com/")["tech"] == ["Hugo 0.92.0"]


def test_link_cap_keeps_the_first_and_the_last_links() -> None:
    filler = "".join(f'<a href="/item-{i}">Item {i}</a>' for i in range(1000))
    top = '<a href="/contact">Contact</a>'
    middle = '<a href="/about-us">About</a>'
    footer = '<a href="https://www.linkedin.com/company/acme">in</a><a href="mailto:info@acme.com">mail</a>'
    body = top + filler[: len(filler) // 2] + middle + filler[len(filler) // 2 :] + footer
    data = extract_page(_page("", body), "https://acme.com/")
    assert data["links"].get("contact") == ["https://acme.com/contact"]
    assert data["social"] == {"linkedin": ["https://www.linkedin.com/company/acme"]}
    assert data["emails"] == ["info@acme.com"]
    assert "about" not in data["links"]  # link ~500 of ~1000: beyond the cap, not examined
    assert MAX_LINKS - TAIL_LINKS == 300


def _plain_path_verdict(url: str, start: int) -> tuple[bool, str | None]:
    """path_verdict without its whole-path prefilter and without memos."""
    rest = url[start:].split("?", 1)[0].split("#", 1)[0]
    low = rest.lower()
    if low.endswith(links._SKIP_EXT):
        return True, None
    if "%" in rest:
        low = unquote(rest).lower()
    kind = None
    for seg in low.split("/"):
        if seg:
            words = links._words(seg)
            if not links._NEVER.isdisjoint(words):
                return True, None
            kind = links._kind_of_wordlist(words) or kind
    return False, kind


SEGMENT_WORDS = ["about", "us", "o", "kompanii", "who", "we", "are", "get", "in", "touch", "privacy", "blog",
                 "x", "2020", "team", "news", "%D0%BE", "nas", "ueber", "uns", "file.pdf", "what", "do", "Contact"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SEGMENT_WORDS), min_size=1, max_size=4), max_size=4),
       st.sampled_from(["-", "_", ".", "+", ""]), st.sampled_from(["", "?q=about", "#contact"]))
def test_path_prefilter_changes_nothing(segments: list[list[str]], joiner: str, tail: str) -> None:
    url = "https://acme.de/" + "/".join(joiner.join(seg) for seg in segments) + tail
    start = len("https://acme.de")
    assert links.path_verdict(url, start, {}) == _plain_path_verdict(url, start)


URL_CHARS = st.sampled_from(list("ab/?#:%@.;=&-_ \t") + ["%D0%BE", "http://", "https://", "[::1]", "ы"])


@settings(max_examples=300, deadline=None)
@given(st.lists(URL_CHARS, max_size=12).map("".join))
def test_path_of_is_unquoted_urlsplit_path(url: str) -> None:
    try:
        expected = unquote(urlsplit(url).path)
    except ValueError:
        return
    assert links._path_of(url) == expected


def test_nested_boilerplate_and_a_page_wide_form() -> None:
    """Boilerplate nested in boilerplate is removed once; a form holding most of the page is kept."""
    words = " ".join(["Our company designs industrial pumps for water utilities."] * 8)
    body = (f'<form id="aspnetForm"><header><nav><ul class="menu"><li>Home</li></ul></nav></header>'
            f'<div id="content"><p>{words}</p><div class="cookie-banner"><p>{"We use cookies. " * 3}</p>'
            f'<div class="menu"><p>nested menu inside the banner, long enough to count</p></div></div></div>'
            f'<footer><div class="footer-menu"><p>Impressum and other footer links of the site</p></div></footer></form>')
    about = extract_page(_page("", body), "https://acme.com/")["about_text"]
    assert about.startswith("Our company designs industrial pumps")
    assert not re.search(r"cookies|nested menu|Impressum|Home", about)
