"""Shared fixtures: the shipped content, a scratch copy to break, and one real build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def run_briefgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a fresh process, as a user would."""
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the first line containing `old`; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if old in line:
            lines[number - 1] = line.replace(old, new, 1)
            path.write_text("".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"{old!r} not found in {path}")


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
