"""Shared fixtures: the shipped content, a scratch copy to break, and one real build."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import cli

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
