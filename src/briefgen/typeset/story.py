"""The story: composed blocks → boxes and breaks (flow.py), in one layout or the other, in a theme's look."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .. import document as d
from ..languages import heading_line, profile, word
from ..options import FIGURES_ONCE
from . import pagemodel as pm
from .flow import (
    AtFoot,
    Box,
    CondBreak,
    HorizontalRule,
    KeepTogether,
    NextPages,
    PageBreak,
    PartStart,
    Piece,
    Spacer,
    place,
)
from .grid import Grid
from .navigation import ContentsLine
from .paragraph import GRID_SNAP, Span, TextBlock
from .parallel import Inset, ParallelRow
from .table import TableBox
from .theme import DEFAULT, Theme

LEAD_IN_LINES = 2  # lines of a list a paragraph that leads into it keeps with it on its page


def story(doc: d.Document, layout: str = "parallel", theme: Theme = DEFAULT) -> list[Piece]:
    pieces: list[Piece] = list(_cover(doc.covers, theme))
    languages = max((len(block.blocks) for block in doc.blocks if isinstance(block, d.Parallel)), default=1)
    apart = languages > 1 and layout == "sequential"
    pieces += [NextPages("front"), PageBreak(), *_contents(doc, theme, apart)]
    pieces += [NextPages("body"), PageBreak()]
    if languages == 1 or layout == "interleaved":
        return pieces + _in_sequence(doc.blocks, layout, theme)
    if layout == "parallel":
        return pieces + _in_columns(doc.blocks, theme)
    for k in range(languages):  # sequential: the whole brief in one language, then in the next
        if k:
            pieces += [PageBreak(), PartStart()]  # the running head names no part of the half before
        pieces += _in_sequence([_one(block, k) for block in doc.blocks], layout, theme)
    return pieces


def _one(block: d.Block, k: int) -> d.Block:
    return block.blocks[k] if isinstance(block, d.Parallel) else block


def _in_sequence(blocks: Sequence[d.Block], layout: str, theme: Theme) -> list[Piece]:
    pieces: list[Piece] = []
    quote: list[Piece] = []  # the boxes of the quotation just set, until its attribution comes
    heading: CondBreak | None = None  # the break that keeps the heading just set with what follows it
    for k, block in enumerate(blocks):
        these = _block(block, layout, theme)
        followed = _led_in(blocks, k, layout, theme)
        if _role(block) == "body" and followed is not None:
            boxes = [box for box in these if isinstance(box, Box)]  # a lead-in stays with what it leads into
            lead_in = _room_for(boxes + followed[0], boxes[0].lang or "", theme, followed[1])
            if heading is None:
                these = [lead_in, *these]
            else:
                _keep_under(heading, lead_in.needed, boxes[0].lang or "", theme)
        heading = these[0] if isinstance(_lead(block), d.Heading) and isinstance(these[0], CondBreak) else None
        if quote and _role(block) == "attribution":  # a quotation and its speaker stay on one page
            del pieces[-len(quote):]
            these = [KeepTogether([box for box in (*quote, *these) if isinstance(box, Box)])]
        quote = these if _role(block) == "quote" else []
        pieces += these
    return pieces


def _in_columns(blocks: Sequence[d.Block], theme: Theme) -> list[Piece]:
    """The parallel layout: each section's text in one row of columns, one per language, so that the columns
    meet again only at headings (set across both, one language under the other), quotations, figures and
    key-figure panels (set once).
    The columns share the measure in the proportion of their text, so that they run about equally long."""
    shares = _shares(blocks, theme)
    out: list[Piece] = []
    run: list[d.Parallel] = []  # the blocks of the row being gathered

    heading: CondBreak | None = None  # the break of the headings just set, while nothing is set under them

    def flush() -> None:
        nonlocal heading
        if run:
            out.append(_row(run, theme, shares))
            run.clear()
            heading = None

    k = 0
    while k < len(blocks):
        block = blocks[k]
        assert isinstance(block, d.Parallel)
        lead, k = block.blocks[0], k + 1
        if _role(block) == "quote":  # a row of its own, its speaker with it, kept on one page
            lead_in = [run.pop()] if run and _role(run[-1]) == "body" else []  # and what leads into it
            flush()
            said = [*lead_in, block]
            if k < len(blocks) and _role(blocks[k]) == "attribution":
                said.append(blocks[k])  # type: ignore[arg-type]
                k += 1
            row = _row(said, theme, shares)
            if heading is not None:
                _keep_under(heading, row.wrap(theme.text_width, theme.text_height)[1], _lang(block), theme)
            out.append(KeepTogether([row]))
            heading = None
        elif isinstance(lead, (d.Paragraph, d.BulletList)):
            run.append(block)
        elif isinstance(lead, d.Heading):  # across both columns, one language under the other
            flush()
            heads = _stacked_headings(block, theme)
            out += heads
            heading = heads[0] if isinstance(heads[0], CondBreak) else None
        else:
            flush()
            out += _block(block, "parallel", theme)
            heading = None
    flush()
    return out


def _row(blocks: list[d.Parallel], theme: Theme, shares: tuple[float, ...]) -> ParallelRow:
    columns: list[list[Box]] = [[] for _ in blocks[0].blocks]
    for block, after in zip(blocks, [*blocks[1:], None]):
        leads_in = _role(block) == "body" and after is not None and isinstance(_lead(after), d.BulletList)
        for k, single in enumerate(block.blocks):
            boxes = _content(single, theme)
            boxes[-1].keep_with_next = leads_in
            columns[k] += boxes
    return ParallelRow(columns, theme.column_gutter, shares, theme.column_feather)


def _shares(blocks: Sequence[d.Block], theme: Theme) -> tuple[float, ...]:
    """Each language's share of the measure: in proportion to the area its text takes on one measure."""
    areas: list[float] = []
    for k in range(len(blocks[0].blocks)):  # type: ignore[union-attr]
        area = 0.0
        for block in blocks:
            single = block.blocks[k]  # type: ignore[union-attr]
            if isinstance(single, (d.Paragraph, d.BulletList, d.Heading)):
                for box in _content(single, theme):
                    area += _text_area(box)
        areas.append(area)
    total = sum(areas)
    return tuple(area / total for area in areas) if total else tuple(1 / len(areas) for _ in areas)


