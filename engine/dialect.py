"""Detect how a lead CSV is written: encoding, delimiter, header; transcode to UTF-8 when DuckDB needs it.

DuckDB reads UTF-8 only (cp1251 needs an extension that cannot be installed offline), so anything else is
transcoded to a UTF-8 temporary file first. Detection order: BOM (UTF-8, UTF-16 LE/BE), NUL-byte
patterns (UTF-16 without BOM, binary files), strict UTF-8, then a single-byte guess between cp1251 and
Latin-1 (cp1252): Russian text has runs of high bytes (whole words), Western European text has isolated
ones ("Müller").

The delimiter is the one of ``, ; | TAB`` that occurs most often outside quotes in the header record (ties
go to the comma). The header is read with Python's csv module so that duplicate or odd header names are
kept exactly as written; DuckDB then reads the data rows positionally.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from processors.errors import InputFileError

DELIMITERS = (",", ";", "|", "\t")
SAMPLE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Dialect:
    """How to read one input file. ``data_path`` is the UTF-8 file DuckDB reads (maybe a transcoded copy)."""

    source_path: Path
    data_path: Path
    encoding: str
    delimiter: str
    header: tuple[str, ...]
    header_lines: int  # physical lines taken by the header record
    transcoded: bool

    def cleanup(self) -> None:
        if self.transcoded:
            with contextlib.suppress(OSError):
                os.unlink(self.data_path)


def _guess_single_byte(sample: bytes) -> str:
    high = [i for i, b in enumerate(sample) if b >= 0x80]
    if not high:
        return "utf-8"
    in_runs = sum(
        1
        for i in high
        if (i > 0 and sample[i - 1] >= 0x80) or (i + 1 < len(sample) and sample[i + 1] >= 0x80)
    )
    return "cp1251" if in_runs / len(high) >= 0.5 else "cp1252"


def detect_encoding(path: Path) -> str:
    """Return a Python codec name for ``path``; InputFileError for binary files."""
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        even = head[0::2].count(0)
        odd = head[1::2].count(0)
        half = max(1, len(head) // 2)
        if odd / half > 0.3 and even / half < 0.05:
            return "utf-16-le"
        if even / half > 0.3 and odd / half < 0.05:
            return "utf-16-be"
        raise InputFileError(str(path), "binary file, not a CSV (contains NUL bytes)")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    guess = _guess_single_byte(head)
    if guess == "utf-8":  # non-UTF-8 bytes only past the sample: decide on the whole file
        with open(path, "rb") as fh:
            guess = _guess_single_byte(fh.read(8 * SAMPLE_BYTES)[-SAMPLE_BYTES:])
        guess = "cp1252" if guess == "utf-8" else guess
    return guess


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def sniff_delimiter(first_line: str) -> str:
    counts = {d: _count_outside_quotes(first_line, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] > 0 else ","


def _read_header(text_sample: str, delimiter: str) -> tuple[tuple[str, ...], int]:
    reader = csv.reader(io.StringIO(text_sample, newline=""), delimiter=delimiter)
    for record in reader:
        if any(cell.strip() for cell in record):
            return tuple(record), reader.line_num
    return (), 0


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t")
    return controls / len(text) > 0.05


def _odd_quotes(path: Path) -> bool:
    """Valid CSV doubles quotes inside quoted fields, so the file's quote count is even; an odd count
    means a field opened a quote and never closed it (DuckDB would silently swallow the rest)."""
    count = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b'"')
    return count % 2 == 1


def _transcode(path: Path, encoding: str) -> Path:
    fd, name = tempfile.mkstemp(prefix="leadpipe-", suffix=".utf8.csv")
    with open(path, encoding=encoding, errors="replace", newline="") as src, os.fdopen(
        fd, "w", encoding="utf-8", newline=""
    ) as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    return Path(name)


def detect(path: Path) -> Dialect:
    """Inspect ``path`` and return its Dialect; InputFileError for anything that is not a lead CSV."""
    if not path.exists():
        raise InputFileError(str(path), "file not found")
    if path.is_dir():
        raise InputFileError(str(path), "is a directory, not a CSV file")
    if path.stat().st_size == 0:
        raise InputFileError(str(path), "file is empty")
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(SAMPLE_BYTES)
    if _looks_binary(sample):
        raise InputFileError(str(path), "binary file, not a CSV")
    stripped = sample.lstrip("\ufeff")
    first_line = next((ln for ln in stripped.splitlines() if ln.strip()), "")
    if not first_line:
        raise InputFileError(str(path), "file has no header line (only blank lines)")
    delimiter = sniff_delimiter(first_line)
    header, header_lines = _read_header(stripped, delimiter)
    if not header:
        raise InputFileError(str(path), "file has no header line")
    leading_blank = len(stripped) - len(stripped.lstrip("\r\n"))
    header_lines += stripped[:leading_blank].count("\n")
    transcoded = encoding not in ("utf-8", "utf-8-sig")
    data_path = _transcode(path, encoding) if transcoded else path
    if _odd_quotes(data_path):
        if transcoded:
            os.unlink(data_path)
        raise InputFileError(str(path), 'not a readable CSV (a quoted field is never closed: odd number of " '
                                        "characters)")
    return Dialect(path, data_path, encoding, delimiter, header, header_lines, transcoded)
