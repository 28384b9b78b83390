"""The one retry policy for model calls (the SDK's own retries are off).

``classify(exc)`` turns whatever an attempt raised into a ``Verdict``:
    retry     429 (Retry-After / retry-after-ms honoured), 408, 409, 5xx, timeouts, connection errors
    terminal  400, 403, 404, 422 and other 4xx; a 200 whose body is not valid JSON
    fatal     401 (the key is rejected), 429 "insufficient_quota" (the account has no credit)
``RetryPolicy.backoff(n)`` is exponential with jitter: the n-th retry waits uniformly between half and all of
``min(cap, base * 2**(n-1))``. A Retry-After longer than ``max_retry_after_s`` is not slept through: the
call fails as transient at once. ``run_with_retry`` drives at most ``max_attempts`` attempts and raises
``TransientError`` / ``TerminalError`` / ``FatalRunError`` with a message that names the endpoint and the
cause but never the key or the request.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import openai

from processors.errors import FatalRunError, LeadError, TerminalError, TransientError
from processors.llm.settings import redact

T = TypeVar("T")

RETRY_STATUS = frozenset({408, 409, 429})


@dataclass(frozen=True)
class Verdict:
    kind: Literal["retry", "terminal", "fatal"]
    reason: str  # short, safe to print (already redacted)
    retry_after: float | None = None  # seconds the server asked for
    maybe_billed: bool = False  # the request reached the model and may have been charged (timeouts)
    status: int | None = None


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    base_s: float = 1.0
    cap_s: float = 30.0
    max_retry_after_s: float = 120.0

    def backoff(self, retry_number: int, rng: random.Random | None = None) -> float:
        """Seconds before retry ``retry_number`` (1 = first retry): exponential, capped, jittered."""
        ceiling = min(self.cap_s, self.base_s * (2 ** max(0, retry_number - 1)))
        return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)

    def delay(self, verdict: Verdict, retry_number: int, rng: random.Random | None = None) -> float | None:
        """How long to wait before the next attempt, or None when waiting is pointless."""
        if verdict.retry_after is not None:
            if verdict.retry_after > self.max_retry_after_s:
                return None
            # honour the server's figure, plus a little jitter so waiting callers do not stampede back
            return verdict.retry_after + (rng or random).uniform(0, max(0.01, verdict.retry_after * 0.1))
        return self.backoff(retry_number, rng)


def parse_retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date); None if absent/bad."""
    if not headers:
        return None
    getter = headers.get
    raw_ms = getter("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = getter("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _server_message(exc: openai.APIStatusError, *secrets: str | None) -> str:
    body: Any = getattr(exc, "body", None)
    message = ""
    if isinstance(body, Mapping):
        err = body.get("error", body)
        message = str(err.get("message", "")) if isinstance(err, Mapping) else str(err)
    return redact(message.strip(), *secrets)[:200]


def _error_code(exc: openai.APIStatusError) -> str:
    body: Any = getattr(exc, "body", None)
    if isinstance(body, Mapping):
        err = body.get("error", body)
        if isinstance(err, Mapping):
            return str(err.get("code") or err.get("type") or "")
    return ""


def classify(exc: BaseException, *secrets: str | None) -> Verdict:
    """Decide what an exception from one attempt means (see the module docstring)."""
    if isinstance(exc, openai.APITimeoutError | asyncio.TimeoutError | TimeoutError):
        return Verdict("retry", "timed out waiting for the model", maybe_billed=True)
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__ or exc.__context__
        detail = type(cause).__name__ if cause else "connection error"
        return Verdict("retry", f"connection failed ({detail})")
    if isinstance(exc, openai.APIResponseValidationError):
        return Verdict("terminal", "the server answered with a malformed body", maybe_billed=True,
                       status=exc.status_code)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        msg = _server_message(exc, *secrets)
        suffix = f": {msg}" if msg else ""
        if status == 401:
            return Verdict("fatal", "the API rejected the key in OPENAI_API_KEY (HTTP 401); check it in .env",
                           status=status)
        if status == 429 and _error_code(exc) == "insufficient_quota":
            return Verdict("fatal", f"the account has no quota left (HTTP 429 insufficient_quota){suffix}",
                           status=status)
        if status in RETRY_STATUS or status >= 500:
            return Verdict("retry", f"HTTP {status}{suffix}", retry_after=parse_retry_after(exc.response.headers),
                           status=status)
        return Verdict("terminal", f"HTTP {status}{suffix}", status=status)
    if isinstance(exc, ValueError):  # the SDK's JSON decoding of a 200 body
        return Verdict("terminal", "the server answered with a malformed body", maybe_billed=True)
    return Verdict("terminal", f"{type(exc).__name__}: {redact(str(exc), *secrets)[:200]}")


def to_lead_error(verdict: Verdict, endpoint: str, attempts: int) -> LeadError:
    """The error a caller sees once no more attempts will be made."""
    where = f"LLM {endpoint}"
    if verdict.kind == "fatal":
        return FatalRunError(f"{where}: {verdict.reason}")
    if verdict.kind == "terminal":
        return TerminalError(f"{where}: {verdict.reason}")
    times = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    return TransientError(f"{where}: {verdict.reason} (gave up after {times})")


async def run_with_retry(
    attempt: Callable[[int], Awaitable[T]],
    policy: RetryPolicy,
    *,
    endpoint: str,
    secrets: tuple[str | None, ...] = (),
    on_retry: Callable[[Verdict, float], None] | None = None,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    rng: random.Random | None = None,
) -> T:
    """Call ``attempt(n)`` (n = 1, 2, ...) until it returns, a non-retryable error, or ``max_attempts``.

    LeadError subclasses raised by ``attempt`` (refusals, budget) pass through untouched; other exceptions
    are classified. ``on_retry(verdict, delay)`` is called before each wait (e.g. to pause the endpoint).
    """
    n = 0
    while True:
        n += 1
        try:
            return await attempt(n)
        except LeadError:
            raise
        except Exception as exc:  # noqa: BLE001 - classified below
            verdict = classify(exc, *secrets)
            if verdict.kind != "retry" or n >= policy.max_attempts:
                raise to_lead_error(verdict, endpoint, n) from None
            wait = policy.delay(verdict, n, rng)
            if wait is None:
                raise TransientError(
                    f"LLM {endpoint}: {verdict.reason}; the server asked to wait {verdict.retry_after:.0f} s, "
                    f"more than LEADPIPE_LLM_MAX_RETRY_AFTER={policy.max_retry_after_s:g}"
                ) from None
            if on_retry is not None:
                on_retry(verdict, wait)
            await sleep(wait)
