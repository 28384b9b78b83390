"""Parts of the end-to-end benchmark (bench/bench_e2e.py): its input, the seed's design, and a zero-CPU schedule.

* ``write_leads``: Apollo-layout leads spread at random over the test-web sites that have a home page.
* ``run_seed``: the seed's design, a ``ThreadPoolExecutor(5)`` whose threads each run one lead's chain at a
  time (every processor for that lead alone, one ``asyncio.run`` each, a fresh context per lead whose ``llm``
  is an ``LLMClient``: no company sharing).
* ``zero_cpu_schedule``: the wall time the same waits would take with no CPU and continuous feeding.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import os
import random
import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.make_leads import APOLLO_HEADER, FIRST, LAST, SENIORITY, TITLES

PROCESSORS = ("company_name_cleaner", "website_intelligence", "personalization_extractor", "icebreaker_generator")
SEED_THREADS = 5
RU_FIRST = ["Иван", "Мария", "Алексей", "Ольга", "Дмитрий", "Анна", "Сергей", "Елена"]
RU_LAST = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков"]


def web_sites() -> list[dict[str, str]]:
    """The test-web sites that have a home page: host, home URL, language (from the manifest)."""
    from tests.fixtures_web import WEB_DATA

    sites = []
    with open(WEB_DATA / "manifest.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] == "home":
                url = row["original_url"] or f"http://{row['host']}/"
                sites.append({"host": row["host"], "url": url, "language": row["language"]})
    return sites


def _company_name(host: str) -> str:
    label = host.removeprefix("www.").split(".")[0].replace("-", " ")
    return " ".join(w.capitalize() for w in label.split())


def write_leads(out: Path, rows: int, seed: int = 7) -> Path:
    """``rows`` Apollo-layout leads spread at random over the test-web sites (several per company)."""
    rng = random.Random(seed)
    sites = web_sites()
    col = {name: i for i, name in enumerate(APOLLO_HEADER)}
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(APOLLO_HEADER)
        for n in range(rows):
            site = rng.choice(sites)
            russian = site["language"] == "ru"
            first, last = (rng.choice(RU_FIRST), rng.choice(RU_LAST)) if russian else (rng.choice(FIRST), rng.choice(LAST))
            t = rng.randrange(len(TITLES))
            domain = site["host"].removeprefix("www.")
            name = _company_name(site["host"])
            row = [""] * len(APOLLO_HEADER)
            row[col["First Name"]], row[col["Last Name"]] = first, last
            row[col["Title"]], row[col["Seniority"]] = TITLES[t], SENIORITY[t]
            row[col["Company"]] = name + (", Inc." if rng.random() < 0.2 and not russian else "")
            row[col["Company Name for Emails"]] = name
            row[col["Email"]] = f"lead{n}@{domain}"
            row[col["Email Status"]] = "Verified"
            row[col["Website"]] = site["url"]
            row[col["Country"]] = "Russia" if russian else ""
            writer.writerow(row)
    return out


def _read_leads(path: Path, limit: int) -> list[dict[str, str]]:
    """Canonical fields for the first ``limit`` rows (what the engine's column mapping gives processors)."""
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if i >= limit:
                break
            out.append({"first_name": row["First Name"], "last_name": row["Last Name"], "title": row["Title"],
                        "company": row["Company"], "company_for_emails": row["Company Name for Emails"],
                        "email": row["Email"], "website": row["Website"], "country": row["Country"]})
    return out


def _seed_chain(row: int, fields: dict[str, str], settings: dict[str, str]) -> tuple[float, str]:
    """One lead's chain the seed's way: every processor for this lead alone, one asyncio.run each."""
    from processors import registry
    from processors.base import Lead, ProcessorContext
    from processors.llm import LLMClient, LLMSettings

    started = time.perf_counter()
    llm = LLMClient(LLMSettings.from_env(settings))
    ctx = ProcessorContext(settings=dict(settings), llm=llm)
    lead = Lead(row=row, fields=fields)
    status = "enriched"
    for name in PROCESSORS:
        proc = registry.load(name)

        async def step(proc: Any = proc) -> dict[str, Any]:
            try:
                return await proc.process(lead, ctx)
            finally:  # clients are bound to this loop: close them in it
                closer = getattr(proc, "aclose", None)
                if closer is not None:
                    await closer(ctx)
                await llm.aclose()

        try:
            outputs = asyncio.run(step())
        except Exception as exc:  # noqa: BLE001 — the seed records the lead's error and moves on
            status = f"{name}: {exc.__class__.__name__}: {str(exc)[:120]}"
            break
        lead.outputs.update({k: v for k, v in outputs.items() if k != "_pages"})
    return time.perf_counter() - started, status


def run_seed(leads: Path, count: int, settings: dict[str, str]) -> dict[str, Any]:
    fields = _read_leads(leads, count)
    started = time.perf_counter()
    with ThreadPoolExecutor(SEED_THREADS) as pool:
        results = list(pool.map(lambda a: _seed_chain(a[0], a[1], settings), enumerate(fields)))
    wall = time.perf_counter() - started
    times = [t for t, _ in results]
    ok = sum(1 for _, s in results if s == "enriched")
    return {"wall": wall, "leads": len(fields), "chain_mean": statistics.mean(times),
            "chain_median": statistics.median(times), "ok": ok,
            "errors": sorted({s for _, s in results if s != "enriched"})}


@contextlib.contextmanager
def patched_environ(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for this process (the seed's httpx/openai read proxies from it)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def schema_name(entry: dict[str, Any]) -> str:
    request = entry.get("request") or {}
    fmt = request.get("response_format") or {}
    return str((fmt.get("json_schema") or {}).get("name") or "")


def zero_cpu_schedule(lead_sites: list[str], slots: int, company_wait_s: float, lead_wait_s: float,
                      scale: float = 0.1) -> float:
    """Wall time of the same work with no CPU at all: ``slots`` leads in flight fed continuously in file order,
    each lead waiting for its company's steps (``company_wait_s``, run once per company, shared) and then for
    its own (``lead_wait_s``). Simulated with asyncio sleeps at ``scale`` x real time; returns real seconds."""

    async def run() -> float:
        companies: dict[str, asyncio.Task] = {}
        sem = asyncio.Semaphore(slots)

        async def lead(site: str) -> None:
            try:
                if site not in companies:
                    companies[site] = asyncio.ensure_future(asyncio.sleep(company_wait_s * scale))
                await companies[site]
                await asyncio.sleep(lead_wait_s * scale)
            finally:
                sem.release()

        started = time.perf_counter()
        tasks = []
        for site in lead_sites:
            await sem.acquire()
            tasks.append(asyncio.ensure_future(lead(site)))
        await asyncio.gather(*tasks)
        return (time.perf_counter() - started) / scale

    return asyncio.run(run())
