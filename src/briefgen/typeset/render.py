"""Typeset: a composed Document → PDF bytes, on reportlab's page machinery.

Page geometry, running heads, folios and metadata live here; story.py turns
blocks into flowables. Text goes through briefgen's own paragraph typesetter
(paragraph.TextBlock); reportlab supplies frames, tables and the PDF writer.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, replace
from datetime import datetime

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import XMP
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate
from reportlab.platypus.flowables import _listWrapOn

from .. import document as d
from ..languages import word
from . import navigation, styles
from .fonts import font_name, register_fonts
from .metadata import CREATOR, PRODUCER, timestamp, xmp_packet
from .navigation import PageLedger, define_text_form, folio_text, place_form
from .options import RenderOptions
from .paragraph import Span, TextBlock
from .story import story

# Streams are Flate-compressed binary: ASCII85 on top would add a quarter to the size and cost time.
rl_config.useA85 = 0



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
    register_fonts()
    out = io.BytesIO()
    template = _BriefTemplate(out, doc, options)
    template.build(story(doc, options.layout), canvasmaker=_canvas_maker(doc.meta, options.epoch))
    return RenderedPdf(out.getvalue(), template.ledger.pages, TEXT_AREA)


# -- the document template ------------------------------------------------------


class _BriefTemplate(BaseDocTemplate):
    def __init__(self, out, doc: d.Document, options: RenderOptions):
        meta = doc.meta
        super().__init__(
            out, pagesize=(styles.PAGE_WIDTH, styles.PAGE_HEIGHT), leftMargin=styles.LEFT,
            rightMargin=styles.PAGE_WIDTH - styles.LEFT - styles.TEXT_WIDTH, topMargin=styles.TOP,
            bottomMargin=styles.BOTTOM, title=meta.title, author=meta.author, subject=meta.subject,
            keywords=list(meta.keywords), creator=CREATOR, producer=PRODUCER,
            invariant=1, pageCompression=1, lang=meta.lang, displayDocTitle=1,
            initialFontName=font_name("latin", "sans"), initialFontSize=10,
        )
        self.brief = doc
        self.options = options
        self.folio_lang = doc.covers[0].lang  # the lead language's: a bilingual brief is numbered in Chinese
        self.ledger = PageLedger()
        self._heading_level = -1
        self._part = ""  # the part in force
        self._page_part = ""  # the part named in this page's running head: in force when the page opens
        self._page_fresh = True  # nothing set on this page yet
        self._story: list[Flowable] = []
        self._floating: list[Flowable] = []  # figures waiting for the next page
        frame = Frame(self.leftMargin, self.bottomMargin, styles.TEXT_WIDTH, styles.TEXT_HEIGHT,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
        self.addPageTemplates([
            PageTemplate("cover", [frame], onPage=self._cover_page),
            PageTemplate("front", [frame], onPageEnd=self._decorate),
            PageTemplate("body", [frame], onPageEnd=self._decorate),
        ])

    def build(self, flowables: list[Flowable], **kwargs) -> None:
        self._main_story = flowables  # reportlab also hands handle_flowable lists of its own
        super().build(flowables, **kwargs)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """Figures float: one that does not fit below the text waits for the next page's head."""
        self._story = flowables
        if self._floating and flowables is self._main_story and len(flowables) == 1 \
                and not getattr(flowables[0], "floats", False):
            # the story ends with figures still waiting: they get the page after its last flowable
            flowables += [PageBreak(), *self._floating]
            self._floating = []
        if getattr(flowables[0], "floats", False) and not self._fits(flowables[0]):
            self._floating.append(flowables.pop(0))
            if not flowables:  # nothing left to fill the page: the figures go on the next one
                flowables += [PageBreak(), *self._floating]
                self._floating = []
            return
        super().handle_flowable(flowables)

    def _fits(self, flowable: Flowable) -> bool:
        frame = self.frame
        available = frame._y - frame._y1p
        if available >= frame._height - 1:  # at the head of an empty frame: place it, come what may
            return True
        # a KeepTogether answers "too big" with a huge height: measure its content instead
        _, height = _listWrapOn(getattr(flowable, "_content", [flowable]), frame._width, self.canv)
        return height <= available

    def handle_pageBegin(self) -> None:
        super().handle_pageBegin()
        if self._floating:
            self._story[0:0] = self._floating
            self._floating = []
        self._page_part, self._page_fresh = self._part, True
        page = self.canv.getPageNumber()
        if self.pageTemplate.id == "front" and not self.ledger.front_start:
            self.ledger.front_start = page
        if self.pageTemplate.id == "body" and not self.ledger.body_start:
            self.ledger.body_start = page

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline:
            self._mark(flowable, *outline)
        if getattr(flowable, "height", 0) > 0:
            self._page_fresh = False

    def _mark(self, flowable: Flowable, title: str, level: int | None, key: str) -> None:
        """Bookmark a heading or figure, and follow the part in force for the running heads."""
        if level is None:  # a figure: one level below the heading it follows
            level = self._heading_level + 1
        else:
            self._heading_level = level
        if level == 0:
            self._part = title
            if self._page_fresh or not self._page_part:  # the page opens with this part: its head names it
                self._page_part = title
        top = self.frame._y + flowable.height + 6  # the frame's cursor sits just below the flowable
        for name in (key, *getattr(flowable, "aliases", ())):  # aliases: the same place under another name
            self.ledger.anchors[name] = self.canv.getPageNumber()
            self.canv.bookmarkHorizontal(name, 0, top)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)

    def _cover_page(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        """An accent band with the series name at the head of the cover, the authors at its foot."""
        lang = self.brief.covers[0].lang
        band = 30 * mm
        canvas.setFillColor(Color(*styles.ACCENT))
        canvas.rect(0, styles.PAGE_HEIGHT - band, styles.PAGE_WIDTH, band, stroke=0, fill=1)
        series = TextBlock([Span(self.brief.meta.short_title, bold=True)], styles.cover_band(lang))
        series.wrap(styles.TEXT_WIDTH, band)
        series.drawOn(canvas, styles.LEFT, styles.PAGE_HEIGHT - band / 2 - 6)
        canvas.setStrokeColor(Color(*styles.ACCENT))
        canvas.setLineWidth(0.8)
        canvas.line(styles.LEFT, styles.BOTTOM + 24, styles.LEFT + styles.TEXT_WIDTH, styles.BOTTOM + 24)
        author = TextBlock([Span(self.brief.meta.author)], styles.cover_line(lang, 10.0))
        author.wrap(styles.TEXT_WIDTH, 100)
        author.drawOn(canvas, styles.LEFT, styles.BOTTOM)

    def _decorate(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        """Running head (short title, part) now; the folio as a form, filled in at the end."""
        page = canvas.getPageNumber()
        self.ledger.pages = page
        head_y = styles.PAGE_HEIGHT - styles.TOP + 14
        for text, align in ((self.brief.meta.short_title, "left"), (self._page_part, "right")):
            head = TextBlock([Span(text)], replace(styles.running_head(self.brief.covers[0].lang), align=align))
            head.wrap(styles.TEXT_WIDTH, 100)
            head.drawOn(canvas, styles.LEFT, head_y)
        canvas.setStrokeColor(Color(*styles.MUTED))
        canvas.setLineWidth(0.4)
        canvas.line(styles.LEFT, head_y - 3, styles.LEFT + styles.TEXT_WIDTH, head_y - 3)
        place_form(canvas, f"folio-{page}", self._folio_x(page), styles.BOTTOM - 28)

    def _folio_x(self, page: int) -> float:
        if self.options.folio == "gbt9704":  # outer side: right on odd pages, left on even
            in_body = self.ledger.body_start and page >= self.ledger.body_start
            number = page - self.ledger.body_start + 1 if in_body else page
            return styles.LEFT + styles.TEXT_WIDTH if number % 2 else styles.LEFT
        return styles.LEFT + styles.TEXT_WIDTH / 2

    def _folio_align(self, page: int) -> str:
        return "center" if self.options.folio != "gbt9704" else (
            "left" if self._folio_x(page) == styles.LEFT else "right")

    def _endBuild(self) -> None:
        """Once every page is set: define the folio and contents forms, labels and XMP, then save."""
        self._doSave = 0
        super()._endBuild()
        canvas, ledger = self.canv, self.ledger
        for page in range(2, ledger.pages + 1):
            style = replace(styles.folio(self.brief.covers[0].lang), align=self._folio_align(page))
            folio = folio_text(ledger, page, self.folio_lang, self.options.folio)
            define_text_form(canvas, f"folio-{page}", folio, style)
        for key, page in ledger.anchors.items():
            style = replace(navigation.contents_style(self.brief.covers[0].lang), align="right")
            define_text_form(canvas, f"toc-{key}", ledger.label(page), style)
        ledger.add_page_labels(canvas, word("cover", self.brief.covers[0].lang))
        xmp = XMP(creator=lambda doc: xmp_packet(self.brief.meta, self.options.epoch).encode("utf-8"))
        xmp.filters = []  # left readable, as XMP is meant to be
        canvas._doc.Catalog.Metadata = xmp
        canvas.save()


def _canvas_maker(meta: d.Metadata, epoch: int | None):
    """A canvas whose timestamps are the build's (metadata.timestamp): never the clock."""
    stamp = _FixedTime(timestamp(meta, epoch))

    class BriefCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = stamp
            # reportlab seeded the document /ID from its own reading of SOURCE_DATE_EPOCH: seed it again from
            # this build's timestamp, so a published edition rebuilds to its bytes whatever the environment
            self._doc.signature = hashlib.md5(b"a reportlab document", usedforsecurity=False)
            self._doc.signature.update(ascii(stamp.t).encode("ascii"))
            self.setViewerPreference("DisplayDocTitle", "true")
            self.showOutline()

    return BriefCanvas


class _FixedTime:
    """Stands in for reportlab's TimeStamp, in UTC."""

    def __init__(self, moment: datetime):
        self.t = moment.timestamp()
        self.YMDhms = moment.timetuple()[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"
