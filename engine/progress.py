"""A live progress bar (rich) on stderr: leads done of total, rate, ETA, errors, dollars spent.

Shown only on a terminal (``LEADPIPE_PROGRESS=auto``), or always (``on``), or never (``off``).
"""

from __future__ import annotations

import sys
from typing import Any


class ProgressDisplay:
    def __init__(self, total: int, already: int, mode: str = "auto", force: bool | None = None) -> None:
        self.total, self.already = total, already
        enabled = force if force is not None else (mode == "on" or (mode == "auto" and sys.stderr.isatty()))
        self.enabled = bool(enabled) and mode != "off"
        self._progress: Any = None
        self._task: Any = None
        self.budget_usd: float | None = None

    def __enter__(self) -> ProgressDisplay:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("[bold]leads"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}/min"), TimeElapsedColumn(), TextColumn("ETA"),
                TimeRemainingColumn(), TextColumn("errors {task.fields[errors]}"),
                TextColumn("${task.fields[cost]}"), TextColumn("{task.fields[note]}"),
                console=Console(stderr=True), transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task("run", total=self.total, completed=self.already,
                                                 errors=0, cost="0.00", rate="-", note="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, writer: Any) -> None:
        if self._progress is None:
            return
        task = self._progress.tasks[0]
        speed = task.speed
        self._progress.update(self._task, completed=self.already + writer.committed, errors=writer.errors,
                              cost=f"{writer.cost_usd:.2f}" + (f" of ${self.budget_usd:.2f}" if self.budget_usd
                                                               is not None else ""), rate=f"{speed * 60:.0f}" if speed else "-")

    def note_stopping(self) -> None:
        if self._progress is not None:
            self._progress.update(self._task, note="stopping: finishing leads in flight (Ctrl-C again to quit)")
        else:
            print("stopping: finishing leads in flight (Ctrl-C again to quit)", file=sys.stderr, flush=True)
