"""First pass over the raw sentence: take out file paths, model names, run ids and flag fragments.

What is taken out is replaced by a slot placeholder so that digits inside paths, model names
(``gpt-4o``) and run ids (``2024-11-20_1532``) are never read as numbers. Paths keep their text as
written (case, ``~``, ``./``, backslashes), without surrounding quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from nlcmd.tokens import SLOT_CLOSE, SLOT_OPEN

FILE_EXTS = {
    "csv", "tsv", "txt", "xlsx", "xls", "xlsm", "xlsb", "json", "jsonl", "ndjson", "xml", "parquet", "pdf",
    "doc", "docx", "ods", "odt", "zip", "gz", "md", "sql", "html", "htm", "yaml", "yml", "dat", "numbers",
    "pptx", "ppt", "rtf", "log", "db", "sqlite", "pkl", "feather", "avro", "tar", "7z", "rar", "psv", "tab",
}
_QUOTES = [("\"", "\""), ("«", "»"), ("“", "”"), ("„", "“"), ("'", "'"), ("‘", "’")]
_RUN = re.compile(r"[^\s\"'«»“”„,;!?()<>|]+")
_EXT_END = re.compile(r"[^.]\.([A-Za-z][A-Za-z0-9]{0,7})$")


@dataclass
class _ExtHit:
    text: str
    ext: str
    s: int
    e: int

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e

    def group(self, n: int = 0) -> str:
        return self.ext if n == 1 else self.text


def _ext_tokens(text: str, pos: int = 0) -> Iterator[_ExtHit]:
    """Space-free runs ending in '.ext' (trailing '.', ':' ignored), in linear time."""
    for m in _RUN.finditer(text, pos):
        run = m.group()
        trimmed = run.rstrip(".:")
        if len(trimmed) > 400:
            continue
        em = _EXT_END.search(trimmed)
        if em:
            yield _ExtHit(trimmed, em.group(1), m.start(), m.start() + len(trimmed))
_WINDOWS = re.compile(r"[A-Za-z]:\\[^\s\"'«»,;!?]*")
_FILE_CUE = re.compile(r"(?i)(?:\b(?:file|файл[а-я]*)\s*:?\s+)([^\s\"'«»,;!?]+)")
_MODEL = re.compile(
    r"(?i)(?<![\w/\\.-])(gpt-?\d[\w.\-]*|gpt-4o[\w.\-]*|chatgpt-[\w.\-]+|o[1345](?:-mini|-pro|-preview)?"
    r"|claude[\w.\-]*|llama[\w.\-:]*|mistral[\w.\-:]*|mixtral[\w.\-:]*|gemini[\w.\-]*|qwen[\w.\-:]*"
    r"|deepseek[\w.\-:]*|gemma[\w.\-:]*|phi-?\d[\w.\-]*)(?![\w/\\])"
)
_MODEL_CUE = re.compile(r"(?i)(?:\bmodel|модел[а-я]*|--model)\s*[=:]?\s*([A-Za-z][\w.\-:/]*\d[\w.\-:/]*)")
_RUN_ID = re.compile(
    r"(?i)(?:\b(?:run|job|task|запуск[а-я]*|прогон[а-я]*|задач[а-я]*|сесси[а-я]*)\s*(?P<mark>id\b|№|#)?\s*[:=#№]?\s*"
    r"|\b(?P<mark2>run[_-]id)\s*[=:]?\s*)"
    r"(?P<id>[A-Za-z0-9][\w\-:.]*)"
)
_SAVE_CUE = re.compile(
    r"(?i)(сохран\w*|результат\w*|results?|save\w*|output\w*|вывед\w*|выве\w*|запиш\w*|write|written|выгруз\w*"
    r"|export\w*|экспорт\w*|store|dump|положи\w*|put|into|в\s+файл(?![а-яё]))"
)
_OUT_PREPS = {"в", "во", "to", "into", "as", "in", "файл", "file", "->", "→", "=", "как", "на"}
_CORRECTION = re.compile(
    r"(?i)(?<!\w)(нет|вернее|точнее|лучше|ой|то есть|в смысле|поправка|i mean|i meant|meant|actually|wait|sorry"
    r"|oops|instead|rather|scratch that|correction|no,)(?!\w)"
)

# flag name -> label field
FLAG_NAMES = {
    "limit": "limit", "n": "limit", "leads": "limit", "rows": "limit", "лимит": "limit",
    "batch": "batch_size", "batch-size": "batch_size", "batch_size": "batch_size", "batchsize": "batch_size",
    "budget": "budget_usd", "budget-usd": "budget_usd", "budget_usd": "budget_usd", "max-spend": "budget_usd",
    "country": "country", "countries": "country", "region": "region", "city": "city",
    "title": "job_titles", "titles": "job_titles", "job-titles": "job_titles", "job_titles": "job_titles",
    "seniority": "seniority", "industry": "industry", "industries": "industry",
    "employees-min": "employees_min", "employees_min": "employees_min", "min-employees": "employees_min",
    "employees-max": "employees_max", "employees_max": "employees_max", "max-employees": "employees_max",
    "employees": "employees", "has-website": "has_website", "has_website": "has_website",
    "has-email": "has_email", "has_email": "has_email",
    "lang": "output_language", "language": "output_language", "output-language": "output_language",
    "output_language": "output_language",
    "output": "output_file", "out": "output_file", "output-file": "output_file", "output_file": "output_file",
    "o": "output_file", "model": "model", "run": "run_id", "run-id": "run_id", "run_id": "run_id",
    "steps": "processors", "processors": "processors", "step": "processors",
    "file": "input_file", "input": "input_file", "input-file": "input_file", "input_file": "input_file",
    "action": "action",
}
STEP_FLAGS = {
    "icebreakers": "icebreaker_generator", "icebreaker": "icebreaker_generator",
    "personalization": "personalization_extractor", "personalisation": "personalization_extractor",
    "website-intelligence": "website_intelligence", "website": "website_intelligence",
    "websites": "website_intelligence", "clean-names": "company_name_cleaner", "clean": "company_name_cleaner",
    "company-name-cleaner": "company_name_cleaner", "full": "full", "full-enrichment": "full", "all": "full",
}
BOOL_FLAGS = {"has-website", "has_website", "has-email", "has_email"}


def _alt(names: object) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))  # type: ignore[arg-type]


_VALUE = r"\"[^\"]*\"|«[^»]*»|[^\s\"«-][^\s,;]*(?:,[^\s,;]+)*"
_RUN_ID_AFTER_ACTION = re.compile(
    r"(?i)\b(?:status|статус|resume|продолжи\w*|возобнови\w*|report|отч[её]т)\s+(?:of|for|по|для)?\s*"
    r"(?P<id>(?=[a-z0-9_-]*[a-z])(?=[a-z0-9_-]*\d)[a-z0-9][a-z0-9_-]*|\d{4}-\d{2}-\d{2}[\w:-]*)(?![\w.])"
)
_FLAG = re.compile(
    rf"(?i)(?<![\w-])--(?P<bname>{_alt(BOOL_FLAGS)})(?:\s*=\s*|\s+)?(?P<bvalue>true|false|yes|no|1|0)?(?![\w-])"
    rf"|(?<![\w-])--(?P<name>{_alt(set(FLAG_NAMES) - BOOL_FLAGS)})(?:\s*=\s*|\s+)(?P<value>{_VALUE})"
    rf"|(?<![\w-])--(?P<sname>{_alt(STEP_FLAGS)})(?![\w-])"
    rf"|(?<![\w-])--(?:no|skip|without)-(?P<nname>{_alt(STEP_FLAGS)})(?![\w-])"
    rf"|(?<![\w-])(?P<kname>{_alt(k for k in FLAG_NAMES if len(k) > 2)})=(?P<kvalue>{_VALUE})"
)


@dataclass
class PathHit:
    text: str
    start: int
    end: int
    role: str = "input"  # or "output"
    quoted: bool = False


@dataclass
class Extracted:
    masked: str
    slots: list[tuple[str, str]] = field(default_factory=list)  # (kind, value) by slot number
    paths: list[PathHit] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    run_ids: list[str] = field(default_factory=list)
    flags: dict[str, str] = field(default_factory=dict)
    step_flags: list[str] = field(default_factory=list)
    neg_step_flags: list[str] = field(default_factory=list)


def _spans_overlap(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _looks_like_path(text: str) -> bool:
    m = re.search(r"\.([A-Za-z][A-Za-z0-9]{0,5})$", text)
    return bool(m and (m.group(1).lower() in FILE_EXTS or "/" in text or "\\" in text)) or (
        ("/" in text or "\\" in text) and len(text) > 2
    )


_FROM_CUES = {"из", "from", "файла", "файл", "файле", "file", "for", "для", "on", "in", "в", "of", "по"}


def _extend_after_cue(text: str, start: int, taken: list[tuple[int, int]]) -> int:
    """'из Мои документы/лиды.csv': a directory path whose first words hold spaces starts after the cue.

    Only when the path has a directory part, at most two words sit between the cue and it, and each of
    them looks like a name (capitalised or with digits)."""
    first = text[start:].split(None, 1)[0] if text[start:].strip() else ""
    if "/" not in first and "\\" not in first:
        return start
    words = list(re.finditer(r"\S+", text[:start]))
    for n in (1, 2):
        if len(words) <= n:
            break
        cue = words[-n - 1].group().lower()
        between = words[-n:]
        if not all(w.group()[:1].isupper() or re.search(r"\d", w.group()) for w in between):
            break
        if any(_spans_overlap((w.start(), w.end()), taken) for w in between):
            break
        if cue in _FROM_CUES:
            return between[0].start()
    return start


def find_paths(text: str) -> list[PathHit]:
    """File paths in the sentence, in order (quoted, Windows, with spaces, extension-less after 'file')."""
    hits: list[PathHit] = []
    taken: list[tuple[int, int]] = []
    for open_q, close_q in _QUOTES:
        pat = re.compile(rf"(?:^|(?<=[\s(:=\[]))({re.escape(open_q)})([^{re.escape(close_q)}\n]+)({re.escape(close_q)})")
        for m in pat.finditer(text):
            inner = m.group(2).strip()
            span = (m.start(1), m.end(3))
            if _spans_overlap(span, taken) or not _looks_like_path(inner):
                continue
            hits.append(PathHit(inner, span[0], span[1], quoted=True))
            taken.append(span)
    for m in _WINDOWS.finditer(text):
        span = (m.start(), m.end())
        if _spans_overlap(span, taken):
            continue
        end = m.end()
        # a Windows path may contain spaces: extend to the next token ending in a file extension
        ext = next(_ext_tokens(text[:m.start() + 400], m.start()), None)
        if ext and ext.start() <= end + 40 and not _spans_overlap((m.start(), ext.end()), taken):
            between = text[m.end():ext.start()]
            if ext.start() < m.end() or (re.fullmatch(r"[^,;!?\"«»]*", between) and len(between.split()) <= 3):
                end = max(end, ext.end())
        value = text[m.start():end].rstrip(".")
        hits.append(PathHit(value, m.start(), m.start() + len(value)))
        taken.append((m.start(), m.start() + len(value)))
    for m in _ext_tokens(text):
        span = (m.start(), m.end())
        if _spans_overlap(span, taken):
            continue
        value = m.group()
        if m.group(1).lower() not in FILE_EXTS and "/" not in value and "\\" not in value:
            continue
        if re.match(r"(?i)https?://", value):
            continue
        start = m.start()
        # unquoted path with spaces: "~/Desktop/leads final.csv" -> extend left over words with a slash
        while True:
            before = text[:start]
            wm = re.search(r"(\S+)\s+$", before)
            if not wm:
                break
            word = wm.group(1)
            if ("/" in word or "\\" in word) and not word.endswith(("/", "\\")) and word.lower() not in ("w/", "w/o") \
                    and not _spans_overlap((wm.start(1), wm.end(1)), taken) and len(word) > 2:
                start = wm.start(1)
                continue
            break
        start = _extend_after_cue(text, start, taken)
        hits.append(PathHit(text[start:m.end()], start, m.end()))
        taken.append((start, m.end()))
    for m in _FILE_CUE.finditer(text):
        value = m.group(1).rstrip(".:")
        span = (m.start(1), m.start(1) + len(value))
        if _spans_overlap(span, taken) or not value:
            continue
        name_like = re.search(r"[_\-/\\\d]", value) or (
            re.search(r"[a-zA-Z]", value) and re.search(r"[а-яА-Я]", m.group(0)))
        if name_like and re.fullmatch(r"[\w\-./\\~]+", value) and not re.fullmatch(r"\d+(?:[.,]\d+)?[kк]?", value):
            hits.append(PathHit(value, span[0], span[1]))
            taken.append(span)
    hits.sort(key=lambda h: h.start)
    for h in hits:
        before = text[max(0, h.start - 60):h.start]
        words = before.split()[-4:]
        if not words:
            continue
        last = words[-1].lower().rstrip(":")
        if last in ("->", "→", "=>"):
            h.role = "output"
            continue
        if not _SAVE_CUE.search(" ".join(words)):
            continue
        flag = words[-1].startswith("-") and _SAVE_CUE.fullmatch(words[-1].lstrip("-"))  # --output x.csv
        if last in _OUT_PREPS or flag or before.rstrip().endswith(":"):
            h.role = "output"
    return hits


def _mask(text: str, spans: list[tuple[int, int, str, str]], ex: Extracted) -> str:
    out = []
    pos = 0
    for start, end, kind, value in sorted(spans):
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(f" {SLOT_OPEN}{len(ex.slots)}{SLOT_CLOSE} ")
        ex.slots.append((kind, value))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def extract(text: str) -> Extracted:
    """Paths, model names, run ids and --flags out of the sentence; the rest masked with slots."""
    ex = Extracted(masked=text)
    spans: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for h in find_paths(text):
        ex.paths.append(h)
        spans.append((h.start, h.end, "path", h.text))
        taken.append((h.start, h.end))
    for m in _FLAG.finditer(text):
        span = (m.start(), m.end())
        if _spans_overlap(span, taken):
            continue
        if m.group("nname"):
            ex.neg_step_flags.append(STEP_FLAGS[m.group("nname").lower()])
        elif m.group("sname"):
            ex.step_flags.append(STEP_FLAGS[m.group("sname").lower()])
        elif m.group("bname"):
            ex.flags[FLAG_NAMES[m.group("bname").lower()]] = (m.group("bvalue") or "true").lower()
        else:
            name = (m.group("name") or m.group("kname")).lower()
            value = m.group("value") if m.group("name") else m.group("kvalue")
            ex.flags[FLAG_NAMES[name]] = value.strip("\"«»")
        spans.append((m.start(), m.end(), "flag", m.group()))
        taken.append(span)
    for m in _MODEL_CUE.finditer(text):
        span = (m.start(1), m.end(1))
        if not _spans_overlap(span, taken):
            ex.models.append(m.group(1).rstrip(".,:;?!").lower())
            spans.append((span[0], span[1], "model", m.group(1)))
            taken.append(span)
    for m in _MODEL.finditer(text):
        span = (m.start(1), m.end(1))
        if not _spans_overlap(span, taken):
            value = m.group(1).rstrip(".,:;?!")
            ex.models.append(value.lower())
            spans.append((span[0], span[0] + len(value), "model", value))
            taken.append(span)
    for m in [*_RUN_ID.finditer(text), *_RUN_ID_AFTER_ACTION.finditer(text)]:
        value = m.group("id").rstrip(".,:;?!")
        span = (m.start("id"), m.start("id") + len(value))
        if _spans_overlap(span, taken) or not re.search(r"\d", value):
            continue
        marked = m.groupdict().get("mark") or m.groupdict().get("mark2")
        if re.fullmatch(r"\d+(?:[.,]\d+)?[kк]?|b2[bc]|d2c|p2p|q[1-4]", value, re.IGNORECASE) and not (
                marked and value.isdigit()):
            continue  # "run 500 leads": a count, not an id ("run #17" is an id)
        ex.run_ids.append(value)
        spans.append((span[0], span[1], "run_id", value))
        taken.append(span)
    ex.masked = _mask(text, spans, ex)
    return ex


def has_correction_between(text: str) -> bool:
    """True when the text between two values contains a self-correction cue (нет, лучше, actually...)."""
    return bool(_CORRECTION.search(text))
