"""Benchmark of the natural-language command parser (rules path, no LLM).

Prints, all measured in this run:
- median parse time per sentence after warm-up, in ms (target <= 2 ms), and as a ratio to a baseline
  measured on the same sentences: a regex tokenisation + str.lower of each sentence (what any parser
  must at least do);
- start-up cost: a fresh interpreter that imports nlcmd and parses one sentence, as a ratio to a fresh
  interpreter that does nothing (python -c pass), and the absolute extra time;
- first-parse cost in-process (lexicon + pymorphy3 dictionaries loading) versus the warm median.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("LEADPIPE_NLCMD_LLM", "0")  # rules only: never call a model from a benchmark

SENTENCES = [
    "Обработай 500 лидов из leads/1-raw/apollo.csv с айсбрейкерами",
    "Process 1000 leads from apollo_export.csv with full enrichment, budget $5",
    "сколько будет стоить обогатить 12 тысяч строк из crm.csv на gpt-4o-mini",
    "resume run 2025-03-01_0815 in batches of 400",
    "только фаундеры и CEO из Германии и Польши, 11-50 сотрудников, base.csv, персонализация",
    "process 'Q3 leads (final).csv' skipping the name cleanup, first two thousand rows",
    "как там обработка?",
    "обработай base.csv --limit 2k --batch-size 250 --icebreakers country=FR,BE",
    "сгенерь айсбрекеры для тест.csv на англ, не дороже 3 баксов",
    "how much did the last run cost?",
]
_WORD = re.compile(r"\w+|[^\w\s]")


def _baseline(sentences: list[str]) -> None:
    for s in sentences:
        [w.lower() for w in _WORD.findall(s)]


def _median_per_sentence(fn, sentences: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        for s in sentences:
            t = time.perf_counter()
            fn([s]) if fn is _baseline else fn(s)
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def _fresh(code: str, runs: int = 5) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT), LEADPIPE_NLCMD_LLM="0")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    t0 = time.perf_counter()
    from nlcmd.parser import parse

    parse(SENTENCES[0])
    first = time.perf_counter() - t0
    for s in SENTENCES * 3:  # warm-up (lemma and typo caches)
        parse(s)
    parse_med = _median_per_sentence(parse, SENTENCES, rounds=30)
    base_med = _median_per_sentence(_baseline, SENTENCES, rounds=30)
    print(f"median parse time after warm-up: {parse_med * 1e3:.3f} ms/sentence "
          f"(target <= 2 ms); {parse_med / base_med:.0f}x a regex tokenisation of the same sentence")

    empty = _fresh("pass")
    start = _fresh("import nlcmd; nlcmd.parse_natural_language_command('обработай 500 лидов из a.csv')")
    print(f"start-up (fresh interpreter: import + first parse): {start / empty:.1f}x a bare interpreter "
          f"(+{(start - empty) * 1e3:.0f} ms)")
    print(f"first parse in-process (import, lexicon, pymorphy3 dictionaries): {first * 1e3:.0f} ms "
          f"= {first / parse_med:.0f}x a warm parse")


if __name__ == "__main__":
    main()
