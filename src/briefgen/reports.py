"""What a command reports, in the format asked for: text for people (the default), JSON or SARIF for tools.

A command tells its Report what it found (diagnostics, lint offences), what it did (the lines it prints, the
summary's fields) and how it ended. In text the report says each thing as it comes, as briefgen always has:
lines on stdout, diagnostics and the one-line cause of a failure on stderr. For tools it says nothing until
the end, then writes one document on stdout and nothing else there: a JSON report (`--format json`) or a SARIF
2.1.0 log (`--format sarif`); the one-line cause of a failure still goes to stderr, for the people reading a
CI log. The exit codes are the same in every format.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import __version__, codes
from .codes import Code
from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .lint import Offence

# The formats each command offers besides text (every other command speaks text only).
FORMATS: dict[str, tuple[str, ...]] = {"check": ("json", "sarif"), "lint": ("json", "sarif"), "build": ("json",),
                                       "diff": ("json",)}
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_AREAS = {"check": codes.CONTENT_AREAS, "lint": ("9",)}  # the codes a command's SARIF log lists as rules
SHOWN_DETAILS = 12  # of a failure's details on a terminal (an incomplete PDF's findings): enough to see the pattern


@dataclass(frozen=True)
class Problem:
    """One problem as tools see it: a content diagnostic, or a line `lint` refuses."""

    code: Code
    severity: Literal["error", "warning"]
    message: str
    fix: str
    said: str  # the whole of it in a line, as SARIF's message
    file: str | None
    line: int | None = None
    column: int | None = None
    path: str | None = None  # the YAML path ("" is a file's top level); None outside YAML
    more: dict[str, Any] = field(default_factory=dict)  # lint: page, x, y, text

    @classmethod
    def of(cls, diagnostic: Diagnostic) -> Problem:
        where = diagnostic.where
        return cls(diagnostic.code, diagnostic.severity, diagnostic.message, diagnostic.fix, diagnostic.said(),
                   where.file if where else None, where.line if where else None, where.column if where else None,
                   diagnostic.path)

    @classmethod
    def of_offence(cls, pdf: Path, offence: Offence) -> Problem:
        from .lint import RULE_CODES  # (lint is imported only by the command that lints)

        code = RULE_CODES[offence.rule]
        message = code.says.removesuffix("…") + offence.text
        return cls(code, "error", message, "", f"page {offence.page}, y {offence.y:.1f}: {message}", str(pdf),
                   more={"page": offence.page, "x": offence.x, "y": offence.y, "text": offence.text})

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "path": self.path,
                "severity": self.severity, "code": self.code.id, "name": self.code.name, "message": self.message,
                "fix": self.fix, **self.more}


class Report:
    """What one run of a command found, did and how it ended, said in its format (see the module's docstring)."""

    def __init__(self, command: str | None, format: str = "text"):
        self.command = command
        self.format = format if format in FORMATS.get(command or "", ()) else "text"
        self.problems: list[Problem] = []
        self.summary: dict[str, Any] = {}  # what the command did, for tools
        self.data: dict[str, Any] = {}  # what the command answers, for tools (diff: the changes)
        self.failure: dict[str, Any] | None = None
        self.folder: Path | None = None  # the content folder the command read, if it read one

    @classmethod
    def asked(cls, argv: list[str] | None) -> Report:
        """The report the command line asks for, read before it is parsed, so that even a malformed command
        line is answered in the format asked for: the command is its first word, the format follows --format."""
        words = list(sys.argv[1:] if argv is None else argv)
        command = next((w for w in words if not w.startswith("-")), None)
        chosen = "text"
        for index, word in enumerate(words):
            if word == "--format" and index + 1 < len(words):
                chosen = words[index + 1]
            elif word.startswith("--format="):
                chosen = word.partition("=")[2]
        return cls(command, chosen)

    @property
    def for_tools(self) -> bool:
        return self.format != "text"

    # -- what the command tells it ---------------------------------------------------------------------------------

    def diagnose(self, diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
        """Content diagnostics: in text each on its own line of stderr, as they come."""
        for diagnostic in diagnostics:
            if self.for_tools:
                self.problems.append(Problem.of(diagnostic))
            else:
                print(diagnostic, file=sys.stderr)

    def found(self, problem: Problem, line: str) -> None:
        """A problem that text prints on stdout as `line` (lint's offences)."""
        if self.for_tools:
            self.problems.append(problem)
        else:
            print(line)

    def say(self, line: str) -> None:
        """A line of what the command did, on stdout in text (in the summary for tools)."""
        if not self.for_tools:
            print(line)

    def notice(self, text: str) -> None:
        """A warning about the machine rather than the content (a damaged cache entry redrawn)."""
        if self.for_tools:
            self.summary.setdefault("notices", []).append(text)
        else:
            print(f"briefgen: warning: {text}", file=sys.stderr)

    # -- how it ended ----------------------------------------------------------------------------------------------

    def end(self, exit_code: int, message: str = "") -> int:
        """The command is over: in text, the one-line message on stderr; for tools, that too, and the document."""
        if message:
            print(f"briefgen: {message}", file=sys.stderr)
            if self.failure is None:
                self.summary["message"] = message
        if self.for_tools:
            document = self._json(exit_code) if self.format == "json" else self._sarif(exit_code)
            _write(json.dumps(document, ensure_ascii=False, indent=2))
        return exit_code

    def fail(self, exit_code: int, code: Code, message: str, details: list[str] | None = None) -> int:
        """The command stopped short (a usage error, the environment, a bug, a signal): said in one line, with
        details under it (in text, the first few)."""
        self.failure = {"code": code.id, "name": code.name, "message": message}
        if details:
            self.failure["details"] = details
        ended = self.end(exit_code, message)
        if details and not self.for_tools:
            for detail in details[:SHOWN_DETAILS]:
                print(f"  {detail}", file=sys.stderr)
            if len(details) > SHOWN_DETAILS:
                print(f"  … and {len(details) - SHOWN_DETAILS} more", file=sys.stderr)
        return ended

    # -- the documents ---------------------------------------------------------------------------------------------

    def _counts(self, exit_code: int) -> dict[str, Any]:
        return {"exit_code": exit_code, "errors": sum(p.severity == "error" for p in self.problems),
                "warnings": sum(p.severity == "warning" for p in self.problems)}

    def _json(self, exit_code: int) -> dict[str, Any]:
        document = {"briefgen": __version__, "command": self.command,
                    "diagnostics": [problem.as_json() for problem in self.problems], **self.data,
                    "summary": {**self._counts(exit_code), **self.summary}}
        if self.failure:
            document["failure"] = self.failure
        return document

    def _sarif(self, exit_code: int) -> dict[str, Any]:
        rules = codes.area_codes(*SARIF_AREAS[self.command or ""])
        failures = codes.area_codes("0")
        invocation: dict[str, Any] = {"executionSuccessful": self.failure is None, "exitCode": exit_code,
                                      "workingDirectory": {"uri": _folder_uri(Path.cwd())}}
        if self.failure:
            failure = codes.CODES[self.failure["code"]]
            invocation["toolExecutionNotifications"] = [{
                "level": "error", "message": {"text": self.failure["message"]},
                "descriptor": {"id": failure.id, "index": failures.index(failure)}}]
        run = {
            "tool": {"driver": {"name": "briefgen", "version": __version__, "semanticVersion": __version__,
                                "rules": [_descriptor(code) for code in rules],
                                "notifications": [_descriptor(code) for code in failures]}},
            "invocations": [invocation],
            "originalUriBaseIds": {"SRCROOT": {"uri": _folder_uri(Path.cwd())}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(problem, rules.index(problem.code), self.folder) for problem in self.problems],
            "properties": {"summary": {**self._counts(exit_code), **self.summary}},
        }
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _write(text: str) -> None:
    """text on stdout; if its reader has gone (`| head`), what it did not read is lost to it alone."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # (Python's own flush at exit would fail)


def _descriptor(code: Code) -> dict[str, Any]:
    return {"id": code.id, "name": code.name, "shortDescription": {"text": code.says},
            "fullDescription": {"text": f"{code.says} ({code.area})"},
            "defaultConfiguration": {"level": code.severity}, "properties": {"area": code.area}}


def _result(problem: Problem, rule_index: int, folder: Path | None) -> dict[str, Any]:
    """A problem as a SARIF result. One that belongs to no file (an edition's folder misnamed) is placed at the
    content folder: GitHub's code scanning refuses a whole log for one result without a location."""
    result: dict[str, Any] = {"ruleId": problem.code.id, "ruleIndex": rule_index, "level": problem.severity,
                              "message": {"text": problem.said}}
    if problem.file is not None or folder is not None:
        location: dict[str, Any] = {"artifactLocation": _artifact(problem.file or f"{folder}/")}
        if problem.line is not None:
            location["region"] = {"startLine": problem.line, "startColumn": problem.column or 1}
        result["locations"] = [{"physicalLocation": location}]
    result["properties"] = {k: v for k, v in {"path": problem.path, "fix": problem.fix or None,
                                              **problem.more}.items() if v is not None}
    return result


def _artifact(file: str) -> dict[str, str]:
    """A file as SARIF names it: relative to the folder briefgen ran in (the repository, in CI), else absolute."""
    path, folder = Path(file), "/" if file.endswith("/") else ""
    if path.is_absolute():
        return {"uri": path.as_uri() + folder}
    return {"uri": urllib.parse.quote(path.as_posix()) + folder, "uriBaseId": "SRCROOT"}


def _folder_uri(folder: Path) -> str:
    return folder.as_uri().rstrip("/") + "/"