def _text_area(box: Box) -> float:
    if isinstance(box, TextBlock):
        return box.natural_width() * box.style.line_height
    inner = getattr(box, "content", None)
    return _text_area(inner) if isinstance(inner, Box) else 0.0


def _lead(block: d.Block) -> d.Block:
    return block.blocks[0] if isinstance(block, d.Parallel) else block


def _role(block: d.Block) -> str | None:
    lead = _lead(block)
    return lead.role if isinstance(lead, d.Paragraph) else None


def _contents(doc: d.Document, theme: Theme, apart: bool = False) -> Iterable[Box]:
    """The table of contents: parts and sections, each line linked to its heading; the languages' headings on
    one line, or (apart: a brief set one language after the other) each language's in its own run."""
    langs = [c.lang for c in doc.covers]
    title = _in_languages([(word("contents", lang), lang) for lang in langs], " / ", bold=True)
    yield TextBlock(title, theme.heading(langs[0], 0), "heading-1")
    entries = [list(block.blocks) if isinstance(block, d.Parallel) else [block] for block in doc.blocks]
    entries = [headings for headings in entries if isinstance(headings[0], d.Heading)]
    if apart:
        entries = [[headings[k]] for k in range(len(langs)) for headings in entries]
    toc = pm.Node("contents", langs[0])
    for headings in entries:
        heads = [h for h in headings if isinstance(h, d.Heading)]
        label = _in_languages([(_heading_text(h), h.lang) for h in heads], "  /  ")
        lead = heads[0]
        number = heading_line(lead.number, "", lead.lang) + profile(lead.lang).heading_gap if lead.number else ""
        yield ContentsLine(label, lead.level, _anchor(lead), theme.contents(lead.lang), number,
                           toc.child("contents-entry", lead.lang))


