"""The per-site link memo of page_links: pages of one site extracted in sequence share what their links
resolve to, and every page still gets exactly the answer it would get alone (cold)."""

from __future__ import annotations

import csv

import pytest

from processors.website_intelligence import extract_page, page_links
from processors.website_intelligence.page_links import clear_site_memos
from tests.fixtures_web import WEB_DATA


def _real_pages() -> list[tuple[bytes, str, str]]:
    rows = list(csv.DictReader((WEB_DATA / "manifest.csv").open(encoding="utf-8")))
    return [((WEB_DATA / "pages" / r["file"]).read_bytes(), r["original_url"] or f"http://{r['host']}/",
             f"text/html; charset={r['charset']}") for r in rows]


def _page(body: str) -> bytes:
    return f"<html><head><title>T</title></head><body>{body}</body></html>".encode()


def _cold(body: bytes, url: str, ctype: str | None = None) -> dict:
    clear_site_memos()
    return extract_page(body, url, ctype)


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_pages_extracted_in_sequence_answer_like_cold_ones(order: str) -> None:
    pages = _real_pages()
    cold = [_cold(*page) for page in pages]
    indexes = range(len(pages)) if order == "forward" else range(len(pages) - 1, -1, -1)
    clear_site_memos()
    for i in indexes:  # sibling pages of a site follow one another (and, backward, in the other order)
        assert extract_page(*pages[i]) == cold[i], pages[i][1]


def test_relative_hrefs_resolve_against_each_page_url() -> None:
    body = _page('<a href="team.html">Team</a><a href="/contact">Contact</a>')
    clear_site_memos()
    first = extract_page(body, "https://acme.com/a/")
    second = extract_page(body, "https://acme.com/b/")
    assert first["links"] == {"about": ["https://acme.com/a/team.html"], "contact": ["https://acme.com/contact"]}
    assert second["links"] == {"about": ["https://acme.com/b/team.html"], "contact": ["https://acme.com/contact"]}


def test_contacts_of_remembered_links_are_reported_on_every_page() -> None:
    body = _page('<a href="mailto:info@acme.com">mail</a><a href="tel:+49 69 1234567">call</a>'
                 '<a href="https://www.linkedin.com/company/acme">in</a>')
    clear_site_memos()
    for url in ("https://acme.com/", "https://acme.com/about", "https://acme.com/contact"):
        data = extract_page(body, url)
        assert data["emails"] == ["info@acme.com"]
        assert data["phones"] == ["+49691234567"]
        assert data["social"] == {"linkedin": ["https://www.linkedin.com/company/acme"]}


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_site_memos()
    for i in range(page_links.MAX_SITES + 5):
        extract_page(_page('<a href="/about">About</a>'), f"https://site{i}.com/")
    assert len(page_links._SITE_MEMOS) == page_links.MAX_SITES
    monkeypatch.setattr(page_links, "MAX_ENTRIES", 3)
    links = "".join(f'<a href="/p{i}">Page {i}</a>' for i in range(10)) + '<a href="/contact">Contact</a>'
    first = extract_page(_page(links), "https://big.com/")
    memo = page_links._SITE_MEMOS[next(reversed(page_links._SITE_MEMOS))]
    assert memo.full()
    assert extract_page(_page(links), "https://big.com/") == first  # a full memo is started afresh
    assert page_links._SITE_MEMOS[next(reversed(page_links._SITE_MEMOS))] is not memo
    clear_site_memos()
    assert not page_links._SITE_MEMOS


def test_anchors_without_href_do_not_count_toward_the_link_cap() -> None:
    bare = "<a>bare</a>" * 600
    body = _page(bare + '<a href="/about-us">About</a>' + bare)
    assert _cold(body, "https://acme.com/")["links"] == {"about": ["https://acme.com/about-us"]}


def test_link_elements_without_href_add_nothing_to_the_tech_haystack() -> None:
    head = '<link rel="preload"><link rel="stylesheet" href="/wp-content/themes/x.css">'
    page = f"<html><head><title>T</title>{head}</head><body><p>x</p></body></html>".encode()
    assert _cold(page, "https://acme.com/")["tech"] == ["WordPress"]


def test_template_content_stays_out_of_the_text_and_the_links() -> None:
    body = _page('<template><p>Hidden template text</p><a href="/about">About</a></template><p>Shown</p>')
    data = _cold(body, "https://acme.com/")
    assert data["links"] == {}
    assert "Hidden" not in data["about_text"]
