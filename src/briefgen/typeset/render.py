"""Typeset: a composed Document → PDF bytes, on reportlab's page machinery.

Text goes through briefgen's own paragraph typesetter (paragraph.TextBlock);
reportlab supplies frames, page templates, tables and the PDF writer.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, Indenter, KeepTogether, NextPageTemplate, PageBreak, PageTemplate,
    Spacer, Table, TableStyle,
)

from .. import document as d
from . import styles
from .diagram import DiagramFlowable
from .fonts import font_name, register_fonts
from .paragraph import Span, TextBlock, TextStyle

@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render(doc: d.Document) -> RenderedPdf:
    """The document as PDF bytes; identical bytes for identical input."""
    register_fonts()
    out = io.BytesIO()
    template = _BriefTemplate(out, doc)
    template.build(list(_story(doc)), canvasmaker=_canvas_maker(doc.meta))
    return RenderedPdf(out.getvalue(), template.page)


# -- the document template ------------------------------------------------------


class _BriefTemplate(BaseDocTemplate):
    def __init__(self, out, doc: d.Document):
        meta = doc.meta
        super().__init__(
            out, pagesize=(styles.PAGE_WIDTH, styles.PAGE_HEIGHT), leftMargin=styles.LEFT,
            rightMargin=styles.PAGE_WIDTH - styles.LEFT - styles.TEXT_WIDTH, topMargin=styles.TOP,
            bottomMargin=styles.BOTTOM, title=meta.title, author=meta.author, subject=meta.subject,
            keywords=list(meta.keywords), creator="briefgen", producer="briefgen (reportlab)",
            invariant=1, pageCompression=1, lang=meta.lang, displayDocTitle=1,
            initialFontName=font_name("latin", "sans"), initialFontSize=10,
        )
        self.brief = doc
        self._heading_level = -1
        frame = Frame(self.leftMargin, self.bottomMargin, styles.TEXT_WIDTH, styles.TEXT_HEIGHT,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
        self.addPageTemplates([
            PageTemplate("cover", [frame]),
            PageTemplate("body", [frame], onPage=self._decorate),
        ])

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline:
            title, level, key = outline
            if level is None:  # a figure: one level below the heading it follows
                level = self._heading_level + 1
            else:
                self._heading_level = level
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)

    def _decorate(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        """Running head (short title) and folio on every body page."""
        lang = self.brief.covers[0].lang
        head = TextBlock([Span(self.brief.meta.short_title)], styles.running_head(lang))
        _, height = head.wrap(styles.TEXT_WIDTH, 100)
        head_y = styles.PAGE_HEIGHT - styles.TOP + 14
        head.drawOn(canvas, styles.LEFT, head_y)
        canvas.setStrokeColor(Color(*styles.MUTED))
        canvas.setLineWidth(0.4)
        canvas.line(styles.LEFT, head_y - 3, styles.LEFT + styles.TEXT_WIDTH, head_y - 3)
        folio = TextBlock([Span(f"— {canvas.getPageNumber()} —")], _folio_style(lang))
        folio.wrap(styles.TEXT_WIDTH, 100)
        folio.drawOn(canvas, styles.LEFT, styles.BOTTOM - 28)


def _folio_style(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 9.0, align="center", color=styles.MUTED)


def _canvas_maker(meta: d.Metadata):
    """A canvas whose creation date is the edition's date, not the clock."""
    stamp = _EditionTime(date.fromisoformat(meta.date))

    class BriefCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = stamp
            self.setViewerPreference("DisplayDocTitle", "true")
            self.showOutline()

    return BriefCanvas


class _EditionTime:
    """Stands in for reportlab's TimeStamp: midnight UTC of the edition date."""

    def __init__(self, day: date):
        self.t = time.mktime(day.timetuple())
        self.YMDhms = (day.year, day.month, day.day, 0, 0, 0)
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


# -- the story ----------------------------------------------------------------------


def _story(doc: d.Document) -> Iterable[Flowable]:
    yield from _cover(doc.covers)
    yield NextPageTemplate("body")
    yield PageBreak()
    for block in doc.blocks:
        yield from _block(block)


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


def _heading(h: d.Heading) -> Iterable[Flowable]:
    text = h.number + h.text if h.lang == "zh" else f"{h.number}  {h.text}".strip()
    block = TextBlock([Span(text, bold=True)], styles.heading(h.lang, h.level))
    block.outline = (text, h.level, f"{h.anchor}-{h.lang}")
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
