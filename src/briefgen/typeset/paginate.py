"""Pagination: a story of boxes poured into one frame per page, page after page.

Boxes are set top down; the space between two is the larger of one's space
after and the next's space before, and none at the head of a page. A box
that does not fit is asked to split; one that cannot waits for the next page.
Figures float: one that does not fit below the text waits for the next
page's head while the text goes on filling this one.

The paginator knows nothing of what the pages are for: the furniture (cover
band, running heads, folios) comes from the hooks it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from . import pagemodel as pm
from .flow import FUZZ, Action, Box, CondBreak, KeepTogether, NextPages, NoBreak, PageBreak, place, stack_height


class LayoutError(RuntimeError):
    """A box that fits on no page: a bug in the typesetter, never the content's fault."""


class Frame:
    """The type area of one page, filled from the top. With a line grid (pitch, first baseline's depth), text
    of that pitch is set with its baselines on the grid, as Chinese books are: page against page and across
    the fold, lines stand at the same heights, and a full page ends on its last grid line. Spaces under half a
    line between grid text are dropped rather than rounded up to a line."""

    def __init__(self, x: float, y: float, width: float, height: float,
                 grid: tuple[float, float] | None = None):
        self.x, self.bottom, self.width, self.height = x, y, width, height
        self.grid = grid
        self.reset()

    def reset(self) -> None:
        self.y = self.bottom + self.height  # the cursor: the bottom of what is set so far
        self.at_top = True
        self.after = 0.0  # the space after the last box set

    def _gap(self, box: Box) -> float:
        gap = 0.0 if self.at_top else max(box.space_before() - self.after, 0)
        line = box.grid_line() if self.grid else None
        if self.grid is None or line is None or abs(line[0] - self.grid[0]) > FUZZ:
            return gap
        pitch, depth = self.grid
        if gap + self.after < pitch / 2:
            gap = -self.after  # a paragraph's few points of space: none on the grid
        top = self.y - gap
        off = (self.bottom + self.height - top + line[1] - depth) % pitch  # how far its baseline misses a line
        return gap + ((pitch - off) % pitch if min(off, pitch - off) > FUZZ else 0.0)

    def add(self, box: Box) -> pm.Group | None:
        """The box placed below what is set, or None when it does not fit."""
        gap = self._gap(box)
        room = self.y - self.bottom - gap
        if room <= 0:
            return None
        _, height = box.wrap(self.width, room)
        y = self.y - (height + gap)
        if y < self.bottom - FUZZ:
            return None
        group = place(box, self.x, y)
        after = box.space_after()
        y -= after
        self.after = after
        if y != self.y:
            self.at_top = False
        self.y = y
        return group

    def room_for(self, box: Box) -> float:
        return self.y - self.bottom - self._gap(box)

    def split(self, box: Box) -> list[Box | Action]:
        room = self.room_for(box)
        if room <= 0:
            return []
        if isinstance(box, KeepTogether):
            return box.release(room, self.at_top)
        return list(box.split(self.width, room))


@dataclass
class Hooks:
    """What the document does as pages open and close, and after each box is set."""

    page_begins: Callable[[Paginator], None]
    page_ends: Callable[[Paginator], None]
    box_set: Callable[[Paginator, Box], None]


class _PageBegins(Action):
    """Opens the next page: queued when a page ends, acted on when something comes to be set."""


@dataclass
class Paginator:
    frame: Frame
    hooks: Hooks
    kind: str = "cover"  # the current page's kind
    pages: list[pm.Page] = field(default_factory=list)
    floating: list[Box] = field(default_factory=list)  # figures waiting for the next page
    _next_kind: str | None = None
    _main: list[Box | Action] = field(default_factory=list)  # the story
    # what must happen before the story goes on: opening a page, then setting the figures that waited for it
    _pending: list[Box | Action] = field(default_factory=list)
    _current: list[Box | Action] = field(default_factory=list)  # the list being set from

    @property
    def page(self) -> pm.Page:
        return self.pages[-1]

    def emit(self, item: pm.Item) -> None:
        self.page.items.append(item)

    def run(self, story: list[Box | Action]) -> list[pm.Page]:
        self._main, self._pending = story, [_PageBegins()]
        while story:
            self._settle()
            self._handle(story)
        if self._pending and isinstance(self._pending[-1], _PageBegins):
            self._pending.pop()  # no page is opened for nothing
            self._settle()
        else:
            self._settle()
            self._end_page()
        return self.pages

    def _settle(self) -> None:
        while self._pending:
            self._handle(self._pending)

    def _begin_page(self) -> None:
        self.pages.append(pm.Page(len(self.pages) + 1, self.kind, []))
        self.hooks.page_begins(self)
        self.frame.reset()
        if self.floating:  # the figures that waited open the page; the text goes on after them
            self._main[0:0] = self.floating
            self.floating = []

    def _end_page(self) -> None:
        self.hooks.page_ends(self)
        if self._next_kind:
            self.kind, self._next_kind = self._next_kind, None
        self._pending.append(_PageBegins())

    def _handle(self, items: list[Box | Action]) -> None:
        self._current = items
        first = items[0]
        if self.floating and items is self._main and len(items) == 1 and not first.floats:
            # the story ends with figures still waiting: they get the page after its last box
            items += [PageBreak(), *self.floating]
            self.floating = []
        if first.floats and not self._fits(first):
            self.floating.append(items.pop(0))  # type: ignore[arg-type]
            if not items:  # nothing left to fill the page: the figures go on the next one
                items += [PageBreak(), *self.floating]
                self.floating = []
            return
        self._set(items)

    def _fits(self, box: Box | Action) -> bool:
        frame = self.frame
        room = frame.y - frame.bottom
        if room >= frame.height - 1:  # at the head of an empty frame: place it, come what may
            return True
        content = box.content if isinstance(box, KeepTogether) else [box]
        return stack_height(content, frame.width)[0] <= room  # type: ignore[arg-type]

    def _set(self, items: list[Box | Action]) -> None:
        item = items.pop(0)
        if isinstance(item, _PageBegins):
            self._begin_page()
        elif isinstance(item, PageBreak):
            self._end_page()
        elif isinstance(item, NextPages):
            self._next_kind = item.kind
        elif isinstance(item, NoBreak):
            pass
        elif isinstance(item, Box) and self._place(item):
            if isinstance(item, CondBreak) and item.breaks:
                # figures that waited open the next page: ask again below them
                items[0:0] = [PageBreak(), *([item] if self.floating else [])]
        elif isinstance(item, Box):
            self._split(item, items)

    def _split(self, box: Box, items: list[Box | Action]) -> None:
        parts = self.frame.split(box)
        if parts and isinstance(parts[0], Box) and not isinstance(parts[0], KeepTogether):
            if not self._place(parts[0]):
                raise LayoutError(f"a part of {type(box).__name__} split to fit does not fit")
            items[0:0] = parts[1:]
        elif parts:
            items[0:0] = parts
        elif self.frame.at_top:  # not even an empty page holds it (figures that opened the page do not count)
            raise LayoutError(f"{type(box).__name__} fits on no page")
        else:
            items.insert(0, box)
            self._end_page()

    def _place(self, box: Box) -> bool:
        group = self.frame.add(box)
        if group is None:
            return False
        self.emit(group)
        self.hooks.box_set(self, box)
        return True
