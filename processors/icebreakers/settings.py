"""Reading this package's settings from ``ctx.settings`` (env-style names, string values) with defaults."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from processors.errors import UsageError


def int_setting(settings: Mapping[str, Any] | None, name: str, default: int, low: int, high: int) -> int:
    """An integer setting within [low, high]; UsageError (one line) for a value that is not a number."""
    raw = (settings or {}).get(name)
    if raw is None or str(raw).strip() == "":
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise UsageError(f"{name} must be a whole number, got {raw!r}") from None
    return max(low, min(high, value))


def str_setting(settings: Mapping[str, Any] | None, name: str, default: str = "") -> str:
    raw = (settings or {}).get(name)
    return default if raw is None else str(raw).strip()
