"""Model prices (USD per 1M tokens) and the cost of a call.

The shipped table is ``processors/data/llm_pricing.json`` (``taken_at`` records the date the prices were
read). Overrides, later ones win:
    LEADPIPE_PRICING_FILE=/path/prices.json   same format; its models are merged over the shipped table
    LEADPIPE_PRICE_<MODEL>="in,cached,out"    or "in,out" (cached input then costs the same as input);
                                              <MODEL> is the model name upper-cased with every run of
                                              non-alphanumerics as "_": gpt-4o-mini -> LEADPIPE_PRICE_GPT_4O_MINI,
                                              llama3.1:8b -> LEADPIPE_PRICE_LLAMA3_1_8B (use "0,0" for a free
                                              local model)
Lookup: exact name, then provider-less name ("openai/gpt-4o-mini"), then the longest table name that the
model starts with followed by "-" (dated snapshots: "gpt-4o-mini-2024-07-18" -> "gpt-4o-mini").
An unknown model has price None and every cost computed for it is None -- never 0.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from processors.errors import UsageError

PRICING_FILE = Path(__file__).resolve().parent.parent / "data" / "llm_pricing.json"
PRICE_ENV_PREFIX = "LEADPIPE_PRICE_"


@dataclass(frozen=True)
class Price:
    """USD per 1M tokens."""

    input: float
    cached_input: float
    output: float

    def cost(self, input_tokens: int, output_tokens: int, cached_tokens: int = 0) -> float:
        """Cost of one call; ``cached_tokens`` is the part of ``input_tokens`` served from the prompt cache."""
        cached = max(0, min(cached_tokens, input_tokens))
        return ((input_tokens - cached) * self.input + cached * self.cached_input + output_tokens * self.output) / 1e6


def env_name(model: str) -> str:
    """The LEADPIPE_PRICE_* variable that overrides ``model``'s price."""
    return PRICE_ENV_PREFIX + re.sub(r"[^A-Za-z0-9]+", "_", model).strip("_").upper()


def _parse_price(raw: Any, where: str) -> Price:
    try:
        if isinstance(raw, str):
            parts = [float(p) for p in raw.replace(";", ",").split(",") if p.strip()]
            if len(parts) == 2:
                parts = [parts[0], parts[0], parts[1]]
            if len(parts) != 3:
                raise ValueError("expected 'input,cached,output' or 'input,output'")
            price = Price(*parts)
        elif isinstance(raw, Mapping):
            inp = float(raw["input"])
            price = Price(inp, float(raw.get("cached_input", inp)), float(raw["output"]))
        else:
            raise ValueError("expected an object with input/cached_input/output")
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"bad price in {where}: {exc}") from None
    if any(not math.isfinite(v) or v < 0 for v in (price.input, price.cached_input, price.output)):
        raise UsageError(f"bad price in {where}: prices must be finite and >= 0")
    return price


class PriceTable:
    """Prices by model name, with the date they were taken."""

    def __init__(self, prices: Mapping[str, Price], taken_at: str | None = None, source: str | None = None,
                 env_overrides: Mapping[str, Price] | None = None) -> None:
        self._prices = {k.lower(): v for k, v in prices.items()}
        self._env = dict(env_overrides or {})
        self.taken_at = taken_at
        self.source = source

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None) -> PriceTable:
        """The shipped table, merged with LEADPIPE_PRICING_FILE and LEADPIPE_PRICE_* from ``env``."""
        env = env or {}
        doc = json.loads(PRICING_FILE.read_text(encoding="utf-8"))
        prices = {m: _parse_price(p, f"{PRICING_FILE.name}:{m}") for m, p in doc["models"].items()}
        taken_at, source = doc.get("taken_at"), doc.get("source")
        user_file = (env.get("LEADPIPE_PRICING_FILE") or "").strip()
        if user_file:
            try:
                user = json.loads(Path(user_file).expanduser().read_text(encoding="utf-8"))
                models = user.get("models", user)
                prices.update({m: _parse_price(p, f"{user_file}:{m}") for m, p in models.items()})
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                raise UsageError(f"LEADPIPE_PRICING_FILE={user_file}: cannot read prices ({exc})") from None
            taken_at = user.get("taken_at", taken_at) if isinstance(user, Mapping) else taken_at
            source = user_file
        overrides = {
            key: _parse_price(value, key)
            for key, value in env.items()
            if key.startswith(PRICE_ENV_PREFIX) and key != "LEADPIPE_PRICING_FILE" and str(value).strip()
        }
        return cls(prices, taken_at, source, overrides)

    def price(self, model: str) -> Price | None:
        """The model's price, or None when unknown."""
        if not model:
            return None
        if env_name(model) in self._env:
            return self._env[env_name(model)]
        name = model.strip().lower()
        for candidate in (name, name.rsplit("/", 1)[-1]):
            if candidate in self._prices:
                return self._prices[candidate]
            if env_name(candidate) in self._env:
                return self._env[env_name(candidate)]
        bare = name.rsplit("/", 1)[-1]
        best = max((k for k in self._prices if bare.startswith(k + "-")), key=len, default=None)
        return self._prices[best] if best else None

    def cost(self, model: str, input_tokens: int, output_tokens: int, cached_tokens: int = 0) -> float | None:
        """USD for one call, or None when the model's price is unknown."""
        price = self.price(model)
        return None if price is None else price.cost(input_tokens, output_tokens, cached_tokens)

    def worst_case(self, model: str, input_tokens: int, max_output_tokens: int) -> float | None:
        """The most a call can cost: every input token uncached, every allowed output token produced."""
        return self.cost(model, input_tokens, max_output_tokens, 0)

    def models(self) -> list[str]:
        return sorted(self._prices)
