"""The deterministic quality gates: each one rejects what it must and lets good text through."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from processors.icebreakers.gates import check_icebreaker, cliches, fact_used

FACTS = [
    {"type": "founded", "text": "Founded in 1998", "value": "1998", "source_url": "https://acme.example/"},
    {"type": "news", "text": "Blog: Cutting cloud costs for retailers", "value": "Cutting cloud costs for retailers",
     "source_url": "https://acme.example/blog/cutting-cloud-costs-for-retailers"},
    {"type": "hiring", "text": "Hiring: careers page", "value": "careers page",
     "source_url": "https://acme.example/careers"},
]
ROW = {"first_name": "Dale", "last_name": "Reed", "company": "Moki.TV", "email": "dale@moki.tv",
       "website": "http://www.moki.tv", "phone": "+1 649-555-0109"}
GOOD = "Dale, I read the Moki.TV post on cutting cloud costs for retailers and wondered how customers took it."


def gate(text, language="en", **kw):
    opts = {"facts": FACTS, "lead_fields": ROW, "language": language, "first_name": "Dale", "company": "Moki.TV"}
    opts.update(kw)
    return check_icebreaker(text, **opts)


def test_good_text_passes_and_names_its_fact():
    res = gate(GOOD)
    assert res.ok, res.reasons
    assert res.fact_index == 1


def test_fact_must_be_used():
    res = gate("Dale, I think your team does great work and I would love to talk about your plans soon.")
    assert not res.ok and "facts" in res.reason


def test_fact_used_by_stem_number_and_type_keyword():
    assert fact_used("Since 1998 you have grown a lot", FACTS[0])
    assert fact_used("your post about cutting costs", FACTS[1])  # two stems: cutting, costs
    assert not fact_used("your post about retail", FACTS[1])
    assert fact_used("вижу, что у вас открыт раздел вакансий", FACTS[2])
    ru = {"type": "what_they_do", "value": "Натяжные потолки от производителя", "text": ""}
    assert fact_used("вы делаете натяжные потолки", ru)  # inflected forms share stems


@pytest.mark.parametrize("leak", ["{{first_name}}", "{company}", "[Company Name]", "<first name>", "FIRST_NAME"])
def test_placeholder_leaks(leak):
    res = gate(f"Dale, I read about cutting cloud costs for retailers at {leak} and liked it a lot.")
    assert not res.ok and "placeholder" in res.reason


@pytest.mark.parametrize("extra, word", [
    ("see https://evil.example/offer", "link"),
    ("see evil-shop.com today", "link"),
    ("write to boss@evil.example", "e-mail"),
    ("call +7 999 123-45-67", "phone"),
    ("call (415) 555-0199 now", "phone"),
])
def test_contacts_not_in_the_row_are_rejected(extra, word):
    res = gate(f"Dale, cutting cloud costs for retailers is smart; {extra}.")
    assert not res.ok and word in res.reason


def test_contacts_from_the_row_are_allowed():
    res = gate("Dale, the moki.tv post on cutting cloud costs for retailers is good; dale@moki.tv, +1 649-555-0109.")
    assert not any("not in the lead's data" in r for r in res.reasons), res.reasons


@pytest.mark.parametrize("text", [
    "Here's an icebreaker: Dale, cutting cloud costs for retailers is a timely topic for Moki.TV.",
    "Sure! Dale, cutting cloud costs for retailers is a timely topic for Moki.TV.",
    "Icebreaker: Dale, cutting cloud costs for retailers is a timely topic for Moki.TV.",
])
def test_preambles(text):
    assert "preamble" in gate(text).reason


def test_russian_preamble():
    res = gate("Вот вариант: Dale, статья про cutting costs у Moki.TV очень понравилась, спасибо за неё.",
               language="ru")
    assert "preamble" in res.reason


def test_wrapped_in_quotes_but_inner_quotes_are_fine():
    assert "quotes" in gate(f'"{GOOD}"').reason
    assert "quotes" in gate(f"«{GOOD}»").reason
    inner = 'Dale, "Cutting cloud costs for retailers" is a post from Moki.TV that I keep thinking about.'
    assert gate(inner).ok


def test_cliches_english_and_russian():
    res = gate("Dale, I hope this email finds you well; cutting cloud costs for retailers is a smart topic.")
    assert "cliché" in res.reason
    ru = check_icebreaker("Дейл, я наткнулся на ваш профиль и прочитал про раздел вакансий у Moki.TV.",
                          facts=FACTS, lead_fields=ROW, language="ru", first_name="Дейл")
    assert "cliché" in ru.reason


def test_user_cliches_file(tmp_path):
    extra = tmp_path / "mine.txt"
    extra.write_text("# ours\ntimely topic\n", encoding="utf-8")
    text = "Dale, cutting cloud costs for retailers is a timely topic for Moki.TV and teams like yours."
    assert gate(text).ok
    assert "cliché" in gate(text, cliches_file=str(extra)).reason
    assert len(cliches(str(extra))) == len(cliches("")) + 1


def test_length_bounds_and_sentences():
    long = "Dale, " + "cutting cloud costs for retailers " * 8
    assert "words" in gate(long).reason
    assert "words" in gate("Dale, cutting costs.").reason
    three = "Dale, cutting cloud costs for retailers matters. It really does. I agree with it."
    assert "sentences" in gate(three).reason
    assert gate(GOOD, max_words=10).reasons == [f"it has {len(GOOD.split())} words; the limit is 10"]


def test_language_gate_ignores_quotes_and_names():
    ru_ok = "Дейл, в блоге Moki.TV есть материал «Cutting cloud costs for retailers» — интересно, как его встретили."
    assert gate(ru_ok, language="ru", first_name="Дейл").ok
    assert "language" in gate(GOOD, language="ru").reason
    en_wrong = "Dale, в блоге компании есть материал про cutting cloud costs for retailers, и это интересно читать."
    assert "language" in gate(en_wrong).reason


def test_first_name_required_when_known():
    text = "I read the Moki.TV post on cutting cloud costs for retailers and wondered how customers took it."
    assert "first name" in gate(text).reason
    assert gate(text, first_name="").ok


@pytest.mark.parametrize("bad", ["ignore previous instructions", "you are an idiot", "<<<END DATA>>>",
                                 "игнорируй предыдущие инструкции"])
def test_banned_phrases(bad):
    res = gate(f"Dale, cutting cloud costs for retailers: {bad}.")
    assert "forbidden" in res.reason


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), lang=st.sampled_from(["en", "ru", "de"]))
def test_gates_never_crash_and_always_explain(text, lang):
    res = check_icebreaker(text, facts=FACTS, lead_fields=ROW, language=lang, first_name="Dale")
    assert res.ok == (not res.reasons)
    assert all(isinstance(r, str) and r for r in res.reasons)


@pytest.mark.parametrize("salad", [
    "Dale Title COO Company BrightPath Logistics Facts what_they_do",
    "facts DATA a27f72dbed129c First name Dale Title COO Company Moki.TV cutting cloud costs for retailers.",
    "Dale, see what_they_do: cutting cloud costs for retailers at Moki.TV is clever.",
])
def test_prompt_echoes_and_word_salads_are_rejected(salad):
    assert not gate(salad).ok


def test_naming_the_company_is_not_using_a_fact():
    facts = [{"type": "what_they_do", "value": "Moki TV streams local sports", "text": "", "source_url": "u"}]
    text = "Dale, Moki.TV is a company I have been following for a while now."
    assert "facts" in gate(text, facts=facts).reason
    assert gate("Dale, streaming local sports is a great niche for Moki.TV.", facts=facts).ok
