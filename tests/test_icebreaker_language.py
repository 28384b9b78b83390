"""Language choice, first names and gender detection for icebreakers."""

from __future__ import annotations

import pytest

from processors.icebreakers.language import choose_language, detect_gender, first_name_of, normalize_language


@pytest.mark.parametrize("setting, expected", [("ru", "ru"), ("EN", "en"), ("russian", "ru"), ("русский", "ru"),
                                               ("english", "en"), ("auto", ""), ("", ""), (None, ""), ("de", "de")])
def test_normalize_language(setting, expected):
    assert normalize_language(setting) == expected


def test_command_setting_wins_over_everything():
    fields = {"first_name": "Иван", "website": "romashka.ru", "country": "Russia"}
    assert choose_language(fields, {"LEADPIPE_OUTPUT_LANGUAGE": "en"}) == "en"
    assert choose_language({"first_name": "John"}, {"LEADPIPE_OUTPUT_LANGUAGE": "ru"}) == "ru"


@pytest.mark.parametrize("fields, site, expected", [
    ({"first_name": "Иван", "website": "acme.com"}, "", "ru"),
    ({"full_name": "Петрова Анна Сергеевна"}, "", "ru"),
    ({"first_name": "Ivan", "website": "https://www.romashka.ru/about"}, "", "ru"),
    ({"first_name": "Ivan", "website": ""}, "http://пример.рф/", "ru"),
    ({"first_name": "Olga", "country": "Kazakhstan"}, "", "ru"),
    ({"first_name": "Olga", "company_country": "Россия"}, "", "ru"),
    ({"first_name": "John", "website": "acme.com", "country": "United States"}, "", "en"),
    ({"first_name": "Jürgen", "website": "firma.de", "country": "Germany"}, "", "en"),
    ({}, "", "en"),
])
def test_per_lead_rules(fields, site, expected):
    assert choose_language(fields, {"LEADPIPE_OUTPUT_LANGUAGE": "auto"}, site_url=site) == expected


@pytest.mark.parametrize("fields, expected", [
    ({"first_name": "Dale"}, "Dale"),
    ({"first_name": "Mary Ann"}, "Mary Ann"),
    ({"first_name": "Иван Петрович"}, "Иван"),
    ({"full_name": "Иванов Иван Иванович"}, "Иван"),
    ({"full_name": "Анна Сергеевна Петрова"}, "Анна"),
    ({"full_name": "John Smith"}, "John"),
    ({}, ""),
])
def test_first_name_of(fields, expected):
    assert first_name_of(fields) == expected


@pytest.mark.parametrize("first, last, middle, expected", [
    ("", "", "Сергеевна", "f"), ("", "", "Петрович", "m"), ("", "", "Ильинична", "f"),
    ("", "Петрова", "", "f"), ("", "Петров", "", "m"), ("", "Достоевский", "", "m"), ("", "Заболоцкая", "", "f"),
    ("Мария", "", "", "f"), ("Никита", "", "", "m"), ("Илья", "", "", "m"), ("Саша", "", "", ""),
    ("Женя", "", "", ""), ("John", "", "", ""),
])
def test_detect_gender(first, last, middle, expected):
    assert detect_gender(first, last, middle) == expected


def test_russian_site_language_counts_only_without_a_country():
    assert choose_language({"first_name": "Ivan", "website": "gsm-komplekt.com"}, {}, site_language="ru") == "ru"
    assert choose_language({"first_name": "Ivan", "country": "Germany"}, {}, site_language="ru") == "en"
    assert choose_language({"first_name": "Ivan"}, {}, site_language="de") == "en"
