"""Lead filters (country, region, city, titles, seniority, industry, website/email) and output language."""

from __future__ import annotations

from typing import Any

from nlcmd.steps import website_is_step
from nlcmd.units import Sentence

SENIORITY_ORDER = ("manager", "director", "vp", "c_level")
LIST_KEYS = ("country", "region", "city", "job_titles", "seniority", "industry")
_PREFIX = {"country:": "country", "region:": "region", "city:": "city", "title:": "job_titles",
           "seniority:": "seniority", "industry:": "industry"}
_LANG_DIRECT = ("по-", "по ", "англояз", "русскояз", "на английском языке")


def _negated(s: Sentence, i: int) -> bool:
    for j in s.prev(i, 2):
        x = s.u[j]
        if x.has("mod:neg") and x.low.split()[0] in ("кроме", "except", "excluding", "не", "not", "исключая",
                                                      "без", "without", "minus", "минус", "exclude"):
            return True
        if not (x.low in ("и", "and", "or", "или") or x.kind == "punct" or x.has("country:", "region:")):
            break
    return False


_LANG_CODES = {"ru": "ru", "rus": "ru", "en": "en", "eng": "en"}


def _code_as_language(s: Sentence, i: int) -> str | None:
    """"language: RU", "язык RU", "на RU": a bare language code after a language noun or the Russian "на"
    (a country would take "в" / "из" / "in"), so "RU" there is the language, not Russia."""
    code = _LANG_CODES.get(s.u[i].low)
    prev = s.prev(i, 1)
    if code is None or not prev:
        return None
    before = s.u[prev[0]]
    return code if before.has("lang:lang_noun") or before.low == "на" else None


def _language_use(s: Sentence, i: int) -> bool:
    x = s.u[i]
    if not x.low.endswith(("ish", "ese", "ian", "ch", "ский", "ском", "цкий", "цком", "ски", "ки")):
        return False
    prev = s.prev(i, 1)
    nxt = s.next(i, 1)
    if prev and (s.u[prev[0]].has("lang:prep") or s.u[prev[0]].low in ("to", "into", "по")):
        return not (nxt and s.u[nxt[0]].has("cue:lead"))
    return bool(nxt) and s.u[nxt[0]].has("lang:lang_noun")


def extract_filters(s: Sentence) -> tuple[dict[str, Any], bool]:
    """(filters dict, a filter cue was negated or left without a value)."""
    out: dict[str, Any] = {}
    unresolved = False
    for i, x in enumerate(s.u):
        for concept in sorted(x.concepts):
            for prefix, key in _PREFIX.items():
                if not concept.startswith(prefix):
                    continue
                if key in ("country", "seniority") and x.has("lang:"):
                    continue  # "English", "Russian" as languages are handled below
                if key == "country" and _code_as_language(s, i):
                    continue  # "язык RU", "на RU": the output language (see output_language)
                if key == "country" and _language_use(s, i):
                    unresolved = True  # "на испанском", "to Spanish": a language, not a country
                    continue
                if _negated(s, i):
                    unresolved = True
                    continue
                vals = out.setdefault(key, [])
                for value in concept[len(prefix):].split("+"):  # groups: Nordics, DACH, Benelux
                    if value not in vals:
                        vals.append(value)
                value = vals[-1]
                if key == "seniority":
                    nxt = s.next(i, 2)
                    above = s.any_in(nxt, "mod:above")
                    if above is not None:
                        for higher in SENIORITY_ORDER[SENIORITY_ORDER.index(value) + 1:]:
                            if higher not in vals:
                                vals.append(higher)
        for cue, key, val in (("cue:has_website", "has_website", True), ("cue:no_website", "has_website", False),
                              ("cue:has_email", "has_email", True), ("cue:no_email", "has_email", False)):
            if x.has(cue) and not (key == "has_website" and website_is_step(s, i)):
                out[key] = val
                # "with an email and a website": the second noun shares the cue
                nxt = s.next(i, 3)
                if nxt and s.u[nxt[0]].low in ("and", "и", "&", "+"):
                    other = s.any_in(nxt[1:], "step:site_noun" if key == "has_email" else "cue:email_noun")
                    if other is not None:
                        out["has_website" if key == "has_email" else "has_email"] = val
    for key, cue in (("country", "cue:country_key"), ("region", "cue:region_key"),
                     ("industry", "cue:industry_key"), ("job_titles", "cue:title_key"),
                     ("seniority", "cue:seniority_key")):
        if s.has(cue) and key not in out:
            unresolved = True  # "industry: <something unknown>": a filter cue without a value
    return out, unresolved


def output_language(s: Sentence) -> str | None:
    """'en'/'ru' only when the language of the icebreakers is stated (на английском, in English, ...)."""
    lang: str | None = None
    for i, x in enumerate(s.u):
        code = _code_as_language(s, i)
        if code is not None:
            lang = code
            continue
        if not x.has("lang:en_word", "lang:ru_word"):
            continue
        code = "en" if x.has("lang:en_word") else "ru"
        prev = s.prev(i, 1)
        nxt = s.next(i, 1)
        direct = x.low.startswith(_LANG_DIRECT)
        after_prep = bool(prev) and s.u[prev[0]].has("lang:prep")
        before_noun = bool(nxt) and s.u[nxt[0]].has("lang:lang_noun", "step:icebreaker", "step:personalization")
        alone = (i == 0 or s.u[i - 1].is_break or s.u[i - 1].text in ("—", "-", ":")) and (
            i + 1 >= len(s.u) or s.u[i + 1].is_break)
        texts = s.has("step:icebreaker") or s.has("step:personalization") or s.has("step:full")
        if direct or after_prep or before_noun or alone and texts:
            lang = code
    return lang
