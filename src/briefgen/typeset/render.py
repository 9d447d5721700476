"""Typeset: a composed Document → laid-out pages (pagemodel) → PDF bytes.

The brief's page furniture lives here: the cover band, running heads, folios
and the contents' page numbers (forms defined once every page is set), the
bookmarks and page labels. story.py turns blocks into boxes, paginate.py
pours them into pages, and the painter (briefgen.pdf) writes the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import document as d
from ..languages import profile, word
from ..options import STANDARDS, RenderOptions
from . import pagemodel as pm
from .flow import Box, PartStart, place
from .keptlines import kept_for
from .metadata import CREATOR, PRODUCER, timestamp, xmp_packet
from .navigation import PageLedger, folio_text, text_form
from .paginate import Frame, Hooks, Paginator
from .paragraph import Span, TextBlock
from .story import story
from .theme import DEFAULT, Theme, theme


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    text_area: tuple[float, float, float, float]  # left, bottom, right, top (pt): where the content is set


TEXT_AREA = DEFAULT.text_area  # the default theme's


def render(doc: d.Document, options: RenderOptions = RenderOptions()) -> RenderedPdf:
    """The document as PDF bytes; identical bytes for identical input."""
    from ..pdf.painter import Info, paint

    laid = lay_out(doc, options)
    meta = doc.meta
    part = STANDARDS[options.standard].part if options.standard else 0
    info = Info(meta.title, meta.author, meta.subject, tuple(meta.keywords), CREATOR, PRODUCER, meta.lang,
                timestamp(meta, options.epoch), xmp_packet(meta, options.epoch, part), options.standard,
                tuple(pm.Attachment(f.name, f.mime, f.data, f.description) for f in doc.data))
    return RenderedPdf(paint(laid, info), len(laid.pages), theme(doc.theme).text_area)


def lay_out(doc: d.Document, options: RenderOptions = RenderOptions()) -> pm.LaidOut:
    """The document's pages as plain data: no PDF is written."""
    look = theme(doc.theme)
    brief = _Brief(doc, options, look)
    frame = Frame(look.left, look.bottom, look.text_width, look.text_height, _line_grid(doc, look))
    hooks = Hooks(brief.page_begins, brief.page_ends, brief.box_set)
    with kept_for(doc.variant):  # the lines of its paragraphs, kept between builds
        pages = Paginator(frame, hooks).run(story(doc, options.layout, look))
    return pm.LaidOut((look.page_width, look.page_height), pages, brief.forms(),
                      brief.ledger.page_labels(word("cover", brief.lead)))


def _line_grid(doc: d.Document, look: Theme) -> tuple[float, float] | None:
    """A Chinese brief's body text keeps to a line grid (the theme's choice); a bilingual one does not (its
    columns and its two languages' line heights are their own)."""
    languages = {cover.lang for cover in doc.covers}
    if not look.line_grid or len(languages) != 1:
        return None
    body = look.body(doc.covers[0].lang)
    if not profile(body.lang).cjk:
        return None
    return body.line_height, body.baseline_depth


