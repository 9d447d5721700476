"""A grid of cells on a tinted ground, divided by thin rules: the key-figure panel.

Each cell stacks its boxes from the top inside its padding; a row is as tall
as its tallest cell. A grid taller than the room left splits between rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import pagemodel as pm
from .flow import Box, place


class Grid(Box):
    role = "table"

    def __init__(self, rows: list[list[list[Box]]], column_widths: Sequence[float], lang: str, *,
                 fill: pm.RGB, rule: tuple[float, pm.RGB], padding: tuple[float, float], before: float = 0.0):
        self.rows, self.column_widths, self.lang, self.before = rows, list(column_widths), lang, before
        self.fill, self.rule, (self.pad_x, self.pad_y) = fill, rule, padding
        self._row_heights: list[float] = []
        self._row_tops: list[float] = []  # from the grid's top row down to its bottom (0)
        self._column_lefts: list[float] = [0.0]
        for width in self.column_widths:
            self._column_lefts.append(self._column_lefts[-1] + width)

    def _cell_height(self, cell: list[Box], width: float) -> float:
        """The cell's content height: its boxes stacked, spaces between them, none at either end."""
        if not cell:
            return 0.0
        inner = width - self.pad_x - self.pad_x
        total, first_before, after = 0.0, None, 0.0
        for box in cell:
            _, height = box.wrap(inner, 72000 - self.pad_y - self.pad_y)
            before, after = box.space_before(), box.space_after()
            total += height + after + before
            if first_before is None:
                first_before = before
        return total - (first_before or 0.0) - after

    def space_before(self) -> float:
        return self.before

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._row_heights = [max((self._cell_height(cell, width) + (self.pad_y + self.pad_y)
                                  for cell, width in zip(row, self.column_widths)), default=0.0)
                             for row in self.rows]
        self._row_tops = _tops(self._row_heights)
        self.width, self.height = self._column_lefts[-1], self._row_tops[0]
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Box]:
        self.wrap(avail_width, avail_height)
        fit, used = 0, 0.0
        for height in self._row_heights:
            if used + height > avail_height:
                break
            fit, used = fit + 1, used + height
        if fit == 0:
            return []
        if fit == len(self.rows):
            return [self]
        return [self._part(self.rows[:fit]), self._part(self.rows[fit:])]

    def _part(self, rows: list[list[list[Box]]]) -> Grid:
        return Grid(rows, self.column_widths, self.lang or "", fill=self.fill, rule=self.rule,
                    padding=(self.pad_x, self.pad_y))

    def draw(self) -> list[pm.Item]:
        items: list[pm.Item] = [pm.Rect(0, self.height, self.width, -self.height, self.fill), pm.FillColor((0, 0, 0))]
        for row, bottom, height in zip(self.rows, self._row_tops[1:], self._row_heights):
            for cell, left in zip(row, self._column_lefts):
                y = bottom + height - self.pad_y + (cell[0].space_before() if cell else 0.0)
                for box in cell:
                    y -= box.space_before()
                    y -= box.height
                    items.append(place(box, left + self.pad_x, y))
                    y -= box.space_after()
        weight, color = self.rule
        segments = [(0.0, y, self.width, y) for y in self._row_tops[1:-1]]
        segments += [(x, 0.0, x, self.height) for x in self._column_lefts[1:-1]]
        items.append(pm.Grid(segments, weight, color))
        return [pm.Group(items)]  # the grid keeps its line state to itself


def _tops(heights: list[float]) -> list[float]:
    """Each row's top, measured from the grid's bottom, then 0: summed from the bottom row up with
    compensated (Kahan) addition, so the top of the grid is the rows' exact total."""
    tops, total, carry = [], 0.0, 0.0
    for height in reversed(heights):
        tops.append(total)
        y = height - carry
        t = total + y
        carry = (t - total) - y
        total = t
    tops.append(total)
    return tops[::-1]
