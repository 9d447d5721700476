"""Typeset: a composed Document → PDF bytes, on reportlab's page machinery.

Text goes through briefgen's own paragraph typesetter (paragraph.TextBlock);
reportlab supplies frames, page templates, tables and the PDF writer.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Iterable

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfdoc import XMP
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, Indenter, KeepTogether, NextPageTemplate, PageBreak, PageTemplate,
    Spacer, Table, TableStyle,
)

from .. import document as d
from . import navigation, styles
from .diagram import DiagramFlowable
from .fonts import font_name, register_fonts
from .metadata import CREATOR, PRODUCER, xmp_packet
from .navigation import ContentsLine, PageLedger, define_text_form, folio_text, place_form
from .paragraph import Span, TextBlock, TextStyle

CONTENTS = {"zh": "目录", "en": "Contents"}
COVER_LABEL = {"zh": "封面", "en": "Cover"}


@dataclass(frozen=True)
class RenderOptions:
    folio: str = "page-of"  # "page-of": 第 N 页 / 共 M 页, Page N of M; "gbt9704": — N —, outer side


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render(doc: d.Document, options: RenderOptions = RenderOptions()) -> RenderedPdf:
    """The document as PDF bytes; identical bytes for identical input."""
    register_fonts()
    out = io.BytesIO()
    template = _BriefTemplate(out, doc, options)
    template.build(list(_story(doc)), canvasmaker=_canvas_maker(doc.meta))
    return RenderedPdf(out.getvalue(), template.ledger.pages)


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
        self.lang = doc.covers[0].lang if doc.variant != "bilingual" else "bilingual"
        self.ledger = PageLedger()
        self._heading_level = -1
        self._part = ""
        frame = Frame(self.leftMargin, self.bottomMargin, styles.TEXT_WIDTH, styles.TEXT_HEIGHT,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
        self.addPageTemplates([
            PageTemplate("cover", [frame]),
            PageTemplate("front", [frame], onPageEnd=self._decorate),
            PageTemplate("body", [frame], onPageEnd=self._decorate),
        ])

    def handle_pageBegin(self) -> None:
        super().handle_pageBegin()
        page = self.canv.getPageNumber()
        if self.pageTemplate.id == "front" and not self.ledger.front_start:
            self.ledger.front_start = page
        if self.pageTemplate.id == "body" and not self.ledger.body_start:
            self.ledger.body_start = page

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if not outline:
            return
        title, level, key = outline
        if level is None:  # a figure: one level below the heading it follows
            level = self._heading_level + 1
        else:
            self._heading_level = level
        if level == 0:
            self._part = title
        self.ledger.anchors[key] = self.canv.getPageNumber()
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)

    def _decorate(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        """Running head (short title, part) now; the folio as a form, filled in at the end."""
        page = canvas.getPageNumber()
        self.ledger.pages = page
        head_y = styles.PAGE_HEIGHT - styles.TOP + 14
        for text, align in ((self.brief.meta.short_title, "left"), (self._part, "right")):
            head = TextBlock([Span(text)], replace(styles.running_head(self.brief.covers[0].lang), align=align))
            head.wrap(styles.TEXT_WIDTH, 100)
            head.drawOn(canvas, styles.LEFT, head_y)
        canvas.setStrokeColor(Color(*styles.MUTED))
        canvas.setLineWidth(0.4)
        canvas.line(styles.LEFT, head_y - 3, styles.LEFT + styles.TEXT_WIDTH, head_y - 3)
        place_form(canvas, f"folio-{page}", self._folio_x(page), styles.BOTTOM - 28)

    def _folio_x(self, page: int) -> float:
        if self.options.folio == "gbt9704":  # outer side: right on odd pages, left on even
            outer_right = int(self.ledger.label(page) or 1) % 2 == 1 if page >= self.ledger.body_start else True
            return styles.LEFT + styles.TEXT_WIDTH if outer_right else styles.LEFT
        return styles.LEFT + styles.TEXT_WIDTH / 2

    def _folio_align(self, page: int) -> str:
        return "center" if self.options.folio != "gbt9704" else (
            "left" if self._folio_x(page) == styles.LEFT else "right")

    def _endBuild(self) -> None:
        """Once every page is set: define the folio and contents forms, labels and XMP, then save."""
        self._doSave = 0
        super()._endBuild()
        canvas, ledger = self.canv, self.ledger
        folio_lang = self.lang if self.lang in ("zh", "en") else "bilingual"
        for page in range(2, ledger.pages + 1):
            style = replace(styles.folio(self.brief.covers[0].lang), align=self._folio_align(page))
            define_text_form(canvas, f"folio-{page}", folio_text(ledger, page, folio_lang, self.options.folio), style)
        for key, page in ledger.anchors.items():
            style = replace(navigation.contents_style(self.brief.covers[0].lang), align="right")
            define_text_form(canvas, f"toc-{key}", ledger.label(page), style)
        ledger.add_page_labels(canvas, COVER_LABEL.get(self.brief.covers[0].lang, "Cover"))
        xmp = XMP(creator=lambda doc: xmp_packet(self.brief.meta).encode("utf-8"))
        xmp.filters = []  # left readable, as XMP is meant to be
        canvas._doc.Catalog.Metadata = xmp
        canvas.save()


def _canvas_maker(meta: d.Metadata):
    """A canvas whose timestamps are SOURCE_DATE_EPOCH when set, else the edition's date: never the clock."""
    stamp = _FixedTime(_timestamp(meta))

    class BriefCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = stamp
            self.setViewerPreference("DisplayDocTitle", "true")
            self.showOutline()

    return BriefCanvas


