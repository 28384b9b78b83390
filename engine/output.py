"""Write the enriched CSV from state: every input row exactly once, in input order.

Columns: every input column unchanged (ragged rows padded; fields beyond the header go to
``extra_field_N``), then the new columns in pipeline order (snake_case, valid merge tags), then
``lead_status`` (enriched | partial | failed | skipped | duplicate | pending) and ``lead_error`` (the error
or skip reason, e.g. "website_intelligence: LeadSkipped: no website", "duplicate of row 7").

Written as UTF-8 with a BOM (Excel then reads Cyrillic correctly; Instantly, Smartlead and lemlist
accept it; ``LEADPIPE_CSV_BOM=false`` turns it off), comma-separated, fields quoted when needed, CRLF
line ends (RFC 4180). Cells in the *new* columns that a spreadsheet would run as a formula (starting
with = + - @, tab or CR) are prefixed with an apostrophe: their text comes from the web. Plain numbers
such as E.164 phones ("+12024003052") cannot run as formulas and are left as they are. Input cells are
the user's own data and are written back exactly as read. The file is written to a temporary file in
the same folder and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.source import DUPLICATE, EMPTY, FILTERED, LIMITED, SELECTED, LeadSource, ReadMismatch, Selection
from state.db import StateDB

STATUS_COLUMNS = ("lead_status", "lead_error")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# "+1 202-400-3052; +44 20 7946 0958" starts like a formula but cannot run as one: left as is
_PLAIN_NUMBERS = re.compile(r"[+\-]?[\d\s().\-/+;,]*")


def escape_formula(value: str) -> str:
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBERS.fullmatch(value):
        return "'" + value
    return value


def _reason_for(code: int, row: int, selection: Selection, limit: int | None,
                pending_reason: str | None = None) -> tuple[str, str]:
    if code == DUPLICATE:
        return "duplicate", f"duplicate of row {selection.duplicate_of[row] + 1}"
    if code == FILTERED:
        return "skipped", "filtered out: does not match the command's filters"
    if code == LIMITED:
        return "skipped", f"not selected: beyond the limit of {limit} leads"
    if code == EMPTY:
        return "skipped", "empty row"
    if pending_reason:
        return "skipped", pending_reason
    return "pending", "not processed yet: run interrupted; type the same command again to resume"


def _cell(value: Any) -> str:
    if value is None or value == "":
        return ""
    text = value if isinstance(value, str) else str(value)
    return escape_formula(text) if text[0] in "=+-@\t\r" else text


def format_errors(errors: list[dict[str, str]]) -> str:
    return "; ".join(f"{e['processor']}: {e['error_class']}: {e['message']}" for e in errors)


def _results(db: StateDB, run_id: str, columns: list[str]) -> Iterator[tuple]:
    yield from db.iter_output_rows(run_id, columns)
    while True:
        yield (1 << 62,)


def write_output(path: Path, source: LeadSource, selection: Selection, db: StateDB, run_id: str,
                 columns: list[str], limit: int | None, bom: bool = True, batch_size: int = 2000,
                 pending_reason: str | None = None) -> dict[str, int]:
    """Write the CSV atomically; return counts by lead_status.

    Rows come from the fast checked reader; if it disagrees with DuckDB anywhere, the file is written again
    from DuckDB's own rows (the two give identical bytes when they agree)."""
    try:
        return _write(path, source, selection, db, run_id, columns, limit, bom, batch_size, pending_reason, True)
    except ReadMismatch:
        return _write(path, source, selection, db, run_id, columns, limit, bom, batch_size, pending_reason, False)


def _write(path: Path, source: LeadSource, selection: Selection, db: StateDB, run_id: str, columns: list[str],
           limit: int | None, bom: bool, batch_size: int, pending_reason: str | None, fast: bool) -> dict[str, int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    width = len(source.header)
    extra = selection.extra_width
    header = [*source.header, *(f"extra_field_{i + 1}" for i in range(extra)), *columns, *STATUS_COLUMNS]
    wanted_originals = set(selection.duplicate_of.values())
    remembered: dict[int, list[str]] = {}
    counts: dict[str, int] = {}
    results = _results(db, run_id, columns)
    current = next(results)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(header)
            empty_new = [""] * len(columns)
            rows_source = source.stream_checked(selection, width + extra, batch_size) if fast else \
                source.stream(batch_size, width + extra)
            for rows in rows_source:
                out_rows = []
                for row, values in rows:
                    while current[0] < row:
                        current = next(results)
                    cells = values if fast else ["" if v is None else v for v in values[: width + extra]]
                    code = selection.codes[row]
                    if code == SELECTED and current[0] == row:
                        status, errors = current[1], current[2]
                        error_text = format_errors(json.loads(errors)) if errors != "[]" else ""
                        new = [_cell(v) for v in current[3:]] if len(current) > 3 else []
                        if row in wanted_originals:
                            remembered[row] = new
                    elif code == DUPLICATE and selection.duplicate_of[row] in remembered:
                        new = remembered[selection.duplicate_of[row]]
                        status, error_text = _reason_for(code, row, selection, limit)
                    else:
                        new = empty_new
                        status, error_text = _reason_for(code, row, selection, limit, pending_reason)
                    counts[status] = counts.get(status, 0) + 1
                    cells.extend(new)
                    cells.append(status)
                    cells.append(escape_formula(error_text) if error_text else "")
                    out_rows.append(cells)
                writer.writerows(out_rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts
