"""Offline token counting with tiktoken.

tiktoken normally downloads its BPE rank files on first use; here they ship inside the package
(``processors/data/tiktoken/*.tiktoken``), are read from the local path, their SHA-256 checked against the
hash tiktoken itself pins (``ENCODING_SHA256`` below; a test compares it with
``tiktoken_ext/openai_public.py``), and parsed in tiktoken's own rank-file format into a ``tiktoken.Encoding``.
Nothing is ever downloaded, and nothing is written: ``tiktoken.load.load_tiktoken_bpe`` would copy the file
into ``TIKTOKEN_CACHE_DIR`` (and fail if that directory is read-only), so the file is read directly.

Contract:
    encoding_for_model(model) -> (tiktoken.Encoding, exact: bool)
        Known OpenAI models map to their encoding (``exact=True``); any other model (Llama on Ollama, a
        Mistral on OpenRouter, ...) is counted with o200k_base and ``exact=False``: the count is an estimate.
    count_text(text, model) -> int
    count_messages(messages, model, schema=None) -> TokenCount(tokens, exact)
        Chat-format count of a request's prompt: per-message overhead + role + content, plus the reply
        priming, plus the JSON schema of a structured-output request (the API counts it as input).
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tiktoken

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "tiktoken"

ENDOFTEXT = "<|endoftext|>"
ENDOFPROMPT = "<|endofprompt|>"

# The hashes tiktoken pins for the official files (tiktoken_ext/openai_public.py).
ENCODING_SHA256: dict[str, str] = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}

_PAT_STR: dict[str, str] = {
    "cl100k_base": r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""",
    "o200k_base": "|".join(
        [
            r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
            r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
            r"""\p{N}{1,3}""",
            r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
            r"""\s*[\r\n]+""",
            r"""\s+(?!\S)""",
            r"""\s+""",
        ]
    ),
}

_SPECIAL_TOKENS: dict[str, dict[str, int]] = {
    "cl100k_base": {
        ENDOFTEXT: 100257,
        "<|fim_prefix|>": 100258,
        "<|fim_middle|>": 100259,
        "<|fim_suffix|>": 100260,
        ENDOFPROMPT: 100276,
    },
    "o200k_base": {ENDOFTEXT: 199999, ENDOFPROMPT: 200018},
}

# Exact model names, then prefixes (dated snapshots, fine-tunes); mirrors tiktoken.model for the two
# encodings we ship. gpt-oss uses o200k_harmony, whose ranks are o200k_base's: plain text counts the same.
MODEL_TO_ENCODING: dict[str, str] = {
    "gpt-5": "o200k_base",
    "gpt-4.1": "o200k_base",
    "gpt-4o": "o200k_base",
    "o1": "o200k_base",
    "o3": "o200k_base",
    "o4-mini": "o200k_base",
    "gpt-4": "cl100k_base",
    "gpt-3.5-turbo": "cl100k_base",
    "gpt-35-turbo": "cl100k_base",
}
MODEL_PREFIX_TO_ENCODING: tuple[tuple[str, str], ...] = (
    ("gpt-5", "o200k_base"),
    ("gpt-4.5-", "o200k_base"),
    ("gpt-4.1-", "o200k_base"),
    ("chatgpt-4o-", "o200k_base"),
    ("gpt-4o-", "o200k_base"),
    ("o1-", "o200k_base"),
    ("o3-", "o200k_base"),
    ("o4-mini-", "o200k_base"),
    ("gpt-oss-", "o200k_base"),
    ("ft:gpt-4o", "o200k_base"),
    ("gpt-4-", "cl100k_base"),
    ("gpt-3.5-turbo-", "cl100k_base"),
    ("gpt-35-turbo-", "cl100k_base"),
    ("ft:gpt-4", "cl100k_base"),
    ("ft:gpt-3.5-turbo", "cl100k_base"),
)
FALLBACK_ENCODING = "o200k_base"