def _timestamp(meta: d.Metadata) -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.fromisoformat(meta.date).replace(tzinfo=timezone.utc)


class _FixedTime:
    """Stands in for reportlab's TimeStamp, in UTC."""

    def __init__(self, moment: datetime):
        self.t = moment.timestamp()
        self.YMDhms = moment.timetuple()[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


# -- the story ----------------------------------------------------------------------


def _story(doc: d.Document) -> Iterable[Flowable]:
    yield from _cover(doc.covers)
    yield NextPageTemplate("front")
    yield PageBreak()
    yield from _contents(doc)
    yield NextPageTemplate("body")
    yield PageBreak()
    for block in doc.blocks:
        yield from _block(block)


def _contents(doc: d.Document) -> Iterable[Flowable]:
    """The table of contents: parts and sections, each line linked to its heading."""
    langs = [c.lang for c in doc.covers]
    title = " / ".join(CONTENTS[lang] for lang in langs)
    yield TextBlock([Span(title, bold=True)], styles.heading(langs[0], 0))
    for block in doc.blocks:
        headings = [block.zh, block.en] if isinstance(block, d.Parallel) else [block]
        if not isinstance(headings[0], d.Heading):
            continue
        label = "  /  ".join(_heading_text(h) for h in headings)
        yield ContentsLine(label, headings[0].level, _anchor(headings[0]), navigation.contents_style(langs[0]))


def _cover(covers: tuple[d.Cover, ...]) -> Iterable[Flowable]:
    yield Spacer(1, 40)
    for cover in covers:
        yield TextBlock([Span(cover.title, bold=True)], styles.cover_title(cover.lang))
        yield TextBlock([Span(cover.subtitle)], styles.cover_line(cover.lang, 15.0))
        yield Spacer(1, 10)
        yield TextBlock([Span(cover.edition_line)], styles.cover_line(cover.lang))
        yield TextBlock([Span(cover.source_line)], styles.cover_line(cover.lang, 9.5))
        yield Spacer(1, 36)


def _block(block: d.Block) -> Iterable[Flowable]:
    if isinstance(block, d.Parallel):
        yield from _block(block.zh)
        yield from _block(block.en)
    elif isinstance(block, d.Heading):
        yield from _heading(block)
    elif isinstance(block, d.Paragraph):
        yield from _paragraph(block)
    elif isinstance(block, d.BulletList):
        yield _bullets(block)
    elif isinstance(block, d.KeyFigurePanel):
        yield from _key_figures(block)
    elif isinstance(block, d.Figure):
        yield _figure(block)
    else:
        raise TypeError(f"cannot typeset {type(block).__name__}")


def _spans(rich: d.Rich) -> list[Span]:
    return [Span(run.text, bold=run.bold, href=run.href, dest=run.dest) for run in rich]


def _heading_text(h: d.Heading) -> str:
    return h.number + h.text if h.lang == "zh" else f"{h.number}  {h.text}".strip()


def _anchor(h: d.Heading) -> str:
    return f"{h.anchor}-{h.lang}"


def _heading(h: d.Heading) -> Iterable[Flowable]:
    block = TextBlock([Span(_heading_text(h), bold=True)], styles.heading(h.lang, h.level))
    block.outline = (_heading_text(h), h.level, _anchor(h))
    yield block


def _paragraph(p: d.Paragraph) -> Iterable[Flowable]:
    style = {"body": styles.body, "lead": styles.body, "quote": styles.quote,
             "attribution": styles.attribution, "note": styles.note}[p.role](p.lang)
    if p.role == "quote":
        indent = 2 * style.size
        yield Indenter(left=indent, right=indent)
        yield TextBlock(_spans(p.text), style)
        yield Indenter(left=-indent, right=-indent)
    else:
        yield TextBlock(_spans(p.text), style)


def _bullets(lst: d.BulletList) -> Table:
    style = styles.list_item(lst.lang)
    rows = [[TextBlock([Span("•")], _marker_style(style)), TextBlock(_spans(item), style)] for item in lst.items]
    table = Table(rows, colWidths=[1.6 * style.size, styles.TEXT_WIDTH - 1.6 * style.size], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _marker_style(style: TextStyle) -> TextStyle:
    return TextStyle(style.lang, "sans", style.size, align="center", color=styles.ACCENT)


def _key_figures(panel: d.KeyFigurePanel) -> Iterable[Flowable]:
    lang = panel.lang
    if panel.title:
        yield TextBlock([Span(panel.title, bold=True)], styles.heading(lang, 1))
    columns = 3 if len(panel.items) % 3 == 0 or len(panel.items) > 4 else 2
    width = styles.TEXT_WIDTH / columns
    cells = [[TextBlock([Span(item.value, bold=True)], styles.figure_value(lang)),
              TextBlock([Span(item.label)], styles.figure_label(lang)),
              TextBlock([Span(item.period)], styles.figure_period(lang))] for item in panel.items]
    cells += [[]] * (-len(cells) % columns)
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    table = Table(rows, colWidths=[width] * columns, hAlign="LEFT")
    panel_colour = Color(*styles.PANEL)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), panel_colour), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LINEBELOW", (0, 0), (-1, -2), 0.6, Color(1, 1, 1)), ("LINEAFTER", (0, 0), (-2, -1), 0.6, Color(1, 1, 1)),
    ]))
    yield table
    yield Spacer(1, 8)


def _figure(fig: d.Figure) -> Flowable:
    title = TextBlock([Span(f"{fig.number}  {fig.caption}", bold=True)], styles.caption(fig.lang))
    title.outline = (f"{fig.number} {fig.caption}", None, f"{fig.anchor}-{fig.lang}")
    source = TextBlock([Span(fig.source_note)], styles.note(fig.lang))
    return KeepTogether([title, _graphic(fig.plot), Spacer(1, 4), source, Spacer(1, 6)])


def _graphic(plot: d.Plot | d.Diagram) -> Flowable:
    if isinstance(plot, d.Diagram):
        return DiagramFlowable(plot)
    from .charts import draw_plot  # charts pull in svglib; only documents with charts pay for it

    return draw_plot(plot, styles.TEXT_WIDTH, styles.TEXT_WIDTH * 0.42)
