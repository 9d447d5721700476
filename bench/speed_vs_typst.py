"""Benchmark: briefgen against Typst on the same document, whole processes, alternating runs.

    python bench/speed_vs_typst.py [--runs 7] [--repeat 13] [--importtime] [--only watch ...]

Typst is given the document briefgen sets (bench/typst_source.py: the composed Chinese brief as a Typst source,
cover, contents, panels, charts as briefgen's own SVGs, tables, notes, quotations, running heads and folios, in
the same page style and the shipped fonts), so the two set the same pages:

- the brief: `briefgen build --lang zh` of the shipped edition (warm chart cache) against Typst compiling the
  composed brief;
- the edition repeated (`--repeat` times, ~160 pages; every block, charts and panels too, each copy's text
  marked so that neither typesetter sets a paragraph it has set before): a process that composes the Chinese
  brief, repeats its blocks and renders them with briefgen, against Typst compiling the same repeated document;
- the cost by length: the same, repeated 1, 4 and `--repeat` times;
- `briefgen watch`: a one-paragraph edit to the Chinese brief (a word of its overview changed, a new word each
  time), the rebuild it reports and the time from the edit to the new PDF, against Typst compiling the
  brief from scratch (a process each time, run after each rebuild: the two alternate).

Each line gives both sides' median wall seconds, pages, cost a page and peak memory (the median of the
processes' maximum resident sets, children included, as /usr/bin/time measures them: Debian's `time`), and
the median of the pairwise ratios (briefgen / Typst; "a page": that ratio times Typst's pages over
briefgen's). --importtime adds the 15 largest cumulative imports of a `briefgen build --lang zh`
(`python -X importtime`).
Typst 0.15 comes from PyPI (`pip install typst`); it is not a dependency of briefgen.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def repeated(doc, times: int):
    """The blocks `times` over. Each copy after the first has its texts marked with its number (paragraphs,
    items, headings, captions, source lines, panel titles and labels, table cells): text set once is not set
    again by either typesetter (both remember paragraphs they have set). Its headings and figures get anchors
    of their own and its links point at them. A chart's picture is the same in every copy."""
    from dataclasses import replace

    from briefgen import document as d

    def copy(block, k: int):
        if not k:
            return block
        tag = f"〔{k}〕"

        def own(anchor: str) -> str:
            return f"{anchor}-{k}"

        def relinked(run):
            if run.dest is None:  # a destination is an anchor and its language: fig-1-zh
                return run
            anchor, lang = run.dest.rsplit("-", 1)
            return replace(run, dest=f"{own(anchor)}-{lang}")

        def marked(rich):
            return (*(relinked(run) for run in rich), d.Inline(tag))

        match block:
            case d.Paragraph():
                return replace(block, text=marked(block.text))
            case d.BulletList():
                return replace(block, items=tuple(marked(item) for item in block.items))
            case d.Heading():
                return replace(block, text=block.text + tag, anchor=own(block.anchor))
            case d.KeyFigurePanel():
                return replace(block, title=block.title + tag if block.title else "",
                               items=tuple(replace(item, label=item.label + tag) for item in block.items))
            case d.Figure():
                plot = block.plot
                if isinstance(plot, d.Diagram):
                    plot = replace(plot, groups=tuple(
                        replace(group, title=group.title + tag, items=tuple(item + tag for item in group.items))
                        for group in plot.groups))
                return replace(block, caption=block.caption + tag, source_note=block.source_note + tag,
                               plot=plot, anchor=own(block.anchor))
        return block

    return replace(doc, blocks=tuple(copy(block, k) for k in range(times) for block in doc.blocks))


def composed():
    from briefgen.build import check
    from briefgen.compose import compose

    library, _ = check(ROOT / "content")
    return compose(library, library.editions[0], "zh")


def render_repeated(times: int, out: Path) -> None:
    """(In a process of its own.) The Chinese brief's blocks repeated, rendered by briefgen, in a process run as
    briefgen's command line runs its commands (briefgen.cli.run): the cycle collector off, the heap left to the
    process's end."""
    import gc

    from briefgen.typeset.render import render

    gc.disable()
    out.write_bytes(render(repeated(composed(), times)).data)
    gc.freeze()


def typst_command(source: Path, out: Path) -> list[str]:
    """A process that compiles the source with the shipped fonts only."""
    from typst_source import compile_code

    return [sys.executable, "-c", compile_code(source, out)]


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)


