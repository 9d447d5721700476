"""Typeset: a composed Document → laid-out pages (pagemodel) → PDF bytes.

The brief's page furniture lives here: the cover band, running heads, folios
and the contents' page numbers (forms defined once every page is set), the
bookmarks and page labels. story.py turns blocks into boxes, paginate.py
pours them into pages, and the painter (briefgen.pdf) writes the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import document as d
from ..languages import word
from . import navigation, styles
from . import pagemodel as pm
from .flow import Box, place
from .metadata import CREATOR, PRODUCER, timestamp, xmp_packet
from .navigation import PageLedger, folio_text, text_form
from .options import RenderOptions
from .paginate import Frame, Hooks, Paginator
from .paragraph import Span, TextBlock
from .story import story


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    text_area: tuple[float, float, float, float]  # left, bottom, right, top (pt): where the content is set


# The type area with a little room for ink beyond it; running heads and folios lie outside.
TEXT_AREA = (styles.LEFT - 2, styles.BOTTOM - 2, styles.LEFT + styles.TEXT_WIDTH + 2,
             styles.BOTTOM + styles.TEXT_HEIGHT + 2)


def render(doc: d.Document, options: RenderOptions = RenderOptions()) -> RenderedPdf:
    """The document as PDF bytes; identical bytes for identical input."""
    from ..pdf.painter import Info, paint

    laid = lay_out(doc, options)
    meta = doc.meta
    info = Info(meta.title, meta.author, meta.subject, tuple(meta.keywords), CREATOR, PRODUCER, meta.lang,
                timestamp(meta, options.epoch), xmp_packet(meta, options.epoch))
    return RenderedPdf(paint(laid, info), len(laid.pages), TEXT_AREA)


def lay_out(doc: d.Document, options: RenderOptions = RenderOptions()) -> pm.LaidOut:
    """The document's pages as plain data: no PDF is written."""
    brief = _Brief(doc, options)
    frame = Frame(styles.LEFT, styles.BOTTOM, styles.TEXT_WIDTH, styles.TEXT_HEIGHT)
    pages = Paginator(frame, Hooks(brief.page_begins, brief.page_ends, brief.box_set)).run(story(doc, options.layout))
    return pm.LaidOut((styles.PAGE_WIDTH, styles.PAGE_HEIGHT), pages, brief.forms(),
                      brief.ledger.page_labels(word("cover", brief.lead)))


