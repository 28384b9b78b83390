"""``parse(text) -> ProcessingCommand``: rules first (deterministic, offline), LLM fallback optional.

Pipeline: take out paths / model / run id / --flags (nlcmd.extract) -> tokens with lemma keys
(nlcmd.tokens, nlcmd.morph) -> numbers (nlcmd.numbers) -> lexicon phrases and typos (nlcmd.lexicon)
-> action, steps, quantities, filters -> one validator (nlcmd.validate). Errors come back as a command
with action "error", a corpus reason code and a one-line message in the user's language; parse never
raises. Words the rules could not explain are listed in ``cmd.warnings``; when an API key is configured
and such words remain (or a filter cue produced no filter), nlcmd.llm_fallback is asked for the same
structure and its answer goes through the same validator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from nlcmd.action import detect_action
from nlcmd.command import LABEL_KEYS, ProcessingCommand
from nlcmd.extract import Extracted, extract, has_correction_between
from nlcmd.filters import extract_filters, output_language
from nlcmd.lexicon import lexicon
from nlcmd.messages import error_message
from nlcmd.numbers import literal_value, merge_numbers
from nlcmd.quantities import assign_quantities
from nlcmd.steps import PIPELINE, resolve_steps
from nlcmd.tokens import tokenize
from nlcmd.units import Sentence, build_units
from nlcmd.validate import validate

MAX_CHARS = 2000  # one command is one sentence; longer input is refused (and keeps parsing time bounded)
_CYR = re.compile(r"[а-яё]", re.I)
_LAT = re.compile(r"[a-z]", re.I)
_ABBR = re.compile(r"^[A-Z0-9]{2,5}s?$|^SaaS$")
_SUGGEST = ("обработай", "оцени", "продолжи", "статус", "отчёт", "process", "estimate", "resume", "status",
            "report", "айсбрейкеры", "icebreakers", "персонализация", "personalization")


@dataclass
class Analysis:
    """What the rules found, besides the command (for warnings and the LLM fallback)."""

    label: dict[str, Any]
    unexplained: list[str] = field(default_factory=list)
    filter_cue_unresolved: bool = False
    lang: str = "en"
    suggestion: str | None = None
    then_run: bool = False


def detect_lang(masked: str) -> str:
    """'ru' when Cyrillic words are at least as many as English ones (abbreviations and paths aside)."""
    cyr = lat = 0
    for word in re.findall(r"[^\W\d_]+", masked):
        if _CYR.search(word):
            cyr += 1
        elif _LAT.search(word) and not _ABBR.match(word):
            lat += 1
    return "ru" if cyr and cyr >= lat else "en"


def _error(reason: str, lang: str, text: str, suggestion: str | None = None) -> ProcessingCommand:
    return ProcessingCommand(action="error", reason=reason, message=error_message(reason, lang, suggestion),
                             lang=lang, text=text)


def _flag_overrides(ex: Extracted, label: dict[str, Any]) -> None:
    """--flag / key=value fragments set fields directly (they are also the canonical text form)."""
    f = ex.flags
    filters = label["filters"]
    for key in ("limit", "batch_size"):
        if key in f:
            try:
                label[key] = literal_value(f[key].replace("_", ""))
            except ValueError:
                label[key] = f[key]
    if "budget_usd" in f:
        try:
            label["budget_usd"] = float(f["budget_usd"].lstrip("$").rstrip("$").replace(",", "."))
        except ValueError:
            label["budget_usd"] = f["budget_usd"]
    for key in ("country", "region", "city", "job_titles", "seniority", "industry"):
        if key in f:
            vals = [v.strip() for v in f[key].split(",") if v.strip()]
            filters[key] = [v.upper() for v in vals] if key == "country" else [
                v.replace("_", " ") if key == "city" else v.lower() for v in vals]
    for key in ("employees_min", "employees_max"):
        if key in f:
            try:
                filters[key] = int(literal_value(f[key]))
            except ValueError:
                filters[key] = f[key]
    if "employees" in f:
        m = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", f["employees"])
        if m:
            filters["employees_min"], filters["employees_max"] = int(m.group(1)), int(m.group(2))
    for key in ("has_website", "has_email"):
        if key in f:
            filters[key] = f[key].lower() not in ("false", "no", "0")
    if "output_language" in f:
        label["output_language"] = f["output_language"].lower()[:2]
    for key in ("output_file", "model", "run_id", "input_file"):
        if key in f:
            label[key] = f[key].lower() if key == "model" else f[key]
    if "processors" in f:
        steps = [s.strip() for s in f["processors"].split(",") if s.strip()]
        label["processors"] = list(PIPELINE) if steps == ["full"] else steps
    if "action" in f and f["action"] in ("process", "estimate", "resume", "status", "report"):
        label["action"] = f["action"]


def _choose_input(text: str, inputs: list[Any]) -> tuple[str | None, str | None]:
    """(input file, error reason): the last file when the user corrected themself, else one file only."""
    if not inputs:
        return None, None
    distinct = []
    for p in inputs:
        if not distinct or distinct[-1].text != p.text:
            distinct.append(p)
    corrected = all(has_correction_between(text[a.end:b.start])
                    for a, b in zip(distinct, distinct[1:], strict=False))
    return distinct[-1].text, None if len(distinct) == 1 or corrected else "multiple_input_files"


_OTHER_VERBS = {"show", "check", "look", "open", "view", "see", "display", "give", "read", "count", "tell"}


def _other_verb(s: Sentence) -> bool:
    """A verb that asks for something other than processing ('покажи x.csv', 'open x.csv')."""
    for x in s.u:
        if x.kind != "word" or x.has("act:"):
            continue
        if x.low in _OTHER_VERBS or x.tokens[0].pos in ("VERB", "INFN") and "impr" in str(
                _first_tag(x.tokens[0].text)):
            return True
    return False


def _first_tag(word: str) -> Any:
    from nlcmd.morph import analyzer, is_cyrillic

    return analyzer().parse(word.lower())[0].tag if is_cyrillic(word) else ""


def _default_action(s: Sentence, steps: bool, inputs: bool, has_content: bool, question: bool,
                    unexplained: list[str], ex: Extracted, q: Any, limit: float | None) -> tuple[str, str | None]:
    """The action of a sentence without an action word: process (with a step, a file or lead counts),
    status for a question about the run, else an error reason."""
    if s.has("cue:question_what") and not inputs and (s.has("cue:run") or any(
            x.low.startswith(("обработк", "processing")) for x in s.u)):
        return "status", None  # "что с запуском?", "what about the run?"
    if s.has("cue:budget") and q.budget is None and (question or s.has("cue:howmuch")):
        return "estimate", None  # "что по бюджету на x.csv?"
    if steps or inputs or ex.step_flags or ex.neg_step_flags:
        if not steps and inputs and not has_content and (question or unexplained or _other_verb(s)):
            return "process", "unclear_action"
        return "process", None
    if has_content and (limit or q.batch or q.budget or s.has("cue:lead")) or ex.flags:
        return "process", None
    return "process", "not_a_command"


def analyse(text: str) -> Analysis:
    """Run the rules; the label may be an error label ({"action": "error", "reason": ...})."""
    if not text or not text.strip():
        lang = "ru" if _CYR.search(text or "") else "en"
        return Analysis({"action": "error", "reason": "empty_command"}, lang=lang)
    ex = extract(text)
    lang = detect_lang(ex.masked)
    lex = lexicon()
    tokens = merge_numbers(tokenize(ex.masked))
    lex.annotate(tokens)
    lex.fuzzy_fill(tokens, skip=set())
    s = Sentence(build_units(tokens))

    action, sig = detect_action(s)
    steps, step_err = resolve_steps(s, ex.step_flags, ex.neg_step_flags)
    q = assign_quantities(s)
    filters, f_unres = extract_filters(s)
    if q.employees_min is not None:
        filters["employees_min"] = q.employees_min
    if q.employees_max is not None:
        filters["employees_max"] = q.employees_max
    olang = output_language(s)

    unexplained = [x.text for x in s.u if x.kind == "word" and not x.concepts and len(x.text) >= 3
                   and not _ABBR.match(x.text)] + q.unresolved
    question = "?" in ex.masked or s.has("cue:question_what") or s.has("cue:howmuch")

    inputs = [p for p in ex.paths if p.role == "input"]
    outputs = [p for p in ex.paths if p.role == "output"]
    input_file, reason = _choose_input(text, inputs)

    if action is None and s.has("act:export") and not steps and not outputs:
        sig["unsupported"] = True  # "export x.csv to excel"; "…и выгрузи в out.csv" only names the output
    if sig["unsupported"]:
        reason = "unsupported_action"
    elif q.error:
        reason = reason or q.error
    elif step_err:
        reason = reason or step_err

    limit = q.limit
    has_content = bool(steps or q.batch or q.budget or limit or q.limit_weak or ex.models and inputs
                       or filters and (inputs or s.has("cue:lead")))
    if action is None:
        action, why = _default_action(s, bool(steps), bool(inputs), has_content, question, unexplained, ex, q, limit)
        reason = reason or why
    if limit is None and q.limit_weak is not None and action in ("process", "estimate"):
        limit = q.limit_weak

    label: dict[str, Any] = {k: None for k in LABEL_KEYS}
    label.update(action=action, input_file=input_file, processors=steps, limit=limit, batch_size=q.batch,
                 filters=filters, budget_usd=q.budget, output_language=olang,
                 output_file=outputs[-1].text if outputs else None,
                 model=ex.models[-1] if ex.models else None,
                 run_id=ex.run_ids[-1] if ex.run_ids else None)
    _flag_overrides(ex, label)
    if reason:
        label = {"action": "error", "reason": reason}
    suggestion = None
    if reason in ("not_a_command", "unclear_action") and unexplained:
        suggestion = _suggest(unexplained)
    then_run = action == "estimate" and s.has("cue:then") and (sig["process"] or any(
        x.has("cue:then") and re.search(r"run|process|запус|обраб|прогон", x.low) for x in s.u))
    return Analysis(label, unexplained, f_unres or q.filter_cue_unresolved, lang, suggestion, then_run)


def _suggest(words: list[str]) -> str | None:
    from rapidfuzz import fuzz, process

    best = None
    for w in words:
        if len(w) < 4:
            continue
        hit = process.extractOne(w.lower(), _SUGGEST, scorer=fuzz.ratio, score_cutoff=70)
        if hit and (best is None or hit[1] > best[1]):
            best = hit
    return best[0] if best else None


def build_command(label: dict[str, Any], text: str, lang: str, suggestion: str | None = None) -> ProcessingCommand:
    """Validate a label and turn it into a ProcessingCommand (an error command when it cannot run)."""
    v = validate(label, text)
    if v.reason:
        return _error(v.reason, lang, text, suggestion)
    return ProcessingCommand(**v.label, lang=lang, text=text)


def parse_rules(text: str) -> tuple[ProcessingCommand, Analysis]:
    """The rules' answer and what they found."""
    a = analyse(text)
    cmd = build_command(a.label, text, a.lang, a.suggestion)
    if cmd.action != "error":
        cmd.warnings = list(dict.fromkeys(a.unexplained))
        cmd.then_run = a.then_run
    return cmd, a