TIME = Path("/usr/bin/time")  # GNU time (Debian's `time`): the peak memory of the process it starts


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one process, its children included (NaN without GNU time).
    The peak is taken by /usr/bin/time, a small process: a child of this one would start its count from this
    process's own size (Linux keeps the high-water mark across fork and exec)."""
    with tempfile.TemporaryDirectory() as scratch:
        peak = Path(scratch) / "peak"
        timed = [str(TIME), "-f", "%M", "-o", str(peak), *command] if TIME.exists() else command
        start = time.perf_counter()
        process = subprocess.run(timed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        seconds = time.perf_counter() - start
        if process.returncode:
            raise SystemExit(f"{' '.join(command)[:200]} failed ({process.returncode}):\n"
                             f"{process.stderr.decode(errors='replace')[-3000:]}")
        kib = float(peak.read_text().split()[-1]) if TIME.exists() else math.nan
    return seconds, kib / 1024


def alternate(a: list[str], b: list[str], runs: int, env: dict[str, str]) -> tuple[Runs, Runs]:
    measured = (Runs(), Runs())
    for command in (a, b):  # a warm-up each, not counted
        run(command, env)
    for _ in range(runs):
        for command, into in ((a, measured[0]), (b, measured[1])):
            seconds, peak = run(command, env)
            into.seconds.append(seconds)
            into.peak_mib.append(peak)
    return measured


def report(name: str, ours: Runs, theirs: Runs, our_pages: int, their_pages: int) -> None:
    ratio = statistics.median(a / b for a, b in zip(ours.seconds, theirs.seconds))
    mine, typst = statistics.median(ours.seconds), statistics.median(theirs.seconds)
    print(f"{name}: briefgen {mine:.3f} s ({our_pages} pages, {1000 * mine / our_pages:.1f} ms a page, "
          f"peak {statistics.median(ours.peak_mib):.0f} MiB), Typst {typst:.3f} s ({their_pages} pages, "
          f"{1000 * typst / their_pages:.1f} ms a page, peak {statistics.median(theirs.peak_mib):.0f} MiB); "
          f"ratio {ratio:.2f}, a page {ratio * their_pages / our_pages:.2f} (medians of {len(ours.seconds)} pairs)")


def import_times(folder: Path, env: dict[str, str], top: int = 15) -> None:
    """The largest cumulative imports of one warm `briefgen build --lang zh` (python -X importtime)."""
    log = folder / "importtime.txt"
    command = [sys.executable, "-X", "importtime", "-m", "briefgen", "build", str(ROOT / "content"), "--out",
               str(folder / "out-importtime"), "--lang", "zh"]
    with log.open("w") as err:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=err, env=env)
    rows = []  # (cumulative µs, self µs, module with its nesting)
    for line in log.read_text().splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, module = line.removeprefix("import time:").split("|", 2)
        rows.append((int(cumulative), int(own), module.rstrip()))
    total = sum(own for _, own, _ in rows)
    print(f"imports of `briefgen build --lang zh` (python -X importtime, one warm run): {len(rows)} modules, "
          f"{total / 1e6:.3f} s in all; the {top} largest cumulative:")
    for cumulative, own, module in sorted(rows, reverse=True)[:top]:
        print(f"  {cumulative / 1e3:8.1f} ms  (self {own / 1e3:6.1f} ms)  {module}")


EDIT = "找准方向，鼓足信心"  # in one paragraph (editions/01/goals.yaml); each edit changes its verb to a new one,
# so that no rebuild finds its content checked before (an author's edits are new)
VERBS = ("坚定", "增强", "提振", "树立", "重拾", "保持", "筑牢", "激发", "凝聚", "稳定", "厚植", "汇聚", "夯实",
         "巩固", "点燃", "焕发", "积蓄", "蓄积", "聚合", "唤起", "坚守")