class _Brief:
    """The page furniture, and what the build learns of its pages as they are set."""

    def __init__(self, doc: d.Document, options: RenderOptions):
        self.doc, self.options = doc, options
        self.lead = doc.covers[0].lang  # the lead language's: a bilingual brief is numbered in Chinese
        self.ledger = PageLedger()
        self._heading_level = -1
        self._part = ""  # the part in force
        self._page_part = ""  # the part named in this page's running head: in force when the page opens
        self._page_fresh = True  # nothing set on this page yet

    def page_begins(self, pages: Paginator) -> None:
        self._page_part, self._page_fresh = self._part, True
        page = pages.page.number
        if pages.kind == "cover":
            self._cover(pages)
        if pages.kind == "front" and not self.ledger.front_start:
            self.ledger.front_start = page
        if pages.kind == "body" and not self.ledger.body_start:
            self.ledger.body_start = page

    def page_ends(self, pages: Paginator) -> None:
        if pages.kind != "cover":
            self._decorate(pages)

    def box_set(self, pages: Paginator, box: Box) -> None:
        if box.outline:
            self._mark(pages, box, *box.outline)
        if box.height > 0:
            self._page_fresh = False

    def _mark(self, pages: Paginator, box: Box, title: str, level: int | None, key: str) -> None:
        """Bookmark a heading or figure, and follow the part in force for the running heads."""
        if level is None:  # a figure: one level below the heading it follows
            level = self._heading_level + 1
        else:
            self._heading_level = level
        if level == 0:
            self._part = title
            if self._page_fresh or not self._page_part:  # the page opens with this part: its head names it
                self._page_part = title
        top = pages.frame.y + box.height + 6  # the frame's cursor sits just below the box
        for name in (key, *box.aliases):  # aliases: the same place under another name
            self.ledger.anchors[name] = pages.page.number
            pages.emit(pm.Anchor(name, top))
        pages.emit(pm.OutlineEntry(title, key, level, level > 0))

    def _cover(self, pages: Paginator) -> None:
        """An accent band with the series name at the head of the cover, the authors at its foot."""
        band = 30 * styles.MM
        pages.emit(pm.Rect(0, styles.PAGE_HEIGHT - band, styles.PAGE_WIDTH, band, styles.ACCENT))
        series = TextBlock([Span(self.doc.meta.short_title, bold=True)], styles.cover_band(self.lead), "artifact")
        pages.emit(_set(series, styles.LEFT, styles.PAGE_HEIGHT - band / 2 - 6, band))
        pages.emit(pm.Rule(styles.LEFT, styles.BOTTOM + 24, styles.LEFT + styles.TEXT_WIDTH, styles.BOTTOM + 24,
                           0.8, styles.ACCENT))
        author = TextBlock([Span(self.doc.meta.author)], styles.cover_line(self.lead, 10.0), "paragraph")
        pages.emit(_set(author, styles.LEFT, styles.BOTTOM, 100))

    def _decorate(self, pages: Paginator) -> None:
        """Running head (short title, part) now; the folio as a form, filled in at the end."""
        page = pages.page.number
        self.ledger.pages = page
        head_y = styles.PAGE_HEIGHT - styles.TOP + 14
        for text, align in ((self.doc.meta.short_title, "left"), (self._page_part, "right")):
            head = TextBlock([Span(text)], replace(styles.running_head(self.lead), align=align), "artifact")
            pages.emit(_set(head, styles.LEFT, head_y, 100))
        pages.emit(pm.Rule(styles.LEFT, head_y - 3, styles.LEFT + styles.TEXT_WIDTH, head_y - 3, 0.4, styles.MUTED))
        pages.emit(pm.FormUse(f"folio-{page}", self._folio_x(page), styles.BOTTOM - 28))

    def _folio_x(self, page: int) -> float:
        if self.options.folio == "gbt9704":  # outer side: right on odd pages, left on even
            in_body = self.ledger.body_start and page >= self.ledger.body_start
            number = page - self.ledger.body_start + 1 if in_body else page
            return styles.LEFT + styles.TEXT_WIDTH if number % 2 else styles.LEFT
        return styles.LEFT + styles.TEXT_WIDTH / 2

    def _folio_align(self, page: int) -> str:
        return "center" if self.options.folio != "gbt9704" else (
            "left" if self._folio_x(page) == styles.LEFT else "right")

    def forms(self) -> list[pm.Form]:
        """Once every page is set: the folios and the contents' page numbers."""
        ledger, forms = self.ledger, []
        for page in range(2, ledger.pages + 1):
            style = replace(styles.folio(self.lead), align=self._folio_align(page))
            forms.append(text_form(f"folio-{page}", folio_text(ledger, page, self.lead, self.options.folio), style))
        for key, page in ledger.anchors.items():
            style = replace(navigation.contents_style(self.lead), align="right")
            forms.append(text_form(f"toc-{key}", ledger.label(page), style, "contents-entry"))
        return forms


def _set(block: TextBlock, x: float, y: float, height: float) -> pm.Group:
    """A line of furniture set the width of the type area, its bottom left at x, y."""
    block.wrap(styles.TEXT_WIDTH, height)
    return place(block, x, y)


# -- plain pages, for tests and benchmarks ------------------------------------------


def plain_pages(boxes: list[Box], frame: Frame, first_page_anchor: str | None = None) -> pm.LaidOut:
    """Boxes poured into A4 pages through one frame, with no furniture."""
    def begins(pages: Paginator) -> None:
        if first_page_anchor and pages.page.number == 1:
            pages.emit(pm.Anchor(first_page_anchor, styles.PAGE_HEIGHT))

    hooks = Hooks(begins, lambda pages: None, lambda pages, box: None)
    pages = Paginator(frame, hooks, kind="body").run(list(boxes))
    return pm.LaidOut((styles.PAGE_WIDTH, styles.PAGE_HEIGHT), pages, [], pm.PageLabels("", 0, 0))


def one_page(*placed: tuple[Box, float, float, float]) -> pm.LaidOut:
    """One A4 page holding each box set width wide with its bottom left at x, y: (box, x, y, width)."""
    items: list[pm.Item] = []
    for box, x, y, width in placed:
        box.wrap(width, 10_000)
        items.append(place(box, x, y))
    return pm.LaidOut((styles.PAGE_WIDTH, styles.PAGE_HEIGHT), [pm.Page(1, "body", items)], [],
                      pm.PageLabels("", 0, 0))


def pdf_of(laid: pm.LaidOut) -> bytes:
    from ..pdf.painter import PLAIN, paint

    return paint(laid, PLAIN)
