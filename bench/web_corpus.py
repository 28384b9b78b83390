"""Where the benchmark web corpus lives.

``bench/data/web`` lists all 124 pages (``manifest.csv``, ``truth.jsonl``, ``facts.jsonl``; see its SOURCES.md).
The 48 pages the tests also use are stored once, in ``tests/data/web/pages`` (byte for byte the same files);
``bench/data/web/pages`` holds the other 76. ``page_bytes`` finds a page in either place.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "data" / "web"
LOCAL = ROOT / "tests" / "data" / "web"


def page_bytes(folder: Path, file: str) -> bytes:
    """The page ``file`` listed in ``folder``'s manifest (the corpus falls back to the tests' copy)."""
    path = folder / "pages" / file
    if not path.exists() and folder.resolve() == CORPUS.resolve():
        path = LOCAL / "pages" / file
    return path.read_bytes()
