"""The icebreaker processor offline, end to end from site data, and the --sample review helper."""

from __future__ import annotations

import asyncio

import pytest

from processors.base import Lead, ProcessorContext, Scope
from processors.errors import LeadSkipped
from processors.icebreaker_generator import IcebreakerGenerator, lead_company
from processors.icebreakers.gates import check_icebreaker
from processors.icebreakers.sample import format_sample, sample_icebreakers, sample_icebreakers_sync
from processors.personalization_extractor import PersonalizationExtractor
from tests.fixtures_icebreakers import EN_SITE, RU_SITE


def run(coro):
    return asyncio.run(coro)


def chain(lead: Lead, ctx: ProcessorContext | None = None) -> dict:
    ctx = ctx or ProcessorContext()
    lead.outputs.update(run(PersonalizationExtractor().process(lead, ctx)))
    out = run(IcebreakerGenerator().process(lead, ctx))
    lead.outputs.update(out)
    return out


def test_contract():
    gen = IcebreakerGenerator()
    assert gen.name == "icebreaker_generator" and gen.scope == Scope.LEAD
    assert gen.requires == ("personalization_extractor",)
    assert set(gen.provides) == {"icebreaker", "icebreaker_source", "icebreaker_fact_url"}
    assert set(gen.reads) >= {"first_name", "full_name", "title", "company"}


def test_english_lead_offline(en_site, make_lead):
    lead = make_lead(site=en_site, first_name="Dale", last_name="Reed", title="Chief Revenue Officer",
                     company="Abacus Solutions, LLC", email="dale@abacusllc.com", country="United States")
    out = chain(lead)
    assert out["icebreaker_source"] == "template"
    text = out["icebreaker"]
    assert text.startswith("Dale, ")
    assert "LLC" not in text and "Abacus" in text
    fact_urls = [f["source_url"] for f in lead.outputs["_facts"]]
    assert out["icebreaker_fact_url"] in fact_urls
    fact = lead.outputs["_facts"][fact_urls.index(out["icebreaker_fact_url"])]
    assert check_icebreaker(text, facts=[fact], lead_fields=lead.fields, language="en", first_name="Dale",
                            company="Abacus Solutions").ok
    assert all(isinstance(out[k], str) for k in IcebreakerGenerator.provides)


def test_russian_lead_offline(ru_site, make_lead):
    lead = make_lead(site=ru_site, first_name="Мария", last_name="Петрова", title="Коммерческий директор",
                     company="ООО Потолок75", email="maria@potolok75.ru")
    out = chain(lead)
    assert out["icebreaker"].startswith("Мария, ")
    assert check_icebreaker(out["icebreaker"], facts=lead.outputs["_facts"], lead_fields=lead.fields,
                            language="ru", first_name="Мария").ok


def test_output_language_setting_overrides_the_lead(ru_site, make_lead):
    ctx = ProcessorContext(settings={"LEADPIPE_OUTPUT_LANGUAGE": "en"})
    lead = make_lead(site=ru_site, first_name="Мария", company="Потолок75", email="m@potolok75.ru")
    out = chain(lead, ctx)
    assert check_icebreaker(out["icebreaker"], facts=lead.outputs["_facts"], lead_fields=lead.fields,
                            language="en", first_name="Мария").ok


def test_company_clean_from_the_cleaner_is_preferred(make_lead):
    from processors.company_name_cleaner import clean_company_name

    lead = make_lead(company="ACME HOLDINGS, INC.")
    assert lead_company(lead) == clean_company_name("ACME HOLDINGS, INC.")
    lead.outputs["company_clean"] = "Acme Co-op"
    assert lead_company(lead) == "Acme Co-op"


def test_max_words_setting(en_site, make_lead):
    ctx = ProcessorContext(settings={"LEADPIPE_ICEBREAKER_MAX_WORDS": "14"})
    for i in range(8):
        out = chain(make_lead(site=en_site, first_name="Dale", company="Abacus", email=f"d{i}@abacusllc.com"), ctx)
        assert len(out["icebreaker"].split()) <= 14