def _cover(covers: tuple[d.Cover, ...], theme: Theme) -> Iterable[Box]:
    """The masthead (报头) — the series name, the issue, the issuing body and the date over a rule, in each
    language — then each language's title block."""
    yield Spacer(theme.masthead_top_space)
    for cover in covers:
        yield TextBlock([Span(cover.series, bold=True)], theme.masthead_series(cover.lang, cover is covers[0]),
                        "title")
    for cover in covers:
        yield TextBlock([Span(cover.issue)], theme.masthead_line(cover.lang, "center"), "paragraph")
    for cover in covers:
        yield ParallelRow([[TextBlock([Span(cover.issuer)], theme.masthead_line(cover.lang, "left"), "paragraph")],
                           [TextBlock([Span(cover.date)], theme.masthead_line(cover.lang, "right"), "paragraph")]],
                          0.0, theme.masthead_shares)
    weight, height = theme.masthead_rule
    yield HorizontalRule(weight, theme.masthead, height)
    yield Spacer(theme.cover_top_space)
    for cover in covers:
        yield TextBlock([Span(cover.title, bold=True)], theme.cover_title(cover.lang), "title")
        yield TextBlock([Span(cover.subtitle)], theme.cover_line(cover.lang, theme.cover_subtitle_size))
        yield Spacer(theme.cover_gap)
        yield TextBlock([Span(cover.source_line)], theme.cover_line(cover.lang, theme.cover_source_size))
        yield Spacer(theme.cover_between)


def _block(block: d.Block, layout: str, theme: Theme) -> list[Piece]:
    """A block's boxes, preceded by a conditional page break where it is a heading."""
    if isinstance(block, d.Parallel):
        lead, together = block.blocks[0], layout in FIGURES_ONCE
        if together and isinstance(lead, d.KeyFigurePanel):  # set once, for both languages
            return list(_key_figures([single for single in block.blocks if isinstance(single, d.KeyFigurePanel)],
                                     theme))
        if isinstance(lead, d.Distribution):  # one 报尾 for all the languages, at the foot of the last page
            return [_distribution([single for single in block.blocks if isinstance(single, d.Distribution)], theme)]
        if together and isinstance(lead, d.Figure):
            return [_figure([single for single in block.blocks if isinstance(single, d.Figure)], theme, once=True)]
        if isinstance(lead, d.Heading):
            return _stacked_headings(block, theme)
        looks = [theme] + [theme.subordinate()] * (len(block.blocks) - 1)  # interleaved: the lead, then the rest
        return [piece for single, look in zip(block.blocks, looks) for piece in _block(single, layout, look)]
    content = _content(block, theme)
    return [_room_for(content[:1], block.lang, theme), *content] if isinstance(block, d.Heading) else list(content)


def _stacked_headings(block: d.Parallel, theme: Theme) -> list[Piece]:
    """A heading in each language, one under the other, kept together above their text, with one bookmark
    (and one running head) titled in all of them."""
    heads = [_heading(single, theme) for single in block.blocks if isinstance(single, d.Heading)]
    outlines = [head.outline for head in heads if head.outline]
    heads[0].outline = (" / ".join(o[0] for o in outlines), outlines[0][1], outlines[0][2])
    heads[0].aliases = [o[2] for o in outlines[1:]]
    for head in heads[1:]:
        head.style = replace(head.style, space_before=0.0)
        head.outline = None
    return [_room_for(heads, heads[0].lang or "", theme), *heads]


def _content(block: d.Block, theme: Theme) -> list[Box]:
    """Every box that sets a single-language block, and nothing that only decides where it goes."""
    match block:
        case d.Heading():
            return [_heading(block, theme)]
        case d.Paragraph():
            return [_paragraph(block, theme)]
        case d.BulletList():
            return _bullets(block, theme)
        case d.KeyFigurePanel():
            return _key_figures([block], theme)
        case d.Figure():
            return [_figure([block], theme)]
        case d.Distribution():
            return [_distribution([block], theme)]
    raise TypeError(f"cannot typeset {type(block).__name__}")


