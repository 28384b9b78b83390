"""The cleaner's fast path for plain ASCII names gives exactly what the full rules give.

``company_name_cleaner._plain_once(text)`` either abstains (None) or gives what one pass of the full
rules (``_clean_once``) gives; ``_plain_fast(text)`` (that pass when it is final) and ``clean_with_note``
(every pass by the fast path where it answers) give what ``_clean_rules(text)``, the full rules without
the fast path, gives. Names come from the words of the dev
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

from processors.company_name_cleaner import (
    NOTE_RECASED,
    _clean_once,
    _clean_rules,
    _normalize,
    _plain_fast,
    _plain_once,
    clean_with_note,
)
from processors.company_names.legal_forms import strip_designations_final
from processors.company_names.plain_tail import strip_plain_tail
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


def _prefix_forms() -> list[str]:
    with open(DATA_DIR / "legal_forms.json", encoding="utf-8") as fh:
        data = json.load(fh)
    forms = [f for group, fs in data["prefix"].items() if not group.startswith("_") for f in fs]
    return sorted(f for f in forms if f.isascii())


WORDS = _words()
FORMS = _forms()
PREFIXES = _prefix_forms()
SEPARATORS = [" ", ", ", ","]


def _agrees(raw: str) -> bool:
    """True when the fast path abstains on ``raw`` (normalized as ``clean_with_note`` does) or agrees."""
    text = _normalize(raw)
    if not text:
        return True
    once = _plain_once(text)
    if once is not None:
        full = _clean_once(text)
        # Same result, note and finality; "nothing left to strip" never claimed where the full pass
        # does not claim it.
        if once[:3] != full[:3] or (once[3] and not full[3]):
            return False
    fast = _plain_fast(text)
    return (fast is None or fast == _clean_rules(text)) and clean_with_note(raw) == _clean_rules(text)


def _generated(count: int, seed: int, prefixes: bool = False) -> list[str]:
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
        if prefixes and rnd.random() < 0.5:
            name = " ".join(rnd.choice(PREFIXES) for _ in range(rnd.randint(1, 2))) + " " + name
        if prefixes and rnd.random() < 0.2:  # slashes inside tokens and tags mid-name
            words = name.split(" ")
            i = rnd.randrange(len(words))
            words[i] = words[i] + rnd.choice(["/S", "/E", "/ADR", "/DE/", "/"])
            name = " ".join(words)
        out.append(name)
    return out


def test_fast_path_agrees_with_the_full_rules_on_generated_names() -> None:
    names = _generated(6000, seed=7)
    disagree = [n for n in names if not _agrees(n)]
    assert disagree == []
    answered = sum(_plain_fast(t) is not None for t in map(_normalize, names) if t)
    assert answered > len(names) // 5  # the fast path is exercised, not just abstaining


def test_fast_path_agrees_with_the_full_rules_on_prefixed_and_slashed_names() -> None:
    names = _generated(6000, seed=11, prefixes=True)
    disagree = [n for n in names if not _agrees(n)]
    assert disagree == []
    answered = sum(_plain_fast(t) is not None for t in map(_normalize, names) if t)
    assert answered > len(names) // 5


def test_plain_tail_gives_what_the_legal_form_rules_give() -> None:
    # _structure uses strip_plain_tail in place of strip_designations_final whenever it answers.
    names = _generated(3000, seed=5) + _generated(3000, seed=6, prefixes=True)
    answered = 0
    for name in names:
        plain = strip_plain_tail(name)
        if plain is not None:
            answered += 1
            assert (plain, True) == strip_designations_final(name), name
    assert answered > len(names) // 2


def test_fast_path_answers_plain_names() -> None:
    assert _plain_fast("Acme Widgets, Inc.") == ("Acme Widgets", "")
    assert _plain_fast("Nitori Holdings Co., Ltd.") == ("Nitori", "")
    assert _plain_fast("GENERAL MILLS INC") == ("General Mills", "recased from ALL CAPS")
    assert _plain_fast("Seaboard Corp /DE/") == ("Seaboard", "")
    assert clean_with_note("Acme Widgets, Inc.") == ("Acme Widgets", "")


def test_fast_path_answers_prefix_forms_and_slashed_forms() -> None:
    for text, expected in (("PT Eaton Corp", ("Eaton", "")), ("OOO PASKAL A/S", ("Paskal", NOTE_RECASED)),
                           ("Limited Liability Company Jumia Technologies AG", ("Jumia Technologies", "")),
                           ("BLOCK, INC. A/S", ("Block", NOTE_RECASED)), ("Jet.AI Inc.", ("Jet.AI", "")),
                           ("forbes.com Pty Ltd", ("Forbes.com", "")), ("trivago N.V.", ("Trivago", "")),
                           ("acme widgets inc", ("acme widgets", ""))):
        assert _plain_fast(text) == expected == _clean_rules(text), text


def test_fast_path_abstains_where_other_rules_act() -> None:
    for text in ("A. O. Smith Ltd.", "Handelsagentur e.K.", "HCG Hanse Convenience GmbH", "ARM HOLDINGS PLC /UK Ltd",
                 "Dave Inc./DE PLC", "GAU-ALGESHEIMER VOLKSBANK EG", "acme.com"):
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
