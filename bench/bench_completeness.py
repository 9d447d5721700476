"""Benchmark: the completeness check (every piece of content read back from each PDF).

    python bench/bench_completeness.py [--runs 15] [CONTENT_DIR]

Renders each PDF of the first edition once, in memory, in both bilingual
layouts; then times `completeness.check` on it (pdfium text extraction and the
matching) and, for scale, the render itself. Prints medians per PDF and the
check's share of the render.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from briefgen import completeness
from briefgen.compose import VARIANTS, compose
from briefgen.content import load_library
from briefgen.options import RenderOptions
from briefgen.typeset.render import render

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", type=Path, default=ROOT / "content")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    library, _ = load_library(args.content)
    edition = library.editions[0]
    products = [(v, "parallel") for v in VARIANTS] + [("bilingual", "sequential")]
    for variant, layout in products:
        doc = compose(library, edition, variant)
        options = RenderOptions(layout=layout)
        pdf = render(doc, options)
        assert completeness.check(pdf.data, doc, pdf.text_area) == []
        check = median_seconds(lambda: completeness.check(pdf.data, doc, pdf.text_area), args.runs)
        rendering = median_seconds(lambda: render(doc, options), max(3, args.runs // 5))
        name = variant if variant != "bilingual" else f"bilingual {layout}"
        print(f"{name:<21} {pdf.pages:>3} pages  {len(completeness.pieces(doc)):>4} pieces  "
              f"check {check * 1000:6.1f} ms (median of {args.runs})  render {rendering * 1000:6.0f} ms  "
              f"check/render {check / rendering:.1%}")


if __name__ == "__main__":
    main()
