"""Progress on a terminal: the build's steps, PDF by PDF, drawn on one line of stderr only when it is a terminal,
after a second, and not with --quiet; cleared before anything else is printed; never written by a worker.
Driven as a user sees it, with the command's standard streams on a pseudo-terminal, and without one."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT, replace_line

from briefgen import cli
from briefgen import progress as pg
from briefgen.build import build
from briefgen.progress import CHECKING, FINISHED, SETTING, VERIFYING, WRITING, Step, TerminalLine

# the real command line, its progress shown from the start rather than after a second, so that what a
# terminal shows does not depend on this machine's speed (the second itself is tested with a clock below)
DRIVER = "import sys, briefgen.progress as p; p.SHOW_AFTER = 0.0; from briefgen.cli import run; sys.exit(run())"
CLEAR = "\r\x1b[K"
FRAME = re.compile(r"briefgen: (checking the content|setting \d+ PDFs in \d+ processes|writing \S+|"
                   r"(setting|verifying|finished) brief-\d+-(zh|en|bilingual)\.pdf \(\d of 3\))…")


def on_terminal(*args: object, columns: int = 200) -> tuple[int, str]:
    """Run briefgen with stdin, stdout and stderr on a pseudo-terminal; its exit code and all it showed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen([sys.executable, "-c", DRIVER, *map(str, args)], stdin=follower, stdout=follower,
                               stderr=follower, cwd=ROOT, close_fds=True)
    os.close(follower)
    shown, deadline = b"", time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            if select.select([leader], [], [], 1)[0]:
                try:
                    data = os.read(leader, 65536)
                except OSError:  # the terminal's other end closed: the process has ended
                    break
                if not data:
                    break
                shown += data
        else:
            raise AssertionError(f"briefgen {args} did not end within 300 s: {shown[-500:]!r}")
        return process.wait(timeout=60), shown.decode("utf-8").replace("\r\n", "\n")
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)


def frames_and_lines(shown: str) -> tuple[list[str], list[str]]:
    """The progress frames drawn, and the lines that remain on the terminal once each was cleared."""
    frames = re.findall(r"\r(briefgen: [^\r\n]*?)\x1b\[K", shown)
    remaining = re.sub(r"\r[^\r\n]*?\x1b\[K", "", shown)
    return frames, remaining.splitlines()


