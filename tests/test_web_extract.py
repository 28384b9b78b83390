"""extract_page on real pages (tests/data/web, hand-checked truth) and on small crafted inputs."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.measure_web_extraction import load_corpus, score
from processors.website_intelligence import extract_page
from processors.website_intelligence.charset import decode_html
from processors.website_intelligence.contacts import emails_in_text, normalize_phone, phones_in_text
from processors.website_intelligence.social import social_network
from tests.fixtures_web import WEB_DATA

KEYS = {"title", "description", "og", "h1", "language", "organization", "about_text", "services", "emails",
        "phones", "social", "tech", "links"}


def test_targets_on_the_real_page_subset() -> None:
    result = score(load_corpus(WEB_DATA))
    assert result["pages"] >= 40
    assert result["title"] == 1.0
    assert result["cyrillic_pages"] >= 4 and result["cyrillic"] == 1.0
    assert result["email_recall"] >= 0.95 and result["email_precision"] >= 0.95
    assert result["social_recall"] >= 0.95 and result["social_precision"] >= 0.98
    assert result["phone_recall"] >= 0.90


def test_every_key_present_and_language_from_text_not_lang_attribute() -> None:
    for row, truth, body in load_corpus(WEB_DATA)[:20]:
        data = extract_page(body, row["original_url"] or f"http://{row['host']}/", f"text/html; charset={row['charset']}")
        assert set(data) >= KEYS
        assert data["language"] == truth["language"], row["file"]
        json.dumps(data)  # plain JSON types only: the engine caches it


def test_jsonld_organization_name_matches_truth() -> None:
    checked = 0
    for row, truth, body in load_corpus(WEB_DATA):
        data = extract_page(body, row["original_url"] or f"http://{row['host']}/", f"text/html; charset={row['charset']}")
        name = (data["organization"] or {}).get("name")
        if truth["jsonld_organization_name"]:
            checked += 1
            assert name == truth["jsonld_organization_name"], row["file"]
    assert checked >= 1


def test_cp1251_without_header_and_invalid_meta_label() -> None:
    russian = "<html><head><meta charset='windows-1251'><title>Натяжные потолки</title></head><body>О компании</body></html>"
    text, encoding = decode_html(russian.encode("cp1251"), "text/html")
    assert "Натяжные потолки" in text and encoding == "cp1251"
    no_meta = ("<html><head><title>Натяжные потолки в Уфе</title></head><body>" + "Мы делаем натяжные потолки. " * 30
               + "</body></html>").encode("cp1251")
    assert extract_page(no_meta, "http://x.ru/")["title"] == "Натяжные потолки в Уфе"
    bogus = "<html><head><meta charset='ru'><title>Сумки оптом</title></head></html>".encode()
    assert extract_page(bogus, "http://x.ru/")["title"] == "Сумки оптом"
    bom = "\ufeff<html><title>Привет</title></html>".encode("utf-16")
    assert extract_page(bom, "http://x.ru/", "text/html; charset=iso-8859-1")["title"] == "Привет"


def test_email_rules() -> None:
    text = "Write to Info@Acme.com or mail @ acme.com, logo@2x.png, jquery@3.5.1, learn more @ OtherSite.com"
    found = emails_in_text(text, "acme.com")
    assert "info@acme.com" in found and "mail@acme.com" in found
    assert not any("png" in e or "othersite" in e or "3.5" in e for e in found)
    assert emails_in_text("support [at] fairkom.eu", "fairkom.eu") == ["support@fairkom.eu"]
    page = b'<a href="mailto:%20Sales@Acme.com?subject=Hi">x</a><input placeholder="you@example.com">'
    assert extract_page(page, "https://acme.com/")["emails"] == ["sales@acme.com"]


def _cloudflare_hex(text: str, key: int) -> str:
    """What Cloudflare's email obfuscation writes: the key byte, then each byte of the text XOR the key."""
    return bytes([key, *(b ^ key for b in text.encode())]).hex()


def test_emails_hidden_by_cloudflare_and_dot_words() -> None:
    page = (
        f'<p>Mail <a href="/cdn-cgi/l/email-protection" class="__cf_email__" '
        f'data-cfemail="{_cloudflare_hex("Info@Acme.com", 0x42)}">[email&#160;protected]</a></p>'
        f'<a href="/cdn-cgi/l/email-protection#{_cloudflare_hex("sales@acme.com?subject=Hi", 0x9F)}">write</a>'
        f'<a href="/cdn-cgi/l/email-protection#{_cloudflare_hex("?subject=Share&body=x", 0x10)}">share</a>'
        f'<a href="/cdn-cgi/l/email-protection#zz">broken</a><p>jobs [at] acme [dot] com</p>'
    ).encode()
    assert extract_page(page, "https://acme.com/")["emails"] == ["info@acme.com", "sales@acme.com", "jobs@acme.com"]