def parse(text: str) -> ProcessingCommand:
    """Parse one sentence into a ProcessingCommand. Never raises: errors are commands with action "error"."""
    try:
        text = "" if text is None else str(text)
        if len(text) > MAX_CHARS:
            lang = detect_lang(text[:MAX_CHARS])
            cmd = _error("not_a_command", lang, text)
            cmd.message = (f"Команда слишком длинная (больше {MAX_CHARS} символов): напишите одно предложение"
                           if lang == "ru" else
                           f"The command is too long (over {MAX_CHARS} characters): write one sentence")
            return cmd
        cmd, a = parse_rules(text)
        if cmd.action == "process":
            from nlcmd.sample import find_sample

            cmd.sample = find_sample(text)
            if cmd.sample is not None and cmd.limit == cmd.sample:
                cmd.limit = None  # "покажи 10 примеров" asks for a sample, not a 10-lead run
    except Exception:  # noqa: BLE001 - a parser bug must not become a traceback for the user
        lang = "ru" if _CYR.search(text or "") else "en"
        return _error("not_a_command", lang, str(text))
    if (a.unexplained or a.filter_cue_unresolved) and cmd.reason != "empty_command":
        try:
            from nlcmd.llm_fallback import fallback_enabled, llm_parse

            if fallback_enabled():
                better = llm_parse(text, cmd, a.lang)
                if better is not None:
                    return better
        except Exception:  # noqa: BLE001 - the rules' answer stands
            pass
    return cmd
