"""The one exit-code table and the errors that map onto it."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every exit status the `reconcile` command can return."""

    CLEAN = 0  # nothing new and unreviewed at or above the gate
    NEW_CONFLICTS = 1  # new, unreviewed discrepancies or variants
    USAGE_OR_INPUT = 2  # bad arguments, unreadable input, broken rules or ledger


class ReconcileError(Exception):
    """A problem the user can fix, reported as one line: `path:line: message`."""

    exit_code = ExitCode.USAGE_OR_INPUT

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(ReconcileError):
    """A corpus file that cannot be read at all."""


class RuleError(ReconcileError):
    """A rule file that is malformed or fails validation."""


class LedgerError(ReconcileError):
    """A review ledger that is malformed or cannot be written safely."""


class UsageError(ReconcileError):
    """Bad command-line arguments."""
