"""One small error hierarchy for the whole project.

    LeadpipeError                 anything leadpipe raises on purpose
    ├── UsageError                bad command, bad flag, bad setting        -> exit 2
    │   └── InputFileError        missing / empty / binary / not-a-CSV file -> exit 2
    ├── StateError                the state database is unusable            -> exit 2
    └── LeadError                 one lead failed (recorded, the run goes on)
        ├── LeadSkipped           not an error: the lead cannot be processed (no website, budget)
        ├── TransientError        worth retrying (timeout, 429, 5xx, connection reset)
        └── TerminalError         retrying will not help (404, refused, malformed page)
            └── FatalRunError     stop the whole run (401 bad API key)

Lives in ``processors`` because processors must never import the engine; the engine, nlcmd and state
all import from here.
"""

from __future__ import annotations


class LeadpipeError(Exception):
    """Base of every error leadpipe raises deliberately."""


class UsageError(LeadpipeError):
    """The user asked for something impossible; the CLI prints one line and exits 2."""


class InputFileError(UsageError):
    """The input file cannot be read as a lead CSV."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StateError(LeadpipeError):
    """The state database is missing, locked, corrupt or from a newer leadpipe."""


class LeadError(LeadpipeError):
    """One lead failed in one processor; recorded in the report, the run goes on."""


class LeadSkipped(LeadError):
    """The lead cannot be processed by this step (a reason, not a failure)."""


class TransientError(LeadError):
    """A failure that may succeed on retry (timeouts, 429, 5xx, connection errors)."""


class TerminalError(LeadError):
    """A failure that will not succeed on retry."""


class FatalRunError(TerminalError):
    """A failure that makes every further lead fail the same way (e.g. a rejected API key)."""
