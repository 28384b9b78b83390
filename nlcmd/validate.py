"""One validator for both the rules and the LLM fallback.

``validate(label, text)`` normalises a dict in the label convention and returns the clean label, an
error reason from the corpus convention (or None) and a list of problems (values outside the known
sets, a file that does not appear verbatim in the sentence). Problems mean the label cannot be trusted
(the LLM answer is then discarded); a reason means the command is well understood but cannot run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from nlcmd.command import LABEL_KEYS
from nlcmd.steps import PIPELINE, closure, ordered

ACTIONS_OK = ("process", "estimate", "resume", "status", "report")
REASONS = ("missing_input_file", "not_a_command", "empty_command", "unsupported_action", "multiple_input_files",
           "unsupported_file_type", "batch_size_out_of_range", "invalid_limit", "conflicting_instructions",
           "unsupported_currency", "unclear_action")
REGIONS = ("europe", "north_america", "latam", "apac", "cis", "mena")
JOB_TITLES = ("ceo", "founder", "owner", "cto", "cfo", "coo", "cmo", "head_of_sales", "head_of_marketing",
              "head_of_hr")
SENIORITY = ("c_level", "vp", "director", "manager")
INDUSTRIES = ("saas", "fintech", "ecommerce", "it", "healthcare", "manufacturing", "marketing", "logistics",
              "real_estate", "education", "retail", "consulting")
BATCH_MIN, BATCH_MAX = 100, 5000
_MODEL_RE = re.compile(r"^[a-z0-9][a-z0-9.:_/\-]{0,63}$")
_RUN_RE = re.compile(r"^[A-Za-z0-9][\w\-:.]{0,63}$")


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    raw = json.loads(resources.files("nlcmd.data").joinpath("countries.json").read_text(encoding="utf-8"))
    return frozenset(k for k in raw if not k.startswith("_") and "+" not in k)


@lru_cache(maxsize=1)
def cities() -> frozenset[str]:
    raw = json.loads(resources.files("nlcmd.data").joinpath("cities.json").read_text(encoding="utf-8"))
    return frozenset(k for k in raw if not k.startswith("_"))


@dataclass
class Validated:
    label: dict[str, Any]
    reason: str | None = None
    problems: list[str] = field(default_factory=list)


def _as_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return int(f) if f == int(f) else None


def _filters(raw: Any, problems: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not isinstance(raw, dict):
        if raw not in (None, {}):
            problems.append("filters is not an object")
        return out
    known = {"country": countries(), "region": REGIONS, "city": cities(), "job_titles": JOB_TITLES,
             "seniority": SENIORITY, "industry": INDUSTRIES}
    for key, value in raw.items():
        if key in known:
            vals = value if isinstance(value, list) else [value]
            clean = []
            for v in vals:
                v = str(v).strip()
                v = v.upper() if key == "country" else v if key == "city" else v.lower()
                if v in known[key]:
                    if v not in clean:
                        clean.append(v)
                else:
                    problems.append(f"unknown {key}: {v}")
            if clean:
                out[key] = clean
        elif key in ("employees_min", "employees_max"):
            n = _as_int(value)
            if n is None or n < 0:
                problems.append(f"bad {key}: {value}")
            else:
                out[key] = n
        elif key in ("has_website", "has_email"):
            if isinstance(value, bool):
                out[key] = value
            else:
                problems.append(f"bad {key}: {value}")
        else:
            problems.append(f"unknown filter: {key}")
    if "employees_min" in out and "employees_max" in out and out["employees_min"] > out["employees_max"]:
        problems.append("employees_min > employees_max")
    return out


def validate(label: dict[str, Any], text: str) -> Validated:
    """Check and normalise a label-convention dict against the sentence it came from."""
    problems: list[str] = []
    action = label.get("action")
    if action == "error":
        reason = label.get("reason")
        if reason not in REASONS:
            problems.append(f"unknown reason: {reason}")
            reason = "not_a_command"
        return Validated({"action": "error", "reason": reason}, reason, problems)
    if action not in ACTIONS_OK:
        return Validated({"action": "error", "reason": "not_a_command"}, "not_a_command", [f"bad action {action}"])
    out: dict[str, Any] = {k: None for k in LABEL_KEYS}
    out["action"] = action
    out["filters"] = _filters(label.get("filters"), problems)
    reason: str | None = None

    path = label.get("input_file")
    if path is not None:
        path = str(path)
        if path not in text:
            problems.append("input_file does not appear verbatim in the sentence")
            path = None
    out["input_file"] = path

    steps = label.get("processors")
    if steps is not None:
        if not isinstance(steps, list) or any(s not in PIPELINE for s in steps):
            problems.append(f"unknown processors: {steps}")
            steps = None
        else:
            steps = ordered(closure(set(steps)))
    out["processors"] = steps

    limit = label.get("limit")
    if limit is not None:
        n = _as_int(limit)
        if n is None:
            problems.append(f"bad limit: {limit}")
        elif n <= 0:
            reason = reason or "invalid_limit"
        else:
            out["limit"] = n
    batch = label.get("batch_size")
    if batch is not None:
        n = _as_int(batch)
        if n is None:
            problems.append(f"bad batch_size: {batch}")
        elif not BATCH_MIN <= n <= BATCH_MAX:
            reason = reason or "batch_size_out_of_range"
        else:
            out["batch_size"] = n
    budget = label.get("budget_usd")
    if budget is not None:
        try:
            b = float(budget)
            if b < 0 or b != b:
                raise ValueError
            out["budget_usd"] = round(b, 2)
        except (TypeError, ValueError):
            problems.append(f"bad budget: {budget}")
    olang = label.get("output_language")
    if olang is not None:
        if olang in ("en", "ru"):
            out["output_language"] = olang
        else:
            problems.append(f"bad output_language: {olang}")
    for key, pattern in (("model", _MODEL_RE), ("run_id", _RUN_RE)):
        value = label.get(key)
        if value is not None:
            value = str(value).lower() if key == "model" else str(value)
            if pattern.match(value):
                out[key] = value
            else:
                problems.append(f"bad {key}: {value}")
    ofile = label.get("output_file")
    if ofile is not None:
        out["output_file"] = str(ofile)

    if action in ("resume", "status", "report"):
        out["processors"] = None
        out["filters"] = {}
    if reason is None and out["input_file"] is not None:
        m = re.search(r"\.([^./\\]+)$", out["input_file"])
        if m and m.group(1).lower() != "csv":
            reason = "unsupported_file_type"
    if reason is None and action == "process" and out["input_file"] is None:
        reason = "missing_input_file"
    if reason is None and action == "estimate" and out["input_file"] is None and out["limit"] is None:
        reason = "missing_input_file"
    if reason:
        return Validated({"action": "error", "reason": reason}, reason, problems)
    return Validated(out, None, problems)
