"""Tables: a diagram's groups set as rows — the group's name, then its items — between the three rules of a
Chinese official table (三线表: heavy above, light under the header row, heavy below).

Every cell is set by briefgen's own paragraph typesetter, so its text breaks and spaces like the body's. A
table taller than the room left splits between rows and repeats its header row on the next page. A table
for several languages (a bilingual brief's one table) holds each cell's text in every language, the lead
language's first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Diagram
from ..languages import word
from . import pagemodel as pm
from .flow import FUZZ, Box, place
from .paragraph import Span, TextBlock
from .theme import Theme

RUN_IN = 2  # items narrower than half their column are names: run in, one paragraph a row


@dataclass
class _Row:
    cells: tuple[list[TextBlock], list[TextBlock]]  # the group's name; its items
    height: float = 0.0


# Each cell's structure element for each language, by row (the header row first, if any) and column.
_Cells = list[tuple[list[pm.Node | None], list[pm.Node | None]]]


def _cell_nodes(table: pm.Node | None, diagrams: Sequence[Diagram]) -> _Cells:
    """The table's rows and cells as structure elements: a header row of column heads, then a row a group, its
    name heading the row. A cell in several languages holds a paragraph in each."""
    if table is None:
        return []
    rows: _Cells = []
    heads = [("column", "column")] if diagrams[0].columns else []
    for scopes in heads + [("row", None)] * len(diagrams[0].groups):
        row = table.child("table-row", table.lang)
        cells: list[list[pm.Node | None]] = []
        for scope in scopes:
            cell = row.child("table-head" if scope else "table-cell", table.lang, scope=scope)
            cells.append([cell] if len(diagrams) == 1 else [cell.child("paragraph", d.lang) for d in diagrams])
        rows.append((cells[0], cells[1]))
    return rows


class TableBox(Box):
    role = "table"

    def __init__(self, diagrams: Sequence[Diagram], theme: Theme, rows: range | None = None,
                 node: pm.Node | None = None, cells: _Cells | None = None):
        self.diagrams, self.theme = list(diagrams), theme
        self.lang = diagrams[0].lang
        self.rows = rows if rows is not None else range(len(diagrams[0].groups))
        self.node = node
        self._cell_nodes = cells if cells is not None else _cell_nodes(node, diagrams)
        self._header: _Row | None = None
        self._body: list[_Row] = []
        self._widths = (0.0, 0.0)

    # -- the cells ---------------------------------------------------------------------------------------

    def _cells(self) -> tuple[_Row | None, list[_Row]]:
        look, diagrams = self.theme, self.diagrams
        header = None
        if diagrams[0].columns:
            header = _Row(tuple([TextBlock([Span(d.columns[c], bold=True)], look.table_text(d.lang, "head"), "label")
                                 for d in diagrams] for c in (0, 1)))  # type: ignore[arg-type]
        body = []
        run_in = self._names_only()
        nodes = self._cell_nodes
        if header is not None:  # a header row repeated over a split is page furniture
            self._tag(header, nodes[0] if nodes and self.rows.start == 0 else None)
            nodes = nodes[1:]
        for g in self.rows:
            names = [TextBlock([Span(d.groups[g].title, bold=True)], look.table_text(d.lang, "name"), "label")
                     for d in diagrams]
            if run_in:  # names, not sentences: one paragraph a language, as a list is written in the text
                items = [TextBlock([Span(word("list_sep", d.lang).join(d.groups[g].items))],
                                   look.table_text(d.lang, "item"), "label") for d in diagrams]
            else:
                items = [TextBlock([Span(d.groups[g].items[k])], look.table_text(d.lang, "item"), "label")
                         for k in range(len(diagrams[0].groups[g].items)) for d in diagrams]
            body.append(_Row((names, items)))
            self._tag(body[-1], nodes[g] if nodes else None)
        return header, body

    def _tag(self, row: _Row, nodes: tuple[list[pm.Node | None], list[pm.Node | None]] | None) -> None:
        """Point each cell's text blocks (a language's after another's) at their cell's elements."""
        languages = len(self.diagrams)
        for k, blocks in enumerate(row.cells):
            for index, block in enumerate(blocks):
                block.node = nodes[k][index % languages] if nodes else None

    def _names_only(self) -> bool:
        """Whether every item is short (a name): under half the items' column."""
        room = (self._widths[1] - 2 * self.theme.table_padding[0]) / RUN_IN
        return all(TextBlock([Span(item)], self.theme.table_text(d.lang, "item")).natural_width() <= room
                   for d in self.diagrams for group in d.groups for item in group.items)

    def _measure(self, row: _Row) -> float:
        pad, gap = self.theme.table_padding
        heights = []
        for blocks, width in zip(row.cells, self._widths):
            heights.append(sum(block.wrap(width - 2 * pad, 1e6)[1] for block in blocks) + gap * (len(blocks) - 1))
        row.height = max(heights) + 2 * pad
        return row.height

    def _rules(self) -> float:
        heavy, light = self.theme.table_rules
        return 2 * heavy + (light if self._header else 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width != self.width or not self._body:  # the cells are set once a width
            first = avail_width * self.theme.table_name_share
            self._widths = (first, avail_width - first)
            self._header, self._body = self._cells()
        rows = ([self._header] if self._header else []) + self._body
        self.width = avail_width
        self.height = sum(self._measure(row) for row in rows) + self._rules()
        return self.width, self.height

    def tallest_row(self, width: float) -> float:
        """The height of the table's tallest row with its header and rules: what a page must hold."""
        self.wrap(width, 1e6)
        return max(row.height for row in self._body) + (self._header.height if self._header else 0.0) + self._rules()

    # -- splitting and drawing ---------------------------------------------------------------------------

    def split(self, avail_width: float, avail_height: float) -> list[Box]:
        """Between rows: those that fit here (with the header), the rest under the header on the next page."""
        self.wrap(avail_width, avail_height)
        used = (self._header.height if self._header else 0.0) + self._rules()
        fit = 0
        for row in self._body:
            if used + row.height > avail_height + FUZZ:
                break
            used += row.height
            fit += 1
        if fit == 0 or fit == len(self._body):
            return []
        cut = self.rows.start + fit
        return [TableBox(self.diagrams, self.theme, range(self.rows.start, cut), self.node, self._cell_nodes),
                TableBox(self.diagrams, self.theme, range(cut, self.rows.stop), self.node, self._cell_nodes)]

    def draw(self) -> list[pm.Item]:
        heavy, light = self.theme.table_rules
        ink = self.theme.ink
        items: list[pm.Item] = []
        top = self.height

        def rule(weight: float) -> None:
            nonlocal top
            items.append(pm.Rule(0, top - weight / 2, self.width, top - weight / 2, weight, ink))
            top -= weight

        rule(heavy)
        if self._header:
            top = self._draw_row(self._header, top, items)
            rule(light)
        for row in self._body:
            top = self._draw_row(row, top, items)
        rule(heavy)
        return items

    def _draw_row(self, row: _Row, top: float, items: list[pm.Item]) -> float:
        pad, gap = self.theme.table_padding
        x = 0.0
        for blocks, width in zip(row.cells, self._widths):
            y = top - pad
            for block in blocks:
                y -= block.height
                items.append(place(block, x + pad, y))
                y -= gap
            x += width
        return top - row.height
