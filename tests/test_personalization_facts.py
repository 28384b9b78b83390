"""Offline personalization: deterministic facts from hand-written extract_page-shaped site data."""

from __future__ import annotations

import asyncio
import re

import pytest

from processors.base import ProcessorContext, Scope
from processors.errors import LeadSkipped
from processors.icebreakers.facts import FACT_TYPES, VALUE_MAX_WORDS, extract_facts
from processors.icebreakers.text import word_count
from processors.personalization_extractor import PersonalizationExtractor
from tests.fixtures_icebreakers import INJECTIONS, page_data


def run(coro):
    return asyncio.run(coro)


def page_urls(site):
    urls = {p["url"] for p in site["pages"]}
    for p in site["pages"]:
        for links in p["data"].get("links", {}).values():
            urls.update(links)
    return urls


def test_english_site_gives_varied_grounded_facts(en_site):
    facts = extract_facts(en_site)
    assert 3 <= len(facts) <= 5
    types = [f["type"] for f in facts]
    assert len(set(types)) == len(types), "one fact per type before repeats"
    assert {"what_they_do", "founded", "customers"} <= set(types)
    by_type = {f["type"]: f for f in facts}
    assert by_type["founded"]["value"] == "1998"  # JSON-LD foundingDate
    assert "Kabbage" in by_type["customers"]["value"]
    assert by_type["customers"]["source_url"] == "https://www.abacusllc.com/about.aspx"
    for fact in facts:
        assert set(fact) >= {"type", "text", "source_url"}
        assert fact["type"] in FACT_TYPES
        assert fact["source_url"] in page_urls(en_site)
        assert word_count(fact["value"]) <= VALUE_MAX_WORDS
        assert not re.search(r"https?://|@", fact["value"])


def test_blog_post_title_from_link_slug(en_site):
    facts = extract_facts(en_site, max_facts=10)
    news = [f for f in facts if f["type"] == "news"]
    assert news and news[0]["value"].lower().startswith("abacus named hpe platinum partner")
    assert news[0]["source_url"].endswith("/blog/abacus-named-hpe-platinum-partner-for-2014")


def test_cut_values_do_not_end_in_a_dangling_clause(en_site):
    what = next(f for f in extract_facts(en_site) if f["type"] == "what_they_do")
    assert not re.search(r"\b(that|which|and|the|to)$", what["value"])


def test_russian_site_facts_are_russian_with_year_as_value(ru_site):
    facts = extract_facts(ru_site)
    by_type = {f["type"]: f for f in facts}
    assert by_type["founded"]["value"] == "2007"
    assert "2007" in by_type["founded"]["text"]
    assert by_type["what_they_do"]["lang"] == "ru"
    assert "Натяжные потолки" in by_type["what_they_do"]["value"]
    assert by_type["hiring"]["source_url"] == "http://potolok75.ru/vakansii"
    assert "Фотопечать" in by_type["services"]["value"] or "Матовые" in by_type["services"]["value"]


def test_injection_text_never_becomes_a_fact(hostile_site):
    facts = extract_facts(hostile_site, max_facts=10)
    assert facts, "the honest sentences are still used"
    joined = " ".join(f["text"] + " " + f["value"] for f in facts).lower()
    for bad in ("ignore", "игнорируй", "idiot", "evil.example", "http", "@", "<<<", "system:", "here is"):
        assert bad not in joined


def test_max_facts_and_dedup():
    data = page_data(
        description="We build accounting software for dental clinics.",
        og={"description": "We build accounting software for dental clinics!"},
        h1="Accounting software for dental clinics",
        about_text="Founded in 2011, we serve 300 clinics. We help dentists get paid faster.",
    )
    site = {"url": "https://dentbooks.example/", "pages": [{"url": "https://dentbooks.example/", "kind": "home",
                                                            "data": data}]}
    facts = extract_facts(site, max_facts=2)
    assert len(facts) == 2
    everything = extract_facts(site, max_facts=10)
    values = [f["value"].lower().rstrip("!.") for f in everything]
    assert sum("accounting software for dental clinics" in v for v in values) == 1


def test_empty_or_generic_site_has_no_facts():
    assert extract_facts(None) == []
    site = {"url": "https://x.example/", "pages": [{"url": "https://x.example/", "kind": "home",
                                                    "data": page_data(title="Home", h1="Welcome")}]}
    assert extract_facts(site) == []


def test_processor_contract_offline(en_site, make_lead):
    proc = PersonalizationExtractor()
    assert proc.name == "personalization_extractor" and proc.scope == Scope.COMPANY
    assert proc.requires == ("website_intelligence",)
    lead = make_lead(site=en_site, website="https://www.abacusllc.com/", email="pat@abacusllc.com")
    out = run(proc.process(lead, ProcessorContext()))
    assert out["personalization_source"] == "heuristic"
    facts = out["_facts"]
    assert out["personalization"] == " | ".join(f["text"] for f in facts)
    assert out["personalization_sources"].split(" | ") == [f["source_url"] for f in facts]
    assert all(isinstance(out[k], str) for k in proc.provides)
    assert proc.company_key(lead) == "abacusllc.com"


def test_processor_skips_without_site_or_facts(make_lead):
    proc = PersonalizationExtractor()
    with pytest.raises(LeadSkipped, match="no website"):
        run(proc.process(make_lead(), ProcessorContext()))
    empty = {"url": "https://x.example/", "pages": [{"url": "https://x.example/", "kind": "home",
                                                     "data": page_data(title="Home")}]}
    with pytest.raises(LeadSkipped, match="no personalization facts"):
        run(proc.process(make_lead(site=empty), ProcessorContext()))


def test_max_facts_setting(en_site, make_lead):
    out = run(PersonalizationExtractor().process(
        make_lead(site=en_site), ProcessorContext(settings={"LEADPIPE_PERSONALIZATION_MAX_FACTS": "2"})))
    assert len(out["_facts"]) == 2


def test_injection_list_is_what_the_hostile_site_serves():
    # guard against the fixture silently losing its attacks
    assert len(INJECTIONS) >= 4 and any("<<<END" in s for s in INJECTIONS)
