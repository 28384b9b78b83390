"""Full enrichment through the engine over the test web (real pages, hostile hosts), offline path:
every row once, icebreakers grounded in facts, per-lead errors with reasons, company results cached."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from tests.engine_helpers import only_output, read_output, run_cli, workspace_env

LEADS = [
    ("Anna", "Schmidt", "Managing Partner", "Anwaltskanzlei Niemeyer", "https://anwaltniemeyer.de", "a@x.de"),
    ("Bob", "Jones", "CEO", "Better Builders", "betterbuilders.com", "bob@betterbuilders.com"),
    ("Carol", "White", "CTO", "Better Builders", "www.betterbuilders.com", "carol@betterbuilders.com"),
    ("Dan", "Brown", "Owner", "Abacus LLC", "http://www.abacusllc.com/?utm_source=apollo", "dan@abacusllc.com"),
    ("Eve", "Black", "CEO", "Drip Co", "drip.test", "eve@drip.test"),
    ("Frank", "Green", "CEO", "Bomb Inc", "gzipbomb.test", "frank@gzipbomb.test"),
    ("Gina", "Gray", "CEO", "Canary Ltd", "canaryredirect.test", "gina@canaryredirect.test"),
    ("Hank", "Hill", "Founder", "No Site", "", "hank@gmail.com"),
    ("Ivan", "Petrov", "Director", "Reset LLC", "reset.test", "ivan@reset.test"),
]


def test_full_enrichment_offline(tmp_path: Path, web_env: dict[str, str], test_web) -> None:
    path = tmp_path / "leads.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["First Name", "Last Name", "Title", "Company", "Website", "Email"])
        writer.writerows(LEADS)
    env = workspace_env(tmp_path, LEADPIPE_ALLOW_PRIVATE_HOSTS="false", LEADPIPE_CONCURRENCY="16", **web_env)
    args = ["run", "--input", str(path), "--processors",
            "company_name_cleaner,website_intelligence,personalization_extractor,icebreaker_generator"]
    result = run_cli(args, env, timeout=180)
    assert result.returncode in (0, 1), result.stderr
    header, rows = read_output(only_output(tmp_path))
    failing = [r for r in rows if r[header.index("lead_status")] in ("partial", "failed")]
    assert result.returncode == (1 if failing else 0)  # the exit code says whether any lead failed
    assert len(rows) == len(LEADS)
    col = {name: header.index(name) for name in header}
    by_company = {r[col["Company"]]: r for r in rows}
    for company in ("Better Builders", "Abacus LLC"):
        row = by_company[company]
        assert row[col["lead_status"]] == "enriched", row[col["lead_error"]]
        assert row[col["site_title"]] and row[col["personalization"]]
        assert row[col["icebreaker"]] and row[col["icebreaker_source"]] == "template"
        assert row[col["icebreaker_fact_url"]].startswith("http")
    for company in ("Drip Co", "Bomb Inc", "Canary Ltd", "Reset LLC"):
        row = by_company[company]
        assert row[col["lead_status"]] in ("partial", "skipped"), row
        assert "website_intelligence" in row[col["lead_error"]] and row[col["company_clean"]]
    no_site = by_company["No Site"]
    assert "no website" in no_site[col["lead_error"]]
    assert test_web.canary_hits == 0  # the redirect to loopback was refused
    assert "canary" in by_company["Canary Ltd"][col["lead_error"]].lower() or \
        "refus" in by_company["Canary Ltd"][col["lead_error"]].lower() or \
        "private" in by_company["Canary Ltd"][col["lead_error"]].lower(), by_company["Canary Ltd"][col["lead_error"]]
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    cached = {k for (k,) in db.execute("SELECT company_key FROM company_results WHERE processor = 'website_intelligence'")}
    assert any("betterbuilders" in k for k in cached)
    assert db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] > 0
    report = json.loads(next((tmp_path / "reports").glob("*.json")).read_text(encoding="utf-8"))
    assert report["errors_total"] >= 4 and {e["processor"] for e in report["errors"]} >= {"website_intelligence"}


def test_sample_round_prints_icebreakers_and_writes_nothing(tmp_path: Path, web_env: dict[str, str]) -> None:
    path = tmp_path / "leads.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["First Name", "Last Name", "Title", "Company", "Website", "Email"])
        writer.writerows(LEADS)
    env = workspace_env(tmp_path, **web_env)
    result = run_cli(["run", f"Сначала покажи 2 примера айсбрейкеров для {path}"], env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("#") >= 2 and "Schmidt" in result.stdout
    assert not (tmp_path / "out").exists() and not (tmp_path / "state.sqlite3").exists()
