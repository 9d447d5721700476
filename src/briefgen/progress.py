"""Progress on a terminal: what a build is doing, PDF by PDF, on one line of stderr rewritten in place.

The build reports steps to a callback and never writes to the terminal itself. The line is drawn only when
stderr is a terminal, not asked to be quiet, and once the build has run for SHOW_AFTER seconds (a quick
build shows nothing); it is cleared before the command prints anything else, so stdout's lines and any
error come out as they always did. Worker processes (`--jobs`) report nothing: the parent reports each PDF
as it comes back, so the line is never written by two processes at once.
"""

from __future__ import annotations

import contextlib
import os
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TextIO

from .failures import clip

SHOW_AFTER = 1.0  # seconds: a build that ends sooner shows no progress
TICK = 0.25  # seconds: how often a build waiting on its worker processes tells its step again

# What a build is doing, as the line says it.
CHECKING = "checking the content"
SETTING = "setting"  # composing, laying out, painting and tagging one PDF
VERIFYING = "verifying"  # reading it back for completeness
FINISHED = "finished"  # a PDF back from a worker process
WRITING = "writing"  # the output set, as one transaction


@dataclass(frozen=True)
class Step:
    doing: str  # one of the above
    subject: str = ""  # a PDF's name, the output folder, …
    position: int = 0  # the PDF's number in the build, from 1; 0 for a step of the build as a whole
    total: int = 0  # the PDFs the build makes

    def __str__(self) -> str:
        counted = f" ({self.position} of {self.total})" if self.position else ""
        return f"{self.doing}{' ' if self.subject else ''}{self.subject}{counted}…"


Report = Callable[[Step], None]


def silent(step: Step) -> None:
    """No progress shown."""


class TerminalLine:
    """Each step drawn over the last on one line of a terminal, once the work has run for `after` seconds."""

    def __init__(self, stream: TextIO, after: float | None = None, clock: Callable[[], float] = time.monotonic):
        self.stream, self.clock = stream, clock
        self.after = SHOW_AFTER if after is None else after
        self.start = clock()
        self.shown = ""  # the line on the terminal

    def __call__(self, step: Step) -> None:
        if self.clock() - self.start < self.after:
            return
        line = _fit(clip(f"briefgen: {step}"), self._width() - 1)
        if line != self.shown:  # (a step told again is not drawn again)
            self._write(f"\r{line}\x1b[K")
            self.shown = line

    def clear(self) -> None:
        if self.shown:
            self._write("\r\x1b[K")
            self.shown = ""

    def _width(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or 80
        except (OSError, ValueError):
            return 80

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a terminal gone away: the work goes on without its progress
            self.after = float("inf")


@contextlib.contextmanager
def progress_on(stream: TextIO, quiet: bool = False) -> Iterator[Report]:
    """A Report that draws on stream if it is a terminal that can rewrite a line and quiet is not asked
    for, cleared whatever way the work ends; silent otherwise."""
    if quiet or not _is_terminal(stream):
        yield silent
        return
    line = TerminalLine(stream)
    try:
        yield line
    finally:
        line.clear()


def _fit(text: str, columns: int) -> str:
    """As much of text as a terminal line of `columns` holds, with '…' where it is cut (a wide character, 字,
    takes two): more would wrap, and the next step would be drawn over the second line only."""
    widths = [2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text]
    if sum(widths) <= columns:
        return text
    used, kept = 0, 0
    while used + widths[kept] <= columns - 1:
        used += widths[kept]
        kept += 1
    return text[:kept] + "…"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"  # (a dumb terminal cannot clear a line)
    except (OSError, ValueError):
        return False
