"""Offline personalization + icebreaker cost, as a ratio to parsing the same pages (same run).

Over the real pages in tests/data/web (grouped into sites by host) it times, on one core:
  baseline  extract_page on every page (the work website_intelligence already does per company);
  facts     extract_facts per site (company scope: once per company);
  ice       one template icebreaker per lead, 20 leads per site (lead scope, gates included).
Prints facts and icebreaker time per company / per lead as ratios to the baseline parse of that company's pages,
and leads per second for the icebreaker step. The end-to-end benchmark of issue 7 (2,000 leads, test web with
200 ms latency, fake LLM with 1 s latency) needs the engine and lives with it.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "tests" / "data" / "web"
LEADS_PER_SITE = 20


def _best(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    from processors.icebreakers.facts import extract_facts
    from processors.icebreakers.templates import render_icebreaker
    from processors.website_intelligence import extract_page

    rows = list(csv.DictReader((WEB / "manifest.csv").open(encoding="utf-8")))
    raw: dict[str, list[tuple[str, str, bytes, str]]] = defaultdict(list)
    for r in rows:
        url = r["original_url"] or f"http://{r['host']}/{r['file']}"
        raw[r["host"]].append((url, r["kind"], (WEB / "pages" / r["file"]).read_bytes(), r["charset"]))

    def parse_all() -> dict[str, dict]:
        return {host: {"url": pages[0][0], "pages": [{"url": u, "kind": k, "data": extract_page(b, u, f"text/html; charset={c}")}
                                                     for u, k, b, c in pages]} for host, pages in raw.items()}

    sites = parse_all()
    t_parse = _best(parse_all, 3)
    t_facts = _best(lambda: [extract_facts(s) for s in sites.values()])
    facts = {h: extract_facts(s) for h, s in sites.items()}
    leads = [(h, i) for h in sites if facts[h] for i in range(LEADS_PER_SITE)]

    def ice() -> int:
        made = 0
        for host, i in leads:
            lang = "ru" if host.endswith(".ru") else "en"
            company = host.removeprefix("www.").split(".")[0].title()
            made += render_icebreaker(facts=facts[host], lead_fields={"company": company}, language=lang,
                                      first_name="Alex", company=company, title="CEO",
                                      seed_key=f"{host}-{i}") is not None
        return made

    made = ice()
    t_ice = _best(ice, 3)
    n_sites = len(sites)
    print(f"sites {n_sites}, pages {sum(len(p) for p in raw.values())}, leads {len(leads)}, icebreakers {made}")
    print(f"facts per company        / parse of its pages: {t_facts / t_parse:.3f}x")
    print(f"icebreaker per lead      / parse per company : {(t_ice / len(leads)) / (t_parse / n_sites):.3f}x")
    print(f"icebreakers per second (one core, offline)  : {len(leads) / t_ice:,.0f}")


if __name__ == "__main__":
    main()
