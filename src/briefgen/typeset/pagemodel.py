"""The laid-out page model: what layout produces and the painter turns into PDF.

Plain data, no reportlab. A page is a list of items in painting order; a
Group moves its items' origin (coordinates inside it are relative to it) and
keeps its graphics state to itself. Every piece of text, every block and every
decoration carries its structure role and language, for tagging.

Text is stored as the typesetter set it: lines of glyph runs at exact
positions, with the character and word spacing (Tc, Tw) in force, so the
painter only encodes; it never measures or decides.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

RGB: TypeAlias = tuple[float, float, float]
Box4: TypeAlias = tuple[float, float, float, float]

# What a piece of the page is to a reader (PDF structure types follow from it); "artifact": running heads,
# folios, rules and panels, which are not content.
Role = Literal[
    "title", "contents", "contents-entry", "heading-1", "heading-2", "paragraph", "quote", "attribution", "note",
    "list", "list-item", "label", "list-body", "figure", "caption", "table", "table-row", "table-head",
    "table-cell", "group", "artifact",
]

_order = itertools.count()


@dataclass(eq=False, slots=True)
class Node:
    """A structure element: what a piece of content is in the document's logical order, whatever page or
    column it is set in. A paragraph split over two pages is one node; its parts' texts point to it.

    Nodes with a parent are its children in the order they were made; those without are the document's, in
    the order they were made (the composer makes them in reading order). Only nodes that something on a page
    points to (or whose children do) are in the PDF's structure tree."""

    role: Role
    lang: str | None = None
    parent: Node | None = None
    alt: str | None = None  # a figure's text alternative
    scope: Literal["row", "column"] | None = None  # a table header cell's
    kids: list[Node] = field(default_factory=list)
    order: int = field(default_factory=lambda: next(_order))

    def __post_init__(self) -> None:
        if self.parent is not None:
            self.parent.kids.append(self)

    def child(self, role: Role, lang: str | None = None, **kwargs: str | None) -> Node:
        return Node(role, lang, self, **kwargs)  # type: ignore[arg-type]

    def adopt(self, node: Node | None, role: Role | None = None) -> None:
        """Make a node made on its own (a text block's) this one's next child, in a role of its place."""
        if node is None:
            return
        assert node.parent is None, "a node has one parent"
        node.parent = self
        node.role = role or node.role
        self.kids.append(node)


@dataclass(slots=True)
class Spacing:
    """Character (Tc) and word (Tw) spacing for the runs that follow; tw None: leave Tw as it is."""

    tc: float
    tw: float | None


@dataclass(slots=True)
class Show:
    """A glyph run: text in one face from x (pt, from the line's origin). prefix[i] is the advance of
    text[:i] plus the same offset for every i, as the typesetter summed it (len(text) + 1 values)."""

    text: str
    font: str
    x: float
    prefix: Sequence[float]
    lang: str | None = None  # where it is not its text's language


@dataclass(slots=True)
class Glyph:
    """One glyph outside the runs (a line-end hyphen, a dash stretched horizontally by scale)."""

    char: str
    font: str
    x: float
    advance: float
    scale: float = 1.0


Step: TypeAlias = Spacing | Show | Glyph


@dataclass(slots=True)
class Link:
    """A link area relative to the enclosing group: to a URL or to a named destination."""

    rect: Box4
    href: str | None = None
    dest: str | None = None
    label: str = ""  # what the link says (its text), for readers that list links
    node: Node | None = None  # the element it belongs to, when not the text line's (a contents entry's)


@dataclass(slots=True)
class TextLine:
    x: float
    baseline: float
    steps: list[Step]
    actual_text: str | None = None  # the line's source text, where extractors would guess it wrong
    links: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class Text:
    """A paragraph's lines (or those of one page of it), set in one size and colour."""

    lines: list[TextLine]
    size: float
    color: RGB
    lang: str
    role: Role
    spaced: bool  # the paragraph has word spaces: Tw matters
    node: Node | None = None  # the structure element it is part of; None: an artifact (furniture, decoration)


@dataclass(slots=True)
class Rect:
    x: float
    y: float
    width: float  # height may be negative: drawn downwards from y
    height: float
    fill: RGB


@dataclass(slots=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: RGB


@dataclass(slots=True)
class Grid:
    """A table's dividing lines: round caps and joins, one weight and colour, in a state of their own."""

    segments: list[Box4]
    width: float
    color: RGB


@dataclass(slots=True)
class FillColor:
    """Sets the fill colour for what follows in the group (a table's cells start in black)."""

    color: RGB


@dataclass(slots=True)
class Graphic:
    """A vector chart, as SVG, drawn at the group's origin width × height pt."""

    svg: str
    width: float
    height: float
    node: Node | None = None


@dataclass(slots=True)
class FormUse:
    """A form (see Form) drawn with its origin at x, y: text that is only known once every page is set."""

    name: str
    x: float
    y: float
    node: Node | None = None  # what the form's text is part of (a contents entry's page number); None: furniture


@dataclass(slots=True)
class Anchor:
    """A named destination at height top (page coordinates)."""

    name: str
    top: float


@dataclass(slots=True)
class OutlineEntry:
    """A bookmark to an anchor."""

    title: str
    key: str
    level: int
    closed: bool


@dataclass(slots=True)
class Group:
    items: list[Item]
    at: tuple[float, float] | None = None  # the items' origin; None: where the enclosing group's is
    role: Role | None = None
    lang: str | None = None


Item: TypeAlias = Text | Rect | Rule | Grid | FillColor | Graphic | FormUse | Anchor | OutlineEntry | Link | Group


@dataclass(slots=True)
class Page:
    number: int
    kind: str  # "cover", "front" or "body"
    items: list[Item]


@dataclass(slots=True)
class Form:
    name: str
    bbox: Box4
    items: list[Item]


@dataclass(frozen=True, slots=True)
class PageLabels:
    """Printed page numbers as viewers show them: the cover by name, roman front matter, arabic body."""

    cover: str
    front_start: int  # 1-based first page; 0: none
    body_start: int


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the PDF carries for its reader (PDF/A-3): the data behind its figures."""

    name: str
    mime: str
    data: bytes
    description: str


@dataclass(slots=True)
class LaidOut:
    """A document ready to paint."""

    size: tuple[float, float]
    pages: list[Page]
    forms: list[Form]
    labels: PageLabels


def walk(items: Sequence[Item]) -> Iterator[Item]:
    """Every item, depth first, groups before their contents."""
    for item in items:
        yield item
        if isinstance(item, Group):
            yield from walk(item.items)
