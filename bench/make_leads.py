"""Generate Apollo-layout (classic, 52 columns) lead CSVs of any size from the real company list.

The companies are real (tests/data/companies/companies.csv, see its SOURCES.md); the people are made up
from small name pools. Deterministic for a given seed; streams rows, so a million-row file costs no
memory. Used by the benchmarks and the kill -9 resume test.

    python -m bench.make_leads --rows 30000 --seed 9 --out /tmp/apollo_30000.csv
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

COMPANIES = Path(__file__).resolve().parent.parent / "tests" / "data" / "companies" / "companies.csv"

APOLLO_HEADER = ["First Name", "Last Name", "Title", "Company", "Company Name for Emails", "Email", "Email Status", "Email Confidence", "Seniority", "Departments", "Contact Owner", "First Phone", "Work Direct Phone", "Home Phone", "Mobile Phone", "Corporate Phone", "Other Phone", "Stage", "Lists", "Last Contacted", "Account Owner", "# Employees", "Industry", "Keywords", "Person Linkedin Url", "Website", "Company Linkedin Url", "Facebook Url", "Twitter Url", "City", "State", "Country", "Company Address", "Company City", "Company State", "Company Country", "Company Phone", "SEO Description", "Technologies", "Annual Revenue", "Total Funding", "Latest Funding", "Latest Funding Amount", "Last Raised At", "Email Sent", "Email Open", "Email Bounced", "Replied", "Demoed", "Number of Retail Locations", "Apollo Contact Id", "Apollo Account Id"]

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Clark", "Lewis"]
TITLES = ("Chief Executive Officer", "CTO", "VP of Sales", "Head of Marketing", "Director of IT",
          "Operations Manager", "Founder & CEO", "Software Engineer", "Account Executive", "CFO")
SENIORITY = ("C suite", "C suite", "Vp", "Head", "Director", "Manager", "Founder", "Entry", "Senior", "C suite")


def load_companies(path: Path = COMPANIES) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_leads(out: Path, rows: int, seed: int = 9) -> Path:
    rng = random.Random(seed)
    companies = load_companies()
    index = {name: i for i, name in enumerate(APOLLO_HEADER)}
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(APOLLO_HEADER)
        for n in range(rows):
            company = companies[rng.randrange(len(companies))]
            first, last = rng.choice(FIRST), rng.choice(LAST)
            t = rng.randrange(len(TITLES))
            row = [""] * len(APOLLO_HEADER)
            name = company["name"].upper() if rng.random() < 0.05 else company["name"]
            row[index["First Name"]], row[index["Last Name"]] = first, last
            row[index["Title"]], row[index["Seniority"]] = TITLES[t], SENIORITY[t]
            row[index["Company"]] = name + (", Inc." if rng.random() < 0.2 else "")
            row[index["Company Name for Emails"]] = name
            row[index["Email"]] = f"{first.lower()}.{last.lower()}{n}@{company['domain']}"
            row[index["Email Status"]] = "Verified"
            row[index["# Employees"]] = company["employees"]
            row[index["Industry"]] = company["industry"].lower()
            row[index["Website"]] = f"http://www.{company['domain']}"
            row[index["City"]], row[index["State"]] = company["city"], company.get("region", "")
            row[index["Country"]] = company["country"]
            row[index["Apollo Contact Id"]] = f"{rng.getrandbits(96):024x}"
            writer.writerow(row)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write_leads(args.out, args.rows, args.seed)


if __name__ == "__main__":
    main()
