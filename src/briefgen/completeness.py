"""Completeness: every piece of a composed document, found again in the PDF made from it.

The composed Document says what each reader must see; this module reads the
PDF the typesetter wrote (pdfium's text of each page's type area, in the
order the page draws it, which is the order copy/paste and a screen reader
follow) and finds each piece there:
- in reading order per language, so the two columns of a bilingual page are
  each checked in their own order, whatever the other column holds;
- the text inside a figure's graphic (chart labels, diagram boxes) between
  the figure's caption and its source line, in any order;
- nothing long printed more often than the document holds it.

Text is compared with white space and hyphens removed: line breaks, the
Han–Latin gap, justification and hyphenation are the typesetter's business,
the characters are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import document as d
from .languages import heading_line

SPLITTABLE = 40  # a piece at least this long may continue on the next page (a paragraph or a long item)
FRAGMENT = 10  # ... in fragments no shorter than this, so a few stray characters never pass for it
FLOAT_PAGES = 2  # pages of floated figures that may stand between the parts of a split paragraph
ONCE = 12  # pieces at least this long must not be printed more often than the document holds them
FLOATING = ("caption", "figure text", "figure source")  # the pieces of a figure, which floats
_IGNORED = re.compile(r"[\s\-\u00ad\u2010\u2011\ufffe\u0002]+")


@dataclass(frozen=True)
class Piece:
    lang: str
    kind: str  # what the reader would call it: "heading", "list item", "caption", …
    text: str
    figure: int = 0  # non-zero: drawn inside that figure's graphic, found between its caption and source

    @property
    def floats(self) -> bool:
        return self.kind in FLOATING

    @property
    def key(self) -> str:
        return normalise(self.text)


@dataclass(frozen=True)
class Finding:
    piece: Piece
    problem: str  # "missing", "out of order", "duplicated"

    def __str__(self) -> str:
        text = self.piece.text if len(self.piece.text) <= 60 else self.piece.text[:59] + "…"
        return f"{self.piece.lang} {self.piece.kind} {self.problem}: “{text}”"


class IncompleteOutput(Exception):
    """A PDF lacks content its document holds: a fault in the typesetter, never in the content."""

    def __init__(self, name: str, findings: list[Finding]):
        self.name, self.findings = name, findings
        super().__init__(f"{name}: {len(findings)} pieces of the content missing, out of order or duplicated")

    def __reduce__(self) -> tuple[type[IncompleteOutput], tuple[str, list[Finding]]]:  # a worker sends it back
        return IncompleteOutput, (self.name, self.findings)


def normalise(text: str) -> str:
    return _IGNORED.sub("", text)


# -- what the document holds ------------------------------------------------------------------------


def pieces(doc: d.Document, figures_once: bool = True) -> list[Piece]:
    """Every piece of text a reader of the document must find, in reading order per language."""
    found: list[Piece] = []
    for cover in doc.covers:
        found += [Piece(cover.lang, "masthead", t) for t in (cover.series, cover.issue, cover.issuer, cover.date)]
    for cover in doc.covers:
        found += [Piece(cover.lang, "cover", t) for t in (cover.title, cover.subtitle, cover.source_line)]
    found += [Piece(h.lang, "contents entry", heading_line(h.number, h.text, h.lang)) for h in _headings(doc.blocks)]
    figures = iter(range(1, 10_000))
    for block in doc.blocks:
        found += _block_pieces(block, figures, figures_once)
    return [p for p in found if p.key]


def _headings(blocks: tuple[d.Block, ...]) -> Iterator[d.Heading]:
    for block in blocks:
        for single in block.blocks if isinstance(block, d.Parallel) else (block,):
            if isinstance(single, d.Heading):
                yield single


def _block_pieces(block: d.Block, figures: Iterator[int], once: bool = True) -> list[Piece]:
    match block:
        case d.Parallel(blocks):
            return [piece for single in blocks for piece in _block_pieces(single, figures, once)]
        case d.Heading():
            return [Piece(block.lang, "heading", heading_line(block.number, block.text, block.lang))]
        case d.Paragraph():
            return [Piece(block.lang, block.role if block.role != "body" else "paragraph", _plain(block.text))]
        case d.BulletList():
            return [Piece(block.lang, "list item", _plain(item)) for item in block.items]
        case d.KeyFigurePanel():
            found = [Piece(block.lang, "key-figure title", block.title)]
            for item in block.items:
                found += [Piece(block.lang, f"key-figure {part}", text)
                          for part, text in (("value", item.value), ("label", item.label), ("period", item.period))]
            return found
        case d.Distribution():
            return [Piece(block.lang, "distribution line", line) for line in block.lines]
        case d.Figure():
            n = next(figures)
            drawn = block.shared if once and block.shared else block.plot  # a bilingual layout's one chart
            return [Piece(block.lang, "caption", block.number + block.caption),
                    *(Piece(block.lang, "figure text", t, n) for t in _graphic_texts(drawn)),
                    Piece(block.lang, "figure source", block.source_note)]
    raise TypeError(f"no pieces for {type(block).__name__}")


def _plain(rich: d.Rich) -> str:
    return "".join(run.text for run in rich)


def _graphic_texts(plot: d.Plot | d.Diagram) -> list[str]:
    if isinstance(plot, d.Diagram):
        return [*plot.columns, *(t for group in plot.groups for t in (group.title, *group.items))]
    legend = [s.label for s in plot.series] if len(plot.series) > 1 else []
    texts = [plot.y_label, *plot.categories, *legend, *(v for s in plot.series for v in s.value_labels)]
    return [line for text in texts for line in text.split("\n")]  # a shared chart's labels: one line a language


# -- what the PDF shows ---------------------------------------------------------------------------------


def page_texts(pdf: bytes, area: tuple[float, float, float, float]) -> list[str]:
    """Each page's text inside area (left, bottom, right, top, in pt), normalised, in drawing order."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(normalise(textpage.get_text_bounded(*area)))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


