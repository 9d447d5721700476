"""Diagrams: groups of named items drawn as columns of boxes, with live text.

Drawn directly on the canvas (no matplotlib): the text is set by briefgen's
own typesetter, so Chinese line breaking and fonts match the body.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Diagram
from . import pagemodel as pm
from . import styles
from .flow import Box, place
from .paragraph import Span, TextBlock, TextStyle

GAP = 6.0  # between columns and between boxes
PAD = 5.0  # inside a box


@dataclass
class _Box:
    block: TextBlock
    height: float


class DiagramBox(Box):
    role = "figure"

    def __init__(self, diagram: Diagram):
        self.diagram = diagram
        self.lang = diagram.lang
        self._columns: list[list[_Box]] = []
        self._column_width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        count = len(self.diagram.groups)
        self._column_width = (avail_width - GAP * (count - 1)) / count
        inner = self._column_width - 2 * PAD
        lang = self.diagram.lang
        self._columns = []
        for group in self.diagram.groups:
            blocks = [TextBlock([Span(group.title, bold=True)], _header_style(lang), "label")]
            blocks += [TextBlock([Span(item)], _item_style(lang), "label") for item in group.items]
            self._columns.append([_Box(b, b.wrap(inner, avail_height)[1] + 2 * PAD) for b in blocks])
        self.width, self.height = avail_width, max(self._column_height(c) for c in self._columns)
        return self.width, self.height

    def _column_height(self, column: list[_Box]) -> float:
        return sum(box.height for box in column) + GAP * (len(column) - 1)

    def draw(self) -> list[pm.Item]:
        items: list[pm.Item] = []
        for index, column in enumerate(self._columns):
            x = index * (self._column_width + GAP)
            top = self.height
            for position, box in enumerate(column):
                fill = styles.ACCENT if position == 0 else styles.PANEL
                items.append(pm.Rect(x, top - box.height, self._column_width, box.height, fill))
                items.append(place(box.block, x + PAD, top - box.height + PAD))
                top -= box.height + GAP
        return items


def _header_style(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 9.0, leading=12.5, align="left", color=(1, 1, 1))


def _item_style(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 8.0, leading=11.5, align="left", color=styles.INK)
