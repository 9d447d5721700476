"""The story: composed blocks → boxes and breaks (flow.py), in one layout or the other."""

from __future__ import annotations

from collections.abc import Iterable

from .. import document as d
from ..languages import heading_line, word
from . import navigation, styles
from . import pagemodel as pm
from .diagram import DiagramBox
from .flow import Action, Box, CondBreak, KeepTogether, NextPages, PageBreak, Spacer, place
from .grid import Grid
from .navigation import ContentsLine
from .paragraph import Span, TextBlock, TextStyle
from .parallel import Inset, ParallelRow

Flowable = Box | Action

SIDE_BY_SIDE = (d.Heading, d.Paragraph, d.BulletList)  # what the parallel layout sets in two columns


def story(doc: d.Document, layout: str = "parallel") -> list[Flowable]:
    flowables = list(_cover(doc.covers))
    flowables += [NextPages("front"), PageBreak(), *_contents(doc)]
    flowables += [NextPages("body"), PageBreak()]
    for block in doc.blocks:
        flowables += _block(block, layout)
    return flowables

def _contents(doc: d.Document) -> Iterable[Flowable]:
    """The table of contents: parts and sections, each line linked to its heading."""
    langs = [c.lang for c in doc.covers]
    title = " / ".join(word("contents", lang) for lang in langs)
    yield TextBlock([Span(title, bold=True)], styles.heading(langs[0], 0), "heading-1")
    for block in doc.blocks:
        headings = list(block.blocks) if isinstance(block, d.Parallel) else [block]
        if not isinstance(headings[0], d.Heading):
            continue
        label = "  /  ".join(_heading_text(h) for h in headings)
        yield ContentsLine(label, headings[0].level, _anchor(headings[0]), navigation.contents_style(langs[0]))


def _cover(covers: tuple[d.Cover, ...]) -> Iterable[Flowable]:
    yield Spacer(40)
    for cover in covers:
        yield TextBlock([Span(cover.title, bold=True)], styles.cover_title(cover.lang), "title")
        yield TextBlock([Span(cover.subtitle)], styles.cover_line(cover.lang, 15.0))
        yield Spacer(10)
        yield TextBlock([Span(cover.edition_line)], styles.cover_line(cover.lang))
        yield TextBlock([Span(cover.source_line)], styles.cover_line(cover.lang, 9.5))
        yield Spacer(36)


def _block(block: d.Block, layout: str) -> list[Flowable]:
    """A block's flowables, preceded by a conditional page break where it is a heading."""
    if isinstance(block, d.Parallel):
        lead = block.blocks[0]
        if layout == "parallel" and isinstance(lead, SIDE_BY_SIDE):
            row = ParallelRow([_content(single) for single in block.blocks])
            return [_room_for(row, lead), row] if isinstance(lead, d.Heading) else [row]
        return [box for single in block.blocks for box in _block(single, layout)]
    content = _content(block)
    return [_room_for(content[0], block), *content] if isinstance(block, d.Heading) else content


def _content(block: d.Block) -> list[Box]:
    """Every flowable that sets a single-language block, and nothing that only decides where it goes."""
    if isinstance(block, d.Heading):
        return [_heading(block)]
    if isinstance(block, d.Paragraph):
        return [_paragraph(block)]
    if isinstance(block, d.BulletList):
        return _bullets(block)
    if isinstance(block, d.KeyFigurePanel):
        return _key_figures(block)
    if isinstance(block, d.Figure):
        return [_figure(block)]
    raise TypeError(f"cannot typeset {type(block).__name__}")


def _spans(rich: d.Rich) -> list[Span]:
    return [Span(run.text, bold=run.bold, href=run.href, dest=run.dest) for run in rich]


def _heading_text(h: d.Heading) -> str:
    return heading_line(h.number, h.text, h.lang)


def _anchor(h: d.Heading) -> str:
    return f"{h.anchor}-{h.lang}"


def _room_for(heading: Box, h: d.Heading) -> Box:
    """A page break unless the heading and a few lines of what follows it fit (no stranded headings)."""
    _, height = heading.wrap(styles.TEXT_WIDTH, styles.TEXT_HEIGHT)
    body = styles.body(h.lang)
    return CondBreak(heading.space_before() + height + styles.LINES_AFTER_HEADING * body.line_height)