def test_social_profiles_not_share_links() -> None:
    assert social_network("https://www.linkedin.com/company/acme") == "linkedin"
    assert social_network("https://twitter.com/acme") == "x_twitter"
    assert social_network("https://vk.com/acme") == "vk"
    assert social_network("https://t.me/acme") == "telegram"
    for url in ("https://twitter.com/intent/tweet?text=x", "https://www.facebook.com/sharer/sharer.php?u=x",
                "https://twitter.com/home?status=hi", "https://www.youtube.com/watch?v=1", "https://www.youtube.com/",
                "https://twitter.com/acme/status/123", "https://www.facebook.com/acme/posts/1",
                "https://twitter.com/hashtag/x", "https://vk.com/share.php?url=x", "https://www.linkedin.com/"):
        assert social_network(url) is None, url
    html = (b'<a href="https://www.linkedin.com/in/founder">me</a><a href="https://facebook.com/acme">fb</a>'
            b'<blockquote class="twitter-tweet"><a href="https://twitter.com/other">o</a></blockquote>')
    assert extract_page(html, "https://acme.com/")["social"] == {"facebook": ["https://facebook.com/acme"]}


def test_phones_labelled_shaped_and_not_registration_numbers() -> None:
    phones, faxes = phones_in_text("Tel.: +49 (0)69 380 795 200, Fax: 069 380 795 201. ИНН 7701234567. 12.05.2015")
    assert phones == ["+49069380795200"] and faxes == ["069380795201"]
    assert normalize_phone("+49069380795200") == "+4969380795200"
    assert normalize_phone("05225/8738444", ("49", "0")) == "+4952258738444"
    assert normalize_phone("(202) 400-3052", None, nanp_default=True) == "+12024003052"
    page = "<body><p>Звоните: 8 (347) 229-45-02</p><a href='tel:+73472294502'>call</a></body>".encode()
    assert extract_page(page, "http://potolki.ru/")["phones"] == ["+73472294502"]


@pytest.mark.parametrize(
    ("text", "phones", "faxes"),
    [
        ("Tél. : 01 23 45 67 89 · Télécopie : 01 23 45 67 90", ["0123456789"], ["0123456790"]),
        ("Tél. 01.23.45.67.89", ["0123456789"], []),  # a dotted run is no date
        ("Tlf. 22 33 44 55", ["22334455"], []),
        ("Puh. 09 123 4567", ["091234567"], []),
        ("Tfno: 91 123 45 67 Faks: 0212 123 45 67", ["911234567"], ["02121234567"]),
        ("Τηλ: 210 123 4567", ["2101234567"], []),
        ("Tel. 0711 123456 01.02.2020", ["0711123456"], []),  # the date after it is cut off
    ],
)
def test_phone_labels_of_more_languages(text: str, phones: list[str], faxes: list[str]) -> None:
    assert phones_in_text(text) == (phones, faxes)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, "text/html", "text/html; charset=bogus", "text/html; charset=utf-16"]))
def test_extract_page_never_raises_on_garbage(body: bytes, content_type: str | None) -> None:
    data = extract_page(body, "http://example.com/", content_type)
    assert set(data) >= KEYS


def test_hostile_markup_is_bounded() -> None:
    """Pathological pages (deep nesting, floods of '@' or digit runs, recursive JSON-LD) finish quickly."""
    import time

    cases = [
        b"<div>" * 100_000 + b"x",
        b"<html><body>" + b"x @ " * 400_000 + b"</body></html>",
        b"<html><body>" + b"(1) " * 400_000 + b"</body></html>",
        b'<script type="application/ld+json">' + b"[" * 100_000 + b"]" * 100_000 + b"</script>",
    ]
    for body in cases:
        started = time.monotonic()
        data = extract_page(body, "https://acme.com/")
        assert set(data) >= KEYS
        assert time.monotonic() - started < 5  # a hang guard, not a speed figure (that is bench_web)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=6), st.sampled_from(["https://acme.com/a/", "http://[::1]:80/", "bogus"]))
def test_extract_page_survives_any_hrefs(hrefs: list[str], url: str) -> None:
    import html as html_lib

    prefixes = ["", "//", "http://", "https://[", "mailto:", "tel:", "https://twitter.com/", "/"]
    anchors = "".join(f'<a href="{html_lib.escape(p + h)}">{html_lib.escape(h)}</a>' for p in prefixes for h in hrefs)
    data = extract_page(f"<html><body>{anchors}</body></html>".encode(), url, "text/html; charset=utf-8")
    assert set(data) >= KEYS


def test_link_kinds_and_page_picking() -> None:
    from processors.website_intelligence.links import classify_link
    from processors.website_intelligence.processor import pick_extra_pages

    site = "acme.de"
    assert classify_link("https://www.acme.de/ueber-uns/", "", site) == "about"
    assert classify_link("https://acme.de/x", "О компании", site) == "about"
    assert classify_link("https://acme.de/leistungen/seo", "SEO", site) == "services"
    assert classify_link("https://acme.de/about-us/careers", "", site) == "careers"
    assert classify_link("https://acme.de/kontakt", "", site) == "contact"
    assert classify_link("https://acme.de/privacy-policy", "About your data", site) is None
    assert classify_link("https://other.com/about", "About", site) is None
    links = {"about": ["https://acme.de/about/history/2009", "https://acme.de/about/"],
             "services": ["https://acme.de/services/"], "contact": ["https://acme.de/contact/"]}
    picked = pick_extra_pages(links, "https://acme.de/", 2)
    assert picked[:2] == [("about", "https://acme.de/about/"), ("services", "https://acme.de/services/")]
    assert ("contact", "https://acme.de/contact/") in picked  # a fallback when one of the first two fails
