"""Property tests: a small grammar renders commands into Russian and English sentences that must parse
back to the same command; arbitrary text never raises; the canonical text form round-trips."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nlcmd import ProcessingCommand
from nlcmd import parse_natural_language_command as parse
from nlcmd.command import ACTIONS
from nlcmd.parser import parse_rules
from nlcmd.validate import (
    INDUSTRIES,
    JOB_TITLES,
    REGIONS,
    SENIORITY,
    cities,
    countries,
    validate,
)

FULL = ["company_name_cleaner", "website_intelligence", "personalization_extractor", "icebreaker_generator"]
PROPS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- the grammar
STEPS = {  # name -> (processors, ru phrase(s), en phrase(s), has icebreakers)
    "full": (FULL, ["с полным обогащением", "через весь пайплайн", "со всеми шагами"],
             ["with full enrichment", "through the whole pipeline", "with all steps"], True),
    "ice": (FULL[1:], ["с айсбрейкерами", "с ледоколами", "с айсбрекерами"],
            ["with icebreakers", "with openers", "with ice breakers"], True),
    "pers": (FULL[1:3], ["с персонализацией", "с персонализацыей"], ["with personalization",
                                                                     "with personalisation"], False),
    "site": (FULL[1:2], ["с анализом сайтов", "с парсингом сайтов"], ["with website analysis",
                                                                       "with website intelligence"], False),
    "clean": (FULL[:1], ["с чисткой названий компаний", "с очисткой названий"], ["with company name cleaning",
                                                                               "with name cleanup"], False),
    "clean_ice": (FULL, "с чисткой названий и айсбрейкерами", "with name cleaning and icebreakers", True),
    "full_no_ice": (FULL[:3], "с полным обогащением, но без айсбрейкеров",
                    "with full enrichment but without icebreakers", False),
    "full_no_clean": (FULL[1:], "с полным обогащением, но без чистки названий",
                      "with full enrichment but no name cleaning", True),
}
COUNTRY = {"US": ("США", "the US"), "DE": ("Германии", "Germany"), "GB": ("Великобритании", "the UK"),
           "FR": ("Франции", "France"), "KZ": ("Казахстана", "Kazakhstan")}
INDUSTRY = {"saas": ("SaaS", "SaaS"), "fintech": ("финтех", "fintech"), "logistics": ("логистика", "logistics")}
RU_WORDS = {100: "сто", 200: "двести", 300: "триста", 500: "пятьсот", 1000: "тысячу", 2000: "две тысячи",
            3000: "три тысячи", 5000: "пять тысяч", 1500: "полторы тысячи"}
EN_WORDS = {100: "a hundred", 300: "three hundred", 500: "five hundred", 1000: "a thousand",
            2000: "two thousand", 1200: "twelve hundred", 2500: "two and a half thousand"}

name_chars = string.ascii_lowercase + string.digits + "_-"
file_names = st.builds(
    lambda d, n, c: f"{d}{n}.csv" if not c else f"{d}лиды_{n}.csv",
    st.sampled_from(["", "leads/1-raw/", "data/", "./in/"]),
    st.text(name_chars, min_size=1, max_size=10).filter(lambda s: s[0].isalpha()),
    st.booleans(),
)


def render_number(n: int, lang: str, draw) -> str:
    words = RU_WORDS if lang == "ru" else EN_WORDS
    forms = [str(n)]
    if n in words:
        forms.append(words[n])
    if n >= 1000 and n % 1000 == 0:
        forms.append(f"{n // 1000}{'к' if lang == 'ru' else 'k'}")
        forms.append(f"{n // 1000} {'тыс.' if lang == 'ru' else 'thousand'}")
    if n >= 10000:
        forms.append(f"{n:,}".replace(",", " " if lang == "ru" else ","))
    return draw(st.sampled_from(forms))


@st.composite
def sentences(draw):
    lang = draw(st.sampled_from(["ru", "en"]))
    action = draw(st.sampled_from(["process", "estimate"]))
    path = draw(file_names)
    limit = draw(st.none() | st.sampled_from(sorted(set(RU_WORDS) | set(EN_WORDS))) | st.integers(1, 60000))
    step = draw(st.none() | st.sampled_from(sorted(STEPS)))
    olang = draw(st.none() | st.sampled_from(["en", "ru"])) if step and STEPS[step][3] else None
    batch = draw(st.none() | st.integers(100, 5000))
    budget = draw(st.none() | st.integers(1, 5000).map(lambda c: c / 100))
    ctry = draw(st.lists(st.sampled_from(sorted(COUNTRY)), max_size=2, unique=True))
    inds = draw(st.lists(st.sampled_from(sorted(INDUSTRY)), max_size=2, unique=True))
    i = 0 if lang == "ru" else 1
    if action == "process":
        head = draw(st.sampled_from(["обработай", "прогони", "запусти обработку"] if lang == "ru"
                                    else ["process", "please process", "run"]))
    else:
        head = draw(st.sampled_from(["сколько будет стоить обработать", "оцени стоимость, если обработать"]
                                    if lang == "ru" else ["how much would it cost to process",
                                                          "estimate the cost to process"]))
    parts = [head]
    if limit is not None:
        n = render_number(limit, lang, draw)
        parts.append(draw(st.sampled_from(
            [f"{n} лидов", f"первые {n} лидов", f"{n} строк", f"{n} контактов"] if lang == "ru"
            else [f"{n} leads", f"the first {n} leads", f"{n} rows", f"{n} contacts"])))
    parts.append(("из " if lang == "ru" else "from ") + (f'"{path}"' if draw(st.booleans()) else path))
    frags = []
    if step:
        phrase = STEPS[step][1 + i]
        phrase = draw(st.sampled_from(phrase)) if isinstance(phrase, list) else phrase
        if olang:
            phrase += {"ru": {"en": " на английском", "ru": " на русском"},
                       "en": {"en": " in English", "ru": " in Russian"}}[lang][olang]
        frags.append(phrase)
    if batch is not None:
        n = render_number(batch, lang, draw)
        frags.append(draw(st.sampled_from(
            [f", батчами по {n}", f", пачками по {n}", f", размер батча {n}", f", по {n} за раз"] if lang == "ru"
            else [f", in batches of {n}", f", batch size {n}", f", {n} per batch", f", {n} at a time"])))
    if budget is not None:
        b = f"{budget:g}"
        frags.append(draw(st.sampled_from(
            [f", бюджет ${b}", f", не дороже ${b}", f", бюджет {b} долларов", f", потратить не больше {b}$"]
            if lang == "ru" else [f", budget ${b}", f", max spend ${b}", f", budget of {b} dollars",
                                  f", don't spend more than ${b}"])))
    if ctry:
        names = [COUNTRY[c][i] for c in ctry]
        frags.append((", только из " if lang == "ru" else ", only leads from ") +
                     (" и " if lang == "ru" else " and ").join(names))
    if inds:
        names = [INDUSTRY[x][i] for x in inds]
        frags.append((", отрасль: " if lang == "ru" else ", industry: ") + ", ".join(names))
    model = draw(st.none() | st.sampled_from(["gpt-4o-mini", "gpt-4.1", "llama3.1:8b"]))
    if model:
        frags.append(draw(st.sampled_from([f", модель {model}", f" на {model}"] if lang == "ru"
                                          else [f", using {model}", f", model {model}"])))
    out = draw(st.none() | st.sampled_from(["out/result.csv", "готово.csv", "results/q1 final.csv"]))
    if out:
        shown = f'"{out}"' if " " in out else out
        frags.append(draw(st.sampled_from([f", сохрани в {shown}", f", результат запиши в {shown}"] if lang == "ru"
                                          else [f", save to {shown}", f", output to {shown}"])))
    frags = draw(st.permutations(frags))
    text = " ".join(parts) + "".join(f if f.startswith(",") else " " + f for f in frags)
    filters = {}
    if ctry:
        filters["country"] = ctry
    if inds:
        filters["industry"] = inds
    expected = {"action": action, "input_file": path, "processors": STEPS[step][0] if step else None,
                "limit": limit, "batch_size": batch, "filters": filters, "budget_usd": budget,
                "output_language": olang, "output_file": out, "model": model, "run_id": None}
    return text, expected


def _norm(label: dict) -> dict:
    out = dict(label)
    out["filters"] = {k: sorted(v) if isinstance(v, list) else v for k, v in (label.get("filters") or {}).items()}
    return out


@PROPS
@given(sentences())
def test_rendered_sentences_parse_back(case) -> None:
    text, expected = case
    got = parse(text).to_label()
    assert _norm(got) == _norm(expected), text


# --------------------------------------------------------------------------- never raises
noise = st.text(alphabet=st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя ABCxyz0123456789.,:;!?-+=$€«»\"'/\\()_~#%к ")),
                max_size=80)
fragments = st.lists(st.sampled_from([
    "обработай", "process", "без", "only", "только", "x.csv", '"a b.csv"', "--limit", "=", "-5", "1,5к", "$",
    "батчами", "по", "нет", "лучше", "y.xlsx", "айсбрейкеры", "skip", "icebreakers", "сотрудников", "от", "до",
    "10-50", "budget", "рублей", "полтысячи", "twelve", "hundred", "and", "a", "run", "abc1", "?", "gpt-4o",
    "C:\\x\\y.csv", "«", "»", "first", "первые", "всех", "VP", "and above", "США", "UK", "IT", "it",
]), max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(noise, fragments, st.text(max_size=60)))
def test_parsing_arbitrary_text_never_raises(text: str) -> None:
    parse_rules(text)  # the rules themselves must not fail (parse() would hide a bug as not_a_command)
    cmd = parse(text)
    assert isinstance(cmd, ProcessingCommand)
    assert cmd.action in ACTIONS
    if cmd.action == "error":
        assert cmd.reason and cmd.message and "\n" not in cmd.message
    else:
        assert set(cmd.to_label()) >= {"action", "input_file", "processors", "limit", "filters"}


# --------------------------------------------------------------------------- canonical text form
path_chars = string.ascii_letters + string.digits + "_-. /абвгдежзиклмнопрстуя"
canon_paths = st.builds(lambda d, n: f"{d}{n.strip() or 'x'}.csv", st.sampled_from(["", "leads/", "C:\\data\\", "~/"]),
                        st.text(path_chars, min_size=1, max_size=12).filter(lambda s: not s.startswith(("-", " "))))


@st.composite
def commands(draw):
    action = draw(st.sampled_from(["process", "estimate", "resume", "status", "report"]))
    filters: dict = {}
    for key, values in (("country", sorted(countries())), ("region", REGIONS), ("city", sorted(cities())),
                        ("job_titles", JOB_TITLES), ("seniority", SENIORITY), ("industry", INDUSTRIES)):
        if draw(st.booleans()):
            filters[key] = draw(st.lists(st.sampled_from(list(values)), min_size=1, max_size=3, unique=True))
    lo = draw(st.none() | st.integers(0, 5000))
    hi = draw(st.none() | st.integers(0, 5000))
    if lo is not None:
        filters["employees_min"] = lo
    if hi is not None and (lo is None or hi >= lo):
        filters["employees_max"] = hi
    for key in ("has_website", "has_email"):
        value = draw(st.none() | st.booleans())
        if value is not None:
            filters[key] = value
    label = {
        "action": action,
        "input_file": draw(canon_paths),
        "processors": draw(st.none() | st.lists(st.sampled_from(FULL), min_size=1, max_size=4, unique=True)),
        "limit": draw(st.none() | st.integers(1, 100000)),
        "batch_size": draw(st.none() | st.integers(100, 5000)),
        "filters": filters,
        "budget_usd": draw(st.none() | st.integers(0, 100000).map(lambda c: c / 100)),
        "output_language": draw(st.none() | st.sampled_from(["en", "ru"])),
        "output_file": draw(st.none() | canon_paths),
        "model": draw(st.none() | st.sampled_from(["gpt-4o-mini", "gpt-4.1", "llama3.1:8b", "qwen2.5-7b"])),
        "run_id": draw(st.none() | st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,12}", fullmatch=True)),
    }
    return label


@PROPS
@given(commands())
def test_canonical_text_round_trips(label: dict) -> None:
    v = validate(label, label["input_file"] or "")
    assume(v.reason is None and not v.problems)
    cmd = ProcessingCommand(**v.label)
    text = cmd.to_text()
    back = ProcessingCommand.from_text(text)
    assert back.to_label() == cmd.to_label(), text
