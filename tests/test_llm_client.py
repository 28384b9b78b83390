"""LLMClient against the local server: structured output, request shape, usage, sync wrapper."""

from __future__ import annotations

import asyncio
import re

import pytest

from processors.errors import FatalRunError
from processors.llm import InMemoryLedger, LLMClient, LLMSettings, strict_schema
from tests.fake_llm_server import Reply
from tests.llm_helpers import SCHEMA, ask, messages, run


def test_structured_answer_from_the_prompt(fake_llm, llm_settings) -> None:
    res = run(ask, LLMClient(llm_settings))
    assert set(res.data) == {"icebreaker", "facts", "confidence"}
    assert isinstance(res.data["facts"], list) and 1 <= len(res.data["facts"]) <= 3
    assert 0 <= res.data["confidence"] <= 1
    # the fake server builds strings from the user's words: the answer is about this lead
    words = set(re.findall(r"[\w'-]+", messages()[1]["content"]))
    assert set(res.data["icebreaker"].split()) <= words
    assert res.model == "gpt-4o-mini" and res.processor == "icebreaker_generator"
    assert res.input_tokens == fake_llm.prompt_tokens and res.output_tokens == fake_llm.completion_tokens
    assert res.cost_usd == pytest.approx(llm_settings.pricing.cost("gpt-4o-mini", res.input_tokens, res.output_tokens))
    assert res.finish_reason == "stop" and not res.usage_estimated
    # same prompt, same answer; another lead, another answer
    assert run(ask, LLMClient(llm_settings)).data == res.data
    other = run(ask, LLMClient(llm_settings), messages=messages(name="Boris Ivanov", company="Globex"))
    assert other.data != res.data


def test_request_shape(fake_llm, llm_settings) -> None:
    run(ask, LLMClient(llm_settings.replace(temperature=0.3)))
    req = fake_llm.log[0]["request"]
    fmt = req["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["name"] == "icebreaker"
    assert fmt["json_schema"]["schema"]["required"] == ["icebreaker", "facts", "confidence"]
    assert fmt["json_schema"]["schema"]["additionalProperties"] is False
    assert req["max_tokens"] == 200 and "max_completion_tokens" not in req
    assert req["temperature"] == 0.3
    # the SDK's own retry machinery is off: every request is a first try
    assert fake_llm.log[0]["headers"].get("x-stainless-retry-count", "0") == "0"


def test_reasoning_models_get_max_completion_tokens(fake_llm, llm_settings) -> None:
    run(ask, LLMClient(llm_settings.replace(temperature=0.7)), model="gpt-5-mini")
    req = fake_llm.log[0]["request"]
    assert req["max_completion_tokens"] == 200 and "max_tokens" not in req
    assert "temperature" not in req
    assert req["model"] == "gpt-5-mini"


def test_model_per_processor(fake_llm, llm_env) -> None:
    settings = LLMSettings.from_env({**llm_env, "LEADPIPE_LLM_MODEL_ICEBREAKER_GENERATOR": "gpt-4.1-nano"})
    res = run(ask, LLMClient(settings))
    assert res.model == "gpt-4.1-nano" and fake_llm.log[0]["model"] == "gpt-4.1-nano"
    res = run(ask, LLMClient(settings), processor="personalization_extractor")
    assert res.model == "gpt-4o-mini"


def test_missing_usage_falls_back_to_tiktoken(fake_llm, llm_settings) -> None:
    fake_llm.script(Reply(usage=False))
    ledger = InMemoryLedger()
    res = run(ask, LLMClient(llm_settings, ledger))
    assert res.usage_estimated and res.input_tokens > 0 and res.output_tokens > 0
    assert ledger.rows[0]["usage_estimated"] is True


def test_estimate_is_close_to_the_servers_count(fake_llm, llm_settings) -> None:
    client = LLMClient(llm_settings)
    est = client.prompt_tokens(messages(), "gpt-4o-mini", SCHEMA)
    res = run(ask, client)
    assert abs(est.tokens - res.input_tokens) <= 0.1 * res.input_tokens
    # the reservation margin covers the difference
    assert client.worst_case_usd("gpt-4o-mini", est, 200) >= res.cost_usd


def test_disabled_client_is_a_fatal_error(fake_llm) -> None:
    with pytest.raises(FatalRunError, match="OPENAI_API_KEY"):
        run(ask, LLMClient(LLMSettings.from_env({})))
    assert fake_llm.requests == 0


def test_sync_wrapper_outside_and_inside_a_loop(fake_llm, llm_settings) -> None:
    client = LLMClient(llm_settings)
    kwargs = {"processor": "nlcmd", "messages": messages(), "schema": SCHEMA, "schema_name": "command",
              "max_tokens": 100}
    outside = client.complete_json_sync(**kwargs)

    async def inside() -> object:
        return client.complete_json_sync(**kwargs)

    assert asyncio.run(inside()).data == outside.data
    assert fake_llm.requests == 2


def test_strict_schema_is_a_copy_and_recursive() -> None:
    schema = {"type": "object", "properties": {
        "facts": {"type": "array", "items": {"type": "object", "properties": {"text": {"type": "string"},
                                                                             "url": {"type": "string"}}}},
    }}
    out = strict_schema(schema)
    assert "required" not in schema  # the caller's schema is untouched
    item = out["properties"]["facts"]["items"]
    assert item["required"] == ["text", "url"] and item["additionalProperties"] is False
