"""Shared fixtures: the shipped content, a scratch copy to break, and one real build."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import cli
from briefgen.codes import CODES
from briefgen.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def run_briefgen(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, fresh: bool = False
                 ) -> subprocess.CompletedProcess:
    """Run the real command line (chart cache kept out of the repo): its main() in this process, which is what
    a fresh process runs after starting Python, or, with fresh, an environment or a folder of its own, in a
    new process as a user would (BRIEFGEN_TEST_FRESH=1: every command in a new process)."""
    if fresh or env or cwd or os.environ.get("BRIEFGEN_TEST_FRESH"):
        environment = {**os.environ, "BRIEFGEN_CACHE": os.environ.get("BRIEFGEN_TEST_CACHE", ""), **(env or {})}
        return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True,
                              cwd=cwd or ROOT, timeout=300, env=environment)
    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as stop:  # argparse on --help or a malformed command line
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    return subprocess.CompletedProcess(["briefgen", *argv], code, out.getvalue(), err.getvalue())


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the first line containing `old`; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if old in line:
            lines[number - 1] = line.replace(old, new, 1)
            path.write_text("".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"{old!r} not found in {path}")


@functools.cache
def documented_codes() -> dict[str, tuple[str, str]]:
    """The table of codes in the authors' guide (content/README.md, "Codes"): code → (name, says)."""
    guide = (CONTENT / "README.md").read_text(encoding="utf-8")
    section = guide.split("\n## Codes\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (BG\d{3}) \| `([a-z0-9-]+)` \| (.*?)(?: \(a warning\))? \|$", section, re.MULTILINE)
    return {code: (name, says.replace("&#124;", "|")) for code, name, says in rows}


def badly_coded(diagnostic: Diagnostic) -> str | None:
    """What is wrong with a diagnostic's code, if anything: it must be in the guide's table, and its message
    must read as that code says and as no other code says (so that no two kinds of problem share a code)."""
    code = diagnostic.code
    if documented_codes().get(code.id) != (code.name, code.says):
        return f"{code.id} {code.name} is not in content/README.md's table of codes as it is in briefgen.codes"
    if not code.matches(diagnostic.message):
        return f"{code.id} says “{code.says}”, but the message is “{diagnostic.message}”"
    others = [other.id for other in CODES.values() if other is not code and other.matches(diagnostic.message)]
    if others:
        return f"the message “{diagnostic.message}” of {code.id} reads as {', '.join(others)} say too"
    return None


def as_text(diagnostic: dict) -> str:
    """The line of the text output a diagnostic of `--format json` stands for."""
    where = f"{diagnostic['file']}:{diagnostic['line']}:{diagnostic['column']}: " if diagnostic["file"] else ""
    label = "warning: " if diagnostic["severity"] == "warning" else ""
    path = f"{diagnostic['path']}: " if diagnostic["path"] else ""
    fix = f" {diagnostic['fix']}" if diagnostic["fix"] else ""
    return f"{where}{label}{path}{diagnostic['message']}.{fix}"


@pytest.fixture(autouse=True)
def every_diagnostic_coded(monkeypatch):
    """Every diagnostic a test makes in this process (the hostile corpus, the fuzz, every broken case of the
    suite) is held to its code once the test is over."""
    made: list[Diagnostic] = []
    make = Diagnostic.__init__

    def recorded(self, *args, **kwargs):
        make(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Diagnostic, "__init__", recorded)
    yield made
    wrong = sorted({problem for problem in map(badly_coded, made) if problem})
    assert not wrong, "\n".join(wrong)


@pytest.fixture(scope="session", autouse=True)
def chart_cache(tmp_path_factory) -> Path:
    """One chart cache for the whole test session, outside the working tree."""
    path = tmp_path_factory.mktemp("cache")
    os.environ["BRIEFGEN_TEST_CACHE"] = str(path)
    os.environ["BRIEFGEN_CACHE"] = str(path)  # for builds run in this process too
    return path


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch) -> Path:
    """A chart cache of the test's own, empty, for the commands it runs in this process."""
    path = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE", str(path))
    return path


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default brief, built once for the session by the real CLI."""
    out = tmp_path_factory.mktemp("output")
    result = run_briefgen("build", CONTENT, "--out", out)
    assert result.returncode == 0, result.stderr
    return out
