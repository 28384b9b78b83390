"""A local OpenAI-compatible chat-completions server for tests and benches (real HTTP on 127.0.0.1).

    with FakeLLMServer(api_key="sk-test-...") as srv:
        client = openai.AsyncOpenAI(base_url=srv.base_url, api_key="sk-test-...")

``POST /v1/chat/completions`` answers a ``response_format`` json_schema request with a deterministic
instance of the schema derived from the prompt (same prompt + schema -> same answer; string values are made
of the last user message's words) and a plain request with an echo of it. ``usage`` is counted by the server
with o200k_base (its own framing: 4 tokens per message, 2 for the reply, the schema as JSON) -- close to,
not identical with, the client's estimate, as with a real provider. An answer longer than ``max_tokens`` /
``max_completion_tokens`` is cut there with ``finish_reason`` "length". A prompt of 1024+ tokens whose first
message was seen before reports that message's tokens (rounded down to 128) as ``cached_tokens``.
``GET /v1/models`` lists one model.

Behaviour per request, first match wins: the next scripted ``Reply`` (``script(...)``, FIFO), then
``responder(request_json) -> Reply | None``, then the default (``latency`` seconds, then the answer).
``Reply`` fields script faults: an HTTP error status with optional Retry-After and error code, ``hang``
(no answer until the client gives up, ``reset()`` or ``stop()``), ``drop`` (close the socket without a
response), ``malformed_body``, ``refusal``, ``finish_reason``, explicit ``content`` or ``data``, per-request
``latency``, ``usage=False``.

Counters (``stats()``): requests received, answers by status, tokens served (prompt / completion / cached,
only for 200 answers that carry usage: what a provider would bill), the most requests in flight at once,
and ``log`` (one dict per request: time, model, max tokens, status, the request JSON and its headers
but Authorization). ``reset()`` clears all of it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from processors.llm.tokens import get_encoding

ENCODING = "o200k_base"
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_FILLER = ["clear", "useful", "direct", "practical", "friendly", "focused", "modern", "reliable"]


@dataclass
class Reply:
    """One scripted behaviour (see the module docstring)."""

    status: int = 200
    retry_after: float | None = None
    error_code: str | None = None
    error_message: str | None = None
    hang: bool = False
    drop: bool = False
    malformed_body: bool = False
    content: str | None = None
    data: Any = None
    refusal: str | None = None
    finish_reason: str | None = None
    latency: float | None = None
    usage: bool = True


def _prompt_words(messages: list[dict]) -> list[str]:
    for message in reversed(messages):
        if message.get("role") == "user":
            content = message.get("content")
            text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
            words = _WORD.findall(text)
            if words:
                return words
    return list(_FILLER)


def instance(schema: Any, rng: random.Random, words: list[str], depth: int = 0) -> Any:
    """A deterministic value valid for the (simple) JSON ``schema``."""
    if not isinstance(schema, dict):
        return None
    if "enum" in schema:
        return rng.choice(schema["enum"])
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return instance(options[0], rng, words, depth)
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        return {k: instance(v, rng, words, depth + 1) for k, v in (schema.get("properties") or {}).items()}
    if kind == "array":
        lo = int(schema.get("minItems", 1))
        hi = int(schema.get("maxItems", lo + 2))
        return [instance(schema.get("items", {}), rng, words, depth + 1) for _ in range(rng.randint(lo, max(lo, hi)))]
    if kind == "integer":
        return rng.randint(int(schema.get("minimum", 0)), int(schema.get("maximum", 100)))
    if kind == "number":
        return round(rng.uniform(float(schema.get("minimum", 0)), float(schema.get("maximum", 1))), 3)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    if schema.get("format") == "uri":
        return f"https://example.com/{rng.choice(words).lower()}"
    start = rng.randrange(len(words))
    n = rng.randint(4, 12)
    text = " ".join((words * (n // len(words) + 2))[start:start + n])
    max_len = schema.get("maxLength")
    return text[: int(max_len)] if max_len else text


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes: without TCP_NODELAY, Nagle holds the body until the client's
    # delayed ACK of the headers (~40 ms on Linux) on every kept-alive connection; real servers do not
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        if self.path.rstrip("/").endswith("/models"):
            body = {"object": "list", "data": [{"id": "fake-model", "object": "model", "owned_by": "tests"}]}
            self._send(200, json.dumps(body).encode())
        else:
            self._send(404, b'{"error": {"message": "not found"}}')

    def do_POST(self) -> None:  # noqa: N802
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        with fake._lock:
            fake.requests += 1
            fake._in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake._in_flight)
        try:
            status = self._chat(fake, raw)
        finally:
            with fake._lock:
                fake._in_flight -= 1
        with fake._lock:
            fake.by_status[status] += 1

    def _chat(self, fake: FakeLLMServer, raw: bytes) -> int:
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, b'{"error": {"message": "not found"}}')
            return 404
        try:
            req = json.loads(raw)
        except ValueError:
            self._send(400, b'{"error": {"message": "request body is not JSON"}}')
            return 400
        entry = {"t": time.monotonic(), "model": req.get("model"), "max_tokens": req.get("max_tokens"),
                 "max_completion_tokens": req.get("max_completion_tokens"), "status": None, "request": req,
                 "headers": {k.lower(): v for k, v in self.headers.items() if k.lower() != "authorization"}}
        fake.log.append(entry)
        reply = fake._next_reply(req)
        auth = self.headers.get("Authorization", "")
        if fake.api_key is not None and auth != f"Bearer {fake.api_key}":
            given = auth.removeprefix("Bearer ")
            reply = Reply(status=401, error_code="invalid_api_key",
                          error_message=f"Incorrect API key provided: {given}. You can find your API key at ...")
        latency = fake.latency if reply.latency is None else reply.latency
        if latency:
            time.sleep(latency)
        if reply.hang:
            fake._release.wait(fake.hang_max_s)
            self.close_connection = True
            entry["status"] = "hang"
            return 0
        if reply.drop:
            self.close_connection = True
            entry["status"] = "drop"
            return 0
        if reply.status != 200:
            err = {"error": {"message": reply.error_message or f"fake error {reply.status}",
                             "type": "fake_error", "code": reply.error_code}}
            headers = {}
            if reply.retry_after is not None:
                headers["Retry-After"] = f"{reply.retry_after:g}"
            self._send(reply.status, json.dumps(err).encode(), headers)
            entry["status"] = reply.status
            return reply.status
        if reply.malformed_body:
            self._send(200, b'{"id": "chatcmpl-x", "choices": [{"message": {"content": "trunc')
            entry["status"] = "malformed"
            return 200
        body, usage = fake._answer(req, reply)
        self._send(200, json.dumps(body, ensure_ascii=False).encode())
        if usage:
            with fake._lock:
                fake.prompt_tokens += usage["prompt_tokens"]
                fake.completion_tokens += usage["completion_tokens"]
                fake.cached_tokens += usage["prompt_tokens_details"]["cached_tokens"]
                fake.billed_requests += 1
        entry["status"] = 200
        return 200


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    fake: FakeLLMServer


class FakeLLMServer:
    """See the module docstring."""

    def __init__(self, api_key: str | None = None, latency: float = 0.0, hang_max_s: float = 30.0) -> None:
        self.api_key = api_key
        self.default_latency = latency
        self.hang_max_s = hang_max_s
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> FakeLLMServer:
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-llm-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    # ---------------------------------------------------------------- scripting
    def reset(self) -> None:
        """Forget scripts, responder, latency, counters and seen prompts; release hung requests."""
        old = getattr(self, "_release", None)
        if old is not None:
            old.set()
        with self._lock:
            self._release = threading.Event()
            self._script: deque[Reply] = deque()
            self.responder: Callable[[dict], Reply | None] | None = None
            self.latency = self.default_latency
            self.requests = 0
            self.billed_requests = 0
            self.by_status: Counter = Counter()
            self.prompt_tokens = 0
            self.completion_tokens = 0
            self.cached_tokens = 0
            self.max_in_flight = 0
            self._in_flight = 0
            self.log: list[dict] = []
            self._seen_prefixes: set[str] = set()

    def script(self, *replies: Reply) -> None:
        """Queue behaviours for the next requests, in order."""
        with self._lock:
            self._script.extend(replies)

    def _next_reply(self, req: dict) -> Reply:
        with self._lock:
            if self._script:
                return self._script.popleft()
        if self.responder is not None:
            reply = self.responder(req)
            if reply is not None:
                return reply
        return Reply()

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": self.requests,
                "billed_requests": self.billed_requests,
                "by_status": dict(self.by_status),
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
                "cached_tokens": self.cached_tokens,
                "max_in_flight": self.max_in_flight,
            }

    # ---------------------------------------------------------------- answers
    def count_prompt(self, req: dict) -> tuple[int, int]:
        """(prompt tokens, tokens of the first message) as this server counts them."""
        enc = get_encoding(ENCODING)
        messages = req.get("messages") or []
        first = 0
        total = 2
        for i, m in enumerate(messages):
            content = m.get("content")
            text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
            n = 4 + len(enc.encode(str(m.get("role", "")) + (text or ""), disallowed_special=()))
            total += n
            if i == 0:
                first = n
        fmt = req.get("response_format") or {}
        if fmt.get("type") == "json_schema":
            total += 6 + len(enc.encode(json.dumps(fmt["json_schema"].get("schema", {})), disallowed_special=()))
        return total, first

    def _answer(self, req: dict, reply: Reply) -> tuple[dict, dict | None]:
        enc = get_encoding(ENCODING)
        messages = req.get("messages") or []
        prompt_tokens, first_tokens = self.count_prompt(req)
        cached = 0
        if messages:
            prefix = hashlib.sha256(json.dumps(messages[0], sort_keys=True).encode()).hexdigest()
            with self._lock:
                seen = prefix in self._seen_prefixes
                self._seen_prefixes.add(prefix)
            if seen and prompt_tokens >= 1024 and first_tokens >= 1024:
                cached = first_tokens // 128 * 128
        finish = reply.finish_reason or "stop"
        refusal = reply.refusal
        if refusal:
            content: str | None = None
            out_tokens = len(enc.encode(refusal, disallowed_special=()))
        else:
            if reply.content is not None:
                content = reply.content
            elif reply.data is not None:
                content = json.dumps(reply.data, ensure_ascii=False)
            else:
                fmt = req.get("response_format") or {}
                seed = hashlib.sha256(json.dumps([messages, fmt], sort_keys=True).encode()).digest()
                rng = random.Random(seed)
                if fmt.get("type") == "json_schema":
                    value = instance(fmt["json_schema"].get("schema", {}), rng, _prompt_words(messages))
                    content = json.dumps(value, ensure_ascii=False)
                else:
                    content = " ".join(_prompt_words(messages)[:20])
            ids = enc.encode(content, disallowed_special=())
            limit = req.get("max_completion_tokens") or req.get("max_tokens")
            if limit and len(ids) > int(limit):
                ids = ids[: int(limit)]
                content = enc.decode(ids)
                finish = "length"
            elif reply.finish_reason == "length" and len(ids) > 1:
                ids = ids[: max(1, len(ids) // 2)]
                content = enc.decode(ids)
            out_tokens = len(ids)
        with self._lock:
            n = self.requests
        body: dict[str, Any] = {
            "id": f"chatcmpl-fake{n}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": req.get("model") or "fake-model",
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish,
                "logprobs": None,
            }],
        }
        usage = None
        if reply.usage:
            usage = {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": out_tokens,
                "total_tokens": prompt_tokens + out_tokens,
                "prompt_tokens_details": {"cached_tokens": cached},
            }
            body["usage"] = usage
        return body, usage
