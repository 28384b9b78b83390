"""The estimate: real prompts from a sample, no paid call, within ±25 % of the real run's cost."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.engine_helpers import run_cli, workspace_env
from tests.fixtures_llm import TEST_API_KEY

SITES = [("Better Builders", "betterbuilders.com"), ("Abacus LLC", "abacusllc.com"),
         ("Anwaltskanzlei Niemeyer", "anwaltniemeyer.de"), ("Bunchball", "bunchball.com"),
         ("Crossing Guard Safety", "crossingguardsafety.com"), ("Caltron", "caltronind.com")]
STEPS = "company_name_cleaner,website_intelligence,personalization_extractor,icebreaker_generator"


def _leads(path: Path, per_company: int = 6) -> Path:
    first = ["Ann", "Bob", "Cid", "Dee", "Eli", "Fay", "Gus", "Hal"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["First Name", "Last Name", "Title", "Company", "Website", "Email"])
        for company, domain in SITES:
            for i in range(per_company):
                writer.writerow([first[i], "Smith", "CEO", company, domain, f"{first[i].lower()}@{domain}"])
    return path


def test_estimate_makes_no_call_and_lands_near_the_real_cost(tmp_path: Path, web_env, fake_llm) -> None:
    leads = _leads(tmp_path / "leads.csv")
    env = workspace_env(tmp_path, OPENAI_API_KEY=TEST_API_KEY, OPENAI_BASE_URL=fake_llm.base_url,
                        LEADPIPE_LLM_MODEL="gpt-4o-mini", LEADPIPE_LLM_BACKOFF_BASE="0.01",
                        NO_PROXY="127.0.0.1,localhost", **web_env)  # the model server is local, not behind the test web
    est = run_cli(["estimate", "--input", str(leads), "--processors", STEPS], env, timeout=180)
    assert est.returncode == 0, est.stderr
    assert fake_llm.stats()["requests"] == 0  # no paid call
    estimate = json.loads(est.stdout)
    assert estimate["paid"] and estimate["leads"] == 36
    assert {p["processor"] for p in estimate["processors"]} == {"personalization_extractor", "icebreaker_generator"}
    run = run_cli(["run", "--input", str(leads), "--processors", STEPS, "--yes", "--json"], env, timeout=300)
    assert run.returncode in (0, 1), run.stderr
    real = json.loads(run.stdout)["cost_usd"]
    assert real and real > 0
    low, mid, high = (estimate["cost_usd"][k] for k in ("low", "mid", "high"))
    assert low <= real <= high, (low, real, high)
    assert abs(mid - real) / real <= 0.25, (mid, real)
