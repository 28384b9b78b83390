"""The whole icebreaker chain over the test web (real pages under their own host names behind a local forward
proxy with a test CA): the ``--sample`` helper with the registry's processors, offline (no model)."""

from __future__ import annotations

import pytest

pytest.importorskip("tests.fixtures_web")

from processors.base import Lead, ProcessorContext  # noqa: E402
from processors.icebreakers.gates import check_icebreaker  # noqa: E402
from processors.icebreakers.sample import format_sample, sample_icebreakers_sync  # noqa: E402


def test_sample_round_over_the_test_web(web_env):
    leads = [
        Lead(0, {"first_name": "Jane", "last_name": "Doe", "title": "Partner", "company": "Katz, Marshall & Banks, LLP",
                 "website": "kmblegal.com", "email": "jane@kmblegal.com"}),
        Lead(1, {"first_name": "Анна", "last_name": "Петрова", "title": "Коммерческий директор",
                 "company": "ООО «Потолок75»", "website": "potolok75.ru"}),
        Lead(2, {"first_name": "Pat", "company": "Abacus Solutions, LLC", "website": "https://www.abacusllc.com/",
                 "email": "pat@abacusllc.com"}),
        Lead(3, {"first_name": "Sam", "company": "Gmail user", "email": "sam@gmail.com"}),
        Lead(4, {"first_name": "Eve", "company": "Broken", "website": "error500.test"}),
        Lead(5, {"first_name": "Ann", "company": "Katz Marshall", "website": "www.kmblegal.com"}),
    ]
    rows = sample_icebreakers_sync(leads, 6, ProcessorContext(settings=dict(web_env)))
    assert [r.row for r in rows] == list(range(6))
    for i in (0, 1, 2, 5):
        row, lead = rows[i], leads[i]
        assert row.icebreaker, row.problem
        assert row.source == "template" and row.fact_url
        lang = "ru" if i == 1 else "en"
        first = lead.fields["first_name"]
        assert row.icebreaker.startswith(f"{first}, ")
        assert check_icebreaker(row.icebreaker, facts=lead.outputs["_facts"], lead_fields=lead.fields,
                                language=lang, first_name=first).ok
        assert row.fact_url in lead.outputs["personalization_sources"].split(" | ")
    assert "LLC" not in rows[0].icebreaker and "ООО" not in rows[1].icebreaker
    assert "no website" in rows[3].problem
    assert rows[4].problem.startswith("website_intelligence:")
    text = format_sample(rows)
    assert all(r.icebreaker in text for r in rows if r.icebreaker)
