"""Personalization and icebreakers over the real company pages in tests/data/web (read-only here; owned by the
website-intelligence tests), through the real ``extract_page``. Checks rules that must hold on any site:
grounded facts, nothing unsafe, contact pages not mistaken for a description, templates that pass the gates."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

wi = pytest.importorskip("processors.website_intelligence")

from processors.icebreakers.facts import extract_facts  # noqa: E402
from processors.icebreakers.gates import check_icebreaker  # noqa: E402
from processors.icebreakers.prompts import page_text  # noqa: E402
from processors.icebreakers.safety import find_banned  # noqa: E402
from processors.icebreakers.templates import render_icebreaker  # noqa: E402
from processors.icebreakers.text import keywords, stem, words  # noqa: E402

WEB = Path(__file__).parent / "data" / "web"
if not (WEB / "manifest.csv").is_file():
    pytest.skip("tests/data/web is not there", allow_module_level=True)


def _kind(row: dict) -> str:
    return "contact" if "contact" in row["file"] or "kontakt" in row["file"] else row["kind"]


def _load_sites() -> dict[str, dict]:
    rows = list(csv.DictReader((WEB / "manifest.csv").open(encoding="utf-8")))
    by_host: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_host[row["host"]].append(row)
    sites = {}
    for host, host_rows in by_host.items():
        pages = []
        for row in sorted(host_rows, key=lambda r: r["kind"] != "home"):
            url = row["original_url"] or f"http://{host}/{row['file'].removesuffix('.html').split('--', 1)[1]}"
            body = (WEB / "pages" / row["file"]).read_bytes()
            data = wi.extract_page(body, url, f"text/html; charset={row['charset']}")
            pages.append({"url": url, "kind": _kind(row), "data": data})
        sites[host] = {"url": pages[0]["url"], "pages": pages}
    return sites


SITES = _load_sites()
FACTS = {host: extract_facts(site) for host, site in SITES.items()}
_CONTACTS = re.compile(r"https?://|www\.|@|\d[\d\s().-]{6,}\d")


def test_corpus_is_loaded():
    assert len(SITES) >= 20


@pytest.mark.parametrize("host", sorted(SITES))
def test_facts_are_grounded_and_safe(host):
    site = SITES[host]
    page_stems = {p["url"]: {stem(w) for w in words(page_text(p["data"]))} for p in site["pages"]}
    contact_urls = {p["url"] for p in site["pages"] if p["kind"] == "contact"}
    for fact in FACTS[host]:
        value = fact["value"]
        assert not _CONTACTS.search(value) and not find_banned(value), fact
        if fact["type"] == "hiring":
            continue
        if fact["source_url"] in page_stems:
            kws = keywords(value)
            share = sum(stem(k) in page_stems[fact["source_url"]] for k in kws) / max(1, len(kws))
            assert share >= 0.8, (fact, share)
        else:  # a post title read from a link: its words are in the link
            assert fact["type"] == "news"
            assert all(k in fact["source_url"].lower() for k in keywords(value) if not k.isdigit()), fact
        if fact["type"] in ("what_they_do", "audience", "customers"):
            assert fact["source_url"] not in contact_urls, fact


def test_every_site_with_a_home_or_about_page_yields_facts():
    described = [h for h, s in SITES.items() if any(p["kind"] in ("home", "about") for p in s["pages"])]
    missing = [h for h in described if not FACTS[h]]
    assert not missing, missing


def test_russian_sites_give_russian_descriptions():
    for host, facts in FACTS.items():
        if host.endswith(".ru") and facts:
            what = [f for f in facts if f["type"] == "what_they_do"]
            assert what and all(f["lang"] == "ru" for f in what), (host, what)


@pytest.mark.parametrize("language, name", [("en", "Alex"), ("ru", "Алексей")])
def test_template_icebreakers_for_every_site(language, name):
    rendered = 0
    with_facts = [h for h in SITES if FACTS[h]]
    for host in with_facts:
        company = host.removeprefix("www.").split(".")[0].title()
        result = render_icebreaker(facts=FACTS[host], lead_fields={"company": company}, language=language,
                                   first_name=name, company=company, title="CEO", seed_key=host)
        if result is None:
            continue
        rendered += 1
        text, fact = result
        assert fact in FACTS[host]
        assert check_icebreaker(text, facts=[fact], lead_fields={}, language=language, first_name=name,
                                company=company).ok
    assert rendered == len(with_facts)
