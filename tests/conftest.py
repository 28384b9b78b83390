"""Shared pytest configuration. Topic fixtures live in their own modules, registered here."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

pytest_plugins: list[str] = ["tests.fixtures_llm", "tests.fixtures_icebreakers", "tests.fixtures_web"]
