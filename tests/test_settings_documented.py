"""Every setting the code reads is documented in .env.example (and the README points there)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INTERNAL = {"LEADPIPE_RUN_ID"}  # set by the engine for its workers, not a user setting
PREFIXES = ("LEADPIPE_PRICE_", "LEADPIPE_LLM_MODEL_", "LEADPIPE_TEST_", "LEADPIPE_BENCH_")


def test_every_setting_in_the_code_is_in_env_example() -> None:
    documented = set(re.findall(r"\b((?:LEADPIPE|OPENAI)_[A-Z0-9_]+)=", (ROOT / ".env.example").read_text()))
    used: dict[str, str] = {}
    for folder in ("engine", "processors", "nlcmd", "state"):
        for path in (ROOT / folder).rglob("*.py"):
            for name in re.findall(r"[\"']((?:LEADPIPE|OPENAI)_[A-Z0-9_]*[A-Z0-9])[\"']", path.read_text()):
                used.setdefault(name, str(path.relative_to(ROOT)))
    missing = {n: where for n, where in used.items()
               if n not in documented and n not in INTERNAL and not n.startswith(PREFIXES)}
    assert not missing, f"settings read by the code but not in .env.example: {missing}"