def _in_languages(texts: Sequence[tuple[str, str]], separator: str, bold: bool = False) -> list[Span]:
    """One text in several languages, one after the other, each span in its own (a bilingual title)."""
    spans: list[Span] = []
    for text, lang in texts:
        spans += [Span(separator, bold=bold)] if spans else []
        spans.append(Span(text, bold=bold, lang=lang))
    return spans


def _spans(rich: d.Rich) -> list[Span]:
    return [Span(run.text, bold=run.bold, href=run.href, dest=run.dest, hyphenate=not run.name) for run in rich]


def _heading_text(h: d.Heading) -> str:
    return heading_line(h.number, h.text, h.lang)


def _anchor(h: d.Heading) -> str:
    return f"{h.anchor}-{h.lang}"


def _led_in(blocks: Sequence[d.Block], k: int, layout: str, theme: Theme) -> tuple[list[Box], int] | None:
    """What a paragraph leads into, if it is a list or a quotation: the boxes it must share a page with
    (a quotation and its speaker, whole), and the lines (of a list) it keeps with it besides."""
    after = blocks[k + 1] if k + 1 < len(blocks) else None
    if after is not None and isinstance(_lead(after), d.BulletList):
        return [], LEAD_IN_LINES
    if after is not None and _role(after) == "quote":
        said = [after] + ([blocks[k + 2]] if k + 2 < len(blocks) and _role(blocks[k + 2]) == "attribution" else [])
        return [box for block in said for box in _block(block, layout, theme) if isinstance(box, Box)], 0
    return None


def _after_heading(theme: Theme, lang: str) -> float:
    """The room a heading asks for below it: a few lines of text."""
    return theme.lines_after_heading * theme.body(lang).line_height


def _room_for(boxes: Sequence[Box], lang: str, theme: Theme, lines: int | None = None) -> CondBreak:
    """A page break unless the boxes and a few lines of what follows them fit (no stranded headings, no
    lead-in stranded above its list)."""
    needed = sum(box.space_before() + box.wrap(theme.text_width, theme.text_height)[1] + box.space_after()
                 for box in boxes)
    below = _after_heading(theme, lang) if lines is None else lines * theme.body(lang).line_height
    return CondBreak(needed + below)


def _keep_under(heading: CondBreak, room: float, lang: str, theme: Theme) -> None:
    """Right under a heading, what must stay together (a lead-in and what it leads into, a quotation and its
    speaker): the heading's break asks for its room instead of a few lines."""
    heading.needed = heading.height = heading.needed - _after_heading(theme, lang) + room


def _lang(block: d.Block) -> str:
    return str(getattr(_lead(block), "lang", ""))


_HEADING_ROLES: tuple[pm.Role, ...] = ("heading-1", "heading-2")
_PARAGRAPH_ROLES: dict[str, pm.Role] = {"body": "paragraph", "quote": "quote", "attribution": "attribution",
                                        "note": "note"}


def _heading(h: d.Heading, theme: Theme) -> TextBlock:
    block = TextBlock([Span(_heading_text(h), bold=True)], theme.heading(h.lang, h.level), _HEADING_ROLES[h.level])
    block.outline = (_heading_text(h), h.level, _anchor(h))
    return block


def _paragraph(p: d.Paragraph, theme: Theme) -> Box:
    style = {"body": theme.body, "quote": theme.quote, "attribution": theme.attribution,
             "note": theme.note}[p.role](p.lang)
    block = TextBlock(_spans(p.text), style, _PARAGRAPH_ROLES[p.role])
    inset = theme.quote_inset_em * style.size
    return Inset(block, inset, inset) if p.role == "quote" else block


