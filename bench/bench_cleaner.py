"""Company-name cleaner vs cleanco 2.3: accuracy and names/second on the same names, same run.

Names: the dev half of the company-name benchmark (``tests/data/company_names/dev.csv``, 443 labelled
rows), scored exactly like its ``score.py`` (exact match against any ` | `-separated answer). Speed is
single-threaded, best of several passes, with the cleaner's token memos cleared before each pass (a cold
start on every pass; the cleaner keeps no per-name cache, so repeated names cannot flatter it), plus
one figure with warm token memos (folded keys and recased words of common tokens stay cached in a long run). Two inputs are timed: the raw dev names (all of
them need work) and the cleaned answers (already-clean names, what Apollo's "Company Name for Emails"
mostly holds). Figures are printed as ratios to cleanco measured in the same run, with the absolute
numbers alongside for the ≥ 100,000 names/s target. cleanco is a dev-only dependency of this benchmark.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from processors.company_name_cleaner import clean_company_name, clear_caches

DEV_CSV = Path(__file__).resolve().parent.parent / "tests" / "data" / "company_names" / "dev.csv"


def _load() -> tuple[list[str], list[list[str]]]:
    with open(DEV_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r["raw"] for r in rows], [[a.strip() for a in r["expected"].split(" | ")] for r in rows]


def _accuracy(fn: Callable[[str], str], names: Sequence[str], answers: Sequence[list[str]]) -> float:
    ok = sum((fn(n) or "").strip() in a for n, a in zip(names, answers, strict=True))
    return ok / len(names)


def _rate(fn: Callable[[str], str], names: Sequence[str], passes: int = 7, cold: bool = True) -> float:
    """Names per second, best of ``passes`` (token memos cleared before each pass unless ``cold`` is off)."""
    best = float("inf")
    for _ in range(passes):
        if cold:
            clear_caches()
        started = time.perf_counter()
        for n in names:
            fn(n)
        best = min(best, time.perf_counter() - started)
    return len(names) / best


def _cleanco_variants() -> dict[str, Callable[[str], str]]:
    from cleanco import basename

    def advised(name: str) -> str:
        """The cleanco README's advice (run basename twice) plus a title-casing step for ALL CAPS."""
        out = basename(basename(name))
        return out.title() if out.isupper() else out

    return {"cleanco 2.3 basename": basename, "cleanco + README advice + casing": advised}


def main() -> None:
    names, answers = _load()
    clean_names = [a[0] for a in answers]
    try:
        baselines = _cleanco_variants()
    except ImportError:
        print("cleanco is not installed (pip install -e '.[dev]'); showing leadpipe alone")
        baselines = {}
    ours_acc = _accuracy(clean_company_name, names, answers)
    ours_raw = _rate(clean_company_name, names)
    ours_clean = _rate(clean_company_name, clean_names)
    print(f"names: {len(names)} dev rows ({DEV_CSV.name}); speed = one core, best of 7 cold passes")
    print(f"{'cleaner':36s} {'accuracy':>9s} {'raw names/s':>12s} {'clean names/s':>14s}")
    print(f"{'leadpipe company_name_cleaner':36s} {ours_acc:9.1%} {ours_raw:12,.0f} {ours_clean:14,.0f}")
    for label, fn in baselines.items():
        acc = _accuracy(fn, names, answers)
        raw = _rate(fn, names)
        clean = _rate(fn, clean_names)
        print(f"{label:36s} {acc:9.1%} {raw:12,.0f} {clean:14,.0f}")
        print(
            f"  leadpipe / {label}: accuracy x{ours_acc / acc:.2f} (+{(ours_acc - acc) * 100:.1f} points), "
            f"speed x{ours_raw / raw:.2f} on raw names, x{ours_clean / clean:.2f} on clean names"
        )
    warm = _rate(clean_company_name, names, cold=False)
    print(f"leadpipe on raw names with warm token memos (steady state of a long run): {warm:,.0f} names/s "
          f"(x{warm / ours_raw:.2f} the cold figure)")
    target = 100_000
    print(f"target >= {target:,} names/s on raw dev names, cold: {'met' if ours_raw >= target else 'NOT met'} "
          f"({ours_raw / target:.2f} x target); warm: {warm / target:.2f} x target")


if __name__ == "__main__":
    main()
