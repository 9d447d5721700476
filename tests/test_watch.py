"""`briefgen watch`: builds, survives an invalid edit (located error, output kept), rebuilds after the fix;
driven in-process with the edits as its changes, and as a user runs it, with real files and Ctrl-C."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ROOT

from briefgen import cli
from briefgen.build import build
from briefgen.diagnostics import ContentError
from briefgen.watch import watch

FIXTURE = ROOT / "tests" / "fixtures" / "every_block"
PART = Path("editions/01/part.yaml")
TITLE = "title: {zh: 增长, en: Growth}"


def test_an_invalid_edit_is_shown_and_the_fix_rebuilds(tmp_path: Path, private_cache: Path):
    content, out = tmp_path / "content", tmp_path / "out"
    shutil.copytree(FIXTURE, content)
    part = content / PART
    source = part.read_text(encoding="utf-8")
    said: list[str] = []
    reported: list[ContentError] = []
    kept_when_said: list[int] = []  # the checked contents in the cache when each build's line was said

    def build_once() -> str:
        result = build(content, out, ("zh",))
        return ", ".join(o.filename for o in result.outputs)

    def say(line: str) -> None:
        said.append(line)
        kept_when_said.append(len(list((private_cache / "checked").glob("*.pickle"))))

    def edits():
        yield set()  # (the watcher runs: the first build follows)
        first = (out / "brief-01-zh.pdf").read_bytes()
        part.write_text(source.replace(TITLE, "title: {zh: 增长, en: Growth", 1), encoding="utf-8")
        yield {str(part)}
        assert (out / "brief-01-zh.pdf").read_bytes() == first  # the last good PDF stays
        yield set()  # (a wait with nothing changed: nothing is built)
        part.write_text(source.replace(TITLE, "title: {zh: 增长与变化, en: Growth and change}", 1), encoding="utf-8")
        yield {str(part)}

    watch(content, build_once, say, reported.append, edits())
    assert said[0].startswith("built brief-01-zh.pdf in ") and said[1].startswith("watching ")
    # what a build keeps for later processes is written once its line is said: the first content is kept by
    # the time the watch says it is watching, the fixed one after the watch has said it rebuilt
    assert kept_when_said == [0, 1, 1, 1] and len(list((private_cache / "checked").glob("*.pickle"))) == 2
    assert said[2] == ("1 error in the content after a change to editions/01/part.yaml: nothing was written; "
                       "waiting for the fix")
    (error,) = [d for d in reported[0].diagnostics if d.severity == "error"]
    assert str(error.where).startswith(f"{part}:8:") and "YAML syntax error" in error.message
    assert said[3].startswith("rebuilt brief-01-zh.pdf in ") and said[3].endswith("editions/01/part.yaml")
    assert len(said) == 4
    assert "增长与变化" in subprocess.run(["pdftotext", str(out / "brief-01-zh.pdf"), "-"], capture_output=True,
                                     text=True, check=True).stdout


class _Output:
    """A process's output lines as they come, waited for with a deadline (a silent process fails the test, it
    does not hang it)."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, text: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
            if text in line:
                return
        raise AssertionError(f"no {text!r} within {seconds} s: {''.join(self.lines)}")


def test_watch_as_a_user_runs_it(tmp_path: Path, private_cache: Path):
    content, out = tmp_path / "content", tmp_path / "out"
    shutil.copytree(FIXTURE, content)
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "watch", str(content), "--out", str(out),
                                "--lang", "en"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               cwd=tmp_path, env={**os.environ, "BRIEFGEN_CACHE": str(private_cache)})
    output = _Output(process.stdout)
    try:
        output.wait_for("watching", 120)
        part = content / PART
        source = part.read_text(encoding="utf-8")
        part.write_text(source.replace(TITLE, "title: {zh: 增长, en: Growth", 1), encoding="utf-8")
        output.wait_for("waiting for the fix", 60)
        part.write_text(source.replace(TITLE, "title: {zh: 增长, en: Growth in brief}", 1), encoding="utf-8")
        output.wait_for("rebuilt brief-01-en.pdf", 60)
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    output.wait_for("stopped.", 10)
    assert code == 0
    assert (out / "brief-01-en.pdf").is_file() and not list(out.glob(".briefgen*"))


