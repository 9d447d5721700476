"""What can stop briefgen besides the content, said in one line with what to do about it.

Exit codes: 0 success, 1 content errors, 2 usage errors, 3 environment problems,
4 a bug in briefgen; 130 and 143 when interrupted by SIGINT or SIGTERM.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
import time
import traceback
from collections.abc import Iterator

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_ENVIRONMENT, EXIT_BUG = 0, 1, 2, 3, 4
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
ECHO = 200  # characters of an error's own text shown on the terminal


class UsageProblem(Exception):
    """The command was given something it cannot work with (a file that is not a PDF, …)."""


class EnvironmentProblem(Exception):
    """Something outside the content and outside briefgen stops the work; the message says what to do."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM, acted on at the next step of the work (stop_if_interrupted)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_received: list[int] = []


def on_signal(signum: int, frame: object) -> None:
    """SIGINT's and SIGTERM's handler while briefgen works: it only takes note, and the work stops at its
    next step. Raising here could land inside a finaliser, where Python prints and drops the exception and
    the build would go on. A second signal, though, stops at once: the user insists."""
    if _received:
        raise Interrupted(signum)
    _received.append(signum)


def acknowledge_interrupt() -> None:
    """The signal noted has been acted on (a watch stopped by it): the command ends as it should."""
    _received.clear()


def stop_if_interrupted() -> None:
    """Between the steps of the work: raise Interrupted if a signal has come."""
    if _received:
        raise Interrupted(_received[0])


REMEDIES = {
    errno.ENOSPC: "the disk is full: free some space or choose another --out",
    errno.EDQUOT: "the disk quota is used up: free some space or choose another --out",
    errno.EACCES: "permission denied: choose another --out or fix the folder's permissions",
    errno.EPERM: "operation not permitted: choose another --out or fix the folder's permissions",
    errno.EROFS: "the file system is read-only: choose another --out",
    errno.EIO: "the disk or file system reported an input/output error: check it, or choose another --out",
    errno.ENOTDIR: "a file stands where a folder is needed: choose another --out or move the file aside",
    errno.EEXIST: "a file stands where a folder is needed: choose another --out or move the file aside",
    errno.EISDIR: "a folder stands where a file is needed: move it aside",
    errno.ELOOP: "a symbolic link loops back on itself: fix or remove the link",
    errno.ENAMETOOLONG: "a path is too long for the file system: use a shorter --out",
}


def describe_os_error(err: OSError) -> str:
    """'output/brief-01-zh.pdf: the disk is full: free some space or choose another --out'."""
    where = f"{err.filename}: " if err.filename else ""
    remedy = REMEDIES.get(err.errno) if err.errno is not None else None
    return where + (remedy or clip(err.strerror or str(err)))


def clip(text: str, limit: int = ECHO) -> str:
    """At most limit characters of text, on one line: what cannot be seen is shown as its code."""
    text = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def save_traceback(error: BaseException) -> str:
    """Write the full traceback to a file of its own; returns the file's path."""
    name = f"briefgen-crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    for folder in (os.environ.get("BRIEFGEN_CACHE") or "", tempfile.gettempdir()):
        if not folder:
            continue
        try:
            path = os.path.join(folder, name)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            return path
        except OSError:
            continue
    return "(nowhere: no writable folder for it)"


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """SIGINT and SIGTERM noted by on_signal for the duration (and forgotten after)."""
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _received.clear()
