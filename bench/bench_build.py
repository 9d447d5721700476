"""Benchmark: whole `briefgen build` runs of the full edition (three PDFs) — the first build on a machine
(every cache empty), a build whose charts are not drawn yet (the chart and drawing caches empty, the rest
warm: an edited chart) and a warm build — with their peak memory, and what the accessibility and archival
pass costs each PDF.

    python bench/bench_build.py [--runs 5] [CONTENT_DIR]

Each build is a fresh process, as a user's would be; prints min / median / max wall seconds, the median peak
resident memory of the build's largest process (GNU time), and the size of each PDF. The pass is timed in this
process: each PDF's laid-out pages painted as reportlab writes them, and painted tagged and finished to
PDF/A-2u and PDF/UA-1, in alternation; the difference of the medians is what the pass costs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def timed_build(content: Path, out: Path, cache: Path) -> tuple[float, float]:
    """Wall seconds and peak MiB of one `briefgen build` process (bench/speed_vs_typst.py's measure)."""
    from speed_vs_typst import run

    return run([sys.executable, "-m", "briefgen", "build", str(content), "--out", str(out)],
               {**os.environ, "BRIEFGEN_CACHE": str(cache)})


def report(name: str, runs: list[tuple[float, float]]) -> None:
    times = [seconds for seconds, _ in runs]
    peak = statistics.median(mib for _, mib in runs)
    print(f"{name:<12} min {min(times):.2f} s  median {statistics.median(times):.2f} s  max {max(times):.2f} s  "
          f"peak {peak:.0f} MiB  ({len(times)} runs)")


def pass_cost(content: Path, runs: int) -> None:
    from briefgen.build import check
    from briefgen.compose import compose
    from briefgen.languages import VARIANTS
    from briefgen.options import RenderOptions
    from briefgen.pdf.painter import Info, paint
    from briefgen.typeset.metadata import CREATOR, PRODUCER, timestamp, xmp_packet
    from briefgen.typeset.render import lay_out

    library, _ = check(content)
    edition = library.editions[0]
    for variant in VARIANTS:
        doc = compose(library, edition, variant)
        laid = lay_out(doc, RenderOptions())
        meta = doc.meta
        infos = [Info(meta.title, meta.author, meta.subject, meta.keywords, CREATOR, PRODUCER, meta.lang,
                      timestamp(meta), xmp_packet(meta, None, part), standard)
                 for part, standard in ((0, ""), (2, "a-2u"))]
        times: list[list[float]] = [[], []]
        for _ in range(runs):
            for k, info in enumerate(infos):
                start = time.perf_counter()
                paint(laid, info)
                times[k].append(time.perf_counter() - start)
        raw, finished = (statistics.median(t) for t in times)
        print(f"{variant:<10} painted {raw:.3f} s, tagged and finished {finished:.3f} s: the pass "
              f"{finished - raw:.3f} s ({finished / raw:.2f}x), median of {runs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", type=Path, default=ROOT / "content")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        out, cache = scratch / "out", scratch / "cache"
        cold, charts, warm = [], [], []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(timed_build(args.content, out, cache))
            for kind in ("charts", "drawings"):
                shutil.rmtree(cache / kind)
            charts.append(timed_build(args.content, out, cache))
            warm.append(timed_build(args.content, out, cache))
        report("first build", cold)
        report("new charts", charts)
        report("warm", warm)
        for entry in json.loads((out / "manifest.json").read_text())["pdfs"]:
            print(f"{entry['path']:<28} {entry['pages']:>3} pages  {entry['bytes'] / 1024:>6.0f} KB")
    pass_cost(args.content, max(args.runs, 5))


if __name__ == "__main__":
    main()
