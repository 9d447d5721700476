"""Benchmark: briefgen against Typst on the same text, whole processes, alternating runs.

    python bench/speed_vs_typst.py [--runs 7] [--repeat 13]

- the brief: `briefgen build --lang zh` of the shipped edition (warm chart cache) against Typst compiling
  the same composed text (every heading, paragraph and list item, bench/typst_compare.py's source) in the
  same page style and fonts;
- the edition repeated (`--repeat` times its running text, ~180 pages): a process that composes the Chinese
  brief, repeats its blocks and renders them with briefgen, against Typst on the same repeated text.

- `briefgen watch`: a one-paragraph edit to the Chinese brief (a word of its overview changed, back and
  forth), the rebuild it reports and the time from the edit to the new PDF, against Typst compiling the
  same document from scratch (the brief's text, a process each time).

Prints each command's median wall seconds, the median of the pairwise ratios, pages and per-page cost.
Typst 0.15 comes from PyPI (`pip install typst`); it is not a dependency of briefgen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def repeated(doc, times: int):
    """The blocks `times` over, each copy's paragraphs, items and headings marked with its number: text set
    once is not set again by either typesetter (both remember paragraphs they have set)."""
    from dataclasses import replace

    from briefgen import document as d

    def marked(rich, k: int):
        return (*rich, d.Inline(f"〔{k}〕")) if k else rich

    def copy(block, k: int):
        if isinstance(block, d.Paragraph):
            return replace(block, text=marked(block.text, k))
        if isinstance(block, d.BulletList):
            return replace(block, items=tuple(marked(item, k) for item in block.items))
        if isinstance(block, d.Heading) and k:
            return replace(block, text=f"{block.text}〔{k}〕", anchor=f"{block.anchor}-{k}")
        return block

    return replace(doc, blocks=tuple(copy(block, k) for k in range(times) for block in doc.blocks))


def render_repeated(times: int, out: Path) -> None:
    """(In a process of its own.) The Chinese brief's blocks repeated, rendered by briefgen."""
    from briefgen.build import check
    from briefgen.compose import compose
    from briefgen.typeset.render import render

    library, _ = check(ROOT / "content")
    doc = compose(library, library.editions[0], "zh")
    pdf = render(repeated(doc, times))
    out.write_bytes(pdf.data)


def typst_sources(folder: Path, times: int) -> tuple[Path, Path]:
    from typst_compare import running_text, typst_source

    from briefgen.build import check
    from briefgen.compose import compose

    library, _ = check(ROOT / "content")
    text = running_text(compose(library, library.editions[0], "zh"))
    one, many = folder / "brief.typ", folder / "repeated.typ"
    one.write_text(typst_source(text, "zh"), encoding="utf-8")
    many.write_text(typst_source(repeated(text, times), "zh"), encoding="utf-8")
    return one, many


def typst_command(source: Path, out: Path) -> list[str]:
    code = (f"import typst; open({str(out)!r}, 'wb').write(typst.compile({str(source)!r}, "
            f"font_paths=[{str(ROOT / 'fonts')!r}]))")
    return [sys.executable, "-c", code]


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def alternate(a: list[str], b: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    times: tuple[list[float], list[float]] = ([], [])
    for command in (a, b):  # a warm-up each, not counted
        subprocess.run(command, check=True, capture_output=True, env=env)
    for _ in range(runs):
        for command, seconds in ((a, times[0]), (b, times[1])):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            seconds.append(time.perf_counter() - start)
    return times


def report(name: str, ours: list[float], theirs: list[float], our_pages: int, their_pages: int) -> None:
    ratio = statistics.median(a / b for a, b in zip(ours, theirs))
    mine, typst = statistics.median(ours), statistics.median(theirs)
    print(f"{name}: briefgen {mine:.3f} s ({our_pages} pages, {1000 * mine / our_pages:.1f} ms a page), "
          f"Typst {typst:.3f} s ({their_pages} pages, {1000 * typst / their_pages:.1f} ms a page); "
          f"ratio {ratio:.2f} (median of {len(ours)} pairs)")


EDIT = ("找准方向，鼓足信心", "找准方向，坚定信心")  # a word of one paragraph (editions/01/goals.yaml)


def watch_latency(folder: Path, runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """(rebuild seconds as the watch reports them, seconds from the edit to the new PDF) for each edit."""
    import re
    import shutil
    import signal

    content = folder / "watched"
    shutil.copytree(ROOT / "content", content)
    goals = content / "editions" / "01" / "goals.yaml"
    text = goals.read_text(encoding="utf-8")
    assert EDIT[0] in text
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "watch", str(content), "--out",
                                str(folder / "watched-out"), "--lang", "zh"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=env)
    reported, latency = [], []
    try:
        for line in process.stdout:  # type: ignore[union-attr]
            if line.startswith("watching"):
                break
        for k in range(runs + 1):  # the first edit warms up
            start = time.perf_counter()
            goals.write_text(text.replace(*EDIT) if k % 2 == 0 else text, encoding="utf-8")
            for line in process.stdout:  # type: ignore[union-attr]
                if line.startswith("rebuilt"):
                    if k:
                        latency.append(time.perf_counter() - start)
                        reported.append(float(re.search(r" in ([\d.]+) s after", line).group(1)))
                    break
            time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    return reported, latency


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=13)
    parser.add_argument("--render-repeated", nargs=2, metavar=("TIMES", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render_repeated:
        render_repeated(int(args.render_repeated[0]), Path(args.render_repeated[1]))
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        env = {**os.environ, "BRIEFGEN_CACHE": str(folder / "cache")}
        one, many = typst_sources(folder, args.repeat)
        ours = [sys.executable, "-m", "briefgen", "build", str(ROOT / "content"), "--out", str(folder / "out"),
                "--lang", "zh"]
        a, b = alternate(ours, typst_command(one, folder / "typst.pdf"), args.runs, env)
        report("the brief", a, b, pages(folder / "out" / "brief-01-zh.pdf"), pages(folder / "typst.pdf"))
        ours = [sys.executable, __file__, "--render-repeated", str(args.repeat), str(folder / "repeated.pdf")]
        a, b = alternate(ours, typst_command(many, folder / "typst-repeated.pdf"), args.runs, env)
        report(f"repeated x{args.repeat}", a, b, pages(folder / "repeated.pdf"), pages(folder / "typst-repeated.pdf"))
        print("per-page cost by length (briefgen, the repeated text, whole processes, medians of 3):")
        for times in (1, 4, args.repeat):
            out = folder / f"curve-{times}.pdf"
            command = [sys.executable, __file__, "--render-repeated", str(times), str(out)]
            seconds, _ = alternate(command, [sys.executable, "-c", "pass"], 3, env)
            print(f"  x{times:<3} {pages(out):>4} pages  {statistics.median(seconds):.3f} s  "
                  f"{1000 * statistics.median(seconds) / pages(out):.1f} ms a page")
        _, typst_times = alternate([sys.executable, "-c", "pass"], typst_command(one, folder / "typst.pdf"),
                                   args.runs, env)
        reported, latency = watch_latency(folder, args.runs, env)
        typst = statistics.median(typst_times)
        print(f"watch: a one-paragraph edit rebuilt in {statistics.median(reported):.3f} s (as reported; "
              f"{statistics.median(latency):.3f} s from the edit to the PDF, debounce included), Typst compiles "
              f"the same document in {typst:.3f} s: ratio {statistics.median(reported) / typst:.2f} "
              f"(medians of {len(reported)})")


if __name__ == "__main__":
    main()
