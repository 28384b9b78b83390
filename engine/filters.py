"""Turn a ProcessingCommand's ``filters`` into one DuckDB SQL boolean expression over the input columns.

Filter keys (the NL command convention): country (ISO codes), region, city, job_titles, seniority,
industry, employees_min, employees_max, has_website, has_email. Vocabularies (country names in English
and Russian, title/seniority/industry patterns) are in ``engine/data/filters.json``. A filter that needs
a column the file does not have is a UsageError naming the filter and the file (before any work).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from processors.errors import UsageError

KNOWN_FILTERS = (
    "country", "region", "city", "job_titles", "seniority", "industry", "employees_min", "employees_max",
    "has_website", "has_email",
)


@cache
def vocab() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "data" / "filters.json").read_text(encoding="utf-8"))


def sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _norm(col: str) -> str:
    return f"lower(trim(coalesce({col}, '')))"


def country_iso_expr(col: str) -> str:
    """SQL CASE mapping a free-text country cell to its ISO code (NULL when unknown)."""
    whens = []
    for iso, names in vocab()["countries"].items():
        options = ", ".join(sql_str(n) for n in [*names, iso.lower()])
        whens.append(f"WHEN {_norm(col)} IN ({options}) THEN '{iso}'")
    return "CASE " + " ".join(whens) + " ELSE NULL END"


def build_filter_sql(filters: dict[str, Any], column: Callable[[str], str | None], source: str) -> str:
    """Return a SQL predicate. ``column(field)`` gives the SQL column for a canonical field, or None."""
    clauses: list[str] = []

    def need(*fields: str, what: str) -> list[str]:
        cols = [c for c in (column(f) for f in fields) if c]
        if not cols:
            raise UsageError(f"{source}: filter {what!r} needs a {' or '.join(fields)} column, the file has none")
        return cols

    for key in filters:
        if key not in KNOWN_FILTERS:
            raise UsageError(f"unknown filter {key!r}; known: {', '.join(KNOWN_FILTERS)}")
    countries = {c.upper() for c in filters.get("country") or []}
    for region in filters.get("region") or []:
        if region not in vocab()["regions"]:
            raise UsageError(f"unknown region {region!r}; known: {', '.join(vocab()['regions'])}")
        countries.update(vocab()["regions"][region])
    if countries:
        cols = need("country", "company_country", "location", what="country")
        iso = " OR ".join(f"({country_iso_expr(c)}) IN ({', '.join(sql_str(x) for x in sorted(countries))})"
                          for c in cols if "location" not in c)
        loc = [c for c in cols if "location" in c]
        if loc:  # "Berlin, Germany": match the last comma part
            part = f"trim(regexp_extract({loc[0]}, '([^,]*)$', 1))"
            iso = " OR ".join(x for x in [iso, f"({country_iso_expr(part)}) IN "
                              f"({', '.join(sql_str(x) for x in sorted(countries))})"] if x)
        clauses.append(f"({iso})")
    if filters.get("city"):
        cols = need("city", "company_city", "location", what="city")
        names = ", ".join(sql_str(c.lower()) for c in filters["city"])
        clauses.append("(" + " OR ".join(
            f"{_norm(c)} IN ({names})" if "location" not in c else
            f"lower(trim(split_part({c}, ',', 1))) IN ({names})" for c in cols) + ")")
    for key, table, fields in (
        ("job_titles", "job_titles", ("title",)),
        ("seniority", "seniority", ("seniority", "title")),
        ("industry", "industries", ("industry", "keywords")),
    ):
        wanted = filters.get(key) or []
        if not wanted:
            continue
        patterns = []
        for value in wanted:
            if value not in vocab()[table]:
                raise UsageError(f"unknown {key} value {value!r}; known: {', '.join(vocab()[table])}")
            patterns.append(vocab()[table][value])
        regex = sql_str("(?i)(" + "|".join(patterns) + ")")
        cols = need(*fields, what=key)
        clauses.append("(" + " OR ".join(f"regexp_matches(coalesce({c}, ''), {regex})" for c in cols) + ")")
    if filters.get("employees_min") is not None or filters.get("employees_max") is not None:
        col = need("employees", what="employees")[0]
        number = f"try_cast(nullif(regexp_extract(replace(replace({col}, ',', ''), ' ', ''), '([0-9]+)', 1), '') AS BIGINT)"
        if filters.get("employees_min") is not None:
            clauses.append(f"coalesce({number} >= {int(filters['employees_min'])}, false)")
        if filters.get("employees_max") is not None:
            clauses.append(f"coalesce({number} <= {int(filters['employees_max'])}, false)")
    if filters.get("has_website"):
        col = need("website", what="has_website")[0]
        clauses.append(f"{_norm(col)} NOT IN ('', 'n/a', 'none', '-')")
    if filters.get("has_email"):
        col = need("email", what="has_email")[0]
        clauses.append(f"{_norm(col)} LIKE '%_@_%._%'")
    return " AND ".join(clauses) if clauses else "TRUE"
