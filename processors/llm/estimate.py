"""Estimate a run's model cost and time before it starts, without any paid call (pure functions).

The engine builds the real prompts for a sample of the run's leads (from cached pages where present),
and hands them here with the number of calls the whole run will make per processor (leads for a lead-scoped
processor, distinct companies for a company-scoped one):

    sample = ProcessorSample.from_prompts("icebreaker_generator", "gpt-4o-mini", prompts, schema,
                                          max_tokens=200, calls=30_000, output_tokens_hint=None)
    est = estimate_run([sample], settings.pricing, concurrency=8, workers=4)
    est.to_dict()   # per processor and total: calls, tokens in/out, dollars and seconds as low/mid/high

How the range is made:
* input tokens: the sample's mean per call, extrapolated, +- two standard errors of that mean (with the
  finite-population correction, so a sample of the whole run has no spread); an unknown tokenizer widens
  it by 15 % either way.
* output tokens: ``output_tokens_hint`` (mean output tokens per call of earlier calls of this processor
  and model, e.g. ``output_hint_from_ledger``) gives mid = hint, low = 0.8 x, high = 1.25 x (at most
  max_tokens); without a hint, 25 % / 50 % / 100 % of max_tokens. ``high`` with no hint is the worst case
  the budget reserves against.
* dollars: the price table applied to those tokens, with no prompt-cache discount (so ``low`` is not a
  floor when the provider caches); None when the model's price is unknown.
* seconds: calls / throughput, throughput = min(in-flight calls / latency, RPM / 60, TPM / 60 / tokens per
  call); latency = overhead + output tokens / generation speed (``LatencyModel``). Retries are not
  modelled.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from processors.llm import tokens
from processors.llm.client import strict_schema
from processors.llm.pricing import PriceTable

UNKNOWN_TOKENIZER_SPREAD = 0.15
NO_HINT_OUTPUT_FILL = (0.25, 0.5, 1.0)
HINT_OUTPUT_SPREAD = (0.8, 1.0, 1.25)


@dataclass(frozen=True)
class Range:
    low: float
    mid: float
    high: float

    def scaled(self, k: float) -> Range:
        return Range(self.low * k, self.mid * k, self.high * k)

    def __add__(self, other: Range) -> Range:
        return Range(self.low + other.low, self.mid + other.mid, self.high + other.high)

    def to_dict(self, digits: int = 6) -> dict[str, float]:
        return {"low": round(self.low, digits), "mid": round(self.mid, digits), "high": round(self.high, digits)}


@dataclass(frozen=True)
class LatencyModel:
    """Seconds per call = overhead + output tokens / tokens per second (low, mid, high cases)."""

    overhead_s: tuple[float, float, float] = (0.3, 0.6, 1.2)
    tokens_per_s: tuple[float, float, float] = (120.0, 70.0, 35.0)

    def seconds(self, output_tokens: Range) -> Range:
        o, t = self.overhead_s, self.tokens_per_s
        return Range(o[0] + output_tokens.low / t[0], o[1] + output_tokens.mid / t[1],
                     o[2] + output_tokens.high / t[2])


@dataclass(frozen=True)
class ProcessorSample:
    processor: str
    model: str
    prompt_tokens: Sequence[int]  # tokens of each sampled prompt, counted as the client counts them
    max_tokens: int
    calls: int  # calls the whole run will make for this processor
    exact: bool = True  # False when the model's tokenizer is unknown (o200k_base stood in)
    output_tokens_hint: float | None = None

    @classmethod
    def from_prompts(
        cls,
        processor: str,
        model: str,
        prompts: Iterable[Sequence[Mapping[str, Any]]],
        schema: Mapping[str, Any] | None,
        max_tokens: int,
        calls: int,
        output_tokens_hint: float | None = None,
    ) -> ProcessorSample:
        """Count the sampled prompts (lists of chat messages) with the request's schema."""
        sent = strict_schema(schema) if schema else None
        counts = [tokens.count_messages(p, model, sent) for p in prompts]
        return cls(processor, model, [c.tokens for c in counts], max_tokens, calls,
                   all(c.exact for c in counts), output_tokens_hint)


@dataclass(frozen=True)
class ProcessorEstimate:
    processor: str
    model: str
    calls: int
    sample_size: int
    input_tokens: Range
    output_tokens: Range
    cost_usd: Range | None
    seconds: Range
    tokens_exact: bool
    assumptions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "processor": self.processor,
            "model": self.model,
            "calls": self.calls,
            "sample_size": self.sample_size,
            "input_tokens": self.input_tokens.to_dict(0),
            "output_tokens": self.output_tokens.to_dict(0),
            "cost_usd": None if self.cost_usd is None else self.cost_usd.to_dict(),
            "seconds": self.seconds.to_dict(1),
            "tokens_exact": self.tokens_exact,
            "assumptions": list(self.assumptions),
        }