def _bullets(lst: d.BulletList, theme: Theme) -> list[Box]:
    """The items, each with its marker hanging beside it: the language's bullet, or its numbering."""
    style, form = theme.list_item(lst.lang), profile(lst.lang).list_marker
    marker_style = theme.list_marker_style(style, numbered="{n}" in form)
    markers = [TextBlock([Span(form.format(n=n))], marker_style, "label") for n in range(1, len(lst.items) + 1)]
    widest = max(marker.natural_width() for marker in markers)
    indent = max(theme.list_indent_em * style.size, widest + style.size / 4)
    if profile(lst.lang).cjk:  # whole characters, so that items end on the same edge as the text
        indent = math.ceil(indent / style.size - GRID_SNAP) * style.size
    node = pm.Node("list", lst.lang)
    return [ListItem(marker, TextBlock(_spans(item), style), indent, node.child("list-item", lst.lang))
            for marker, item in zip(markers, lst.items)]


class ListItem(Inset):
    """A list item: the text inset, the marker hanging in the inset beside its first line."""

    role = "list-item"

    def __init__(self, marker: TextBlock, content: Box, indent: float, node: pm.Node | None = None):
        """node: the item's element, for a new item (its parts after a split have theirs)."""
        super().__init__(content, indent, 0.0)
        self.marker = marker
        self.lang = content.lang
        if node is not None and isinstance(content, TextBlock):
            node.adopt(marker.node, "label")
            node.adopt(content.node, "list-body")

    def split(self, avail_width: float, avail_height: float) -> list[Box]:
        parts = self.content.split(avail_width - self.left, avail_height)
        return [ListItem(self.marker, parts[0], self.left), *(Inset(p, self.left, 0.0) for p in parts[1:])] \
            if parts else []

    def draw(self) -> list[pm.Item]:
        items = super().draw()
        _, height = self.marker.wrap(self.left, self.height)
        return [*items, place(self.marker, 0, self.height - height)]


def _key_figures(panels: Sequence[d.KeyFigurePanel], theme: Theme) -> list[Box]:
    """One panel of key figures: a grid of cells, each a figure's value, label and period in every language
    given (the bilingual brief sets the panel once, Chinese above English in each cell)."""
    lead = panels[0]
    titles = [(panel.title, panel.lang) for panel in panels if panel.title]
    title = TextBlock(_in_languages(titles, " / ", bold=True), theme.heading(lead.lang, 1), "caption")
    group = pm.Node("group", lead.lang)
    group.adopt(title.node)
    figure = group.child("figure", lead.lang, alt=_alt(panels))  # its cells are one picture of figures
    columns = 3 if len(lead.items) % 3 == 0 or len(lead.items) > 4 else 2
    width = theme.text_width / columns
    cells = [_key_figure_cell([panel.items[i] for panel in panels], [panel.lang for panel in panels], theme)
             for i in range(len(lead.items))]
    for cell in cells:
        for box in cell:
            if isinstance(box, TextBlock):
                box.node = figure
    cells += [[]] * (-len(cells) % columns)
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    grid = Grid(rows, [width] * columns, lead.lang, fill=theme.panel, rule=(theme.key_figure_rule, theme.on_accent),
                padding=theme.key_figure_padding, before=0.0 if titles else theme.key_figure_space_after)
    after = Spacer(theme.key_figure_space_after)
    return [title, grid, after] if titles else [grid, after]


def _key_figure_cell(items: list[d.KeyFigure], langs: list[str], theme: Theme) -> list[Box]:
    cell: list[Box] = []
    for item, lang in zip(items, langs, strict=True):
        if cell:
            cell.append(Spacer(theme.key_figure_padding[1]))  # between the languages
        cell += [TextBlock([Span(item.value, bold=True)], theme.key_figure(lang, "value"), "label"),
                 TextBlock([Span(item.label)], theme.key_figure(lang, "label"), "label"),
                 TextBlock([Span(item.period)], theme.key_figure(lang, "period"), "label")]
    return cell


