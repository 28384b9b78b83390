"""Reading this package's settings from ``ctx.settings`` (env-style names, string values) with defaults."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def str_setting(settings: Mapping[str, Any] | None, name: str, default: str = "") -> str:
    raw = (settings or {}).get(name)
    return default if raw is None else str(raw).strip()
