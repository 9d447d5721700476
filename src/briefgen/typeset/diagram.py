"""Diagrams: groups of named items drawn as columns of boxes, with live text.

Drawn directly on the canvas (no matplotlib): the text is set by briefgen's
own typesetter, so Chinese line breaking and fonts match the body.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Diagram
from . import pagemodel as pm
from .flow import Box, place
from .paragraph import Span, TextBlock
from .theme import Theme


@dataclass
class _Box:
    block: TextBlock
    height: float


class DiagramBox(Box):
    role = "figure"

    def __init__(self, diagram: Diagram, theme: Theme):
        self.diagram, self.theme = diagram, theme
        self.lang = diagram.lang
        self._columns: list[list[_Box]] = []
        self._column_width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        count, gap, pad = len(self.diagram.groups), self.theme.diagram_gap, self.theme.diagram_padding
        self._column_width = (avail_width - gap * (count - 1)) / count
        inner = self._column_width - 2 * pad
        lang, theme = self.diagram.lang, self.theme
        self._columns = []
        for group in self.diagram.groups:
            blocks = [TextBlock([Span(group.title, bold=True)], theme.diagram_text(lang, header=True), "label")]
            blocks += [TextBlock([Span(item)], theme.diagram_text(lang, header=False), "label") for item in group.items]
            self._columns.append([_Box(b, b.wrap(inner, avail_height)[1] + 2 * pad) for b in blocks])
        self.width, self.height = avail_width, max(self._column_height(c) for c in self._columns)
        return self.width, self.height

    def _column_height(self, column: list[_Box]) -> float:
        return sum(box.height for box in column) + self.theme.diagram_gap * (len(column) - 1)

    def draw(self) -> list[pm.Item]:
        items: list[pm.Item] = []
        gap, pad = self.theme.diagram_gap, self.theme.diagram_padding
        for index, column in enumerate(self._columns):
            x = index * (self._column_width + gap)
            top = self.height
            for position, box in enumerate(column):
                fill = self.theme.accent if position == 0 else self.theme.panel
                items.append(pm.Rect(x, top - box.height, self._column_width, box.height, fill))
                items.append(place(box.block, x + pad, top - box.height + pad))
                top -= box.height + gap
        return items

