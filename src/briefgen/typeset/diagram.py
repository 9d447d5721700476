"""Diagrams: groups of named items drawn as columns of boxes, with live text.

Drawn directly on the canvas (no matplotlib): the text is set by briefgen's
own typesetter, so Chinese line breaking and fonts match the body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Diagram
from . import pagemodel as pm
from .flow import Box, place
from .paragraph import Span, TextBlock
from .theme import Theme


@dataclass
class _Box:
    blocks: list[TextBlock]  # one per language, one under the other
    height: float


class DiagramBox(Box):
    """The diagram in one language, or in several (a bilingual brief's one diagram): each box holds its text
    in every language, the lead language's first."""

    role = "figure"

    def __init__(self, diagrams: Sequence[Diagram], theme: Theme):
        self.diagrams, self.theme = list(diagrams), theme
        self.lang = diagrams[0].lang
        self._columns: list[list[_Box]] = []
        self._column_width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        groups = self.diagrams[0].groups
        count, gap, pad = len(groups), self.theme.diagram_gap, self.theme.diagram_padding
        self._column_width = (avail_width - gap * (count - 1)) / count
        inner = self._column_width - 2 * pad
        self._columns = []
        for g, group in enumerate(groups):
            header = [TextBlock([Span(d.groups[g].title, bold=True)], self.theme.diagram_text(d.lang, header=True),
                                "label") for d in self.diagrams]
            column = [self._box(header, inner, avail_height)]
            for k in range(len(group.items)):
                blocks = [TextBlock([Span(d.groups[g].items[k])], self.theme.diagram_text(d.lang, header=False),
                                    "label") for d in self.diagrams]
                column.append(self._box(blocks, inner, avail_height))
            self._columns.append(column)
        self.width, self.height = avail_width, max(self._column_height(c) for c in self._columns)
        return self.width, self.height

    def _box(self, blocks: list[TextBlock], inner: float, avail_height: float) -> _Box:
        heights = [block.wrap(inner, avail_height)[1] for block in blocks]
        between = self.theme.diagram_padding / 2 * (len(blocks) - 1)
        return _Box(blocks, sum(heights) + between + 2 * self.theme.diagram_padding)

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
                y = top - pad
                for block in box.blocks:
                    y -= block.height
                    items.append(place(block, x + pad, y))
                    y -= pad / 2
                top -= box.height + gap
        return items

