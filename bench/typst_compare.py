"""The same text set by Typst and by briefgen, read back by `briefgen lint`: the typesetting issue's figures of
style side by side (and, as a by-product, how long each takes).

The Typst source is generated from the composed document: every heading, paragraph and list item of the
Chinese and of the English brief (figures, panels and the cover are left out: they are not running text), on
the theme's page and type area, in the same fonts (the shipped files), sizes, leading and first-line indent.
Typst 0.15 comes from PyPI (`pip install typst`, the compiler as a Python extension); it is not a
dependency of briefgen. (For speed, Typst is given the whole document instead: bench/typst_source.py.)

    python bench/typst_compare.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefgen import document as d  # noqa: E402
from briefgen.compose import compose  # noqa: E402
from briefgen.content import load_library  # noqa: E402
from briefgen.languages import heading_line, profile  # noqa: E402
from briefgen.lint import lint_pdf  # noqa: E402
from briefgen.typeset.render import render  # noqa: E402
from briefgen.typeset.theme import DEFAULT as theme  # noqa: E402

FONTS = {"zh": '("Noto Serif", "Noto Serif CJK SC")', "en": '("Noto Serif", "Noto Serif CJK SC")'}
HEADING_FONTS = '("Noto Sans", "Noto Sans CJK SC")'


def running_text(doc: d.Document) -> d.Document:
    """The document's headings, paragraphs and lists only: what both typesetters set as running text (links
    to the figures left out go too)."""
    def unlinked(rich: d.Rich) -> d.Rich:
        return tuple(replace(run, dest=None) for run in rich)

    kept: list[d.Block] = []
    for b in doc.blocks:
        if isinstance(b, d.Paragraph):
            kept.append(replace(b, text=unlinked(b.text)))
        elif isinstance(b, d.BulletList):
            kept.append(replace(b, items=tuple(unlinked(item) for item in b.items)))
        elif isinstance(b, d.Heading):
            kept.append(b)
    return d.Document(doc.variant, doc.meta, doc.covers, tuple(kept), doc.theme)


def typst_source(doc: d.Document, lang: str) -> str:
    words = profile(lang)
    leading = words.body_size * (words.leading - 1)  # Typst's leading is the gap between lines
    right = theme.page_width - theme.left - theme.text_width
    bottom = theme.page_height - theme.top - theme.text_height
    lines = [
        f"#set page(paper: \"a4\", margin: (left: {theme.left:.2f}pt, right: {right:.2f}pt, "
        f"top: {theme.top:.2f}pt, bottom: {bottom:.2f}pt))",
        f"#set text(lang: \"{lang}\", font: {FONTS[lang]}, size: {words.body_size}pt"
        + (", region: \"cn\"" if words.cjk else ", hyphenate: true") + ")",
        f"#set par(justify: true, leading: {leading:.2f}pt, spacing: {leading + words.space_after:.2f}pt, "
        f"first-line-indent: (amount: {words.first_indent_em}em, all: true))",
        f"#show heading: set text(font: {HEADING_FONTS}, size: 12.5pt)",
        "#set heading(numbering: none)",
        "",
    ]
    for block in doc.blocks:
        if isinstance(block, d.Heading):
            title = json.dumps(heading_line(block.number, block.text, lang), ensure_ascii=False)
            lines.append(f"#heading(level: {block.level + 1}, {title})")
        elif isinstance(block, d.Paragraph):
            lines.append("#" + json.dumps("".join(run.text for run in block.text), ensure_ascii=False))
        elif isinstance(block, d.BulletList):
            items = ", ".join("[" + "#" + json.dumps("".join(r.text for r in item), ensure_ascii=False) + "]"
                              for item in block.items)
            lines.append(f"#list({items})")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    import typst

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="typst-compare-")))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    library, _ = load_library(ROOT / "content")
    print(f"typst {typst.__version__}; PDFs in {args.out}")
    for lang in ("zh", "en"):
        doc = running_text(compose(library, library.editions[0], lang))
        source = args.out / f"typst-{lang}.typ"
        source.write_text(typst_source(doc, lang), encoding="utf-8")
        start = time.perf_counter()
        (args.out / f"typst-{lang}.pdf").write_bytes(typst.compile(str(source), font_paths=[str(ROOT / "fonts")]))
        typst_s = time.perf_counter() - start
        start = time.perf_counter()
        (args.out / f"briefgen-{lang}.pdf").write_bytes(render(doc).data)
        ours_s = time.perf_counter() - start
        for who, seconds in (("typst", typst_s), ("briefgen", ours_s)):
            report = lint_pdf(args.out / f"{who}-{lang}.pdf")
            counts = ", ".join(f"{rule} {n}" for rule, n in report.counts.items())
            print(f"{lang} {who:>8} ({seconds:.2f} s): {counts}")
            print(f"{'':>12}{report.typography.summary()}")


if __name__ == "__main__":
    main()
