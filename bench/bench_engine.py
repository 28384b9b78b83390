"""Engine benchmark (issue 2): the whole command against a bare script, timed in the same run.

* Clean-only on 30K leads, whole command (`python -m engine run ...`, fresh state) vs a bare script (csv
  module in, the same clean function, csv module out; no state, no pool). Target <= 4x.
* Re-typing the command of the finished 30K run (no work to do). Target <= 2x the bare script.
* 1M leads clean-only: peak RSS (process tree) <= 600 MB and within 1.5x of the 100K run's peak.
* Pool feeding: the 30K file through a company-scoped network step (the test plugin ``domain_info``) on 2
  worker processes, a second time with every company result cached, so each lead takes microseconds and
  only the engine's feeding of the workers is measured (no target; a guard against slices that are too
  small for fast leads). Printed as a ratio to the bare script.

Set LEADPIPE_BENCH_QUICK=1 to skip the 1M run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.make_leads import write_leads

ROOT = Path(__file__).resolve().parent.parent

BARE = r"""
import csv, sys
from processors.company_name_cleaner import clean_company_name
src, dst = sys.argv[1], sys.argv[2]
with open(src, newline="", encoding="utf-8") as f, open(dst, "w", newline="", encoding="utf-8") as g:
    reader, writer = csv.reader(f), csv.writer(g)
    header = next(reader)
    emails, company = header.index("Company Name for Emails"), header.index("Company")
    writer.writerow(header + ["company_clean"])
    for row in reader:
        writer.writerow(row + [clean_company_name(row[emails] or row[company])])
"""


def _measure(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MB of the process tree, exit code)."""
    started = time.perf_counter()
    proc = psutil.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        try:
            rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.02)
    return time.perf_counter() - started, peak / 2**20, proc.returncode


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEADPIPE_", "OPENAI_"))}
    env.update(LEADPIPE_STATE_DB=str(tmp / "state.sqlite3"), LEADPIPE_OUTPUT_DIR=str(tmp / "out"),
               LEADPIPE_REPORT_DIR=str(tmp / "reports"), LEADPIPE_PROGRESS="off", PYTHONPATH=str(ROOT))
    return env


def _best(n: int, fn) -> tuple[float, float, int]:
    runs = [fn() for _ in range(n)]
    return min(runs, key=lambda r: r[0])


def main() -> None:
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="leadpipe-bench-") as tmpdir:
        tmp = Path(tmpdir)
        leads = write_leads(tmp / "apollo_30000.csv", 30_000, seed=9)
        bare = _best(3, lambda: _measure([py, "-c", BARE, str(leads), str(tmp / "bare.csv")], _env(tmp)))
        runs = []
        for i in range(3):
            work = tmp / f"w{i}"
            runs.append(_measure([py, "-m", "engine", "run", "--input", str(leads)], _env(work)))
        full = min(runs, key=lambda r: r[0])
        retype = _best(3, lambda: _measure([py, "-m", "engine", "run", "--input", str(leads)], _env(tmp / "w0")))
        print(f"30K clean-only   bare script {bare[0]:.2f} s | whole command {full[0]:.2f} s = "
              f"{full[0] / bare[0]:.2f}x (target <= 4x) | re-type finished run {retype[0]:.2f} s = "
              f"{retype[0] / bare[0]:.2f}x (target <= 2x)")
        from tests.plugins import PLUGINS

        pool_env = {**_env(tmp / "pool"), "LEADPIPE_PLUGINS": PLUGINS}
        pool_args = [py, "-m", "engine", "run", "--input", str(leads), "--processors", "domain_info",
                     "--workers", "2", "--yes"]
        _measure(pool_args, pool_env)  # computes and caches every company
        cached = _best(3, lambda: _measure([*pool_args, "--new-run"], pool_env))
        print(f"pool feeding     30K leads, company step cached, 2 workers: {cached[0]:.2f} s = "
              f"{cached[0] / bare[0]:.2f}x the bare script (no target)")
        if os.environ.get("LEADPIPE_BENCH_QUICK"):
            print("1M memory check skipped (LEADPIPE_BENCH_QUICK=1)")
            return
        small = write_leads(tmp / "apollo_100000.csv", 100_000, seed=10)
        t100, rss100, _ = _measure([py, "-m", "engine", "run", "--input", str(small)], _env(tmp / "m100k"))
        small.unlink()
        big = write_leads(tmp / "apollo_1000000.csv", 1_000_000, seed=11)
        t1m, rss1m, code = _measure([py, "-m", "engine", "run", "--input", str(big)], _env(tmp / "m1m"))
        print(f"peak RSS         100K leads {rss100:.0f} MB ({t100:.1f} s) | 1M leads {rss1m:.0f} MB "
              f"({t1m:.1f} s, exit {code}) = {rss1m / rss100:.2f}x the 100K peak (target <= 1.5x, <= 600 MB)")
        print(f"throughput       1M leads clean-only: {1_000_000 / t1m:,.0f} leads/s whole command")


if __name__ == "__main__":
    main()