@dataclass(frozen=True)
class RunEstimate:
    processors: list[ProcessorEstimate]
    cost_usd: Range | None
    seconds: Range
    prices_taken_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "processors": [p.to_dict() for p in self.processors],
            "cost_usd": None if self.cost_usd is None else self.cost_usd.to_dict(),
            "seconds": self.seconds.to_dict(1),
            "prices_taken_at": self.prices_taken_at,
        }


def _input_range(counts: Sequence[int], calls: int, exact: bool) -> Range:
    """Total input tokens of ``calls`` calls from a sample of per-call counts."""
    if not counts or calls <= 0:
        return Range(0.0, 0.0, 0.0)
    n = len(counts)
    mean = statistics.fmean(counts)
    sd = statistics.stdev(counts) if n > 1 else 0.25 * mean  # one sample: assume a 25 % spread
    fpc = math.sqrt(max(0.0, (calls - n) / (calls - 1))) if calls > 1 and n < calls else 0.0
    margin = 2 * sd / math.sqrt(n) * fpc
    low, high = max(min(counts), mean - margin) if fpc else mean, mean + margin
    low, high = min(low, mean), max(high, mean)
    if not exact:
        low, high = low * (1 - UNKNOWN_TOKENIZER_SPREAD), high * (1 + UNKNOWN_TOKENIZER_SPREAD)
    return Range(low, mean, high).scaled(calls)


def _output_per_call(max_tokens: int, hint: float | None) -> Range:
    if hint is not None and hint > 0:
        lo, mid, hi = (hint * k for k in HINT_OUTPUT_SPREAD)
        return Range(min(lo, max_tokens), min(mid, max_tokens), min(hi, max_tokens))
    lo, mid, hi = (max_tokens * k for k in NO_HINT_OUTPUT_FILL)
    return Range(lo, mid, hi)


def estimate_processor(
    sample: ProcessorSample,
    pricing: PriceTable,
    *,
    concurrency: int = 8,
    workers: int = 1,
    rpm: int = 0,
    tpm: int = 0,
    latency: LatencyModel | None = None,
) -> ProcessorEstimate:
    """Tokens, dollars and seconds for one processor's calls (see the module docstring)."""
    latency = latency or LatencyModel()
    calls = max(0, sample.calls)
    inp = _input_range(sample.prompt_tokens, calls, sample.exact)
    out_each = _output_per_call(sample.max_tokens, sample.output_tokens_hint)
    out = out_each.scaled(calls)
    price = pricing.price(sample.model)
    cost = None
    if price is not None:
        cost = Range(price.cost(round(inp.low), round(out.low)), price.cost(round(inp.mid), round(out.mid)),
                     price.cost(round(inp.high), round(out.high)))
    per_call = latency.seconds(out_each)
    in_flight = max(1, concurrency) * max(1, workers)
    avg_in = inp.mid / calls if calls else 0.0

    def duration(call_s: float) -> float:
        if not calls:
            return 0.0
        rate = in_flight / call_s
        if rpm > 0:
            rate = min(rate, rpm / 60.0)
        if tpm > 0:
            rate = min(rate, tpm / 60.0 / max(1.0, avg_in + sample.max_tokens))
        return calls / rate

    seconds = Range(duration(per_call.low), duration(per_call.mid), duration(per_call.high))
    notes = []
    if not sample.exact:
        notes.append(f"tokenizer of {sample.model} unknown: counted with o200k_base, range widened")
    if sample.output_tokens_hint is None:
        notes.append("no earlier calls of this processor/model: output assumed 25-100 % of max_tokens")
    if price is None:
        notes.append(f"price of {sample.model} unknown: cost not estimated")
    return ProcessorEstimate(sample.processor, sample.model, calls, len(sample.prompt_tokens), inp, out, cost,
                             seconds, sample.exact, notes)


def estimate_run(samples: Sequence[ProcessorSample], pricing: PriceTable, **kwargs: Any) -> RunEstimate:
    """Per-processor estimates and their totals (cost None if any processor's price is unknown)."""
    parts = [estimate_processor(s, pricing, **kwargs) for s in samples]
    cost: Range | None = Range(0.0, 0.0, 0.0)
    seconds = Range(0.0, 0.0, 0.0)
    for p in parts:
        cost = None if cost is None or p.cost_usd is None else cost + p.cost_usd
        seconds = seconds + p.seconds
    return RunEstimate(parts, cost, seconds, pricing.taken_at)


def output_hint_from_ledger(rows: Iterable[Mapping[str, Any]], processor: str, model: str) -> float | None:
    """Mean output tokens of settled, successful ledger rows of ``processor`` + ``model`` (None if none)."""
    outs = [
        r["output_tokens"]
        for r in rows
        if r.get("processor") == processor and r.get("model") == model and r.get("status") == "ok"
        and r.get("output_tokens") is not None and not r.get("error")
    ]
    return statistics.fmean(outs) if outs else None
