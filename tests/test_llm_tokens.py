"""Offline token counting: shipped encodings, pinned hashes, no download, model -> encoding map."""

from __future__ import annotations

import hashlib
import inspect
import socket

import pytest
import tiktoken
import tiktoken_ext.openai_public as openai_public

from processors.llm import tokens


@pytest.mark.parametrize("name", sorted(tokens.ENCODING_SHA256))
def test_shipped_file_matches_the_hash_tiktoken_pins(name: str) -> None:
    data = (tokens.DATA_DIR / f"{name}.tiktoken").read_bytes()
    assert hashlib.sha256(data).hexdigest() == tokens.ENCODING_SHA256[name]
    # the pinned value is the one tiktoken itself carries for the official file
    assert tokens.ENCODING_SHA256[name] in inspect.getsource(getattr(openai_public, name))


@pytest.mark.parametrize("name", sorted(tokens.ENCODING_SHA256))
def test_pattern_and_special_tokens_match_tiktoken_definitions(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # run tiktoken's own constructor, with its download replaced by our verified local ranks
    def local_ranks(url: str, expected_hash: str) -> dict[bytes, int]:
        assert url.endswith(f"/{name}.tiktoken")
        return tokens.load_ranks(tokens.DATA_DIR / f"{name}.tiktoken", expected_hash)

    monkeypatch.setattr(openai_public, "load_tiktoken_bpe", local_ranks)
    spec = getattr(openai_public, name)()
    ours = tokens.get_encoding(name)
    assert spec["pat_str"] == tokens._PAT_STR[name]
    assert spec["special_tokens"] == tokens._SPECIAL_TOKENS[name]
    reference = tiktoken.Encoding(**spec)
    text = "Hello, Анна! Acme Robotics (acme.io) raised $12M in 2024 — поздравляем 🎉"
    assert ours.encode(text) == reference.encode(text)


def test_loading_never_touches_the_network_or_the_cache(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("tried to open a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    cache = tmp_path / "cache"
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(cache))
    monkeypatch.setattr(tokens, "_encodings", {})
    enc = tokens.get_encoding("o200k_base")
    assert enc.decode(enc.encode("Привет, Acme Robotics!")) == "Привет, Acme Robotics!"
    assert not cache.exists()


def test_corrupt_file_is_refused(tmp_path) -> None:
    bad = tmp_path / "o200k_base.tiktoken"
    bad.write_bytes(b"aGVsbG8= 0\n")
    with pytest.raises(RuntimeError, match="sha256"):
        tokens.load_ranks(bad, tokens.ENCODING_SHA256["o200k_base"])


def test_known_counts() -> None:
    assert tokens.count_text("hello world", "gpt-4o-mini") == 2
    assert tokens.count_text("hello world", "gpt-3.5-turbo") == 2
    # o200k_base splits Russian text into far fewer tokens than cl100k_base
    ru = "Обработай пятьсот лидов с айсбрейкерами и персонализацией"
    assert tokens.count_text(ru, "gpt-4o") < tokens.count_text(ru, "gpt-4")


@pytest.mark.parametrize(
    ("model", "encoding", "exact"),
    [
        ("gpt-4o-mini", "o200k_base", True),
        ("gpt-4o-mini-2024-07-18", "o200k_base", True),
        ("openai/gpt-4.1-mini", "o200k_base", True),
        ("gpt-5-nano", "o200k_base", True),
        ("gpt-4-0613", "cl100k_base", True),
        ("gpt-3.5-turbo", "cl100k_base", True),
        ("llama3.1:8b", "o200k_base", False),
        ("mistralai/mistral-small", "o200k_base", False),
    ],
)
def test_model_to_encoding(model: str, encoding: str, exact: bool) -> None:
    assert tokens.encoding_name_for_model(model) == (encoding, exact)


def test_message_count_includes_framing_and_schema() -> None:
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi Anna"}]
    plain = tokens.count_messages(messages, "gpt-4o-mini")
    content = sum(tokens.count_text(m["content"], "gpt-4o-mini") + tokens.count_text(m["role"], "gpt-4o-mini")
                  for m in messages)
    assert plain.tokens == content + 2 * tokens.TOKENS_PER_MESSAGE + tokens.REPLY_PRIMING
    assert plain.exact
    schema = {"type": "object", "properties": {"icebreaker": {"type": "string"}}}
    with_schema = tokens.count_messages(messages, "gpt-4o-mini", schema)
    assert with_schema.tokens > plain.tokens + tokens.SCHEMA_OVERHEAD
    assert not tokens.count_messages(messages, "some-local-model").exact
