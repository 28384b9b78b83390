"""The one place that calls a model: ``LLMClient.complete_json`` (structured output, JSON schema).

Built on the official openai SDK (``AsyncOpenAI``) with the SDK's retries off (``max_retries=0``), explicit
timeouts (connect / read / write / pool, plus a hard per-attempt deadline so a server that drips bytes
cannot hold a call forever) and the single retry policy of ``retry.py``.

For every HTTP attempt, in this order: take an endpoint slot (concurrency, RPM, TPM: ``ratelimit.py``),
reserve the worst case with the budget (prompt tokens counted with tiktoken plus a safety margin, plus
``max_tokens`` of output; when refused while other calls of this client are in flight, wait for one to
settle and ask again, else raise ``BudgetExceeded`` and send nothing), write a ledger attempt,
send, then settle ledger and budget with the response's usage (the truth; tiktoken is only the estimate).
Reserving inside the slot means only calls actually in flight hold money, so the cap holds under any
concurrency while queued calls do not block budget they have not used.

Errors (all ``processors.errors``): TransientError once retries are exhausted; TerminalError for
400/403/404/422, refusals, ``finish_reason`` "length" or "content_filter", content that is not the JSON
object asked for; FatalRunError for 401, exhausted quota, no key configured, or a budget cap with a model
whose price is unknown; BudgetExceeded (a LeadSkipped) when the call does not fit the budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import openai
from openai.types.chat import ChatCompletion

from processors.errors import FatalRunError, TerminalError
from processors.llm import tokens
from processors.llm.budget import BudgetGate, maybe_await
from processors.llm.hooks import Budget, LedgerSink
from processors.llm.ratelimit import EndpointLimiter, limiter_for
from processors.llm.retry import RetryPolicy, Verdict, classify, run_with_retry
from processors.llm.settings import LLMSettings, redact

log = logging.getLogger("leadpipe.llm")

# Reasoning models take max_completion_tokens (and count their hidden reasoning in it), and no temperature.
_REASONING_PREFIXES = ("o1", "o3", "o4", "gpt-5")
# Margin on the tiktoken prompt estimate when reserving budget: servers add a little framing, and an unknown
# model's tokenizer may split text differently from o200k_base.
EXACT_MARGIN = (1.15, 32)
ESTIMATE_MARGIN = (2.0, 64)


@dataclass
class LLMResult:
    data: dict[str, Any]
    text: str
    model: str
    input_tokens: int
    output_tokens: int
    cost_usd: float | None
    cached_tokens: int = 0
    processor: str = ""
    served_model: str = ""
    finish_reason: str = ""
    attempts: int = 1
    latency_s: float = 0.0
    usage_estimated: bool = False  # the server sent no usage; tokens are tiktoken counts
    extra: dict[str, Any] = field(default_factory=dict)


def strict_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` made acceptable to strict structured outputs: every object lists all its
    properties as required and forbids additional ones (a schema that already says so is unchanged)."""
    out = copy.deepcopy(dict(schema))

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict) and (node.get("type") in (None, "object")):
                node.setdefault("type", "object")
                node["required"] = list(props)
                node["additionalProperties"] = False
            for key in ("properties", "$defs", "definitions"):
                if isinstance(node.get(key), dict):
                    for child in node[key].values():
                        walk(child)
            for key in ("items", "anyOf", "oneOf", "allOf"):
                child = node.get(key)
                for c in child if isinstance(child, list) else [child]:
                    walk(c)

    walk(out)
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class LLMClient:
    """See the module docstring. One per worker process; safe for many concurrent calls on one loop."""

    def __init__(self, settings: LLMSettings, ledger: LedgerSink | None = None, budget: Budget | None = None) -> None:
        self.settings = settings
        self.ledger = ledger
        self.budget = budget
        self.policy = RetryPolicy(
            max_attempts=settings.max_attempts,
            base_s=settings.backoff_base_s,
            cap_s=settings.backoff_max_s,
            max_retry_after_s=settings.max_retry_after_s,
        )
        self._sdk: openai.AsyncOpenAI | None = None
        self._sdk_loop: asyncio.AbstractEventLoop | None = None
        self._gate = BudgetGate(budget) if budget is not None else None

    def __repr__(self) -> str:
        return f"LLMClient(endpoint={self.settings.endpoint!r}, model={self.settings.default_model!r})"

    # ------------------------------------------------------------------ helpers usable without a call
    def model_for(self, processor: str) -> str:
        return self.settings.model_for(processor)

    def prompt_tokens(self, messages: Sequence[Mapping[str, Any]], model: str,
                      schema: Mapping[str, Any] | None = None) -> tokens.TokenCount:
        """tiktoken count of a request's prompt (messages + schema), as the estimate uses it."""
        return tokens.count_messages(messages, model, strict_schema(schema) if schema else None)

    def worst_case_usd(self, model: str, count: tokens.TokenCount, max_tokens: int) -> float | None:
        """The most one call can cost (None: unknown price): prompt estimate with margin + max_tokens."""
        factor, extra = EXACT_MARGIN if count.exact else ESTIMATE_MARGIN
        return self.settings.pricing.worst_case(model, int(count.tokens * factor) + extra, max_tokens)

    # ------------------------------------------------------------------ the SDK
    def _client(self) -> openai.AsyncOpenAI:
        loop = asyncio.get_running_loop()
        if self._sdk is None or self._sdk_loop is not loop:
            s = self.settings
            self._sdk = openai.AsyncOpenAI(
                api_key=s.api_key,
                base_url=s.base_url or None,
                max_retries=0,
                timeout=openai.Timeout(s.timeout_s, connect=s.connect_timeout_s, write=s.timeout_s,
                                       pool=s.timeout_s),
            )
            self._sdk_loop = loop
        return self._sdk

    def _limiter(self) -> EndpointLimiter:
        s = self.settings
        return limiter_for(s.endpoint, s.concurrency, s.rpm, s.tpm)

    async def aclose(self) -> None:
        if self._sdk is not None:
            sdk, self._sdk = self._sdk, None
            with contextlib.suppress(RuntimeError):  # the loop it was made on is gone
                await sdk.close()

    # ------------------------------------------------------------------ the call
    async def complete_json(
        self,
        *,
        processor: str,
        messages: Sequence[Mapping[str, Any]],
        schema: Mapping[str, Any],
        schema_name: str,
        max_tokens: int,
        model: str | None = None,
        row: int | None = None,
        temperature: float | None = None,
    ) -> LLMResult:
        """Ask for one JSON object matching ``schema``; see the module docstring for errors and accounting."""
        s = self.settings
        if not s.enabled:
            raise FatalRunError("LLM is not configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI server)")
        model = model or s.model_for(processor)
        sent_schema = strict_schema(schema)
        count = tokens.count_messages(messages, model, sent_schema)
        worst = self.worst_case_usd(model, count, max_tokens)
        if self.budget is not None and worst is None:
            raise FatalRunError(
                f"a budget is set but the price of model {model!r} is unknown; set "
                f"{_price_var(model)}=input,cached,output (USD per 1M tokens) or LEADPIPE_PRICING_FILE"
            )
        request: dict[str, Any] = {
            "model": model,
            "messages": [dict(m) for m in messages],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": sent_schema, "strict": True},
            },
        }
        reasoning = model.rsplit("/", 1)[-1].lower().startswith(_REASONING_PREFIXES)
        request["max_completion_tokens" if reasoning else "max_tokens"] = max_tokens
        temp = temperature if temperature is not None else s.temperature
        if temp is not None and not reasoning:  # reasoning models reject a temperature
            request["temperature"] = temp

        limiter = self._limiter()
        sdk = self._client()
        attempts = 0

        async def attempt(n: int) -> LLMResult:
            nonlocal attempts
            attempts = n
            async with limiter.slot(count.tokens + max_tokens):
                return await self._send(sdk, request, processor=processor, model=model, row=row, n=n,
                                        count=count, worst=worst, max_tokens=max_tokens)

        def on_retry(verdict: Verdict, wait: float) -> None:
            if verdict.retry_after is not None:
                limiter.pause_for(wait)
            log.warning("LLM %s (%s, row %s): %s; retrying in %.2f s", s.endpoint, processor, row,
                        verdict.reason, wait)

        result = await run_with_retry(attempt, self.policy, endpoint=s.endpoint, secrets=(s.api_key,),
                                      on_retry=on_retry)
        result.attempts = attempts
        return result

    async def _send(self, sdk: openai.AsyncOpenAI, request: dict[str, Any], *, processor: str, model: str,
                    row: int | None, n: int, count: tokens.TokenCount, worst: float | None,
                    max_tokens: int) -> LLMResult:
        s = self.settings
        reserved = worst or 0.0
        if self._gate is not None:
            await self._gate.reserve(reserved)
        attempt_id = None
        if self.ledger is not None:
            try:
                attempt_id = await maybe_await(self.ledger.attempt({
                    "processor": processor, "model": model, "endpoint": s.endpoint, "row": row, "attempt": n,
                    "est_input_tokens": count.tokens, "est_exact": count.exact, "reserved_usd": worst,
                    "max_tokens": max_tokens, "attempted_at": _now(),
                }))
            except BaseException:  # nothing was sent: give the reservation back
                await self._settle(None, reserved, {}, actual=0.0)
                raise
        started = time.perf_counter()
        try:
            async with asyncio.timeout(s.timeout_s + s.connect_timeout_s):
                # the SDK's own client, posting the already-plain request body: skips the SDK's per-call
                # conversion of typed params (about a third of a call's CPU), same errors, same response type
                response = await sdk.post("/chat/completions", body=request, cast_to=ChatCompletion)
        except BaseException as exc:
            verdict = classify(exc, s.api_key) if isinstance(exc, Exception) else None
            billed = verdict is None or verdict.maybe_billed  # cancelled or timed out: may have been charged
            await self._settle(attempt_id, reserved, {
                "input_tokens": None, "cached_tokens": None, "output_tokens": None,
                "cost_usd": None if billed else 0.0, "status": "error",
                "error": verdict.reason if verdict else "cancelled", "latency_s": time.perf_counter() - started,
                "usage_estimated": False,
            }, actual=None if billed else 0.0)
            raise
        latency = time.perf_counter() - started
        result = self._result(response, processor=processor, model=model, count=count, latency=latency)
        problem = _problem(response, max_tokens)
        await self._settle(attempt_id, reserved, {
            "input_tokens": result.input_tokens, "cached_tokens": result.cached_tokens,
            "output_tokens": result.output_tokens, "cost_usd": result.cost_usd, "status": "ok",
            "error": problem, "latency_s": latency, "usage_estimated": result.usage_estimated,
        }, actual=result.cost_usd)
        if problem:
            raise TerminalError(f"LLM {s.endpoint} ({model}): {redact(problem, s.api_key)}")
        try:
            data = json.loads(result.text)
        except ValueError:
            raise TerminalError(f"LLM {s.endpoint} ({model}): the answer is not valid JSON") from None
        if not isinstance(data, dict):
            raise TerminalError(f"LLM {s.endpoint} ({model}): the answer is not a JSON object")
        missing = [k for k in request["response_format"]["json_schema"]["schema"].get("required", []) if k not in data]
        if missing:
            raise TerminalError(f"LLM {s.endpoint} ({model}): the answer lacks {', '.join(missing)}")
        result.data = data
        log.debug("LLM %s %s row %s: %d in (%d cached) / %d out tokens, $%s, %.3f s", processor, model, row,
                  result.input_tokens, result.cached_tokens, result.output_tokens, result.cost_usd, latency)
        return result

    async def _settle(self, attempt_id: Any, reserved: float, entry: dict[str, Any], actual: float | None) -> None:
        if self.ledger is not None and attempt_id is not None:
            await maybe_await(self.ledger.settle(attempt_id, entry))
        if self._gate is not None:
            await self._gate.settle(reserved, actual)

    def _result(self, response: Any, *, processor: str, model: str, count: tokens.TokenCount,
                latency: float) -> LLMResult:
        choice = response.choices[0] if response.choices else None
        text = (choice.message.content or "") if choice is not None else ""
        usage = getattr(response, "usage", None)
        if usage is not None and usage.prompt_tokens is not None:
            input_tokens = int(usage.prompt_tokens)
            output_tokens = int(usage.completion_tokens or 0)
            details = getattr(usage, "prompt_tokens_details", None)
            cached = int(getattr(details, "cached_tokens", 0) or 0) if details is not None else 0
            estimated = False
        else:
            input_tokens, output_tokens, cached = count.tokens, tokens.count_text(text, model), 0
            estimated = True
        served = str(getattr(response, "model", "") or model)
        pricing = self.settings.pricing
        cost = pricing.cost(model, input_tokens, output_tokens, cached)
        if cost is None and served != model:
            cost = pricing.cost(served, input_tokens, output_tokens, cached)
        return LLMResult(
            data={}, text=text, model=model, input_tokens=input_tokens, output_tokens=output_tokens,
            cost_usd=cost, cached_tokens=cached, processor=processor, served_model=served,
            finish_reason=str(choice.finish_reason or "") if choice is not None else "", latency_s=latency,
            usage_estimated=estimated,
        )

    # ------------------------------------------------------------------ blocking wrapper
    def complete_json_sync(self, **kwargs: Any) -> LLMResult:
        """``complete_json`` for callers without an event loop (the CLI, the command parser's fallback)."""

        async def once() -> LLMResult:
            client = LLMClient(self.settings, self.ledger, self.budget)
            try:
                return await client.complete_json(**kwargs)
            finally:
                await client.aclose()

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(once())
        with ThreadPoolExecutor(max_workers=1) as pool:  # called from inside a loop: run on a fresh one
            return pool.submit(asyncio.run, once()).result()


def _problem(response: Any, max_tokens: int) -> str | None:
    """Why a 200 answer is unusable (refusal, cut off, filtered, empty), or None."""
    if not response.choices:
        return "the answer has no choices"
    choice = response.choices[0]
    refusal = getattr(choice.message, "refusal", None)
    if refusal:
        return f"the model refused: {str(refusal)[:200]}"
    if choice.finish_reason == "length":
        return f"the answer was cut off at max_tokens={max_tokens} (finish_reason length)"
    if choice.finish_reason == "content_filter":
        return "the answer was withheld by the content filter"
    if not (choice.message.content or "").strip():
        return "the answer is empty"
    return None


def _price_var(model: str) -> str:
    from processors.llm.pricing import env_name

    return env_name(model)
