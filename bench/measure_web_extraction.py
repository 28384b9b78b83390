"""Dev tool: measure ``extract_page`` against the hand-checked truth in bench/data/web (all 124 pages, see
bench/web_corpus.py for where their files are).

    .venv/bin/python -m bench.measure_web_extraction [DIR] [-v]

DIR defaults to bench/data/web (any folder with manifest.csv, truth.jsonl and pages/ works, e.g.
tests/data/web). Skips with a message when the folder is absent. Prints title / Cyrillic / email / social
/ phone scores against the targets of issue 5, and with -v every miss.
"""

from __future__ import annotations

import csv
import html
import json
import re
import sys
from pathlib import Path

from bench.web_corpus import CORPUS, page_bytes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = CORPUS


def load_corpus(folder: Path) -> list[tuple[dict, dict, bytes]]:
    """(manifest row, truth line, body) for every page listed in the folder's manifest."""
    truth = {}
    for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            truth[item["file"]] = item
    rows = list(csv.DictReader((folder / "manifest.csv").open(encoding="utf-8")))
    return [(r, truth[r["file"]], page_bytes(folder, r["file"])) for r in rows if r["file"] in truth]


def page_url(row: dict) -> str:
    return row["original_url"] or f"http://{row['host']}/"


def _last9(number: str) -> str:
    return re.sub(r"\D", "", number)[-9:]


def score(corpus: list[tuple[dict, dict, bytes]], verbose: bool = False) -> dict[str, float]:
    from processors.website_intelligence import extract_page

    counts = dict.fromkeys(
        ["pages", "title_ok", "cyr_pages", "cyr_ok", "email_true", "email_found", "email_tp", "soc_true", "soc_found", "soc_tp", "phone_true", "phone_hit", "phone_found", "phone_found_ok", "org_ok", "lang_ok", "fax_true", "fax_hit"],
        0,
    )
    for row, truth, body in corpus:
        data = extract_page(body, page_url(row), f"text/html; charset={row['charset']}")
        counts["pages"] += 1
        if data["language"] == truth["language"]:
            counts["lang_ok"] += 1
        elif verbose:
            print(f"LANGUAGE {row['file']}: {data['language']!r} != {truth['language']!r}")
        org_name = (data["organization"] or {}).get("name")
        if org_name == truth["jsonld_organization_name"]:
            counts["org_ok"] += 1
        elif verbose:
            print(f"ORG {row['file']}: {org_name!r} != {truth['jsonld_organization_name']!r}")
        want_title = truth["title"]
        if data["title"] == want_title or (want_title is None and not data["title"]):
            counts["title_ok"] += 1
        elif verbose:
            print(f"TITLE {row['file']}: {data['title']!r} != {want_title!r}")
        if truth["cyrillic"]:
            counts["cyr_pages"] += 1
            if data["cyrillic"] and data["title"] == want_title:
                counts["cyr_ok"] += 1
        want_emails = {e.lower() for e in truth["emails"]}
        got_emails = set(data["emails"])
        counts["email_true"] += len(want_emails)
        counts["email_found"] += len(got_emails)
        counts["email_tp"] += len(want_emails & got_emails)
        if verbose and want_emails != got_emails:
            print(f"EMAIL {row['file']}: missed {sorted(want_emails - got_emails)} extra {sorted(got_emails - want_emails)}")
        want_soc = {(n, html.unescape(u)) for n, us in truth["social_profiles"].items() for u in us}
        got_soc = {(n, u) for n, us in data["social"].items() for u in us}
        counts["soc_true"] += len(want_soc)
        counts["soc_found"] += len(got_soc)
        counts["soc_tp"] += len(want_soc & got_soc)
        if verbose and want_soc != got_soc:
            print(f"SOCIAL {row['file']}: missed {sorted(want_soc - got_soc)} extra {sorted(got_soc - want_soc)}")
        want_ph = {_last9(p) for p in truth["phones"]}
        fax = {_last9(p) for p in truth["faxes"]}
        got_ph = {_last9(p) for p in data["phones"]}
        counts["fax_true"] += len(fax)
        counts["fax_hit"] += len(fax & {_last9(p) for p in data["faxes"]})
        counts["phone_true"] += len(want_ph)
        counts["phone_hit"] += len(want_ph & got_ph)
        counts["phone_found"] += len(got_ph)
        counts["phone_found_ok"] += len(got_ph & (want_ph | fax))
        if verbose and want_ph - got_ph:
            print(f"PHONE {row['file']}: missed {sorted(want_ph - got_ph)} extra {sorted(got_ph - want_ph - fax)}")
        elif verbose and got_ph - want_ph - fax:
            print(f"PHONE+ {row['file']}: extra {sorted(got_ph - want_ph - fax)}")

    def ratio(a: str, b: str) -> float:
        return counts[a] / counts[b] if counts[b] else 1.0

    return {
        "pages": counts["pages"],
        "title": ratio("title_ok", "pages"),
        "cyrillic_pages": counts["cyr_pages"],
        "cyrillic": ratio("cyr_ok", "cyr_pages"),
        "email_recall": ratio("email_tp", "email_true"),
        "email_precision": ratio("email_tp", "email_found"),
        "social_recall": ratio("soc_tp", "soc_true"),
        "social_precision": ratio("soc_tp", "soc_found"),
        "phone_recall": ratio("phone_hit", "phone_true"),
        "phone_precision": ratio("phone_found_ok", "phone_found"),
        "organization_name": ratio("org_ok", "pages"),
        "language": ratio("lang_ok", "pages"),
        "fax_recall": ratio("fax_hit", "fax_true"),
    }


TARGETS = {"title": 1.0, "cyrillic": 1.0, "email_recall": 0.95, "email_precision": 0.95,
           "social_recall": 0.95, "social_precision": 0.98, "phone_recall": 0.90}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    folder = Path(args[0]) if args else DEFAULT_DIR
    if not (folder / "manifest.csv").exists():
        print(f"skipped: {folder} not found (the web corpus ships in bench/data/web)")
        return 0
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    result = score(load_corpus(folder), verbose)
    for key, value in result.items():
        target = TARGETS.get(key)
        mark = "" if target is None else ("  ok" if value >= target else f"  BELOW target {target:.0%}")
        shown = f"{value:.1%}" if isinstance(value, float) else str(value)
        print(f"{key:18} {shown}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
