"""End to end: `leadpipe run` with website_intelligence through the test web (a real subprocess)."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

LEADS = """First Name,Last Name,Company,Email,Website
Jane,Doe,Katz Marshall,jane@kmblegal.com,kmblegal.com
Ivan,Petrov,Потолки,ivan@cp1251.test,
Ann,Lee,NoSite,ann@gmail.com,
Eve,Bomb,Bomb Ltd,eve@gzipbomb.test,gzipbomb.test
Kim,Canary,Canary,kim@canaryredirect.test,canaryredirect.test
Max,Law,Katz Marshall,max@kmblegal.com,https://www.kmblegal.com/?utm_source=x
"""


def _run(tmp: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine", "run", "--input", str(tmp / "leads.csv"), "--processors",
         "website_intelligence", "--output", str(tmp / "out.csv"), "--state-db", str(tmp / "state.db"), "-y"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_pipeline_enriches_skips_fails_and_caches(tmp_path: Path, test_web: Any, web_env: dict[str, str]) -> None:
    (tmp_path / "leads.csv").write_text(LEADS, encoding="utf-8")
    env = {**os.environ, **web_env, "LEADPIPE_FETCH_RETRIES": "0", "LEADPIPE_REPORT_DIR": str(tmp_path / "reports")}
    env.pop("OPENAI_API_KEY", None)
    canary_before = test_web.canary_hits
    first = _run(tmp_path, env)
    assert first.returncode in (0, 1), first.stderr[-2000:]
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 6
    by_name = {r["First Name"]: r for r in rows}
    assert by_name["Jane"]["site_title"].startswith("Katz, Marshall & Banks")
    assert by_name["Max"]["site_title"] == by_name["Jane"]["site_title"]  # same company, fetched once
    assert by_name["Ivan"]["site_language"] == "ru"
    assert not by_name["Ann"]["site_url"] and not by_name["Eve"]["site_url"] and not by_name["Kim"]["site_url"]
    assert test_web.canary_hits == canary_before
    with sqlite3.connect(tmp_path / "state.db") as db:
        assert db.execute("SELECT count(*) FROM pages").fetchone()[0] >= 2
    hits = sum(test_web.hits.values())
    second = _run(tmp_path, env)  # a finished run typed again costs nothing
    assert second.returncode in (0, 1), second.stderr[-2000:]
    assert sum(test_web.hits.values()) == hits
