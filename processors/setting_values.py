"""Reading a setting's value: one policy for every setting of leadpipe (engine, LLM layer, processors).

Settings arrive as strings (environment, ``.env``, ``ctx.settings``); a caller may also pass a number.
Missing or blank means the default. A value that is not what the setting takes, or lies outside its
range, is a ``UsageError`` naming the setting and the value (one line, exit 2): a value is never clamped
into range and never truncated ("2.5" is not a whole number), so a typo cannot silently change a run.
Booleans read true/false, 1/0, yes/no, on/off and да/нет; numbers may use "_" as a digit separator.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from processors.errors import UsageError

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "да"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "нет"})


def _raw(value: Any) -> str | None:
    """The value as stripped text, or None when it is missing or blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _check_range(name: str, raw: str, number: float, low: float | None, high: float | None) -> None:
    if (low is not None and number < low) or (high is not None and number > high):
        if high is None:
            raise UsageError(f"setting {name}={raw!r}: must be at least {low:g}")
        if low is None:
            raise UsageError(f"setting {name}={raw!r}: must be at most {high:g}")
        raise UsageError(f"setting {name}={raw!r}: must be between {low:g} and {high:g}")


def parse_bool(name: str, value: Any, default: bool) -> bool:
    raw = _raw(value)
    if raw is None:
        return default
    low = raw.lower()
    if low in TRUE_WORDS:
        return True
    if low in FALSE_WORDS:
        return False
    raise UsageError(f"setting {name}={raw!r}: expected true or false")


def parse_float(name: str, value: Any, default: float | None, low: float | None = None,
                high: float | None = None) -> float | None:
    raw = _raw(value)
    if raw is None:
        return default
    try:
        number = float(raw.replace("_", ""))
    except ValueError:
        raise UsageError(f"setting {name}={raw!r}: expected a number") from None
    if not math.isfinite(number):
        raise UsageError(f"setting {name}={raw!r}: expected a finite number")
    _check_range(name, raw, number, low, high)
    return number


def parse_int(name: str, value: Any, default: int, low: int | None = None, high: int | None = None) -> int:
    raw = _raw(value)
    if raw is None:
        return default
    try:
        number = int(raw.replace("_", ""))
    except ValueError:
        raise UsageError(f"setting {name}={raw!r}: expected a whole number") from None
    _check_range(name, raw, number, low, high)
    return number


def setting_str(env: Mapping[str, Any] | None, name: str, default: str = "") -> str:
    """The setting's text, stripped; the default when it is missing or blank."""
    raw = _raw((env or {}).get(name))
    return default if raw is None else raw


def setting_bool(env: Mapping[str, Any] | None, name: str, default: bool) -> bool:
    return parse_bool(name, (env or {}).get(name), default)


def setting_float(env: Mapping[str, Any] | None, name: str, default: float | None, low: float | None = None,
                  high: float | None = None) -> float | None:
    return parse_float(name, (env or {}).get(name), default, low, high)


def setting_int(env: Mapping[str, Any] | None, name: str, default: int, low: int | None = None,
                high: int | None = None) -> int:
    return parse_int(name, (env or {}).get(name), default, low, high)