def test_no_facts_is_a_skip(make_lead):
    with pytest.raises(LeadSkipped, match="no personalization facts"):
        run(IcebreakerGenerator().process(make_lead(first_name="Dale"), ProcessorContext()))


def test_colleagues_get_different_icebreakers(en_site, make_lead):
    texts = {chain(make_lead(site=en_site, first_name="Dale", company="Abacus", email=f"p{i}@abacusllc.com"))
             ["icebreaker"].replace("Dale", "") for i in range(12)}
    assert len(texts) >= 3


class _FakeSite:
    """A website_intelligence stand-in for the sample test (company scope; counts its calls)."""

    name = "website_intelligence"
    version = "test"
    requires: tuple[str, ...] = ()
    provides = ("site_url",)
    reads = ("website",)
    scope = Scope.COMPANY
    needs_network = False

    def __init__(self) -> None:
        self.calls = 0

    def company_key(self, lead: Lead) -> str | None:
        return lead.get("website") or None

    async def process(self, lead: Lead, ctx: ProcessorContext) -> dict:
        self.calls += 1
        site = {"abacusllc.com": EN_SITE, "potolok75.ru": RU_SITE}.get(lead.get("website"))
        if site is None:
            raise LeadSkipped("no website")
        return {"site_url": site["url"], "_site": site}


def test_sample_helper_runs_the_chain_on_n_leads():
    from processors.company_name_cleaner import CompanyNameCleaner

    site = _FakeSite()
    procs = [CompanyNameCleaner(), site, PersonalizationExtractor(), IcebreakerGenerator()]
    leads = [
        Lead(0, {"first_name": "Dale", "company": "Abacus Solutions, LLC", "website": "abacusllc.com",
                 "email": "dale@abacusllc.com"}),
        Lead(1, {"first_name": "Мария", "company": "Потолок75", "website": "potolok75.ru"}),
        Lead(2, {"first_name": "Ann", "company": "Nowhere", "website": ""}),
        Lead(3, {"first_name": "Pat", "company": "Abacus", "website": "abacusllc.com"}),
        Lead(4, {"first_name": "Not", "company": "Sampled", "website": "abacusllc.com"}),
    ]
    rows = sample_icebreakers_sync(leads, 4, ProcessorContext(), procs)
    assert [r.row for r in rows] == [0, 1, 2, 3]
    assert rows[0].icebreaker.startswith("Dale, ") and rows[0].source == "template"
    assert rows[1].icebreaker.startswith("Мария, ")
    assert rows[2].icebreaker == "" and "no website" in rows[2].problem
    assert rows[3].icebreaker.startswith("Pat, ")
    assert site.calls == 3  # abacusllc.com once for two leads, potolok75.ru once, the lead without a website once
    text = format_sample(rows, "ru")
    assert "Примеры айсбрейкеров (4)" in text and rows[0].icebreaker in text and "нет айсбрейкера" in text
    assert "Sample icebreakers (4)" in format_sample(rows, "en")


def test_sample_helper_is_async_too():
    procs = [_FakeSite(), PersonalizationExtractor(), IcebreakerGenerator()]
    rows = asyncio.run(sample_icebreakers([Lead(0, {"first_name": "Dale", "website": "abacusllc.com"})], 10,
                                          ProcessorContext(), procs))
    assert len(rows) == 1 and rows[0].icebreaker


def test_messy_fields_do_not_reach_the_icebreaker(en_site, make_lead):
    lead = make_lead(site=en_site, first_name="🚀DALE ", title="Chief Revenue Officer 🚀",
                     company="Abacus Solutions 🚀", email="dale@abacusllc.com")
    out = chain(lead)
    assert out["icebreaker"].startswith("Dale, ") and "🚀" not in out["icebreaker"]


def test_no_usable_first_name_means_no_greeting(en_site, make_lead):
    out = chain(make_lead(site=en_site, first_name="N/A", company="Abacus", email="info@abacusllc.com"))
    assert not out["icebreaker"].startswith("N/A") and out["icebreaker"][0].isupper()
