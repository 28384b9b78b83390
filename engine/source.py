"""The CSV source: DuckDB reads the file (every value as text), selects, deduplicates and limits in SQL,
and streams rows to Python in batches so memory does not grow with the file.

Rows are read positionally (``header=false``, the header record skipped) with a few spare columns so
that ragged rows are kept: a short row is padded with NULLs, a long row's extra fields land in the spare
columns (``strict_mode`` makes DuckDB fail rather than silently cut a row that is longer still; we then
retry with more spare columns). Empty fields are read as '' (``nullstr`` is a byte that never occurs in
text) so that padding (NULL) and empty cells can be told apart.

Row numbers: ``row`` is the 0-based index of a data record in file order (blank lines are not records);
reports show it 1-based.

Disposition codes computed by ``select()``:
    SELECTED   processed
    FILTERED   did not match the command's filters
    LIMITED    matched, but beyond the command's limit
    DUPLICATE  same normalized email (else full name + company domain) as an earlier selected row
    EMPTY      every field empty (e.g. a delimiter-only line)
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from engine.columns import map_columns
from engine.dialect import Dialect, detect
from engine.filters import build_filter_sql
from processors.errors import InputFileError, UsageError

SELECTED, FILTERED, LIMITED, DUPLICATE, EMPTY = 0, 1, 2, 3, 4
SPARE_COLUMNS = (4, 64, 1024)


class ReadMismatch(Exception):
    """Python's csv module and DuckDB disagree about the file's records (the caller falls back)."""


@dataclass
class Selection:
    """What happens to each row; compact arrays so a million rows cost a few MB."""

    total: int
    codes: array  # one byte per row
    duplicate_of: dict[int, int] = field(default_factory=dict)
    ragged: dict[int, int] = field(default_factory=dict)  # row -> number of fields (when != header)
    extra_width: int = 0  # widest overflow beyond the header

    def count(self, code: int) -> int:
        return self.codes.count(code)


class LeadSource:
    """One input file, opened for reading. Use as a context manager (cleans up transcoded copies)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.dialect: Dialect = detect(self.path)
        self.header = self.dialect.header
        self.mapping = map_columns(self.header)
        self.width = len(self.header)
        self.spare = SPARE_COLUMNS[0]
        # a bounded buffer pool: DuckDB spills sorts and windows to disk instead of growing with the file
        self._spill = tempfile.mkdtemp(prefix="leadpipe-duckdb-")
        self.con = duckdb.connect(config={"memory_limit": "32MB", "threads": 1,
                                          "temp_directory": self._spill,
                                          "preserve_insertion_order": True})

    def __enter__(self) -> LeadSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()
        self.dialect.cleanup()
        shutil.rmtree(self._spill, ignore_errors=True)

    # -- SQL building ---------------------------------------------------------------------------------
    def _relation(self) -> str:
        cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(self.width + self.spare)) + "}"
        path = str(self.dialect.data_path).replace("'", "''")
        delim = self.dialect.delimiter.replace("'", "''")
        return (
            f"read_csv('{path}', delim='{delim}', quote='\"', escape='\"', header=false,"
            f" skip={self.dialect.header_lines}, auto_detect=false, columns={cols}, null_padding=true,"
            f" parallel=false, strict_mode=true, nullstr='\x01', comment='', max_line_size=2000000, buffer_size=8000000)"
        )

    def column(self, field_name: str) -> str | None:
        index = self.mapping.get(field_name)
        return None if index is None else f"c{index}"

    def _dedup_key_sql(self) -> str:
        email, website = self.column("email"), self.column("website")
        parts = []
        if email:
            parts.append(f"CASE WHEN lower(trim({email})) LIKE '%_@_%' THEN lower(trim({email})) END")
        full = self.column("full_name")
        first, last = self.column("first_name"), self.column("last_name")
        name = None
        if full:
            name = f"nullif(lower(trim({full})), '')"
        if first or last:
            joined = " || ' ' || ".join(f"trim(coalesce({c}, ''))" for c in (first, last) if c)
            alt = f"nullif(lower(trim({joined})), '')"
            name = f"coalesce({name}, {alt})" if name else alt
        domain_sources = []
        if website:
            domain_sources.append(
                f"nullif(regexp_extract(lower(trim({website})), '^(?:[a-z]+://)?(?:www\\.)?([^/:?#\\s]+)', 1), '')"
            )
        if email:
            domain_sources.append(f"nullif(split_part(lower(trim({email})), '@', 2), '')")
        if name and domain_sources:
            parts.append(f"{name} || '|' || coalesce({', '.join(domain_sources)})")
        return f"coalesce({', '.join(parts)})" if parts else "NULL"

    def _run(self, sql: str) -> duckdb.DuckDBPyConnection:
        while True:
            try:
                return self.con.execute(sql.replace("{SRC}", self._relation()))
            except duckdb.Error as exc:
                text = str(exc)
                if "Expected Number of Columns" in text or "too many columns" in text.lower():
                    bigger = [s for s in SPARE_COLUMNS if s > self.spare]
                    if bigger:
                        self.spare = bigger[0]
                        continue
                line = next((ln for ln in text.splitlines() if "Line" in ln), text.splitlines()[0])
                raise InputFileError(str(self.path), f"not a readable CSV ({line.strip()})") from None

    # -- selection ------------------------------------------------------------------------------------
    def select(self, filters: dict | None = None, limit: int | None = None, dedup: bool = True) -> Selection:
        """Compute every row's disposition in SQL (filters, then dedup among matches, then limit)."""
        if limit is not None and limit <= 0:
            raise UsageError(f"limit must be a positive number of leads, got {limit}")
        n = self.width
        all_cols = [f"c{i}" for i in range(n + self.spare)]
        header_cols = all_cols[:n]
        filter_sql = build_filter_sql(filters or {}, self.column, str(self.path))
        key_sql = self._dedup_key_sql() if dedup else "NULL"
        # Row numbers come from a sequence read in file order (one thread, parallel=false): a window
        # OVER () would hold the whole file in one block. Dedup is a GROUP BY + join, the limit a cutoff
        # index: both spill to disk under the memory limit instead of growing with the file.
        self.con.execute("CREATE OR REPLACE TEMP SEQUENCE lead_idx START 0 MINVALUE 0")
        self._run(f"""
        CREATE OR REPLACE TEMP TABLE narrow AS
        SELECT nextval('lead_idx') AS idx,
               ({' + '.join(f'({c} IS NOT NULL)::INT' for c in all_cols)})::SMALLINT AS nfields,
               CASE WHEN ({' AND '.join(f"trim(coalesce({c}, '')) = ''" for c in header_cols)}) THEN {EMPTY}
                    WHEN NOT coalesce(({filter_sql}), false) THEN {FILTERED} ELSE {SELECTED} END::TINYINT AS code0,
               {key_sql} AS dkey
        FROM {{SRC}}""")
        self.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE firsts AS
        SELECT dkey, min(idx) AS first_idx FROM narrow
        WHERE code0 = {SELECTED} AND dkey IS NOT NULL GROUP BY dkey HAVING count(*) > 1""")
        self.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE selection AS
        SELECT n.idx, n.nfields, f.first_idx,
               CASE WHEN n.code0 = {SELECTED} AND f.first_idx < n.idx THEN {DUPLICATE} ELSE n.code0 END AS code
        FROM narrow n LEFT JOIN firsts f ON n.code0 = {SELECTED} AND n.dkey = f.dkey""")
        self.con.execute("DROP TABLE narrow; DROP TABLE firsts")
        if limit:
            cutoff = self.con.execute(
                f"SELECT idx FROM selection WHERE code = {SELECTED} ORDER BY idx LIMIT 1 OFFSET {int(limit) - 1}"
            ).fetchone()
            if cutoff is not None:
                self.con.execute(f"UPDATE selection SET code = {LIMITED} WHERE code = {SELECTED}"
                                 f" AND idx > {cutoff[0]}")
        total = self.con.execute("SELECT count(*) FROM selection").fetchone()[0]
        codes = array("b", bytes(total))
        selection = Selection(total=total, codes=codes)
        cursor = self.con.execute(
            f"SELECT idx, nfields, first_idx, code FROM selection WHERE code <> {SELECTED} OR nfields <> {n}"
            " ORDER BY idx"
        )
        while batch := cursor.fetchmany(10000):
            for idx, nfields, first_idx, code in batch:
                codes[idx] = code
                if code == DUPLICATE:
                    selection.duplicate_of[idx] = first_idx
                if nfields != n and code != EMPTY:
                    selection.ragged[idx] = nfields
                    selection.extra_width = max(selection.extra_width, nfields - n)
        self.con.execute("DROP TABLE selection")
        if total == 0:
            raise InputFileError(str(self.path), "header only, no data rows")
        return selection

    # -- streaming ------------------------------------------------------------------------------------
    def stream(self, batch_size: int = 1000, width: int | None = None
               ) -> Iterator[list[tuple[int, tuple[str | None, ...]]]]:
        """Yield batches of (row, values) in file order: the first ``width`` columns (default all, spare
        columns included; None = padding)."""
        width = self.width + self.spare if width is None else max(1, width)
        cursor = self._run(f"SELECT {', '.join(f'c{i}' for i in range(width))} FROM {{SRC}}")
        row = 0
        while batch := cursor.fetchmany(batch_size):
            yield [(row + i, values) for i, values in enumerate(batch)]
            row += len(batch)

    def stream_checked(self, selection: Selection, width: int, batch_size: int = 2000
                       ) -> Iterator[list[tuple[int, list[str]]]]:
        """Rows for writing the output, read by Python's csv module from the same UTF-8 file (about 3x faster
        than moving rows out of DuckDB), each checked against DuckDB's reading: the same number of records
        and the same field count per record. Raises ``ReadMismatch`` on any disagreement, so the caller can
        fall back to ``stream``."""
        expected_width = self.width
        encoding = "utf-8-sig"
        with open(self.dialect.data_path, encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=self.dialect.delimiter, quotechar='"', doublequote=True, strict=True)
            try:
                next(r for r in reader if r)  # the header record
                row, batch = 0, []
                ragged = selection.ragged
                for record in reader:
                    if not record:
                        continue  # blank line: not a record for DuckDB either
                    if row >= selection.total or len(record) != ragged.get(row, expected_width) and not (
                            selection.codes[row] == EMPTY):
                        raise ReadMismatch(f"record {row + 1}")
                    if len(record) < width:
                        record += [""] * (width - len(record))
                    batch.append((row, record[:width]))
                    row += 1
                    if len(batch) >= batch_size:
                        yield batch
                        batch = []
            except csv.Error as exc:
                raise ReadMismatch(str(exc)) from None
        if row != selection.total:
            raise ReadMismatch(f"{row} records, DuckDB read {selection.total}")
        if batch:
            yield batch

    def stream_fields(self, batch_size: int = 1000, only: set[str] | None = None
                      ) -> Iterator[list[tuple[int, dict[str, str]]]]:
        """Like ``stream`` but reads only the mapped columns (or just the fields in ``only``) and yields
        canonical fields per row."""
        items = [(k, v) for k, v in self.mapping.items() if only is None or k in only]
        if not items:
            yield from ([(row, {}) for row, _ in rows] for rows in self.stream(batch_size, 1))
            return
        cursor = self._run(f"SELECT {', '.join(f'c{i}' for _, i in items)} FROM {{SRC}}")
        names = [name for name, _ in items]
        row = 0
        while batch := cursor.fetchmany(batch_size):
            out = []
            for values in batch:
                fields = {}
                for name, value in zip(names, values, strict=True):
                    if value:
                        value = value.strip()
                        if value:
                            fields[name] = value
                out.append((row, fields))
                row += 1
            yield out

    def fields_of(self, values: tuple[str | None, ...]) -> dict[str, str]:
        """Canonical fields of one full row, whitespace stripped (empty fields omitted)."""
        out = {}
        for name, index in self.mapping.items():
            value = values[index]
            if value:
                value = value.strip()
                if value:
                    out[name] = value
        return out
