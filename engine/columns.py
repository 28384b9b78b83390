"""Map a file's header to canonical lead fields through an alias table (English and Russian headers).

``map_columns(header)`` returns ``{canonical_field: column_index}``. Headers are compared after folding
case and dropping spaces, ``_ - . # ' "``; the first column (in header order) that matches a field wins,
and one column serves one field. The alias table is ``engine/data/column_aliases.json``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

_FOLD = re.compile(r"[\s_\-.#'\"]+")

def fold(header: str) -> str:
    return _FOLD.sub("", header.strip().lstrip("\ufeff").lower())


@cache
def _aliases() -> dict[str, str]:
    raw = json.loads((Path(__file__).parent / "data" / "column_aliases.json").read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for field, spellings in raw.items():
        if field.startswith("_"):
            continue
        for spelling in spellings:
            table.setdefault(fold(spelling), field)
    return table


def map_columns(header: tuple[str, ...] | list[str]) -> dict[str, int]:
    aliases = _aliases()
    mapping: dict[str, int] = {}
    for index, name in enumerate(header):
        field = aliases.get(fold(name))
        if field and field not in mapping:
            mapping[field] = index
    return mapping