def test_a_build_on_a_terminal_shows_each_pdf_step_and_leaves_the_lines_it_always_printed(tmp_path: Path):
    code, shown = on_terminal("build", CONTENT, "--out", tmp_path / "out", "--jobs", "1")
    assert code == 0, shown
    frames, lines = frames_and_lines(shown)
    assert frames == [f"briefgen: {step}" for step in [
        Step(CHECKING),
        *(Step(doing, f"brief-01-{variant}.pdf", position, 3)
          for position, variant in enumerate(("zh", "en", "bilingual"), start=1) for doing in (SETTING, VERIFYING)),
        Step(WRITING, str(tmp_path / "out"))]]
    assert shown.rindex(CLEAR) < shown.index("wrote ")  # cleared before stdout's first line
    piped = subprocess.run([sys.executable, "-c", DRIVER, "build", CONTENT, "--out", tmp_path / "piped", "--jobs",
                            "1"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert piped.returncode == 0 and piped.stderr == ""  # the same command, not on a terminal: nothing on stderr
    same = [re.sub(r"\d+ rendered, \d+ from cache", "N", line) for line in lines]  # (the second takes the charts
    assert same == [re.sub(r"\d+ rendered, \d+ from cache", "N", line)  # from the cache the first filled)
                    for line in piped.stdout.replace("piped", "out").splitlines()]  # stdout's lines unchanged


def test_with_workers_only_the_parent_reports_each_pdf_as_it_comes_back(tmp_path: Path):
    code, shown = on_terminal("build", CONTENT, "--out", tmp_path / "out", "--jobs", "2")
    assert code == 0, shown
    frames, lines = frames_and_lines(shown)
    assert all(FRAME.fullmatch(frame) for frame in frames), frames  # no piece of another process's writing
    assert shown.count("\x1b[K") == len(frames) + 1  # each frame, then the clearing
    finished = [f for f in frames if " finished " in f]
    assert sorted(f.split()[2] for f in finished) == ["brief-01-bilingual.pdf", "brief-01-en.pdf",
                                                       "brief-01-zh.pdf"]
    assert [f[-9:] for f in finished] == ["(1 of 3)…", "(2 of 3)…", "(3 of 3)…"]
    assert frames[1] == "briefgen: setting 3 PDFs in 2 processes…"
    assert not any(" verifying " in f or re.search(r"setting brief", f) for f in frames)  # workers say nothing
    assert [line.split()[0] for line in lines] == ["wrote"] * 4 + ["charts:"]


def test_quiet_shows_nothing_but_what_was_written(tmp_path: Path):
    code, shown = on_terminal("build", CONTENT, "--out", tmp_path / "out", "--quiet")
    assert code == 0 and "\x1b" not in shown and "\r" not in shown and "briefgen:" not in shown
    assert [line.split()[0] for line in shown.splitlines()] == ["wrote"] * 4 + ["charts:"]


def test_a_content_error_comes_after_the_line_is_cleared(tmp_path: Path, content_copy: Path):
    line = replace_line(content_copy / "indicators.yaml", "value: 8000", "value: 8000亿")
    code, shown = on_terminal("build", content_copy, "--out", tmp_path / "out")
    assert code == 1
    frames, lines = frames_and_lines(shown)
    assert frames == ["briefgen: checking the content…"]
    assert lines[0].startswith(f"{content_copy}/indicators.yaml:{line}:") and lines[-1].startswith("briefgen: 1 error")


def test_watch_and_publish_take_quiet():
    parser = cli._parser()
    assert parser.parse_args(["watch", "--quiet"]).quiet and parser.parse_args(["publish", "01", "--quiet"]).quiet
    assert not parser.parse_args(["build"]).quiet


def test_the_build_tells_every_step_of_every_pdf(tmp_path: Path):
    told: list[Step] = []
    build(CONTENT, tmp_path, ("zh", "en"), jobs=1, progress=told.append)
    assert told == [Step(CHECKING), Step(SETTING, "brief-01-zh.pdf", 1, 2), Step(VERIFYING, "brief-01-zh.pdf", 1, 2),
                    Step(SETTING, "brief-01-en.pdf", 2, 2), Step(VERIFYING, "brief-01-en.pdf", 2, 2),
                    Step(WRITING, str(tmp_path))]
    told.clear()
    build(CONTENT, tmp_path, ("zh", "en"), jobs=2, verify=False, progress=told.append)
    distinct = list(dict.fromkeys(told))  # (the last step is told again while the parent waits)
    assert distinct[:2] == [Step(CHECKING), Step(SETTING, "2 PDFs in 2 processes")]
    assert distinct[-1] == Step(WRITING, str(tmp_path)) and len(distinct) == 5
    assert sorted(s.subject for s in distinct if s.doing == FINISHED) == ["brief-01-en.pdf", "brief-01-zh.pdf"]
    assert [s.position for s in distinct if s.doing == FINISHED] == [1, 2]  # as they came back


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_drawn_in_the_first_second_and_a_step_told_again_is_not_drawn_again():
    stream, clock = io.StringIO(), Clock()
    line = TerminalLine(stream, clock=clock)
    line(Step(CHECKING))
    clock.now += 0.99
    line(Step(SETTING, "brief-01-zh.pdf", 1, 3))
    assert stream.getvalue() == ""  # a build that ends within a second shows nothing
    line.clear()
    assert stream.getvalue() == ""
    clock.now += 0.02
    line(Step(SETTING, "brief-01-zh.pdf", 1, 3))
    line(Step(SETTING, "brief-01-zh.pdf", 1, 3))
    frame = "\rbriefgen: setting brief-01-zh.pdf (1 of 3)…\x1b[K"
    assert stream.getvalue() == frame
    line.clear()
    line.clear()  # (cleared once)
    assert stream.getvalue() == frame + CLEAR


def test_a_line_never_wraps_on_a_narrow_terminal():
    text = "briefgen: writing 输出/简报"  # 27 columns: each Han character takes two
    assert pg._fit(text, 27) == text and pg._fit("short", 5) == "short"
    assert pg._fit(text, 26) == "briefgen: writing 输出/简…"
    assert pg._fit(text, 21) == "briefgen: writing 输…" and pg._fit(text, 20) == "briefgen: writing …"


def test_not_a_terminal_or_quiet_or_dumb_is_silent(monkeypatch: pytest.MonkeyPatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    with pg.progress_on(io.StringIO()) as report:
        assert report is pg.silent
    with pg.progress_on(Terminal(), quiet=True) as report:
        assert report is pg.silent
    monkeypatch.setenv("TERM", "dumb")
    with pg.progress_on(Terminal()) as report:
        assert report is pg.silent
    monkeypatch.setenv("TERM", "xterm")
    with pg.progress_on(Terminal()) as report:
        assert isinstance(report, TerminalLine)
