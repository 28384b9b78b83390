"""The CSV source: every sample format, encodings, delimiters, messy rows, selection in SQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from engine.dialect import detect
from engine.source import DUPLICATE, EMPTY, FILTERED, LIMITED, SELECTED, LeadSource
from processors.errors import InputFileError
from tests.engine_helpers import LEADS

EXPECTED_MAPPING = {
    "apollo_100.csv": {"first_name": "First Name", "company": "Company", "company_for_emails":
                       "Company Name for Emails", "email": "Email", "website": "Website", "title": "Title",
                       "country": "Country", "employees": "# Employees", "linkedin_url": "Person Linkedin Url"},
    "apollo_2025_100.csv": {"company": "Company Name", "company_for_emails": "Company Name for Emails",
                            "email": "Email", "website": "Website", "phone": "Work Direct Phone"},
    "sales_navigator_200.csv": {"full_name": "fullName", "first_name": "firstName", "company": "companyName",
                                "title": "title", "linkedin_url": "profileUrl",
                                "company_linkedin_url": "companyUrl", "location": "location"},
    "hunter_200.csv": {"website": "domain", "company": "organization", "email": "value", "title": "position",
                       "first_name": "first_name", "linkedin_url": "linkedin"},
    "ru_excel_300.csv": {"company": "Компания", "website": "Сайт", "first_name": "Имя", "last_name": "Фамилия",
                         "title": "Должность", "email": "Email", "city": "Город", "industry": "Отрасль",
                         "employees": "Кол-во сотрудников"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED_MAPPING))
def test_every_sample_format_maps_its_columns(name: str) -> None:
    with LeadSource(LEADS / name) as source:
        mapped = {field: source.header[i] for field, i in source.mapping.items()}
        for field, header in EXPECTED_MAPPING[name].items():
            assert mapped.get(field) == header, (field, mapped)
        assert "website" not in mapped or name != "sales_navigator_200.csv"


@pytest.mark.parametrize("name, rows", [("apollo_100.csv", 100), ("apollo_2025_100.csv", 100),
                                        ("sales_navigator_200.csv", 200), ("hunter_200.csv", 200),
                                        ("ru_excel_300.csv", 300)])
def test_row_counts_and_values_match_python_csv(name: str, rows: int) -> None:
    path = LEADS / name
    dialect = detect(path)
    with open(path, encoding=dialect.encoding, newline="") as fh:
        expected = list(csv.reader(fh, delimiter=dialect.delimiter))[1:]
    dialect.cleanup()
    with LeadSource(path) as source:
        got = [values for batch in source.stream(64) for _, values in batch]
    assert len(got) == len(expected) == rows
    for want, have in zip(expected, got, strict=True):
        assert ["" if v is None else v for v in have[: len(want)]] == want


def test_cp1251_semicolon_crlf_is_detected_and_transcoded() -> None:
    dialect = detect(LEADS / "ru_excel_300.csv")
    try:
        assert (dialect.encoding, dialect.delimiter) == ("cp1251", ";")
        assert dialect.header[0] == "Компания" and dialect.transcoded
    finally:
        dialect.cleanup()
    assert not dialect.data_path.exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1251", "latin-1", "utf-8"])
@pytest.mark.parametrize("delimiter", [",", ";", "|", "\t"])
def test_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    company = "Müller Bau GmbH" if encoding == "latin-1" else "ООО «Ромашка»" if encoding == "cp1251" else "Straße AG"
    rows = [["Company", "Email", "Note"], [company, "a@b.de", "x, y; z | w"], ["Acme Inc.", "c@acme.com", ""]]
    path = tmp_path / "in.csv"
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    with LeadSource(path) as source:
        assert source.dialect.delimiter == delimiter
        got = [[v or "" for v in values[:3]] for batch in source.stream() for _, values in batch]
    assert got == rows[1:]


def test_messy_file_keeps_every_record_and_reports_ragged_rows() -> None:
    with LeadSource(LEADS / "apollo_messy_500.csv") as source:
        assert source.dialect.encoding == "utf-8-sig"
        selection = source.select({}, None)
        # 533 records minus 2 blank lines (no data); the delimiter-only line is an EMPTY row
        assert selection.total == 531
        assert selection.count(EMPTY) == 1
        assert selection.count(DUPLICATE) == 30  # 20 exact copies + 10 near duplicates (EMAIL case, spaces)
        assert selection.count(SELECTED) == 500
        assert sorted(selection.ragged.values()) == [26, 53, 54]
        assert selection.extra_width == 2
        rows = {row: values for batch in source.stream() for row, values in batch}
        long_row = next(r for r, n in selection.ragged.items() if n == 54)
        assert rows[long_row][52:54] == ("extra", "col")
        embedded = [v for values in rows.values() for v in values if v and "\n" in v]
        assert embedded, "quoted fields with embedded newlines are kept whole"


def test_near_duplicates_point_to_the_first_lead() -> None:
    with LeadSource(LEADS / "apollo_messy_500.csv") as source:
        selection = source.select({}, None)
        rows = {row: source.fields_of(values) for batch in source.stream() for row, values in batch}
    for dup, original in selection.duplicate_of.items():
        assert original < dup
        if "email" in rows[dup]:
            assert rows[dup]["email"].lower() == rows[original]["email"].lower()
        else:  # no email: same person at the same company domain
            assert rows[dup]["first_name"] == rows[original]["first_name"]
            assert rows[dup]["last_name"] == rows[original]["last_name"]


def test_filters_and_limit_in_sql() -> None:
    with LeadSource(LEADS / "apollo_100.csv") as source:
        everything = source.select({}, None)
        us_big = source.select({"country": ["US"], "employees_min": 10000}, None)
        limited = source.select({"country": ["US"], "employees_min": 10000}, 3)
        rows = {row: source.fields_of(values) for batch in source.stream() for row, values in batch}
    assert everything.count(SELECTED) == 100
    chosen = [r for r in range(100) if us_big.codes[r] == SELECTED]
    assert chosen and all(int(rows[r]["employees"]) >= 10000 for r in chosen)
    assert all(us_big.codes[r] == FILTERED for r in range(100) if r not in chosen)
    assert [r for r in range(100) if limited.codes[r] == SELECTED] == chosen[:3]
    assert limited.count(LIMITED) == len(chosen) - 3


def test_russian_filters_on_russian_file() -> None:
    with LeadSource(LEADS / "ru_excel_300.csv") as source:
        selection = source.select({"job_titles": ["cfo"]}, None)
        rows = {row: source.fields_of(values) for batch in source.stream() for row, values in batch}
    chosen = [r for r in rows if selection.codes[r] == SELECTED]
    assert chosen and all("финансов" in rows[r]["title"].lower() for r in chosen)


def test_header_only_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("Company,Email\n", encoding="utf-8")
    with LeadSource(path) as source, pytest.raises(InputFileError, match="header only"):
        source.select({}, None)