def _figure(figures: Sequence[d.Figure], theme: Theme, once: bool = False) -> Box:
    """A figure: caption, graphic, source line. Figures of several languages set once (a bilingual layout
    that shows them together) share one graphic and one bookmark, each language's caption and source kept."""
    titles = [TextBlock([Span(f"{fig.number}  {fig.caption}", bold=True)], theme.caption(fig.lang), "caption")
              for fig in figures]
    group = pm.Node("group", figures[0].lang)  # the captions, the figure, its sources: in that order
    for title in titles:
        group.adopt(title.node)
    titles[0].outline = (" / ".join(f"{fig.number} {fig.caption}" for fig in figures), None,
                         f"{figures[0].anchor}-{figures[0].lang}")
    titles[0].aliases = [f"{fig.anchor}-{fig.lang}" for fig in figures[1:]]
    for title in titles[1:]:
        title.style = replace(title.style, space_before=0.0)
    sources = [TextBlock([Span(fig.source_note)], theme.note(fig.lang), "note") for fig in figures]
    lead = figures[0]
    graphic: Box
    if isinstance(lead.plot, d.Diagram):
        graphic = TableBox([fig.plot for fig in figures if isinstance(fig.plot, d.Diagram)], theme,
                           node=group.child("table", lead.lang))
    else:
        graphic = _chart(lead.shared if once and lead.shared else lead.plot, theme)  # labels: a line a language
        graphic.node = group.child("figure", lead.lang, alt=_alt(figures))
    for source in sources:
        group.adopt(source.node)
    below_graphic, below_source = theme.figure_gaps
    figure = KeepTogether([*titles, graphic, Spacer(below_graphic), *sources, Spacer(below_source)])
    figure.floats = True  # may wait for the next page while text fills this one
    return figure


def _alt(blocks: Sequence[d.Figure] | Sequence[d.KeyFigurePanel]) -> str:
    """A figure's text alternative: each language's, the lead language's first (a bilingual brief draws the
    figure once for all of them)."""
    return "\n".join(block.alt for block in blocks if block.alt)


def _distribution(blocks: Sequence[d.Distribution], theme: Theme) -> Box:
    """报尾 as GB/T 9704 sets 版记: its lines between rules, heavy above and below, light between, at the foot
    of the page."""
    heavy, light = theme.distribution_rules
    boxes: list[Box] = [HorizontalRule(heavy, theme.ink, theme.distribution_rule_height)]
    for block in blocks:
        for line in block.lines:
            if len(boxes) > 1:
                boxes.append(HorizontalRule(light, theme.ink, theme.distribution_rule_height))
            boxes.append(TextBlock([Span(line)], theme.distribution(block.lang), "note"))
    boxes.append(HorizontalRule(heavy, theme.ink, theme.distribution_rule_height))
    return AtFoot(boxes)


def _chart(plot: d.Plot, theme: Theme) -> Box:
    from .charts import ChartBox  # charts may pull in matplotlib: only documents with charts pay for it

    return ChartBox(plot, *_chart_size(plot, theme), theme)


def _chart_size(plot: d.Plot, theme: Theme) -> tuple[float, float]:
    languages = max(label.count("\n") for label in (plot.y_label, *plot.categories)) + 1  # a shared chart's
    height = theme.text_width * theme.chart_height * (1 + theme.chart_growth_per_language * (languages - 1))
    return theme.text_width, height


def charts_placed(doc: d.Document, theme: Theme) -> list[tuple[d.Plot, float, float]]:
    """Every chart the document may place, with its size: each figure's own, and the one it shares with its
    other languages (the layouts that set a figure once set that one), so that they can be drawn ahead."""
    figures = [f for block in doc.blocks for f in (block.blocks if isinstance(block, d.Parallel) else (block,))
               if isinstance(f, d.Figure)]
    plots = [p for f in figures for p in (f.plot, f.shared) if isinstance(p, d.Plot)]
    return [(plot, *_chart_size(plot, theme)) for plot in plots]

