"""Helpers for engine tests: run the real CLI in a subprocess inside a temporary workspace."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEADS = ROOT / "tests" / "data" / "leads"


def workspace_env(tmp: Path, **extra: str) -> dict[str, str]:
    from tests.plugins import PLUGINS

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEADPIPE_", "OPENAI_"))}
    env.update({
        "LEADPIPE_STATE_DB": str(tmp / "state.sqlite3"),
        "LEADPIPE_OUTPUT_DIR": str(tmp / "out"),
        "LEADPIPE_REPORT_DIR": str(tmp / "reports"),
        "LEADPIPE_PLUGINS": PLUGINS,
        "LEADPIPE_PROGRESS": "off",
        "PYTHONPATH": str(ROOT),
    })
    env.update(extra)
    return env


def run_cli(args: list[str], env: dict[str, str], cwd: Path | None = None, timeout: float = 120,
            stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], env=env, cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=timeout, input=stdin)


def read_output(path: Path) -> tuple[list[str], list[list[str]]]:
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


def only_output(tmp: Path) -> Path:
    files = sorted((tmp / "out").glob("*.csv"))
    assert len(files) == 1, files
    return files[0]
