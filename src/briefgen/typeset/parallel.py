"""Side-by-side bilingual layout: Chinese left, English right, kept in step.

Each paragraph pair is one row; both columns of a row start at the same
height, and a row that reaches the foot of a page splits both columns there
and continues them together at the head of the next page.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

GUTTER = 18.0  # between the columns, in pt


class Inset(Flowable):
    """A flowable drawn with extra left and right margins (a quotation, a list in a column)."""

    def __init__(self, content: Flowable, left: float, right: float):
        super().__init__()
        self.content, self.left, self.right = content, left, right

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, height = self.content.wrap(avail_width - self.left - self.right, avail_height)
        self.width, self.height = avail_width, height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = self.content.split(avail_width - self.left - self.right, avail_height)
        return [Inset(part, self.left, self.right) for part in parts]

    def draw(self) -> None:
        self.content.drawOn(self.canv, self.left, 0)

    def getSpaceBefore(self) -> float:
        return self.content.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.content.getSpaceAfter()


class ParallelRow(Flowable):
    """Two columns of flowables, set side by side and split together."""

    def __init__(self, left: Sequence[Flowable], right: Sequence[Flowable], keep_with_next: bool = False):
        super().__init__()
        self.columns = (list(left), list(right))
        self.keepWithNext = keep_with_next
        outlines = [getattr(column[0], "outline", None) for column in self.columns if column]
        if outlines and all(outlines):  # a heading pair: one bookmark titled in both languages
            self.outline = (" / ".join(o[0] for o in outlines), outlines[0][1], outlines[0][2])
            self.aliases = [o[2] for o in outlines[1:]]
        self._heights: tuple[list[float], list[float]] = ([], [])

    def _column_width(self, avail_width: float) -> float:
        return (avail_width - GUTTER) / 2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width = self._column_width(avail_width)
        self._heights = tuple(_stack_heights(column, width, avail_height) for column in self.columns)
        self.width = avail_width
        self.height = max(sum(heights) for heights in self._heights)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        width = self._column_width(avail_width)
        splits = [_split_stack(column, width, avail_height) for column in self.columns]
        (left_now, left_later), (right_now, right_later) = splits
        if not (left_now or right_now):
            return []  # nothing fits here: the whole row moves to the next page
        return [ParallelRow(left_now, right_now), ParallelRow(left_later, right_later, self.keepWithNext)]

    def getSpaceBefore(self) -> float:
        return max((column[0].getSpaceBefore() for column in self.columns if column), default=0.0)

    def getSpaceAfter(self) -> float:
        return max((column[-1].getSpaceAfter() for column in self.columns if column), default=0.0)

    def draw(self) -> None:
        width = self._column_width(self.width)
        for column, heights, x in zip(self.columns, self._heights, (0.0, width + GUTTER)):
            top = self.height
            for flowable, height in zip(column, heights):
                before = flowable.getSpaceBefore() if flowable is not column[0] else 0.0
                flowable.drawOn(self.canv, x, top - before - flowable.height)
                top -= height


def _stack_heights(column: list[Flowable], width: float, avail_height: float) -> list[float]:
    """Each flowable's height in the column, with the space before it (none before the first) and after
    it (none after the last: the row passes that on as its own space after)."""
    heights = []
    for index, flowable in enumerate(column):
        _, height = flowable.wrap(width, avail_height)
        before = flowable.getSpaceBefore() if index else 0.0
        after = flowable.getSpaceAfter() if index < len(column) - 1 else 0.0
        heights.append(before + height + after)
    return heights


def _split_stack(column: list[Flowable], width: float, avail_height: float) -> tuple[list[Flowable], list[Flowable]]:
    """The flowables that fit in avail_height, and the rest (splitting the one that straddles)."""
    used = 0.0
    for index, flowable in enumerate(column):
        _, height = flowable.wrap(width, avail_height)
        before = flowable.getSpaceBefore() if index else 0.0
        if used + before + height <= avail_height:
            used += before + height + flowable.getSpaceAfter()
            continue
        parts = flowable.split(width, avail_height - used - before) if avail_height - used - before > 0 else []
        if len(parts) >= 2:
            return column[:index] + [parts[0]], parts[1:] + column[index + 1:]
        return column[:index], column[index:]
    return column, []
