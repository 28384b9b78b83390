"""Website-intelligence benchmark: extraction speed and fetch throughput, as ratios measured in this run.

1. Extraction: ``extract_page`` over every page of the corpus (../shared/data/web when present, else
   tests/data/web), one core, printed beside a bare selectolax parse of the same pages (the baseline).
   Target: >= 1,000 pages/s. Measured in CPU seconds of this process (best of 3 rounds).
2. Fetch: the test web (tests/fixtures_web.TestWeb, run in a separate process so the proxy has its own
   core) answers every request after 200 ms; N distinct hosts are fetched concurrently through the
   proxy (https, test CA). The concurrency bound is N / 0.2 s requests per second; target >= 80 % of it
   at N = 50 and N = 200.
"""

from __future__ import annotations

import asyncio
import csv
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "web"
LOCAL = ROOT / "tests" / "data" / "web"
LATENCY_S = 0.2


def _pages(folder: Path) -> list[tuple[bytes, str, str]]:
    rows = list(csv.DictReader((folder / "manifest.csv").open(encoding="utf-8")))
    return [((folder / "pages" / r["file"]).read_bytes(), r["original_url"] or f"http://{r['host']}/",
             f"text/html; charset={r['charset']}") for r in rows]


def bench_extraction() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from processors.website_intelligence import extract_page

    folder = SHARED if (SHARED / "manifest.csv").exists() else LOCAL
    pages = _pages(folder)
    rounds = 3

    def timed(fn) -> float:  # noqa: ANN001 - CPU time of this process: "one core", steadier on a noisy box
        fn(*pages[0])
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            for body, url, ctype in pages:
                fn(body, url, ctype)
            best = min(best, time.process_time() - started)
        return len(pages) / best

    bare = timed(lambda body, url, ctype: LexborHTMLParser(body.decode("utf-8", "replace")).css_first("title"))
    full = timed(extract_page)
    print(f"extraction corpus: {len(pages)} pages from {folder}")
    print(f"  bare selectolax parse : {bare:8.0f} pages/s (baseline)")
    print(f"  extract_page          : {full:8.0f} pages/s = {full / bare:.2f} x baseline "
          f"({'meets' if full >= 1000 else 'BELOW'} the 1,000 pages/s target)")


def _serve(conn, latency: float) -> None:  # noqa: ANN001 - runs in a spawned process
    sys.path.insert(0, str(ROOT))
    from tests.fixtures_web import TestWeb

    with TestWeb() as web:
        web.latency_s = latency
        conn.send((web.proxy_url, web.ca_file))
        conn.recv()  # wait for "stop"


async def _fetch_round(hosts: int, per_host: int) -> tuple[float, int, int]:
    from processors.website_intelligence.fetch import Fetcher
    from processors.website_intelligence.settings import FetchSettings

    settings = FetchSettings.from_settings({"LEADPIPE_PER_HOST_DELAY_S": "0", "LEADPIPE_FETCH_RETRIES": "0",
                                            "LEADPIPE_CONCURRENCY": str(hosts)})
    fetcher = Fetcher(settings)

    async def one_host(index: int) -> int:
        ok = 0
        for n in range(per_host):
            page = await fetcher.fetch(f"https://h{index}.bench.test/p{n}")
            ok += page.ok
        return ok

    try:
        await asyncio.gather(*(fetcher.fetch(f"https://h{i}.bench.test/warm") for i in range(hosts)))
        started = time.perf_counter()
        oks = await asyncio.gather(*(one_host(i) for i in range(hosts)))
        elapsed = time.perf_counter() - started
    finally:
        await fetcher.aclose()
    return elapsed, sum(oks), hosts * per_host


def bench_fetch() -> None:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(child, LATENCY_S), daemon=True)
    server.start()
    try:
        proxy_url, ca_file = parent.recv()
        saved = {k: os.environ.get(k) for k in ("HTTP_PROXY", "HTTPS_PROXY", "SSL_CERT_FILE", "NO_PROXY")}
        os.environ.update({"HTTP_PROXY": proxy_url, "HTTPS_PROXY": proxy_url, "SSL_CERT_FILE": ca_file, "NO_PROXY": ""})
        try:
            print(f"fetch through the test web (https via proxy, {LATENCY_S * 1000:.0f} ms per request):")
            for hosts in (50, 200):
                elapsed, ok, total = asyncio.run(_fetch_round(hosts, 5))
                bound = hosts / LATENCY_S
                rate = ok / elapsed
                print(f"  {hosts:3d} hosts in flight: {rate:7.1f} req/s of a {bound:.0f} req/s bound = "
                      f"{rate / bound:.0%} ({ok}/{total} ok; target >= 80%)")
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    finally:
        parent.send("stop")
        server.join(10)
        if server.is_alive():
            server.terminate()


def main() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    bench_extraction()
    try:
        import trustme  # noqa: F401
    except ImportError:
        print("fetch benchmark skipped: trustme (a dev dependency) is not installed")
        return
    bench_fetch()


if __name__ == "__main__":
    main()
