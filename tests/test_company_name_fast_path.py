"""The cleaner's fast path for plain ASCII names gives exactly what the full rules give.

``company_name_cleaner._plain_fast(text)`` either abstains (None) or returns ``(clean, note)`` equal to
``_clean_rules(text)``, the full rules without the fast path. Names come from the words of the dev
copy in ``tests/data/company_names`` combined with legal forms read from the product's own table
(``processors/data/legal_forms.json``), stacked, glued, recased and prefixed, plus Hypothesis strings.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from processors.company_name_cleaner import _clean_rules, _normalize, _plain_fast, clean_with_note
from processors.company_names.text import DATA_DIR

DEV_CSV = Path(__file__).parent / "data" / "company_names" / "dev.csv"


def _words() -> list[str]:
    with open(DEV_CSV, encoding="utf-8", newline="") as fh:
        raws = [row["raw"] for row in csv.DictReader(fh)]
    return sorted({w for raw in raws if raw.isascii() for w in raw.split()})


def _forms() -> list[str]:
    with open(DATA_DIR / "legal_forms.json", encoding="utf-8") as fh:
        data = json.load(fh)
    forms = [f for group, fs in data["suffix"].items() if not group.startswith("_") for f in fs]
    return sorted(f for f in forms if f.isascii()) + ["Holdings", "Group", "Companies", "COM", "& Co", "and", "/DE/", "/ADR", "/"]


WORDS = _words()
FORMS = _forms()
SEPARATORS = [" ", ", ", ","]


def _agrees(raw: str) -> bool:
    """True when the fast path abstains on ``raw`` (normalized as ``clean_with_note`` does) or agrees."""
    text = _normalize(raw)
    if not text:
        return True
    fast = _plain_fast(text)
    return fast is None or fast == _clean_rules(text)


def _generated(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        base = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 4)))
        tail = "".join(rnd.choice(SEPARATORS) + rnd.choice(FORMS) for _ in range(rnd.randint(0, 3)))
        name = base + tail
        style = rnd.random()
        if style < 0.25:
            name = name.upper()
        elif style < 0.35:
            name = name.lower()
        elif style < 0.45:
            name = name.title()
        if rnd.random() < 0.1:
            name = rnd.choice(FORMS) + " " + name
        out.append(name)
    return out


def test_fast_path_agrees_with_the_full_rules_on_generated_names() -> None:
    names = _generated(6000, seed=7)
    disagree = [n for n in names if not _agrees(n)]
    assert disagree == []
    answered = sum(_plain_fast(t) is not None for t in map(_normalize, names) if t)
    assert answered > len(names) // 5  # the fast path is exercised, not just abstaining


def test_fast_path_answers_plain_names() -> None:
    assert _plain_fast("Acme Widgets, Inc.") == ("Acme Widgets", "")
    assert _plain_fast("Nitori Holdings Co., Ltd.") == ("Nitori", "")
    assert _plain_fast("GENERAL MILLS INC") == ("General Mills", "recased from ALL CAPS")
    assert _plain_fast("Seaboard Corp /DE/") == ("Seaboard", "")
    assert clean_with_note("Acme Widgets, Inc.") == ("Acme Widgets", "")


def test_fast_path_abstains_where_other_rules_act() -> None:
    for text in ("A. O. Smith Ltd.", "Handelsagentur e.K.", "PT Eaton Corp", "Jet.AI Inc.", "acme widgets inc"):
        assert _plain_fast(text) is None, text


TEXT = st.text(alphabet=st.sampled_from(list("abcXYZ019 .,&-")), max_size=30)


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(
    TEXT,
    st.builds(lambda w, s, f: w + s + f, st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.sampled_from(FORMS)),
    st.builds(lambda t, s, f: t + s + f, TEXT, st.sampled_from(SEPARATORS), st.sampled_from(FORMS)),
))
def test_fast_path_agrees_on_hypothesis_strings(raw: str) -> None:
    assert _agrees(raw)
