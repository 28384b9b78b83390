"""Which action a sentence asks for, from the action cues found by the lexicon.

Priority: unsupported > past spending (report) > estimate > resume > status > report > process.
``сколько``/``how much`` with a cost word means estimate, with a past tense (потратили, did ... cost)
it means report; with a progress word (осталось, обработано, done) it means status.
"""

from __future__ import annotations

from nlcmd.morph import is_cyrillic
from nlcmd.units import Sentence, Unit

_NOUN_RUN_BEFORE = {"last", "previous", "yesterday's", "the", "a", "this", "that", "my", "our", "latest",
                    "последний", "предыдущий", "вчерашний", "этот", "тот", "мой", "наш", "current", "текущий"}


def _is_verbal(s: Sentence, i: int) -> bool:
    """A cue word used as an action (not 'the last run', not a participle like 'прерванный')."""
    x = s.u[i]
    tok = x.tokens[0]
    if tok.pos in ("PRTF", "PRTS", "ADJF"):
        return False
    if x.low in ("run", "runs", "запуск", "job", "jobs"):
        prev = s.prev(i, 1)
        if prev and (s.u[prev[0]].low in _NOUN_RUN_BEFORE or s.u[prev[0]].tokens[0].keys & _NOUN_RUN_BEFORE):
            return False
        if i > 0 and x.low in ("runs", "jobs"):
            return False
    return True


def _names_output(s: Sentence, i: int) -> bool:
    """'результат: out.csv', 'results to out.csv': the word introduces an output file, not a report."""
    if not s.u[i].low.startswith(("результат", "result", "итог", "output")):
        return False
    for j in range(i + 1, min(i + 4, len(s.u))):
        x = s.u[j]
        if x.kind == "slot" or x.has("cue:save"):
            return True
        if not (x.kind == "punct" or x.low in ("в", "to", "into", "as", "in", "файл", "file")):
            return False
    return False


def _past_form(x: Unit) -> bool:
    """English cue words count as written; Russian ones only in a past form or as a noun (расходы)."""
    tok = x.tokens[0]
    if not is_cyrillic(tok.text):
        return True
    return tok.past or tok.pos in ("NOUN", "PRTS", "PRTF", "ADVB", "PRED", "ADJS")


def detect_action(s: Sentence) -> tuple[str | None, dict[str, bool]]:
    """(action or None when no cue, signals) for the sentence."""
    sig = {k: False for k in ("unsupported", "past", "estimate", "resume", "status", "report", "process")}
    for i, x in enumerate(s.u):
        if x.has("act:unsupported") and _is_verbal(s, i):
            sig["unsupported"] = True
        if x.has("act:estimate"):
            sig["estimate"] = True
        if x.has("act:resume") and _is_verbal(s, i):
            sig["resume"] = True
        if x.has("act:status"):
            sig["status"] = True
        if x.has("act:report") and not _names_output(s, i):
            sig["report"] = True
        if x.has("act:process") and _is_verbal(s, i):
            sig["process"] = True
    howmuch = s.has("cue:howmuch")
    # "how much" / "во сколько" ask for money by themselves; "сколько" / "how many" may count anything
    cost = s.has("cue:cost") or any(x.has("cue:howmuch") and x.low in ("how much", "во сколько") for x in s.u)
    past = any(x.has("cue:past_spend") and _past_form(x) for x in s.u) or any(
        x.has("cue:cost") and x.tokens[0].past for x in s.u)
    spend_past = any(x.has("cue:past_spend") and x.low not in ("did", "was", "were", "used") for x in s.u)
    if (cost or howmuch) and past and (cost or spend_past):
        sig["past"] = True
    elif cost and (howmuch or not s.has("cue:budget")):
        sig["estimate"] = True
    if howmuch and any(x.has("cue:done") and _past_form(x) for x in s.u) and not cost:
        sig["status"] = True
    if spend_past and past and not sig["estimate"] and not sig["past"]:
        sig["past"] = True
    if sig["resume"] and s.has("cue:fresh"):
        sig["resume"], sig["process"] = False, True  # "re-run x.csv from scratch" starts over
    for name, action in (("unsupported", "unsupported"), ("past", "report"), ("estimate", "estimate"),
                         ("resume", "resume"), ("status", "status"), ("report", "report"),
                         ("process", "process")):
        if sig[name]:
            return action, sig
    return None, sig