_HEADING_ROLES: tuple[pm.Role, ...] = ("heading-1", "heading-2")
_PARAGRAPH_ROLES: dict[str, pm.Role] = {"body": "paragraph", "lead": "paragraph", "quote": "quote",
                                        "attribution": "attribution", "note": "note"}


def _heading(h: d.Heading) -> Box:
    block = TextBlock([Span(_heading_text(h), bold=True)], styles.heading(h.lang, h.level), _HEADING_ROLES[h.level])
    block.outline = (_heading_text(h), h.level, _anchor(h))
    return block


def _paragraph(p: d.Paragraph) -> Box:
    style = {"body": styles.body, "lead": styles.body, "quote": styles.quote,
             "attribution": styles.attribution, "note": styles.note}[p.role](p.lang)
    block = TextBlock(_spans(p.text), style, _PARAGRAPH_ROLES[p.role])
    return Inset(block, 2 * style.size, 2 * style.size) if p.role == "quote" else block


def _bullets(lst: d.BulletList) -> list[Box]:
    style = styles.list_item(lst.lang)
    return [ListItem(TextBlock([Span("•")], _marker_style(style), "label"), TextBlock(_spans(item), style),
                     1.6 * style.size) for item in lst.items]


class ListItem(Inset):
    """A list item: the text inset, the marker hanging in the inset beside its first line."""

    role = "list-item"

    def __init__(self, marker: TextBlock, content: Box, indent: float):
        super().__init__(content, indent, 0.0)
        self.marker = marker
        self.lang = content.lang

    def split(self, avail_width: float, avail_height: float) -> list[Box]:
        parts = self.content.split(avail_width - self.left, avail_height)
        return [ListItem(self.marker, parts[0], self.left), *(Inset(p, self.left, 0.0) for p in parts[1:])] \
            if parts else []

    def draw(self) -> list[pm.Item]:
        items = super().draw()
        _, height = self.marker.wrap(self.left, self.height)
        return [*items, place(self.marker, 0, self.height - height)]


def _marker_style(style: TextStyle) -> TextStyle:
    return TextStyle(style.lang, "sans", style.size, align="left", color=styles.ACCENT)


def _key_figures(panel: d.KeyFigurePanel) -> list[Box]:
    lang = panel.lang
    title = TextBlock([Span(panel.title, bold=True)], styles.heading(lang, 1), "caption")
    columns = 3 if len(panel.items) % 3 == 0 or len(panel.items) > 4 else 2
    width = styles.TEXT_WIDTH / columns
    cells: list[list[Box]] = [[TextBlock([Span(item.value, bold=True)], styles.figure_value(lang), "label"),
                               TextBlock([Span(item.label)], styles.figure_label(lang), "label"),
                               TextBlock([Span(item.period)], styles.figure_period(lang), "label")]
                              for item in panel.items]
    cells += [[]] * (-len(cells) % columns)
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    grid = Grid(rows, [width] * columns, lang, fill=styles.PANEL, rule=(0.6, (1, 1, 1)), padding=(8, 7))
    return [grid, Spacer(8)] if not panel.title else [title, grid, Spacer(8)]


def _figure(fig: d.Figure) -> Box:
    title = TextBlock([Span(f"{fig.number}  {fig.caption}", bold=True)], styles.caption(fig.lang), "caption")
    title.outline = (f"{fig.number} {fig.caption}", None, f"{fig.anchor}-{fig.lang}")
    source = TextBlock([Span(fig.source_note)], styles.note(fig.lang), "note")
    figure = KeepTogether([title, _graphic(fig.plot), Spacer(4), source, Spacer(6)])
    figure.floats = True  # may wait for the next page while text fills this one
    return figure


def _graphic(plot: d.Plot | d.Diagram) -> Box:
    if isinstance(plot, d.Diagram):
        return DiagramBox(plot)
    from .charts import ChartBox  # charts may pull in matplotlib: only documents with charts pay for it

    return ChartBox(plot, styles.TEXT_WIDTH, styles.TEXT_WIDTH * 0.42)
