"""Settings: flags, then environment variables / ``.env`` (python-dotenv), then these defaults.

Every setting is an environment-style name; ``.env.example`` documents them all. The engine's own
settings are typed fields of ``Settings``; every ``LEADPIPE_*`` and ``OPENAI_*`` variable is also passed
to processors as ``ctx.settings`` (strings), so a processor's settings need no engine change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from processors.errors import UsageError

DEFAULTS: dict[str, str] = {
    "LEADPIPE_STATE_DB": "leads/leadpipe.sqlite3",
    "LEADPIPE_OUTPUT_DIR": "leads/2-enriched",
    "LEADPIPE_REPORT_DIR": "leads/reports",
    "LEADPIPE_WORKERS": "auto",
    "LEADPIPE_BATCH_SIZE": "1000",
    "LEADPIPE_CONCURRENCY": "64",
    "LEADPIPE_CACHE_DAYS": "30",
    "LEADPIPE_DEDUP": "true",
    "LEADPIPE_CSV_BOM": "true",
    "LEADPIPE_PROGRESS": "auto",
    "LEADPIPE_DEFAULT_PROCESSORS": "company_name_cleaner",
}

_TRUE = {"1", "true", "yes", "on", "да"}
_FALSE = {"0", "false", "no", "off", "нет", ""}


def load_dotenv_file(path: str | os.PathLike[str] = ".env") -> None:
    """Load ``.env`` from the working directory; real environment variables win."""
    from dotenv import load_dotenv

    load_dotenv(path, override=False)


def as_bool(name: str, value: str) -> bool:
    low = value.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise UsageError(f"setting {name}={value!r}: expected true or false")


def as_int(name: str, value: str, low: int | None = None, high: int | None = None) -> int:
    try:
        number = int(value.strip().replace("_", ""))
    except ValueError:
        raise UsageError(f"setting {name}={value!r}: expected a whole number") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise UsageError(f"setting {name}={number}: must be between {low} and {high}")
    return number


@dataclass
class Settings:
    state_db: Path = Path(DEFAULTS["LEADPIPE_STATE_DB"])
    output_dir: Path = Path(DEFAULTS["LEADPIPE_OUTPUT_DIR"])
    report_dir: Path = Path(DEFAULTS["LEADPIPE_REPORT_DIR"])
    workers: int | None = None  # None = auto
    batch_size: int = 1000
    concurrency: int = 64
    cache_days: float = 30.0
    dedup: bool = True
    csv_bom: bool = True
    progress: str = "auto"
    default_processors: tuple[str, ...] = ("company_name_cleaner",)
    refresh: bool = False
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        source = dict(os.environ if env is None else env)
        merged = {**DEFAULTS, **{k: v for k, v in source.items() if k in DEFAULTS}}
        workers = merged["LEADPIPE_WORKERS"].strip().lower()
        settings = cls(
            state_db=Path(merged["LEADPIPE_STATE_DB"]),
            output_dir=Path(merged["LEADPIPE_OUTPUT_DIR"]),
            report_dir=Path(merged["LEADPIPE_REPORT_DIR"]),
            workers=None if workers == "auto" else as_int("LEADPIPE_WORKERS", workers, 0, 64),
            batch_size=as_int("LEADPIPE_BATCH_SIZE", merged["LEADPIPE_BATCH_SIZE"], 100, 5000),
            concurrency=as_int("LEADPIPE_CONCURRENCY", merged["LEADPIPE_CONCURRENCY"], 1, 1000),
            cache_days=float(as_int("LEADPIPE_CACHE_DAYS", merged["LEADPIPE_CACHE_DAYS"], 0, 3650)),
            dedup=as_bool("LEADPIPE_DEDUP", merged["LEADPIPE_DEDUP"]),
            csv_bom=as_bool("LEADPIPE_CSV_BOM", merged["LEADPIPE_CSV_BOM"]),
            progress=merged["LEADPIPE_PROGRESS"].strip().lower(),
            default_processors=tuple(
                p.strip() for p in merged["LEADPIPE_DEFAULT_PROCESSORS"].split(",") if p.strip()
            ),
            env={k: v for k, v in source.items() if k.startswith(("LEADPIPE_", "OPENAI_"))},
        )
        known = {f.name for f in fields(cls)}
        for key, value in overrides.items():
            if key not in known:
                raise TypeError(f"unknown setting {key}")
            if value is not None:
                setattr(settings, key, value)
        if not 100 <= settings.batch_size <= 5000:
            raise UsageError(f"batch size {settings.batch_size} is out of range: use 100 to 5000")
        return settings

    def processor_settings(self) -> dict[str, str]:
        """What processors see as ``ctx.settings``."""
        return dict(self.env)