@dataclass(frozen=True)
class _At:
    page: int
    offset: int


class _Reader:
    """Finds pieces in the pages' text, one cursor per language."""

    def __init__(self, pages: list[str]):
        self.pages = pages

    def find(self, key: str, at: _At) -> tuple[_At, _At] | None:
        """Where key starts and ends, at or after `at`; a long key may run on over following pages."""
        for page in range(at.page, len(self.pages)):
            offset = at.offset if page == at.page else 0
            start = self.pages[page].find(key, offset)
            if start >= 0:
                return _At(page, start), _At(page, start + len(key))
            if len(key) >= SPLITTABLE:
                head = self._longest_prefix(key, page, offset)
                if head >= FRAGMENT and len(key) - head >= FRAGMENT:
                    start = self.pages[page].find(key[:head], offset)
                    rest = self._continued(key[head:], page + 1)
                    if rest is not None:
                        return _At(page, start), rest
        return None

    def _continued(self, key: str, page: int) -> _At | None:
        """The end of key on this page, or run on from it; a page or two of floated figures may come
        between the parts of a paragraph."""
        for later in range(page, min(page + 1 + FLOAT_PAGES, len(self.pages))):
            start = self.pages[later].find(key)
            if start >= 0:
                return _At(later, start + len(key))
            head = self._longest_prefix(key, later, 0)
            if head >= FRAGMENT and len(key) - head >= FRAGMENT:
                return self._continued(key[head:], later + 1)
        return None

    def _longest_prefix(self, key: str, page: int, offset: int) -> int:
        """The length of key's longest prefix on the page at or after offset (binary search: any prefix of a
        prefix that occurs occurs too)."""
        text, low, high = self.pages[page], 0, len(key)
        while low < high:
            middle = (low + high + 1) // 2
            if text.find(key[:middle], offset) >= 0:
                low = middle
            else:
                high = middle - 1
        return low

    def count(self, key: str) -> int:
        return sum(text.count(key) for text in self.pages)


def check(pdf: bytes, doc: d.Document, area: tuple[float, float, float, float],
          figures_once: bool = True) -> list[Finding]:
    """Every piece of doc that the PDF lacks, shows out of order, or prints too often. figures_once: the layout
    draws a bilingual brief's figures once, for both languages (their shared chart), not once a language."""
    expected = pieces(doc, figures_once)
    reader = _Reader(page_texts(pdf, area))
    findings: list[Finding] = []
    cursors: dict[str, _At] = {}
    window: tuple[_At, _At] | None = None  # the figure graphic being read: after its caption, before its source
    for index, piece in enumerate(expected):
        if piece.kind == "caption":
            window = None
        if piece.figure:
            if window is None or not _within(reader, piece.key, window):
                findings.append(Finding(piece, "missing"))
            continue
        at = cursors.get(piece.lang, _At(0, 0))
        span = reader.find(piece.key, at)
        if span is None:
            findings.append(Finding(piece, "out of order" if reader.find(piece.key, _At(0, 0)) else "missing"))
            continue
        if not piece.floats:  # a figure may wait for a later page while the text after it fills this one
            cursors[piece.lang] = span[1]
        if piece.kind == "caption":
            source = next(p for p in expected[index + 1:] if p.kind == "figure source")
            after = reader.find(source.key, span[1])
            window = (span[1], after[0]) if after else None
    return findings + _duplicates(expected, reader)


def _within(reader: _Reader, key: str, window: tuple[_At, _At]) -> bool:
    start, end = window
    if start.page != end.page:  # a figure is kept together on one page
        return False
    return reader.pages[start.page].find(key, start.offset, end.offset) >= 0


def _duplicates(expected: list[Piece], reader: _Reader) -> list[Finding]:
    # The document's text as it runs on, all of it and each language's: neighbouring pieces meet in the PDF
    # too (a column of a bilingual page reads one language on), and what they spell is no duplicate.
    langs = dict.fromkeys(p.lang for p in expected)
    runs = ["".join(p.key for p in expected), *("".join(p.key for p in expected if p.lang == lang) for lang in langs)]
    findings, seen = [], set()
    for piece in expected:
        key = piece.key
        if len(key) < ONCE or key in seen or piece.figure:
            continue
        seen.add(key)
        if reader.count(key) > max(run.count(key) for run in runs):
            findings.append(Finding(piece, "duplicated"))
    return findings
