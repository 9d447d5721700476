"""Problems found in the content, reported all at once with where and how to fix them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .codes import Code
from .model import Location


@dataclass(frozen=True)
class Diagnostic:
    code: Code  # the kind of problem (briefgen.codes)
    where: Location | None
    path: str  # the YAML path, e.g. "sections[0].body[2].figures"
    message: str
    fix: str = ""
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}{label}{self.said()}"

    def said(self) -> str:
        """What the diagnostic says, without where: its YAML path, the problem and the fix."""
        path = f"{self.path}: " if self.path else ""
        fix = f" {self.fix}" if self.fix else ""
        return f"{path}{self.message}.{fix}"


class ContentError(Exception):
    """Raised when the content cannot be built; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(map(str, self.diagnostics)))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return f"Did you mean '{close[0]}'?" if close else ""