class _Brief:
    """The page furniture, and what the build learns of its pages as they are set."""

    def __init__(self, doc: d.Document, options: RenderOptions, look: Theme):
        self.doc, self.options, self.look = doc, options, look
        self.lead = doc.covers[0].lang  # the lead language's: a bilingual brief is numbered in Chinese
        self.ledger = PageLedger()
        self._heading_level = -1
        self._part = ""  # the part in force
        self._page_part = ""  # the part named in this page's running head: in force when the page opens
        self._page_fresh = True  # nothing set on this page yet

    def page_begins(self, pages: Paginator) -> None:
        self._page_part, self._page_fresh = self._part, True
        page = pages.page.number
        if pages.kind == "front" and not self.ledger.front_start:
            self.ledger.front_start = page
        if pages.kind == "body" and not self.ledger.body_start:
            self.ledger.body_start = page

    def page_ends(self, pages: Paginator) -> None:
        if pages.kind != "cover":
            self._decorate(pages)

    def box_set(self, pages: Paginator, box: Box) -> None:
        if isinstance(box, PartStart):
            self._part = box.title
            if self._page_fresh:
                self._page_part = box.title
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

    def _decorate(self, pages: Paginator) -> None:
        """Running head (short title, part) now; the folio as a form, filled in at the end."""
        page, look = pages.page.number, self.look
        self.ledger.pages = page
        head_y = look.page_height - look.top + look.running_head_rise
        for text, align in ((self.doc.meta.short_title, "left"), (self._page_part, "right")):
            head = TextBlock([Span(text)], look.running_head(self.lead, align), "artifact")
            pages.emit(_set(head, look, head_y, 100))
        weight, drop = look.running_head_rule
        rule_y = head_y - drop
        pages.emit(pm.Rule(look.left, rule_y, look.left + look.text_width, rule_y, weight, look.muted))
        pages.emit(pm.FormUse(f"folio-{page}", self._folio_x(page), look.bottom - look.folio_drop))

    def _folio_x(self, page: int) -> float:
        look = self.look
        if self.options.folio == "gbt9704":  # outer side: right on odd pages, left on even
            in_body = self.ledger.body_start and page >= self.ledger.body_start
            number = page - self.ledger.body_start + 1 if in_body else page
            return look.left + look.text_width if number % 2 else look.left
        return look.left + look.text_width / 2

    def _folio_align(self, page: int) -> str:
        return "center" if self.options.folio != "gbt9704" else (
            "left" if self._folio_x(page) == self.look.left else "right")

    def forms(self) -> list[pm.Form]:
        """Once every page is set: the folios and the contents' page numbers."""
        ledger, forms = self.ledger, []
        for page in range(2, ledger.pages + 1):
            style = self.look.folio(self.lead, self._folio_align(page))
            forms.append(text_form(f"folio-{page}", folio_text(ledger, page, self.lead, self.options.folio), style))
        for key, page in ledger.anchors.items():
            style = self.look.contents(self.lead, "right")
            forms.append(text_form(f"toc-{key}", ledger.label(page), style, "contents-entry"))
        return forms


def _set(block: TextBlock, look: Theme, y: float, height: float) -> pm.Group:
    """A line of furniture set the width of the type area, its bottom left at the type area's left, y."""
    block.wrap(look.text_width, height)
    return place(block, look.left, y)


# -- plain pages, for tests and benchmarks ------------------------------------------


def plain_pages(boxes: list[Box], frame: Frame, first_page_anchor: str | None = None) -> pm.LaidOut:
    """Boxes poured into A4 pages through one frame, with no furniture."""
    def begins(pages: Paginator) -> None:
        if first_page_anchor and pages.page.number == 1:
            pages.emit(pm.Anchor(first_page_anchor, DEFAULT.page_height))

    hooks = Hooks(begins, lambda pages: None, lambda pages, box: None)
    pages = Paginator(frame, hooks, kind="body").run(list(boxes))
    return pm.LaidOut((DEFAULT.page_width, DEFAULT.page_height), pages, [], pm.PageLabels("", 0, 0))


def one_page(*placed: tuple[Box, float, float, float]) -> pm.LaidOut:
    """One A4 page holding each box set width wide with its bottom left at x, y: (box, x, y, width)."""
    items: list[pm.Item] = []
    for box, x, y, width in placed:
        box.wrap(width, 10_000)
        items.append(place(box, x, y))
    return pm.LaidOut((DEFAULT.page_width, DEFAULT.page_height), [pm.Page(1, "body", items)], [],
                      pm.PageLabels("", 0, 0))


def pdf_of(laid: pm.LaidOut) -> bytes:
    from ..pdf.painter import PLAIN, paint

    return paint(laid, PLAIN)
