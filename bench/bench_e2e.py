"""End-to-end benchmark (issue 7): full enrichment of 2,000 leads over the test web, with a model, in one run.

Setup, all on 127.0.0.1 inside this process: the test web (``tests/fixtures_web.TestWeb``: the real pages of
``tests/data/web`` under their original host names, through a forward proxy with a test CA) with 200 ms of
latency on every response, and the OpenAI-compatible ``tests/fake_llm_server.FakeLLMServer`` with 1 s of
latency on every call. The leads (2,000 Apollo-layout rows) are spread at random over the test-web sites that
have a home page, so several leads share each company, as in a real export.

* Engine: the real product, ``python -m engine run --input FILE --processors <all four> --yes --json`` in a
  subprocess with its own temporary state, tuned only through settings (``ENGINE_SETTINGS``).
* Seed design, same servers, same run: ``ThreadPoolExecutor(5)``, each thread running one lead's chain at a
  time (the four processors from ``processors.registry.load``, each through ``asyncio.run(proc.process(lead,
  ctx))``, a fresh ``ProcessorContext`` per lead whose ``llm`` is an ``LLMClient``: no company sharing, as in
  the seed). It runs on the first ``SEED_LEADS`` leads and is extrapolated linearly to the full file (five
  independent threads of equal-cost leads: time grows with leads / 5); the output says so.
* Concurrency bound: wall >= (latency a lead's chain waits on, summed over the leads) / leads in flight.
  Because company-scoped steps run once per company in the engine, "per-lead latency" is computed from the
  requests the engine really made in this run: web requests x 0.2 s + model calls x 1 s, divided by the
  leads (every chain runs its requests one after the other, so this is the latency its leads wait on). The
  latency of one lead's chain alone (no sharing, measured in the seed run) is printed next to it.
* CPU time per lead: user + system time of the engine's whole process tree (``getrusage`` of the reaped
  subprocess, which includes its reaped workers; psutil's sampled ``cpu_times`` of the tree alongside).
  Peak RSS: the largest sum of the tree's RSS, sampled every 20 ms with psutil.

Targets (issue 7): wall >= 80% of the bound's speed (bound / wall >= 0.8); >= 20x faster than the seed design.
Set LEADPIPE_BENCH_E2E_LEADS / LEADPIPE_BENCH_E2E_SEED_LEADS to change the sizes.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from bench.make_leads import APOLLO_HEADER, FIRST, LAST, SENIORITY, TITLES

ROOT = Path(__file__).resolve().parent.parent
PROCESSORS = ("company_name_cleaner", "website_intelligence", "personalization_extractor", "icebreaker_generator")
LEADS = int(os.environ.get("LEADPIPE_BENCH_E2E_LEADS", "2000"))
SEED_LEADS = int(os.environ.get("LEADPIPE_BENCH_E2E_SEED_LEADS", "40"))
SEED_THREADS = 5
WEB_LATENCY_S = 0.2
LLM_LATENCY_S = 1.0
API_KEY = "sk-bench-e2e-0123456789"
WORKERS = int(os.environ.get("LEADPIPE_BENCH_E2E_WORKERS", "2"))
CONCURRENCY = int(os.environ.get("LEADPIPE_BENCH_E2E_CONCURRENCY", "64"))  # leads in flight per worker process
ENGINE_SETTINGS = {
    "LEADPIPE_WORKERS": str(WORKERS),
    "LEADPIPE_CONCURRENCY": str(CONCURRENCY),
    "LEADPIPE_LLM_CONCURRENCY": str(CONCURRENCY),  # model calls in flight per process: not the bottleneck
    "LEADPIPE_PER_HOST_DELAY_S": "0",  # the test web is ours; a real run keeps the polite default
    "LEADPIPE_PROGRESS": "off",
}
RU_FIRST = ["Иван", "Мария", "Алексей", "Ольга", "Дмитрий", "Анна", "Сергей", "Елена"]
RU_LAST = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков"]


# ---------------------------------------------------------------------------------------------- input
def test_web_sites() -> list[dict[str, str]]:
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
    sites = test_web_sites()
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


# ---------------------------------------------------------------------------------------------- engine
class TreeSampler:
    """Samples a process tree every ``every_s``: peak summed RSS and the last cpu_times seen per process."""

    def __init__(self, proc: psutil.Popen, every_s: float = 0.02) -> None:
        self.proc, self.every_s = proc, every_s
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}
        self.max_procs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                tree = [self.proc]
            rss = 0
            for p in tree:
                with contextlib.suppress(psutil.Error):
                    with p.oneshot():
                        rss += p.memory_info().rss
                        t = p.cpu_times()
                        self.cpu[p.pid] = t.user + t.system
            self.peak_rss = max(self.peak_rss, rss)
            self.max_procs = max(self.max_procs, len(tree))
            self._stop.wait(self.every_s)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_engine(leads: Path, work: Path, env: dict[str, str]) -> dict[str, Any]:
    """Run the whole command once; wall time, CPU of the tree, peak RSS, exit code and its JSON report."""
    args = [sys.executable, "-m", "engine", "run", "--input", str(leads), "--processors", ",".join(PROCESSORS),
            "--yes", "--json"]
    cpu_before = _children_cpu()
    started_utc = datetime.now(UTC)
    started_mono = time.monotonic()
    started = time.perf_counter()
    proc = psutil.Popen(args, env=env, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with TreeSampler(proc) as sampler:
        out, err = proc.communicate()
    wall = time.perf_counter() - started
    report: dict[str, Any] = {}
    with contextlib.suppress(ValueError):
        report = json.loads(out.decode("utf-8", "replace"))
    return {"wall": wall, "cpu": _children_cpu() - cpu_before, "cpu_sampled": sum(sampler.cpu.values()),
            "peak_rss_mb": sampler.peak_rss / 2**20, "procs": sampler.max_procs, "code": proc.returncode,
            "report": report, "stderr": err.decode("utf-8", "replace"), "started_mono": started_mono,
            "timeline": timeline(work / "state.sqlite3", started_utc)}


def timeline(db_path: Path, started: datetime) -> dict[str, Any]:
    """When leads were committed (seconds after the command started) and the mean seconds per processor."""
    finished: list[float] = []
    per_proc: dict[str, list[float]] = {}
    with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(db_path)) as db:
        for at, timings in db.execute("SELECT finished_at, timings FROM lead_results"):
            finished.append((datetime.fromisoformat(at) - started).total_seconds())
            for name, secs in json.loads(timings or "{}").items():
                per_proc.setdefault(name, []).append(float(secs))
    finished.sort()
    quartiles = [finished[int(q * (len(finished) - 1))] for q in (0, 0.25, 0.5, 0.75, 1)] if finished else []
    return {"quartiles": quartiles, "means": {k: statistics.mean(v) for k, v in per_proc.items()}}


def engine_env(work: Path, servers_env: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LEADPIPE_", "OPENAI_")) and k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env.update(servers_env)
    env.update(ENGINE_SETTINGS)
    env.update(LEADPIPE_STATE_DB=str(work / "state.sqlite3"), LEADPIPE_OUTPUT_DIR=str(work / "out"),
               LEADPIPE_REPORT_DIR=str(work / "reports"), PYTHONPATH=str(ROOT))
    return env


# ---------------------------------------------------------------------------------------------- seed design
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
def patched_environ(values: dict[str, str]):
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


# ---------------------------------------------------------------------------------------------- main
def _report_line(report: dict[str, Any]) -> str:
    keys = ("total_leads", "successful", "partial", "failed", "skipped")
    counts = " ".join(f"{k}={report.get(k)}" for k in keys)
    sources: dict[str, int] = {}
    for proc in report.get("processors", []) or []:
        sources[proc.get("processor", "?")] = proc.get("succeeded", 0)
    return f"{counts} | succeeded per processor {sources}"


def main() -> None:
    from tests.fake_llm_server import FakeLLMServer
    from tests.fixtures_web import TestWeb

    with tempfile.TemporaryDirectory(prefix="leadpipe-bench-e2e-") as tmpdir:
        tmp = Path(tmpdir)
        leads = write_leads(tmp / "leads_e2e.csv", LEADS)
        companies = len({row["Website"] for row in csv.DictReader(open(leads, encoding="utf-8", newline=""))})
        with TestWeb(ca_dir=tmp) as web, FakeLLMServer(api_key=API_KEY, latency=LLM_LATENCY_S) as llm:
            web.latency_s = WEB_LATENCY_S
            servers = {**web.env(), "NO_PROXY": "127.0.0.1,localhost", "OPENAI_API_KEY": API_KEY,
                       "OPENAI_BASE_URL": llm.base_url}
            work = tmp / "engine"
            work.mkdir()
            # ---- the engine
            web.hits.clear()
            llm.reset()
            eng = run_engine(leads, work, engine_env(work, servers))
            web_requests = sum(web.hits.values())
            llm_stats = llm.stats()
            llm_calls = int(llm_stats.get("requests", 0))
            llm_peak = llm_stats.get("max_in_flight")
            llm_times = sorted(entry["t"] - eng["started_mono"] for entry in llm.log)
            # ---- the seed design on a subset
            web.hits.clear()
            llm.reset()
            seed_settings = {"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": llm.base_url, "LEADPIPE_PER_HOST_DELAY_S": "0"}
            with patched_environ(servers):
                seed = run_seed(leads, SEED_LEADS, seed_settings) if SEED_LEADS else \
                    {"wall": float("nan"), "leads": 1, "chain_median": float("nan"), "ok": 0, "errors": []}
            seed_web, seed_llm = sum(web.hits.values()), int(llm.stats().get("requests", 0))

    report = eng["report"]
    n = LEADS
    in_flight = min(n, WORKERS * CONCURRENCY)
    waited = web_requests * WEB_LATENCY_S + llm_calls * LLM_LATENCY_S
    per_lead = waited / n
    bound = n * per_lead / in_flight
    seed_full = seed["wall"] * n / seed["leads"]
    print(f"input            {n} leads over {companies} test-web companies (~{n / companies:.0f} leads each); "
          f"web latency {WEB_LATENCY_S * 1000:.0f} ms/request, model latency {LLM_LATENCY_S:.1f} s/call")
    print(f"engine           exit {eng['code']} | {_report_line(report)}")
    if eng["code"] not in (0, 1):
        print("engine stderr    " + eng["stderr"].strip().replace("\n", "\n                 ")[-2000:])
    print(f"engine requests  web {web_requests} ({web_requests / companies:.1f} per company), model {llm_calls} "
          f"({llm_calls / n:.2f} per lead), most model calls in flight {llm_peak}")
    print(f"per-lead latency {per_lead:.3f} s = (web requests x {WEB_LATENCY_S} s + model calls x {LLM_LATENCY_S} s) "
          f"/ leads, from the engine's own requests (company steps run once per company and are shared); "
          f"one lead's chain alone, no sharing (seed run): {seed['chain_median']:.2f} s median")
    tl = eng["timeline"]
    if tl["quartiles"]:
        marks = "/".join(f"{q:.0f}" for q in tl["quartiles"])
        means = ", ".join(f"{k} {v:.2f}" for k, v in tl["means"].items())
        calls = f"first/last model call sent at {llm_times[0]:.1f}/{llm_times[-1]:.1f} s; " if llm_times else ""
        print(f"engine timeline  {calls}leads committed at first/25%/50%/75%/last = {marks} s after the command started; "
              f"mean s per lead: {means}")
    print(f"bound            {n} leads x {per_lead:.3f} s / {in_flight} leads in flight "
          f"({WORKERS} workers x LEADPIPE_CONCURRENCY={CONCURRENCY}) = {bound:.1f} s")
    print(f"wall vs bound    engine {eng['wall']:.1f} s -> {bound / eng['wall']:.0%} of the bound's speed "
          f"(target >= 80%)")
    print(f"seed design      ThreadPoolExecutor({SEED_THREADS}), one lead's chain per thread: {seed['leads']} leads in "
          f"{seed['wall']:.1f} s ({seed['ok']} enriched{', errors ' + str(seed['errors']) if seed['errors'] else ''}; "
          f"web {seed_web}, model {seed_llm} requests) -> extrapolated to {n} leads: {seed_full:.0f} s")
    print(f"vs seed          engine {seed_full / eng['wall']:.1f}x faster (target >= 20x)")
    print(f"CPU              {eng['cpu'] / n * 1000:.2f} ms per lead (engine tree user+system {eng['cpu']:.1f} s; "
          f"psutil-sampled {eng['cpu_sampled']:.1f} s)")
    print(f"peak RSS         {eng['peak_rss_mb']:.0f} MB (engine process tree, up to {eng['procs']} processes)")


if __name__ == "__main__":
    main()
