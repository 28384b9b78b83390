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

Diagnostics printed alongside: when the first / last model call was sent and when leads were committed (from
the run's state database); a probe process timing sequential model calls on one kept-alive connection during
the run (what the model server itself adds to its 1 s); a zero-CPU schedule of the same waits
(``e2e_parts.zero_cpu_schedule``: what the wait for company-scoped steps alone costs against the bound); the
CPU the servers used and the load average before the run (the machine is shared and has 2 cores).

Targets (issue 7): wall >= 80% of the bound's speed (bound / wall >= 0.8); >= 20x faster than the seed design.
Sizes and tuning: LEADPIPE_BENCH_E2E_LEADS (2000), LEADPIPE_BENCH_E2E_SEED_LEADS (40; 0 skips the seed run),
LEADPIPE_BENCH_E2E_WORKERS (2), LEADPIPE_BENCH_E2E_CONCURRENCY (64 leads in flight per worker).
The input, the seed's design and the schedule live in ``bench/e2e_parts.py``.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from bench.e2e_parts import (
    PROCESSORS,
    SEED_THREADS,
    patched_environ,
    run_seed,
    schema_name,
    write_leads,
    zero_cpu_schedule,
)

ROOT = Path(__file__).resolve().parent.parent
LEADS = int(os.environ.get("LEADPIPE_BENCH_E2E_LEADS", "2000"))
SEED_LEADS = int(os.environ.get("LEADPIPE_BENCH_E2E_SEED_LEADS", "40"))
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
                with contextlib.suppress(psutil.Error), p.oneshot():
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
            self.peak_rss = max(self.peak_rss, rss)
            self.max_procs = max(self.max_procs, len(tree))
            self._stop.wait(self.every_s)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_engine(leads: Path, work: Path, env: dict[str, str]) -> dict[str, Any]:
    """Run the whole command once; wall time, CPU of the tree, peak RSS, exit code and its JSON report."""
    args = [sys.executable, "-m", "engine", "run", "--input", str(leads), "--processors", ",".join(PROCESSORS),
            "--yes", "--json"]
    cpu_before, self_before, load = _children_cpu(), _self_cpu(), os.getloadavg()[0]
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
    return {"wall": wall, "cpu": _children_cpu() - cpu_before, "harness_cpu": _self_cpu() - self_before, "load": load, "cpu_sampled": sum(sampler.cpu.values()),
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


PROBE = r"""
import http.client, json, os, sys, time, urllib.parse
url, key, stop = urllib.parse.urlsplit(sys.argv[1] + "/chat/completions"), sys.argv[2], sys.argv[3]
body = json.dumps({"model": "probe", "messages": [{"role": "user", "content": "ping"}], "max_tokens": 5}).encode()
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)  # one kept-alive connection, as the engine's
while not os.path.exists(stop):
    t = time.monotonic()
    conn.request("POST", url.path, body, {"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    conn.getresponse().read()
    print(time.monotonic() - t, flush=True)
"""


def start_probe(base_url: str, stop_file: Path) -> subprocess.Popen:
    """A separate process timing sequential model calls during the engine run: how much the model server
    itself (in this bench process, sharing the machine's cores with the engine) adds to its nominal latency."""
    return subprocess.Popen([sys.executable, "-c", PROBE, base_url, API_KEY, str(stop_file)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env={**os.environ, "NO_PROXY": "127.0.0.1,localhost"})


def probe_overhead(proc: subprocess.Popen, stop_file: Path) -> float | None:
    """Stop the probe (after its current call); the median seconds its calls took beyond the nominal latency."""
    stop_file.touch()
    out, _ = proc.communicate(timeout=30)
    times = []
    for line in out.decode().split():
        with contextlib.suppress(ValueError):
            times.append(float(line))
    return statistics.median(times) - LLM_LATENCY_S if times else None


def engine_env(work: Path, servers_env: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LEADPIPE_", "OPENAI_")) and k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env.update(servers_env)
    env.update(ENGINE_SETTINGS)
    env.update(LEADPIPE_STATE_DB=str(work / "state.sqlite3"), LEADPIPE_OUTPUT_DIR=str(work / "out"),
               LEADPIPE_REPORT_DIR=str(work / "reports"), PYTHONPATH=str(ROOT))
    return env


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
        with open(leads, encoding="utf-8", newline="") as fh:
            lead_sites = [row["Website"] for row in csv.DictReader(fh)]
        companies = len(set(lead_sites))
        with TestWeb(ca_dir=tmp) as web, FakeLLMServer(api_key=API_KEY, latency=LLM_LATENCY_S) as llm:
            web.latency_s = WEB_LATENCY_S
            servers = {**web.env(), "NO_PROXY": "127.0.0.1,localhost", "OPENAI_API_KEY": API_KEY,
                       "OPENAI_BASE_URL": llm.base_url}
            work = tmp / "engine"
            work.mkdir()
            # ---- the engine
            web.hits.clear()
            llm.reset()
            probe = start_probe(llm.base_url, tmp / "probe.stop")
            eng = run_engine(leads, work, engine_env(work, servers))
            server_extra = probe_overhead(probe, tmp / "probe.stop")
            web_requests = sum(web.hits.values())
            llm_stats = llm.stats()
            probe_calls = sum(1 for entry in llm.log if entry.get("model") == "probe")
            llm_calls = int(llm_stats.get("requests", 0)) - probe_calls
            llm_peak = llm_stats.get("max_in_flight")
            lead_calls = sum(1 for e in llm.log if e.get("model") != "probe" and schema_name(e) == "icebreaker")
            llm_times = sorted(e["t"] - eng["started_mono"] for e in llm.log if e.get("model") != "probe")
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
    company_runs = max(1, llm_calls - lead_calls)  # one personalization call per company computation
    company_wait = (web_requests * WEB_LATENCY_S + (llm_calls - lead_calls) * LLM_LATENCY_S) / company_runs
    lead_wait = lead_calls * LLM_LATENCY_S / n
    ideal = zero_cpu_schedule(lead_sites, in_flight, company_wait, lead_wait)
    print(f"input            {n} leads over {companies} test-web companies (~{n / companies:.0f} leads each); "
          f"web latency {WEB_LATENCY_S * 1000:.0f} ms/request, model latency {LLM_LATENCY_S:.1f} s/call")
    print(f"engine           exit {eng['code']} | {_report_line(report)}")
    if eng["code"] not in (0, 1):
        print("engine stderr    " + eng["stderr"].strip().replace("\n", "\n                 ")[-2000:])
    print(f"engine requests  web {web_requests}, model {llm_calls} ({llm_calls - lead_calls} company-scoped: {company_runs} company "
          f"computations for {companies} companies, {web_requests / company_runs:.1f} web requests each; "
          f"{lead_calls} icebreaker calls = {lead_calls / n:.2f} per lead), "
          f"most model calls in flight {llm_peak}")
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
    if server_extra is not None:
        print(f"model server     a probe's sequential calls during the engine run took {server_extra * 1000:.0f} ms "
              f"beyond the nominal {LLM_LATENCY_S:.1f} s (median; the server shares this machine's 2 cores)")
    print(f"bound            {n} leads x {per_lead:.3f} s / {in_flight} leads in flight "
          f"({WORKERS} workers x LEADPIPE_CONCURRENCY={CONCURRENCY}) = {bound:.1f} s")
    print(f"zero-CPU schedule the same waits ({company_wait:.2f} s per company, then {lead_wait:.2f} s per lead), "
          f"{in_flight} leads in flight fed continuously, no CPU, no start-up: {ideal:.1f} s = {bound / ideal:.0%} "
          f"of the bound's speed (what the dependency on company steps alone costs)")
    print(f"wall vs bound    engine {eng['wall']:.1f} s -> {bound / eng['wall']:.0%} of the bound's speed "
          f"(target >= 80%)")
    print(f"seed design      ThreadPoolExecutor({SEED_THREADS}), one lead's chain per thread: {seed['leads']} leads in "
          f"{seed['wall']:.1f} s ({seed['ok']} enriched{', errors ' + str(seed['errors']) if seed['errors'] else ''}; "
          f"web {seed_web}, model {seed_llm} requests) -> extrapolated to {n} leads: {seed_full:.0f} s")
    print(f"vs seed          engine {seed_full / eng['wall']:.1f}x faster (target >= 20x)")
    print(f"CPU              {eng['cpu'] / n * 1000:.2f} ms per lead (engine tree user+system {eng['cpu']:.1f} s; "
          f"psutil-sampled {eng['cpu_sampled']:.1f} s); the servers in this process used {eng['harness_cpu']:.1f} s; "
          f"load average before the run {eng['load']:.1f} on {os.cpu_count()} cores")
    print(f"peak RSS         {eng['peak_rss_mb']:.0f} MB (engine process tree, up to {eng['procs']} processes)")
    met = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    print(f"targets          bound {bound / eng['wall']:.0%} (>= 80%: {met(bound / eng['wall'] >= 0.8)}) | "
          f"vs seed {seed_full / eng['wall']:.1f}x (>= 20x: {met(seed_full / eng['wall'] >= 20)})")


if __name__ == "__main__":
    main()
