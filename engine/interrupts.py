"""Ctrl-C for the parent process: the first stops taking new leads (work in flight is committed, the
CSV and report are written, exit 130), the second exits at once. Either way the run resumes cleanly.
"""

from __future__ import annotations

import os
import signal
from typing import Any


class Interrupts:
    """SIGINT handling for the parent: count presses; the second one ends the process at once.

    The CLI installs the handler as its first act (``INTERRUPTS.install()``), so a Ctrl-C during start-up
    (reading the file, planning) is also a clean stop, never a half-handled KeyboardInterrupt.
    """

    def __init__(self) -> None:
        self.count = 0
        self.installed = False
        self.on_first: list[Any] = []

    def install(self) -> bool:
        if self.installed:
            return False
        try:
            signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread (library use): no handler
            return False
        self.installed = True
        return True

    def uninstall(self) -> None:
        if self.installed:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            self.installed = False

    def __enter__(self) -> Interrupts:
        self._owner = self.install()
        if self._owner:  # library use: a fresh count per run (the CLI's count covers its start-up)
            self.count = 0
        self.on_first = []
        return self

    def __exit__(self, *exc: object) -> None:
        self.on_first = []
        if self._owner:
            self.uninstall()

    def _handle(self, signum: int, frame: Any) -> None:
        self.count += 1
        if self.count >= 2:
            os._exit(130)
        for callback in list(self.on_first):
            callback()

    @property
    def stopping(self) -> bool:
        return self.count > 0


INTERRUPTS = Interrupts()
