"""Settings: flags, then environment variables / ``.env`` (python-dotenv), then these defaults.

Every setting is an environment-style name; ``.env.example`` documents them all; values are read by the one
policy of ``processors.setting_values`` (blank = default; invalid or out of range = UsageError). The engine's
own settings are typed fields of ``Settings``; every ``LEADPIPE_*`` and ``OPENAI_*`` variable is also passed
to processors as ``ctx.settings`` (strings), so a processor's settings need no engine change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from processors.errors import UsageError
from processors.setting_values import parse_bool, parse_int

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


def load_dotenv_file(path: str | os.PathLike[str] = ".env") -> None:
    """Load ``.env`` from the working directory; real environment variables win."""
    from dotenv import load_dotenv

    load_dotenv(path, override=False)


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
        number = lambda name, low, high: parse_int(name, merged[name], int(DEFAULTS[name]), low, high)  # noqa: E731
        flag = lambda name: parse_bool(name, merged[name], DEFAULTS[name] == "true")  # noqa: E731
        settings = cls(
            state_db=Path(merged["LEADPIPE_STATE_DB"]),
            output_dir=Path(merged["LEADPIPE_OUTPUT_DIR"]),
            report_dir=Path(merged["LEADPIPE_REPORT_DIR"]),
            workers=None if workers in ("auto", "") else parse_int("LEADPIPE_WORKERS", workers, 0, 0, 64),
            batch_size=number("LEADPIPE_BATCH_SIZE", 100, 5000),
            concurrency=number("LEADPIPE_CONCURRENCY", 1, 1000),
            cache_days=float(number("LEADPIPE_CACHE_DAYS", 0, 3650)),
            dedup=flag("LEADPIPE_DEDUP"),
            csv_bom=flag("LEADPIPE_CSV_BOM"),
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
