"""Navigation in one pass: contents, folios and running heads that know the future.

Page numbers in the contents, "共 M 页" and running heads are drawn as PDF
forms (XObjects) that are referenced while a page is set and defined once the
whole document is laid out. No second typesetting pass is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..languages import word
from ..pdf import fonts
from . import pagemodel as pm
from .flow import Box, place
from .paragraph import Span, TextBlock, TextStyle

ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50), ("xl", 40),
         ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
FORM_BOX = (-300.0, -6.0, 300.0, 30.0)  # forms are drawn around their origin: generous bounds


def roman(n: int) -> str:
    out = ""
    for letters, value in ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


@dataclass
class PageLedger:
    """What the build learns about its pages as it sets them."""

    front_start: int = 0  # first page of front matter (contents), 1-based; 0 = none yet
    body_start: int = 0  # first page of the body
    pages: int = 0
    anchors: dict[str, int] = field(default_factory=dict)  # destination → physical page

    def label(self, page: int) -> str:
        """The page's printed number: roman in the front matter, arabic in the body, none on the cover."""
        if self.body_start and page >= self.body_start:
            return str(page - self.body_start + 1)
        if self.front_start and page >= self.front_start:
            return roman(page - self.front_start + 1)
        return ""

    @property
    def body_pages(self) -> int:
        return self.pages - self.body_start + 1 if self.body_start else 0

    def page_labels(self, cover_label: str) -> pm.PageLabels:
        return pm.PageLabels(cover_label, self.front_start, self.body_start)


def text_form(name: str, text: str, style: TextStyle, role: pm.Role = "artifact") -> pm.Form:
    """A form holding one line of text aligned (left, centre or right) on its origin."""
    block = TextBlock([Span(text)], style, role)
    width = block.wrap(FORM_BOX[2], 100)[0]
    offset = {"left": 0.0, "center": -width / 2, "right": -width}[style.align]
    return pm.Form(name, FORM_BOX, [place(block, offset, 0)])


class ContentsLine(Box):
    """One entry of the table of contents: title, page number (a form), and a link to the target."""

    role = "contents-entry"

    def __init__(self, title: Sequence[Span], level: int, key: str, style: TextStyle, number: str = "",
                 node: pm.Node | None = None):
        """number: the title's leading heading number and gap (（一）, 1.2  ): a title that wraps goes on
        under its text, the number hanging to its left. node: the entry's element in the contents'."""
        self.key = key
        self.indent = level * 2 * style.size
        self.number_width = 3 * style.size
        bold = level == 0
        self.hang = TextBlock([Span(number, bold=bold)], style).natural_width() if number else 0.0
        hanging = replace(style, first_indent_em=-self.hang / style.size)
        self.block = TextBlock([replace(span, bold=bold) for span in title], hanging, "contents-entry")
        (node or pm.Node("contents-entry", style.lang)).adopt(self.block.node, "paragraph")
        self.title, self.style, self.lang = "".join(span.text for span in title), style, style.lang

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        _, self.height = self.block.wrap(avail_width - self.indent - self.hang - self.number_width, avail_height)
        return self.width, self.height

    def draw(self) -> list[pm.Item]:
        """The title, a dot leader from its end, and the page number on the baseline of its last line (the
        number's form is set in the same style, its baseline as high above its origin as the title's)."""
        end, baseline = self.block.last_line_end()
        left = self.indent + self.hang
        leader = dot_leader(left + end, self.width - LEADER_STOP * self.style.size, baseline, self.style)
        node = self.block.node
        number = pm.FormUse(f"toc-{self.key}", self.width, 0, node)
        return [place(self.block, left, 0), *leader, number,
                pm.Link((0, 0, self.width, self.height), dest=self.key, label=self.title, node=node)]

    def space_after(self) -> float:
        return self.block.space_after()


LEADER_PITCH = 0.45  # em between the dots of a leader
LEADER_STOP = 1.8  # em left of the right edge where leaders stop: room for a page number of three figures


def dot_leader(start: float, stop: float, baseline: float, style: TextStyle) -> list[pm.Item]:
    """Dots from start to stop on the baseline, a decoration (role "artifact"), on a grid counted from the
    stop, so that the dots of every entry stand in the same columns."""
    pitch = LEADER_PITCH * style.size
    count = int((stop - start - style.size / 2) // pitch)  # half an em clear of the title
    first = stop - pitch * count
    if count < 2:
        return []
    font = fonts.font_name("latin", style.family)
    advance = fonts.metrics(font).widths.get(ord("."), 0) * style.size / 1000
    prefix = [k * advance for k in range(count + 1)]
    line = pm.TextLine(first, baseline, [pm.Spacing(pitch - advance, None), pm.Show("." * count, font, 0.0, prefix)])
    return [pm.Text([line], style.size, style.color, style.lang, "artifact", False)]


def folio_text(ledger: PageLedger, page: int, lang: str, style: str) -> str:
    number = ledger.label(page)
    if style == "gbt9704" or page < ledger.body_start:
        return f"— {number} —"
    total = ledger.body_pages
    return word("folio", lang, number=number, total=total)
