"""LLMSettings.from_env: defaults, per-processor models, validation, and the key never shown."""

from __future__ import annotations

import pickle

import pytest

from processors.errors import UsageError
from processors.llm import LLMSettings, redact
from processors.llm.settings import DEFAULT_MODEL, public_endpoint

KEY = "sk-proj-SettingsSecret0987654321"


def test_defaults_and_enabled() -> None:
    s = LLMSettings.from_env({})
    assert not s.enabled and s.default_model == DEFAULT_MODEL
    assert s.endpoint == "https://api.openai.com/v1"
    assert s.max_attempts >= 2 and s.timeout_s > 0 and s.concurrency >= 1
    assert LLMSettings.from_env({"OPENAI_API_KEY": KEY}).enabled


def test_non_string_values_are_accepted() -> None:
    s = LLMSettings.from_env({"OPENAI_API_KEY": KEY, "LEADPIPE_LLM_CONCURRENCY": 3, "LEADPIPE_BUDGET_USD": 2.5,
                              "LEADPIPE_LLM_RPM": None})
    assert s.concurrency == 3 and s.budget_usd == 2.5 and s.rpm == 0


def test_models_per_processor() -> None:
    s = LLMSettings.from_env({
        "LEADPIPE_LLM_MODEL": "gpt-4.1-mini",
        "LEADPIPE_LLM_MODEL_ICEBREAKER_GENERATOR": "gpt-4o",
    })
    assert s.model_for("icebreaker_generator") == "gpt-4o"
    assert s.model_for("personalization_extractor") == "gpt-4.1-mini"
    assert s.replace(default_model="x").model_for("nlcmd") == "x"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LEADPIPE_LLM_TIMEOUT", "soon"),
        ("LEADPIPE_LLM_MAX_ATTEMPTS", "0"),
        ("LEADPIPE_LLM_MAX_ATTEMPTS", "2.5"),
        ("LEADPIPE_LLM_CONCURRENCY", "-3"),
        ("LEADPIPE_BUDGET_USD", "nan"),
        ("OPENAI_BASE_URL", "localhost:11434"),
    ],
)
def test_invalid_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(UsageError, match=name):
        LLMSettings.from_env({name: value})


def test_key_is_never_shown() -> None:
    s = LLMSettings.from_env({"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": "https://user:pw@proxy.example:8443/v1?x=1"})
    for text in (repr(s), str(s), str(s.public_dict()), f"{s}", s.endpoint):
        assert KEY not in text and "pw@" not in text
    assert s.public_dict()["api_key"] == "set"
    assert s.endpoint == "https://proxy.example:8443/v1"
    # it still reaches worker processes intact
    assert pickle.loads(pickle.dumps(s)).api_key == KEY


def test_redact() -> None:
    text = f"Incorrect API key provided: {KEY}. Authorization: Bearer {KEY} also sk-abcdef123456 and tok-ABCD"
    out = redact(text, KEY, "tok-ABCD")
    assert KEY not in out and "sk-abcdef123456" not in out and "tok-ABCD" not in out
    assert out.startswith("Incorrect API key provided: ***")


def test_public_endpoint_strips_credentials() -> None:
    assert public_endpoint("http://a:b@127.0.0.1:11434/v1/") == "http://127.0.0.1:11434/v1"
    assert public_endpoint(None) == "https://api.openai.com/v1"
