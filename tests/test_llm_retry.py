"""The retry policy, end to end through the real openai SDK against the local fake server."""

from __future__ import annotations

import random
import socket
import time
from email.utils import formatdate

import pytest

from processors.errors import FatalRunError, TerminalError, TransientError
from processors.llm import InMemoryLedger, LLMClient
from processors.llm.retry import RetryPolicy, parse_retry_after
from tests.fake_llm_server import Reply
from tests.fixtures_llm import TEST_API_KEY
from tests.llm_helpers import ask, run


def test_backoff_is_exponential_jittered_and_capped() -> None:
    policy = RetryPolicy(max_attempts=6, base_s=0.1, cap_s=0.5)
    rng = random.Random(7)
    for n, ceiling in [(1, 0.1), (2, 0.2), (3, 0.4), (4, 0.5), (9, 0.5)]:
        waits = [policy.backoff(n, rng) for _ in range(200)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert max(waits) - min(waits) > ceiling / 4  # jittered, not constant


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert 8 <= parse_retry_after({"retry-after": formatdate(time.time() + 10, usegmt=True)}) <= 10
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None


def test_429_retry_after_is_honoured(fake_llm, llm_settings) -> None:
    fake_llm.script(Reply(status=429, retry_after=0.25))
    ledger = InMemoryLedger()
    started = time.monotonic()
    res = run(ask, LLMClient(llm_settings, ledger))
    assert res.attempts == 2 and res.data["icebreaker"]
    gap = fake_llm.log[1]["t"] - fake_llm.log[0]["t"]
    assert gap >= 0.25  # the server asked for 0.25 s; backoff alone would be <= 0.05 s here
    assert time.monotonic() - started >= 0.25
    assert [r["status"] for r in ledger.rows] == ["error", "ok"]
    assert ledger.rows[0]["cost_usd"] == 0.0  # a 429 is not billed


@pytest.mark.parametrize(
    "fault",
    [Reply(status=500), Reply(status=502), Reply(status=503), Reply(status=408), Reply(drop=True), Reply(hang=True)],
    ids=["500", "502", "503", "408", "connection-drop", "timeout"],
)
def test_transient_faults_are_retried_then_succeed(fake_llm, llm_settings, fault: Reply) -> None:
    fake_llm.script(fault, fault)
    res = run(ask, LLMClient(llm_settings.replace(timeout_s=0.2)))
    assert res.attempts == 3
    assert fake_llm.requests == 3
    assert res.data["facts"]


def test_attempts_are_bounded(fake_llm, llm_settings) -> None:
    fake_llm.script(*[Reply(status=500)] * 10)
    with pytest.raises(TransientError, match=r"HTTP 500.*gave up after 4 attempts"):
        run(ask, LLMClient(llm_settings))
    assert fake_llm.requests == llm_settings.max_attempts == 4


def test_timeouts_give_up_as_transient(fake_llm, llm_settings) -> None:
    settings = llm_settings.replace(timeout_s=0.1, max_attempts=2)
    fake_llm.script(Reply(hang=True), Reply(hang=True))
    ledger = InMemoryLedger()
    started = time.monotonic()
    with pytest.raises(TransientError, match="timed out"):
        run(ask, LLMClient(settings, ledger))
    assert time.monotonic() - started < 2.0
    assert len(ledger.rows) == 2 and all(r["status"] == "error" and r["cost_usd"] is None for r in ledger.rows)


def test_connection_refused_is_transient(llm_settings) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = llm_settings.replace(base_url=f"http://127.0.0.1:{port}/v1", max_attempts=2)
    with pytest.raises(TransientError, match="connection failed"):
        run(ask, LLMClient(settings))


@pytest.mark.parametrize("status", [400, 403, 404, 422])
def test_client_errors_are_not_retried(fake_llm, llm_settings, status: int) -> None:
    fake_llm.script(Reply(status=status))
    with pytest.raises(TerminalError, match=f"HTTP {status}") as err:
        run(ask, LLMClient(llm_settings))
    assert not isinstance(err.value, FatalRunError)
    assert fake_llm.requests == 1


def test_401_stops_the_run_with_a_clear_message(fake_llm, llm_settings) -> None:
    wrong = "sk-proj-WRONGkeyABCDEF0123456789"
    with pytest.raises(FatalRunError) as err:
        run(ask, LLMClient(llm_settings.replace(api_key=wrong)))
    message = str(err.value)
    assert "OPENAI_API_KEY" in message and "401" in message
    assert wrong not in message and TEST_API_KEY not in message  # the server echoed the key; we do not
    assert fake_llm.requests == 1


def test_exhausted_quota_is_fatal_not_retried(fake_llm, llm_settings) -> None:
    fake_llm.script(Reply(status=429, error_code="insufficient_quota", error_message="You exceeded your quota"))
    with pytest.raises(FatalRunError, match="quota"):
        run(ask, LLMClient(llm_settings))
    assert fake_llm.requests == 1


def test_retry_after_beyond_the_limit_fails_fast(fake_llm, llm_settings) -> None:
    fake_llm.script(Reply(status=429, retry_after=3600))
    started = time.monotonic()
    with pytest.raises(TransientError, match="3600"):
        run(ask, LLMClient(llm_settings))
    assert time.monotonic() - started < 1.0 and fake_llm.requests == 1


@pytest.mark.parametrize(
    ("fault", "match"),
    [
        (Reply(refusal="I can't help with that."), "refused"),
        (Reply(finish_reason="length"), "cut off"),
        (Reply(malformed_body=True), "malformed"),
        (Reply(content="Sure! Here is your icebreaker: hi"), "not valid JSON"),
        (Reply(data=["not", "an", "object"]), "not a JSON object"),
        (Reply(data={"icebreaker": "hi"}), "lacks"),
    ],
    ids=["refusal", "length", "malformed-body", "prose", "array", "missing-keys"],
)
def test_unusable_answers_are_terminal_errors_of_the_lead(fake_llm, llm_settings, fault: Reply, match: str) -> None:
    fake_llm.script(fault)
    ledger = InMemoryLedger()
    with pytest.raises(TerminalError, match=match):
        run(ask, LLMClient(llm_settings, ledger))
    assert fake_llm.requests == 1
    assert len(ledger.rows) == 1 and ledger.rows[0]["status"] in ("ok", "error")


def test_a_real_length_cutoff(fake_llm, llm_settings) -> None:
    # a genuinely too-small max_tokens: the server cuts the answer and says so
    with pytest.raises(TerminalError, match="max_tokens=5"):
        run(ask, LLMClient(llm_settings), max_tokens=5)
    assert fake_llm.completion_tokens == 5
