"""Chinese text on 100 A4 pages: briefgen's TextBlock against reportlab's own
Paragraph(wordWrap='CJK'), same faces, size, leading, indent and measure.

Each run builds a whole document (line breaking, drawing, PDF writing) into
memory; the figure is the median over runs, per page.

    python bench/bench_typeset.py [--runs 5] [--pages 100]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reportlab.lib.enums import TA_JUSTIFY  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from briefgen.pdf.fonts import font_name  # noqa: E402
from briefgen.typeset.theme import DEFAULT as theme  # noqa: E402
from briefgen.typeset.paginate import Frame  # noqa: E402
from briefgen.typeset.paragraph import Span, TextBlock, TextStyle  # noqa: E402
from briefgen.typeset.render import pdf_of, plain_pages  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "stress_zh.txt"
SIZE, LEADING = 10.5, 18.0
KINDS = ("reportlab", "ours")


def paragraphs() -> list[str]:
    return [line.strip() for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def ours(text: str) -> TextBlock:
    return TextBlock([Span(text)], TextStyle("zh", "serif", SIZE, leading=LEADING, first_indent_em=2.0))


def reportlab_style() -> ParagraphStyle:
    return ParagraphStyle("cjk", fontName=font_name("cjk", "serif"), fontSize=SIZE, leading=LEADING,
                          firstLineIndent=2 * SIZE, alignment=TA_JUSTIFY, wordWrap="CJK")


def story_maker(kind: str):
    if kind == "reportlab":
        style = reportlab_style()
        return lambda text: Paragraph(text, style)
    return ours


def build(kind: str, texts: list[str], pages: int) -> int:
    """Make the paragraphs and build a document of about `pages` pages in
    memory; return its page count."""
    make = story_maker(kind)
    per_page = 13  # the corpus's paragraphs average about this many per page
    story = [make(t) for t in (texts * (pages * per_page // len(texts) + 1))[: pages * per_page]]
    if kind == "ours":  # laid out by briefgen's paginator, painted by its painter
        laid = plain_pages(story, Frame(theme.left, theme.bottom, theme.text_width, theme.text_height))
        pdf_of(laid)
        return len(laid.pages)
    doc = SimpleDocTemplate(io.BytesIO(), leftMargin=theme.left, topMargin=theme.top,
                            rightMargin=theme.page_width - theme.left - theme.text_width,
                            bottomMargin=theme.bottom)
    doc.build(story)
    return doc.page


def measure(texts: list[str], pages: int, runs: int) -> dict[str, tuple[float, int]]:
    """Median milliseconds per page (and the page count) of each typesetter.
    Runs alternate between the two, so both see the same machine load."""
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    counts: dict[str, int] = {}
    for _ in range(runs):
        for kind in KINDS:
            start = time.perf_counter()
            counts[kind] = build(kind, texts, pages)
            times[kind].append((time.perf_counter() - start) / counts[kind] * 1000)
    return {kind: (statistics.median(times[kind]), counts[kind]) for kind in KINDS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    texts = paragraphs()
    measure(texts, 2, 1)  # load fonts and warm caches for both
    results = measure(texts, args.pages, args.runs)
    for kind, (ms, count) in results.items():
        print(f"{kind:>9}: {ms:6.2f} ms/page (median of {args.runs} runs, {count} pages)")
    print(f"    ratio: {results['ours'][0] / results['reportlab'][0]:.2f}x")


if __name__ == "__main__":
    main()
