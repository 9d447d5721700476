"""Side-by-side bilingual layout: Chinese left, English right, kept in step.

A row holds a section's text, one column per language, each as wide as its
share of the text; both columns of a row start at the same height, and a
row that reaches the foot of a page splits each column there and continues
them together at the head of the next page.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import pagemodel as pm
from .flow import Box, place


class Inset(Box):
    """A box drawn with extra left and right margins (a quotation, a list in a column)."""

    def __init__(self, content: Box, left: float, right: float):
        self.content, self.left, self.right = content, left, right

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, height = self.content.wrap(avail_width - self.left - self.right, avail_height)
        self.width, self.height = avail_width, height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Box]:
        parts = self.content.split(avail_width - self.left - self.right, avail_height)
        return [Inset(part, self.left, self.right) for part in parts]

    def draw(self) -> list[pm.Item]:
        return [place(self.content, self.left, 0)]

    def space_before(self) -> float:
        return self.content.space_before()

    def space_after(self) -> float:
        return self.content.space_after()

    def grid_line(self) -> tuple[float, float] | None:
        return self.content.grid_line()


class ParallelRow(Box):
    """Columns of boxes, one per language, set side by side and split together."""

    def __init__(self, columns: Sequence[Sequence[Box]], gutter: float, shares: Sequence[float] | None = None,
                 feather: float = 0.0):
        """feather: the most a column that ends short of the other may open each gap between its boxes, so
        that the columns of a section end level (vertical justification); the part of a row that a page
        foot cuts off is full already and keeps its spacing."""
        self.columns, self.gutter = [list(column) for column in columns], gutter
        self.shares = tuple(shares) if shares else tuple(1 / len(self.columns) for _ in self.columns)
        self.feather, self.ends = feather, True
        heads = [column[0] for column in self.columns if column]
        outlines = [head.outline for head in heads if head.outline]
        if outlines and len(outlines) == len(heads):  # a heading pair: one bookmark titled in both languages
            self.outline = (" / ".join(o[0] for o in outlines), outlines[0][1], outlines[0][2])
            self.aliases = [o[2] for o in outlines[1:]]
        self._heights: list[list[float]] = [[] for _ in self.columns]

    def _column_widths(self, avail_width: float) -> list[float]:
        text = avail_width - self.gutter * (len(self.columns) - 1)
        return [share * text for share in self.shares]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        widths = self._column_widths(avail_width)
        self._heights = [_stack_heights(column, width, avail_height) for column, width in zip(self.columns, widths)]
        self.width = avail_width
        self.height = max(sum(heights) for heights in self._heights)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Box]:
        widths = self._column_widths(avail_width)
        now, later = zip(*(_split_stack(column, width, avail_height) for column, width in zip(self.columns, widths)))
        if not any(now):
            return []  # nothing fits here: the whole row moves to the next page
        head = ParallelRow(now, self.gutter, self.shares, self.feather)
        head.ends = False
        return [head, ParallelRow(later, self.gutter, self.shares, self.feather)]

    def space_before(self) -> float:
        return max((column[0].space_before() for column in self.columns if column), default=0.0)

    def space_after(self) -> float:
        return max((column[-1].space_after() for column in self.columns if column), default=0.0)

    def draw(self) -> list[pm.Item]:
        widths = self._column_widths(self.width)
        items: list[pm.Item] = []
        x = 0.0
        for column, heights, width in zip(self.columns, self._heights, widths):
            top = self.height
            short = self.height - sum(heights)
            opened = min(short / (len(column) - 1), self.feather) if self.ends and len(column) > 1 else 0.0
            for box, height in zip(column, heights):
                before = box.space_before() if box is not column[0] else 0.0
                items.append(place(box, x, top - before - box.height))
                top -= height + opened
            x += width + self.gutter
        return items


def _stack_heights(column: list[Box], width: float, avail_height: float) -> list[float]:
    """Each box's height in the column, with the space before it (none before the first) and after
    it (none after the last: the row passes that on as its own space after)."""
    heights = []
    for index, box in enumerate(column):
        _, height = box.wrap(width, avail_height)
        before = box.space_before() if index else 0.0
        after = box.space_after() if index < len(column) - 1 else 0.0
        heights.append(before + height + after)
    return heights


def _split_stack(column: list[Box], width: float, avail_height: float) -> tuple[list[Box], list[Box]]:
    """The boxes that fit in avail_height, and the rest (splitting the one that straddles)."""
    used = 0.0
    for index, box in enumerate(column):
        _, height = box.wrap(width, avail_height)
        before = box.space_before() if index else 0.0
        if used + before + height <= avail_height:
            used += before + height + box.space_after()
            continue
        parts = box.split(width, avail_height - used - before) if avail_height - used - before > 0 else []
        if len(parts) >= 2:
            return column[:index] + [parts[0]], parts[1:] + column[index + 1:]
        if index > 1 and column[index - 1].keep_with_next:  # a lead-in goes on with what it leads into
            index -= 1
        return column[:index], column[index:]
    return column, []
