"""Small helpers shared by the LLM tests (prompts, a schema, running a call)."""

from __future__ import annotations

import asyncio
from typing import Any

from processors.llm import LLMClient, LLMResult

SCHEMA = {
    "type": "object",
    "properties": {
        "icebreaker": {"type": "string"},
        "facts": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 3},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    },
}


def messages(name: str = "Anna Petrova", company: str = "Acme Robotics", extra: str = "") -> list[dict[str, str]]:
    return [
        {"role": "system", "content": "You write one short, specific cold-email icebreaker. Answer in JSON."},
        {"role": "user", "content": f"Lead: {name}, CTO at {company}. Site facts: {company} builds warehouse "
                                    f"robots; opened an office in Berlin. {extra}"},
    ]


async def ask(client: LLMClient, row: int | None = None, **overrides: Any) -> LLMResult:
    kwargs: dict[str, Any] = {
        "processor": "icebreaker_generator",
        "messages": messages(),
        "schema": SCHEMA,
        "schema_name": "icebreaker",
        "max_tokens": 200,
        "row": row,
    }
    kwargs.update(overrides)
    return await client.complete_json(**kwargs)


def run(coro_fn, *args: Any, **kwargs: Any) -> Any:
    """Run ``coro_fn(client...)`` with a fresh client closed afterwards."""

    async def main() -> Any:
        client = args[0]
        try:
            return await coro_fn(*args, **kwargs)
        finally:
            await client.aclose()

    return asyncio.run(main())
