"""How a run ends: every exit status the command returns is decided here.

``0`` nothing reached the failing severity (or, with ``max-error-rate``, no
document has more glosses with an error than that); ``1`` something did;
``2`` the user has something to fix: an option, the configuration, a
baseline, a file that cannot be read, a path that holds nothing to audit;
``3`` the tool itself failed, which is a bug: one line on standard error,
and the trace with ``--debug``.

Only a ``UserError`` becomes ``2``.  Modules raise it, or a subclass, on
purpose for what the user can fix; any other exception reaching the command
is reported as the internal error it is, never as a usage error.
"""

from __future__ import annotations

import contextlib
import enum
import sys
from typing import Callable, Iterator, Mapping, NamedTuple

from audit.finding import Severity
from audit.formats.summary import Summary
from audit.version import TOOL_NAME


class ExitStatus(enum.IntEnum):
    CLEAN = 0
    FINDINGS = 1
    USAGE = 2           # usage, configuration or input errors
    INTERNAL_ERROR = 3  # a bug in pinyin-audit
    INTERRUPTED = 130   # as shells report Ctrl-C
    TERMINATED = 143    # as shells report SIGTERM (a cancelled CI job, ``timeout``)


class UserError(ValueError):
    """A problem the user can fix, raised on purpose: the command prints its message and exits 2."""


def interrupted() -> ExitStatus:
    """Ctrl-C, whenever it comes: one line, and the status a shell gives a process SIGINT ended."""
    print(f"{TOOL_NAME}: interrupted", file=sys.stderr)
    return ExitStatus.INTERRUPTED


class Terminated(BaseException):
    """SIGTERM while something is under way that must be undone on the way out (see ``terminated_on_sigterm``).
    Not an ``Exception``, so that no guard around one document takes it for that document's error."""


@contextlib.contextmanager
def terminated_on_sigterm() -> Iterator[None]:
    """Within it, SIGTERM (``timeout``, a cancelled CI job) raises ``Terminated``, so that what is under way is
    undone on the way out: worker processes stopped (ended by the signal itself, the command left them waiting
    for work forever), a file or report directory being written removed.  Elsewhere the signal ends the
    process at once, as usual: a run with nothing to undo never imports ``signal``, which is slow to import.
    Called from another thread, it changes nothing (see ``signals_handled``)."""
    import signal

    with signals_handled({signal.SIGTERM: _raise_terminated}):
        yield


@contextlib.contextmanager
def signals_handled(handlers: Mapping[int, Callable]) -> Iterator[None]:
    """Within it, each signal of ``handlers`` goes to its handler; the handlers before are put back after.  Called
    from another thread (a program that uses the library), it changes nothing: only the main thread may set a
    handler, and the signals are the program's to handle."""
    import signal

    try:
        previous = {number: signal.signal(number, handler) for number, handler in handlers.items()}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _raise_terminated(signal_number: int, frame: object) -> None:
    raise Terminated


def terminated() -> ExitStatus:
    """SIGTERM, once what was under way is undone: one line, and the status a shell gives a process it ended."""
    print(f"{TOOL_NAME}: terminated", file=sys.stderr)
    return ExitStatus.TERMINATED


def internal_error(error: BaseException, debug: bool = False) -> str:
    """The one line that reports a bug, for the whole run or for one document.

    Running out of memory is no bug: memory grows with the size of one document, so the line says what to do.
    """
    if isinstance(error, MemoryError):
        return "out of memory: too large to audit in the memory there is (lower max-file-size, or split it)"
    first_line = (str(error).splitlines() or [""])[0][:300]
    advice = "please report it with the trace above" if debug else "run with --debug for the trace"
    return f"internal error: {type(error).__name__}: {first_line} ({advice})"


class Ending(NamedTuple):
    status: ExitStatus
    messages: tuple[str, ...] = ()  # why, for standard error


class ExitPolicy(NamedTuple):
    """How the totals of a run become its exit status."""

    fail_on: Severity = Severity.ERROR
    max_error_rate: float | None = None  # when set, replaces the fail-on gate
    accept_findings: bool = False        # --exit-zero, writing a baseline, or a report

    def end(self, summary: Summary, error_rates: Mapping[str, float], inputs: str, unwritten: int = 0) -> Ending:
        """``error_rates``: each audited document's error rate (those with glosses); ``inputs``: the paths as the
        message that they hold no documents names them; ``unwritten``: files whose fixes could not be written."""
        if summary.unreadable or unwritten:
            return Ending(ExitStatus.USAGE)  # each file was reported as it came
        if not summary.documents:  # a path that matches nothing must not pass a CI check
            return Ending(ExitStatus.USAGE, (f"{TOOL_NAME}: error: no documents to audit in {inputs}",))
        if self.accept_findings:
            return Ending(ExitStatus.CLEAN)
        if self.max_error_rate is None:
            return Ending(ExitStatus.FINDINGS if summary.at_or_above(self.fail_on) else ExitStatus.CLEAN)
        over = tuple(f"{path}: error rate {rate:.1%} exceeds max-error-rate {self.max_error_rate:.1%}"
                     for path, rate in error_rates.items() if rate > self.max_error_rate)
        return Ending(ExitStatus.FINDINGS if over else ExitStatus.CLEAN, over)

    @staticmethod
    def of_diff(files_to_fix: int, unreadable: int, inputs: int) -> ExitStatus:
        """``check --diff``: 1 when there is something to fix, like a finding; 2 when an input failed or none was given."""
        if unreadable or not inputs:
            return ExitStatus.USAGE
        return ExitStatus.FINDINGS if files_to_fix else ExitStatus.CLEAN
