"""LLM settings from the environment, and keeping the API key's value out of every string we produce.

Settings (env names; the CLI loads ``.env`` first):
    OPENAI_API_KEY                 the key; the LLM is enabled when it is set (any non-empty value for
                                   servers that ignore it, e.g. Ollama)
    OPENAI_BASE_URL                any OpenAI-compatible endpoint (default https://api.openai.com/v1)
    LEADPIPE_LLM_MODEL             default model for every processor (default gpt-4o-mini)
    LEADPIPE_LLM_MODEL_<PROCESSOR> model for one processor, e.g. LEADPIPE_LLM_MODEL_ICEBREAKER_GENERATOR
    LEADPIPE_LLM_TIMEOUT           seconds to wait for an answer (read timeout and per-attempt deadline; 60)
    LEADPIPE_LLM_CONNECT_TIMEOUT   seconds to connect (10)
    LEADPIPE_LLM_MAX_ATTEMPTS      attempts per call, first included (5)
    LEADPIPE_LLM_BACKOFF_BASE      first backoff in seconds, doubled per retry, with jitter (1.0)
    LEADPIPE_LLM_BACKOFF_MAX       longest backoff in seconds (30)
    LEADPIPE_LLM_MAX_RETRY_AFTER   longest Retry-After honoured; longer -> give up on that call (120)
    LEADPIPE_LLM_CONCURRENCY       calls in flight per endpoint per process (8)
    LEADPIPE_LLM_RPM               requests per minute per process (0 = no limit)
    LEADPIPE_LLM_TPM               tokens per minute per process, prompt + max_tokens (0 = no limit)
    LEADPIPE_LLM_TEMPERATURE       sampling temperature (unset = the server's default)
    LEADPIPE_BUDGET_USD            budget cap in USD for a run (unset = no cap)
    LEADPIPE_PRICING_FILE, LEADPIPE_PRICE_<MODEL>   price overrides (see pricing.py)

``repr``/``str`` of the settings never show the key; ``redact`` scrubs it (and anything shaped like an
OpenAI key) from any text before it reaches a message, a log line, the database or the report.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from processors.errors import UsageError
from processors.llm.pricing import PriceTable
from processors.setting_values import setting_float, setting_int

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_BASE_URL = "https://api.openai.com/v1"
MODEL_ENV_PREFIX = "LEADPIPE_LLM_MODEL_"

_KEYLIKE = re.compile(r"\b(sk|rk|pk)-[A-Za-z0-9_\-*]{6,}")
_BEARER = re.compile(r"(?i)(bearer\s+)\S+")


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every secret value, key-shaped token and bearer credential replaced by ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    text = _KEYLIKE.sub("***", text)
    return _BEARER.sub(r"\1***", text)


def public_endpoint(base_url: str | None) -> str:
    """The base URL without user-info, query or fragment (safe to print and store)."""
    url = (base_url or DEFAULT_BASE_URL).strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))
    except ValueError:
        return "<invalid base url>"


@dataclass(frozen=True)
class LLMSettings:
    """Everything the LLM client needs; picklable (it crosses to worker processes)."""

    api_key: str = field(default="", repr=False)
    base_url: str | None = None
    default_model: str = DEFAULT_MODEL
    processor_models: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float = 60.0
    connect_timeout_s: float = 10.0
    max_attempts: int = 5
    backoff_base_s: float = 1.0
    backoff_max_s: float = 30.0
    max_retry_after_s: float = 120.0
    concurrency: int = 8
    rpm: int = 0
    tpm: int = 0
    temperature: float | None = None
    budget_usd: float | None = None
    pricing: PriceTable = field(default_factory=PriceTable.load, repr=False, compare=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLMSettings:
        """Read the settings listed in the module docstring; UsageError (naming the variable) when invalid."""
        source = os.environ if env is None else env
        env = {str(k): str(v) for k, v in source.items() if v is not None}  # ctx.settings may hold non-str
        models = {
            key[len(MODEL_ENV_PREFIX):].lower(): value.strip()
            for key, value in env.items()
            if key.startswith(MODEL_ENV_PREFIX) and value.strip()
        }
        base_url = (env.get("OPENAI_BASE_URL") or "").strip() or None
        if base_url and not base_url.lower().startswith(("http://", "https://")):
            raise UsageError(f"OPENAI_BASE_URL={public_endpoint(base_url)!r} must start with http:// or https://")
        return cls(
            api_key=(env.get("OPENAI_API_KEY") or "").strip(),
            base_url=base_url,
            default_model=(env.get("LEADPIPE_LLM_MODEL") or "").strip() or DEFAULT_MODEL,
            processor_models=models,
            timeout_s=setting_float(env, "LEADPIPE_LLM_TIMEOUT", 60.0, 0.001) or 60.0,
            connect_timeout_s=setting_float(env, "LEADPIPE_LLM_CONNECT_TIMEOUT", 10.0, 0.001) or 10.0,
            max_attempts=setting_int(env, "LEADPIPE_LLM_MAX_ATTEMPTS", 5, 1),
            backoff_base_s=setting_float(env, "LEADPIPE_LLM_BACKOFF_BASE", 1.0, 0) or 0.0,
            backoff_max_s=setting_float(env, "LEADPIPE_LLM_BACKOFF_MAX", 30.0, 0) or 0.0,
            max_retry_after_s=setting_float(env, "LEADPIPE_LLM_MAX_RETRY_AFTER", 120.0, 0) or 0.0,
            concurrency=setting_int(env, "LEADPIPE_LLM_CONCURRENCY", 8, 1),
            rpm=setting_int(env, "LEADPIPE_LLM_RPM", 0, 0),
            tpm=setting_int(env, "LEADPIPE_LLM_TPM", 0, 0),
            temperature=setting_float(env, "LEADPIPE_LLM_TEMPERATURE", None, 0),
            budget_usd=setting_float(env, "LEADPIPE_BUDGET_USD", None, 0),
            pricing=PriceTable.load(env),
        )

    @property
    def enabled(self) -> bool:
        """True when an API key is configured."""
        return bool(self.api_key)

    @property
    def endpoint(self) -> str:
        """The endpoint as it may be printed and stored (no credentials)."""
        return public_endpoint(self.base_url)

    def model_for(self, processor: str) -> str:
        return self.processor_models.get(processor.lower()) or self.default_model

    def replace(self, **changes: Any) -> LLMSettings:
        """A copy with some fields changed (e.g. a model or budget from the command sentence)."""
        return dataclasses.replace(self, **changes)

    def public_dict(self) -> dict[str, Any]:
        """The settings for plans and reports: the key only as set / not set."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in ("api_key", "pricing")}
        out["processor_models"] = dict(self.processor_models)
        out["base_url"] = self.endpoint
        out["api_key"] = "set" if self.api_key else "not set"
        out["pricing_taken_at"] = self.pricing.taken_at
        return out

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.public_dict().items())
        return f"LLMSettings({shown})"

    __str__ = __repr__
