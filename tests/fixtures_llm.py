"""Pytest fixtures for the LLM layer: one fake OpenAI-compatible server for the whole session.

    llm_server    (session)  the running FakeLLMServer; its key is TEST_API_KEY
    fake_llm      (function) the same server, reset before the test (no scripts, faults, counters)
    llm_env       (function) an env dict pointing OPENAI_BASE_URL/OPENAI_API_KEY at it, with short timeouts
                             and backoffs so fault tests take milliseconds
    llm_settings  (function) LLMSettings.from_env(llm_env)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from processors.llm import LLMSettings
from tests.fake_llm_server import FakeLLMServer

TEST_API_KEY = "sk-test-LEADPIPE-0123456789abcdefSECRET"


@pytest.fixture(scope="session")
def llm_server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer(api_key=TEST_API_KEY) as server:
        yield server


@pytest.fixture
def fake_llm(llm_server: FakeLLMServer) -> Iterator[FakeLLMServer]:
    llm_server.reset()
    yield llm_server
    llm_server.reset()


@pytest.fixture
def llm_env(fake_llm: FakeLLMServer) -> dict[str, str]:
    return {
        "OPENAI_API_KEY": TEST_API_KEY,
        "OPENAI_BASE_URL": fake_llm.base_url,
        "LEADPIPE_LLM_MODEL": "gpt-4o-mini",
        "LEADPIPE_LLM_TIMEOUT": "3",
        "LEADPIPE_LLM_CONNECT_TIMEOUT": "2",
        "LEADPIPE_LLM_MAX_ATTEMPTS": "4",
        "LEADPIPE_LLM_BACKOFF_BASE": "0.01",
        "LEADPIPE_LLM_BACKOFF_MAX": "0.05",
        "LEADPIPE_LLM_CONCURRENCY": "16",
    }


@pytest.fixture
def llm_settings(llm_env: dict[str, str]) -> LLMSettings:
    return LLMSettings.from_env(llm_env)