def test_watch_of_a_folder_that_is_not_there(tmp_path: Path, capsys):
    assert cli.main(["watch", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_warm_check_says_what_a_fresh_one_says(content_copy: Path, private_cache: Path):
    """The watch checks in a process that keeps what it read and found (the files' node trees, the pairs of
    texts that agree, the glossary's index): after each edit it must say exactly what a new process says."""
    from conftest import replace_line, run_briefgen

    glossary = content_copy / "glossary.yaml"
    enterprises = content_copy / "editions" / "01" / "enterprises.yaml"
    indicators, charts = content_copy / "indicators.yaml", content_copy / "charts.yaml"
    goals, overview = content_copy / "editions" / "01" / "goals.yaml", content_copy / "editions" / "01" / "overview.yaml"
    edits = [
        (enterprises, "cluster, Joyson Electronics, Geely Auto", "cluster, Joyson Auto, Geely Auto"),  # a name
        (glossary, "zh: 原文仅提及名称。", "zh: 原文仅提及“一号开放工程”的名称。"),  # a note naming its own entry
        (enterprises, "cluster, Joyson Auto, Geely Auto", "cluster, Joyson Electronics, Geely Auto"),  # fixed
        (glossary, "short: {zh: 均胜电子, en: Joyson Electronics}", "short: {zh: 均胜电子, en: Joyson Group}"),
        (glossary, "short: {zh: 均胜电子, en: Joyson Group}", "short: {zh: 均胜电子, en: Joyson Electronics}"),
        # the tables as a read left them, its warnings said again, while only an edition's files change:
        (indicators, "en: Value added of the digital economy}", "en: Value added of the \"digital economy\"}"),
        (enterprises, "cluster, Joyson Electronics, Geely Auto", "cluster, Joyson Auto, Geely Auto"),
        (enterprises, "cluster, Joyson Auto, Geely Auto", "cluster, Joyson Electronics, Geely Auto"),
        (charts, "en: \"Forehope Electronic’s annual revenue", "en: \"Forehope Electronic's annual revenue"),
        (indicators, "en: Value added of the \"digital economy\"}", "en: Value added of the digital economy}"),
        (charts, "en: \"Forehope Electronic's annual revenue", "en: \"Forehope Electronic’s annual revenue"),
        (charts, "en: \"Forehope Electronic’s annual revenue: 2018", "en: \"Forehope Electronic’s {b}revenue: 2018"),
        (enterprises, "cluster, Joyson Electronics, Geely Auto", "cluster, Joyson Auto, Geely Auto"),
        (charts, "en: \"Forehope Electronic’s {b}revenue: 2018", "en: \"Forehope Electronic’s annual revenue: 2018"),
        (enterprises, "cluster, Joyson Auto, Geely Auto", "cluster, Joyson Electronics, Geely Auto"),
        # a part as a read found it while its file is unchanged, unless an earlier part now takes its ids or charts:
        (goals, "- id: targets_2027", "- id: digital_sail"),  # enterprises.yaml's id, and a citation broken
        (goals, "- id: digital_sail", "- id: targets_2027"),
        (goals, "- chart: dv_path", "- chart: district_focus"),  # districts.yaml places it too
        (goals, "- chart: district_focus", "- chart: dv_path"),
        (overview, "title: {zh: 国家部署, en: The National Strategy}", "title: {zh: 国家部署, en: The \"National\" Strategy}"),
        (goals, "- chart: dv_path", "- chart: district_focus"),
        (goals, "- chart: district_focus", "- chart: dv_path"),
        (overview, "title: {zh: 国家部署, en: The \"National\" Strategy}", "title: {zh: 国家部署, en: The National Strategy}"),
    ]
    outcomes = []
    for path, old, new in edits:
        replace_line(path, old, new)
        warm = run_briefgen("check", content_copy)
        fresh = run_briefgen("check", content_copy, fresh=True)
        assert (warm.returncode, warm.stdout, warm.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
        outcomes.append((warm.returncode, warm.stderr.count("straight quote")))
    # each edit was seen: each break and mend, each warning said while its text stands
    assert outcomes == [(1, 0), (1, 0), (0, 0), (1, 0), (0, 0), (0, 1), (1, 1), (0, 1), (0, 2), (0, 1), (0, 0),
                        (1, 0), (1, 0), (1, 0), (0, 0),
                        (1, 0), (0, 0), (1, 0), (0, 0), (0, 1), (1, 1), (0, 1), (0, 0)]


def test_a_warm_process_builds_after_each_edit_the_bytes_a_fresh_one_builds(content_copy: Path, private_cache: Path):
    """The watch's process keeps what it read, set and wrote (the tables and parts as read, line bundles, font
    subsets and what it deflated): after each edit its PDFs are the bytes a new process builds, every layout."""
    from conftest import replace_line, run_briefgen

    goals = content_copy / "editions" / "01" / "goals.yaml"
    indicators = content_copy / "indicators.yaml"
    edits = [
        (goals, "找准方向，鼓足信心", "找准方向，坚定信心"),  # characters met earlier: the codes as they were
        (goals, "找准方向，坚定信心", "找准方向，燃起信心"),  # a character new to the brief: later codes move
        (indicators, "en: Value added of the digital economy}", "en: Digital economy value added}"),  # a table
        (goals, "找准方向，燃起信心", "找准方向，燃起信心，久久为功，善作善成，推动数字经济高质量发展"),  # a longer paragraph
    ]
    for number, (path, old, new) in enumerate(edits):
        replace_line(path, old, new)
        for layout in ("parallel", "sequential"):
            warm, fresh = private_cache / f"warm-{number}-{layout}", private_cache / f"fresh-{number}-{layout}"
            assert run_briefgen("build", content_copy, "--out", warm, "--layout", layout).returncode == 0
            made = run_briefgen("build", content_copy, "--out", fresh, "--layout", layout, fresh=True)
            assert made.returncode == 0, made.stderr
            pdfs = sorted(p.name for p in warm.glob("*.pdf"))
            assert len(pdfs) == 3
            assert all((warm / name).read_bytes() == (fresh / name).read_bytes() for name in pdfs), (number, layout)