def watch_latency(folder: Path, runs: int, env: dict[str, str], typst: list[str]
                  ) -> tuple[list[float], list[float], list[float], Path]:
    """(rebuild seconds as the watch reports them, seconds from the edit to the new PDF, seconds of a Typst
    compile run right after each rebuild, the PDF) for each edit: the two alternate, so a drift of the
    machine's speed moves both."""
    import re
    import shutil
    import signal

    content = folder / "watched"
    shutil.copytree(ROOT / "content", content)
    goals = content / "editions" / "01" / "goals.yaml"
    text = goals.read_text(encoding="utf-8")
    assert EDIT in text and runs + 1 <= len(VERBS)
    out = folder / "watched-out"
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "watch", str(content), "--out", str(out),
                                "--lang", "zh"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=env)
    reported, latency, compiles = [], [], []
    try:
        for line in process.stdout:  # type: ignore[union-attr]
            if line.startswith("watching"):
                break
        for k in range(runs + 1):  # the first edit warms up
            start = time.perf_counter()
            goals.write_text(text.replace(EDIT, f"找准方向，{VERBS[k]}信心"), encoding="utf-8")
            for line in process.stdout:  # type: ignore[union-attr]
                if line.startswith("rebuilt"):
                    if k:
                        latency.append(time.perf_counter() - start)
                        reported.append(float(re.search(r" in ([\d.]+) s after", line).group(1)))
                    break
            time.sleep(0.25)  # the watch writes its caches after it has said what it wrote
            if k:
                compiles.append(run(typst, env)[0])
            time.sleep(0.25)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    return reported, latency, compiles, out / "brief-01-zh.pdf"


def main() -> None:
    from typst_source import write_typst

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=13)
    parser.add_argument("--importtime", action="store_true", help="the largest imports of a briefgen build")
    parser.add_argument("--only", choices=("brief", "repeated", "curve", "watch"), action="append",
                        help="these comparisons alone (repeatable; default: all)")
    parser.add_argument("--render-repeated", nargs=2, metavar=("TIMES", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render_repeated:
        render_repeated(int(args.render_repeated[0]), Path(args.render_repeated[1]))
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        env = {**os.environ, "BRIEFGEN_CACHE": str(folder / "cache")}
        os.environ["BRIEFGEN_CACHE"] = env["BRIEFGEN_CACHE"]  # the Typst sources' charts: the same cache
        doc = composed()
        lengths = sorted({1, 4, args.repeat})
        sources = {times: write_typst(repeated(doc, times), folder / f"typst-x{times}") for times in lengths}
        one, many = sources[1], sources[args.repeat]

        only = set(args.only or ("brief", "repeated", "curve", "watch"))
        if "brief" in only:
            ours = [sys.executable, "-m", "briefgen", "build", str(ROOT / "content"), "--out", str(folder / "out"),
                    "--lang", "zh"]
            a, b = alternate(ours, typst_command(one, folder / "typst.pdf"), args.runs, env)
            report("the brief", a, b, pages(folder / "out" / "brief-01-zh.pdf"), pages(folder / "typst.pdf"))
        if args.importtime:
            import_times(folder, env)
        if "repeated" in only:
            ours = [sys.executable, __file__, "--render-repeated", str(args.repeat), str(folder / "repeated.pdf")]
            a, b = alternate(ours, typst_command(many, folder / "typst-repeated.pdf"), args.runs, env)
            report(f"repeated x{args.repeat}", a, b, pages(folder / "repeated.pdf"),
                   pages(folder / "typst-repeated.pdf"))
        if "curve" in only:
            print("by length (the brief's blocks repeated; whole processes, medians of 3 pairs):")
            for times in lengths:
                mine, theirs = folder / f"curve-{times}.pdf", folder / f"typst-curve-{times}.pdf"
                a, b = alternate([sys.executable, __file__, "--render-repeated", str(times), str(mine)],
                                 typst_command(sources[times], theirs), 3, env)
                report(f"  x{times:<3}", a, b, pages(mine), pages(theirs))
        if "watch" not in only:
            return
        reported, latency, compiles, watched = watch_latency(folder, args.runs, env,
                                                             typst_command(one, folder / "typst.pdf"))
        ratio = statistics.median(mine / theirs for mine, theirs in zip(reported, compiles))
        print(f"watch: a one-paragraph edit rebuilt in {statistics.median(reported):.3f} s (as reported; "
              f"{statistics.median(latency):.3f} s from the edit to the PDF, debounce included; "
              f"{pages(watched)} pages), Typst compiles the same document in {statistics.median(compiles):.3f} s "
              f"({pages(folder / 'typst.pdf')} pages), a compile after each rebuild: ratio {ratio:.2f} "
              f"(median of {len(reported)} pairs)")


if __name__ == "__main__":
    main()
