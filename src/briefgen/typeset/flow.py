"""What a story is made of: boxes that measure, split and draw themselves, and
the instructions between them (page breaks, conditional breaks, keep-together).

A box is asked its size for an available width and height (wrap), to split
itself at an available height (split: the parts, or [] when it cannot), for
the space it wants before and after it, and finally to draw itself as page
model items in its own coordinates, origin at its bottom left (draw).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import pagemodel as pm

FUZZ = 1e-6  # pt: a box this much too tall still fits


class Box:
    width: float = 0.0
    height: float = 0.0
    role: pm.Role | None = None
    lang: str | None = None
    node: pm.Node | None = None  # its structure element, where it is one (text blocks make their own)
    outline: tuple[str, int | None, str] | None = None  # (title, level or None: a figure, anchor) to bookmark
    aliases: Sequence[str] = ()  # other names for the same place
    floats: bool = False  # may wait for the next page's head while text fills this one
    keep_with_next: bool = False  # in a column: never the last box before a page foot (a list's lead-in)

    def grid_line(self) -> tuple[float, float] | None:
        """(line pitch, its first baseline's depth below its top) for running text that keeps to a line grid;
        None for anything else."""
        return None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Box]:
        return []

    def space_before(self) -> float:
        return 0.0

    def space_after(self) -> float:
        return 0.0

    def draw(self) -> list[pm.Item]:
        return []


def place(box: Box, x: float, y: float) -> pm.Group:
    """The box drawn with its bottom left at x, y."""
    return pm.Group(box.draw(), (x, y), box.role, box.lang)


class Spacer(Box):
    def __init__(self, height: float):
        self.width, self.height = 1.0, height


class HorizontalRule(Box):
    """A rule across the measure (a masthead's), in the middle of its height."""

    role = "artifact"

    def __init__(self, weight: float, color: tuple[float, float, float], height: float):
        self.weight, self.color, self.height = weight, color, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> list[pm.Item]:
        return [pm.Rule(0, self.height / 2, self.width, self.height / 2, self.weight, self.color)]


class PartStart(Box):
    """A box of no size that starts a run of pages with no part in force (the running head's), as the
    second half of a brief set one language after the other does."""

    def __init__(self, title: str = ""):
        self.title = title


class AtFoot(Box):
    """Boxes stacked at the foot of the page they are set on: the box takes the rest of the page (on the next
    one if they do not fit in it)."""

    def __init__(self, content: list[Box]):
        self.content = content
        self._natural = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._natural = sum(box.wrap(avail_width, avail_height)[1] for box in self.content)
        self.width, self.height = avail_width, max(self._natural, avail_height - FUZZ)
        return self.width, self.height

    def draw(self) -> list[pm.Item]:
        items: list[pm.Item] = []
        y = self._natural
        for box in self.content:
            y -= box.height
            items.append(place(box, 0, y))
        return items


class CondBreak(Box):
    """A page break unless `needed` pt are left on the page."""

    def __init__(self, needed: float):
        self.needed = needed
        self.height = needed  # what the page is asked for (the break itself takes no room)
        self.breaks = False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.breaks = avail_height < self.needed
        return 0.0, 0.0


class Action:
    """A story instruction that sets nothing."""

    floats = False


class PageBreak(Action):
    """Ends the page: the next box starts the next one."""


class NoBreak(Action):
    """Stands where a keep-together group found room: nothing happens."""


@dataclass
class NextPages(Action):
    """The pages from the next one on are of this kind ("front", "body")."""

    kind: str


Piece = Box | Action  # what a story is a list of


def stack_height(boxes: Sequence[Box], width: float) -> tuple[float, float]:
    """(height, first box's height) of boxes set one below the other, spaces merged: between two boxes the
    larger of one's space after and the next's space before; none at either end. Empty boxes are skipped."""
    total = after = 0.0
    first: float | None = None
    at_top = True
    for box in boxes:
        _, height = box.wrap(width, 0xFFFFFFF)
        if first is None:
            first = height
        if height <= FUZZ:
            continue
        total += height
        if not at_top:
            total += max(box.space_before() - after, 0)
        at_top = False
        after = box.space_after()
        total += after
    return total - after, first or 0.0


class KeepTogether(Box):
    """Boxes kept on one page when they fit on one: else set as they come, from the head of the next page."""

    def __init__(self, content: list[Box]):
        self.content = content
        self._total = self._first = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._total, self._first = stack_height(self.content, avail_width)
        return avail_width, 0xFFFFFF  # never placed whole: the paginator always asks it to split

    def space_before(self) -> float:
        return self.content[0].space_before()

    def space_after(self) -> float:
        return self.content[-1].space_after()

    def release(self, avail_height: float, at_top: bool) -> list[Box | Action]:
        """Its boxes, behind a page break when they would fit on a fresh page but not in avail_height."""
        too_tall = self._total > avail_height
        if too_tall or self._first > avail_height:
            return [NoBreak() if too_tall and at_top else PageBreak(), *self.content]
        return list(self.content)