# Chat format overhead (OpenAI cookbook "How to count tokens with tiktoken"): every message costs 3 tokens
# around its role and content, a "name" costs 1 more, and every reply is primed with 3 tokens.
TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3
# A structured-output request adds its schema (as JSON) plus a few framing tokens.
SCHEMA_OVERHEAD = 8

_lock = threading.Lock()
_encodings: dict[str, tiktoken.Encoding] = {}


def _strip_provider(model: str) -> str:
    """OpenRouter-style names ("openai/gpt-4o-mini") and Azure deployment names map by their last part."""
    return model.rsplit("/", 1)[-1].strip().lower()


def encoding_name_for_model(model: str) -> tuple[str, bool]:
    """(encoding name, exact): exact is False when the model is unknown and o200k_base is a stand-in."""
    name = _strip_provider(model)
    if name in MODEL_TO_ENCODING:
        return MODEL_TO_ENCODING[name], True
    for prefix, enc in MODEL_PREFIX_TO_ENCODING:
        if name.startswith(prefix):
            return enc, True
    return FALLBACK_ENCODING, False


def load_ranks(path: Path, expected_sha256: str) -> dict[bytes, int]:
    """Parse a ``.tiktoken`` rank file (``base64(token) rank`` per line) after checking its SHA-256."""
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha256:
        raise RuntimeError(f"{path}: sha256 {actual} does not match the pinned {expected_sha256}; reinstall leadpipe")
    ranks: dict[bytes, int] = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


def get_encoding(name: str) -> tiktoken.Encoding:
    """Load a shipped encoding (once per process) from the local file, its SHA-256 checked."""
    enc = _encodings.get(name)
    if enc is not None:
        return enc
    with _lock:
        enc = _encodings.get(name)
        if enc is None:
            if name not in ENCODING_SHA256:
                raise KeyError(f"encoding {name!r} is not shipped; shipped: {', '.join(ENCODING_SHA256)}")
            ranks = load_ranks(DATA_DIR / f"{name}.tiktoken", ENCODING_SHA256[name])
            enc = tiktoken.Encoding(
                name=name,
                pat_str=_PAT_STR[name],
                mergeable_ranks=ranks,
                special_tokens=_SPECIAL_TOKENS[name],
            )
            _encodings[name] = enc
    return enc


def encoding_for_model(model: str) -> tuple[tiktoken.Encoding, bool]:
    name, exact = encoding_name_for_model(model)
    return get_encoding(name), exact


def count_text(text: str, model: str) -> int:
    """Tokens in ``text`` for ``model`` (special-token text is counted as ordinary text)."""
    enc, _ = encoding_for_model(model)
    return len(enc.encode(text, disallowed_special=()))


@dataclass(frozen=True)
class TokenCount:
    tokens: int
    exact: bool  # False: the model's tokenizer is unknown, o200k_base was used as an estimate


def _content_text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence):  # list of content parts
        return "".join(str(p.get("text", "")) if isinstance(p, Mapping) else str(p) for p in content)
    return str(content)


def count_messages(
    messages: Sequence[Mapping[str, Any]], model: str, schema: Mapping[str, Any] | None = None
) -> TokenCount:
    """Prompt tokens of a chat request (messages + reply priming + structured-output schema)."""
    enc, exact = encoding_for_model(model)
    total = REPLY_PRIMING
    for message in messages:
        total += TOKENS_PER_MESSAGE
        total += len(enc.encode(str(message.get("role", "")), disallowed_special=()))
        total += len(enc.encode(_content_text(message.get("content")), disallowed_special=()))
        if message.get("name"):
            total += TOKENS_PER_NAME + len(enc.encode(str(message["name"]), disallowed_special=()))
    if schema is not None:
        text = json.dumps(schema, ensure_ascii=False)
        total += SCHEMA_OVERHEAD + len(enc.encode(text, disallowed_special=()))
    return TokenCount(total, exact)
