"""The painter: a laid-out document (typeset.pagemodel) → PDF bytes, through reportlab.

Nothing here decides where anything goes; it encodes. Text lines arrive as
glyph runs at exact positions with their Tc/Tw: the painter picks each run's
font subsets and writes the text operators itself (reportlab's text objects
would reposition every glyph). Identical input gives identical bytes: the
document's timestamps and /ID come from the build's timestamp, never the clock.
"""

from __future__ import annotations

import functools
import hashlib
import io
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfdoc import XMP
from reportlab.pdfgen.canvas import Canvas

from ..languages import profile
from ..typeset import pagemodel as pm
from . import fonts
from .graphics import draw_svg

# Streams are Flate-compressed binary: ASCII85 on top would add a quarter to the size and cost time.
rl_config.useA85 = 0


class _KeptDeflate(pdfdoc.PDFStreamFilterZCompress):
    """reportlab's Flate filter, with what it deflated kept in the process: a watch writes most pages and
    forms as the build before wrote them (the same bytes deflate to the same bytes)."""

    def encode(self, text):
        data = text.encode("utf8") if isinstance(text, str) else text
        deflated = _DEFLATED.get(data)
        if deflated is None:
            global _deflated_bytes
            if _deflated_bytes > _MOST_DEFLATED_BYTES:
                _DEFLATED.clear()
                _deflated_bytes = 0
            deflated = _DEFLATED[data] = zlib.compress(data)
            _deflated_bytes += len(data)
        return deflated


_DEFLATED: dict[bytes, bytes] = {}
_deflated_bytes, _MOST_DEFLATED_BYTES = 0, 8 << 20  # a full edition deflates some 0.7 MB
# reportlab takes its Flate filter, and writes every PDF name (a brief's save writes some 1,800, character by
# character), through these module globals: the filter above, and each name spelled once a process.
pdfdoc.PDFZCompress = _KeptDeflate()
pdfdoc.PDFName = functools.lru_cache(maxsize=4096)(pdfdoc.PDFName)


@dataclass(frozen=True)
class Info:
    """The document information dictionary and XMP packet."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    creator: str
    producer: str
    lang: str
    moment: datetime  # creation and modification time
    xmp: str  # "": none
    standard: str = ""  # the PDF standard to finish to (briefgen.pdf.archive.STANDARDS); "": reportlab's output
    attachments: tuple[pm.Attachment, ...] = ()  # files carried in the PDF (PDF/A-3 only)


PLAIN = Info("", "", "", (), "briefgen", "briefgen", "en", datetime(2000, 1, 1, tzinfo=timezone.utc), "")


def paint(laid: pm.LaidOut, info: Info) -> bytes:
    """The PDF; with a standard in info, tagged (every piece of content marked as part of its structure
    element, everything else as an artifact) and finished to it (briefgen.pdf.archive)."""
    out = io.BytesIO()
    canvas = _canvas(out, laid.size, info)
    marks = Marks() if info.standard else None
    for page in laid.pages:
        if marks is not None:
            marks.pages.append([])
            marks.links.append([])
        _Painter(canvas, marks).items(page.items)
        canvas.showPage()
    for form in laid.forms:  # drawn inside the marks of the pages that use them
        canvas.beginForm(form.name, *form.bbox)
        _Painter(canvas, None).items(form.items)
        canvas.endForm()
    _page_labels(canvas, laid.labels)
    if info.xmp and marks is None:
        xmp = XMP(creator=lambda doc: info.xmp.encode("utf-8"))
        xmp.filters = []  # left readable, as XMP is meant to be
        canvas._doc.Catalog.Metadata = xmp
    canvas.save()
    if marks is None:
        return out.getvalue()
    from .archive import finish

    return finish(out.getvalue(), marks, info)


@dataclass
class Marks:
    """What the painter marked, page by page: the element each marked-content id belongs to (MCID = index),
    each link annotation's element and what it says (in the order the page's annotations were made), and the
    box each figure's graphic covers on its page."""

    pages: list[list[pm.Node]] = field(default_factory=list)
    links: list[list[tuple[pm.Node, str]]] = field(default_factory=list)
    boxes: dict[int, pm.Box4] = field(default_factory=dict)  # by id(node)


def _canvas(out: io.BytesIO, size: tuple[float, float], info: Info) -> Canvas:
    fonts.register_fonts()
    canvas = _BriefCanvas(out, _FixedTime(info.moment), pagesize=size, invariant=1, pageCompression=1,
                          enforceColorSpace=None, initialFontName=fonts.font_name("latin", "sans"),
                          initialFontSize=10, initialLeading=None, cropBox=None, artBox=None, trimBox=None,
                          bleedBox=None, lang=info.lang)
    canvas.setEncrypt(None)
    canvas._cropMarks = None
    canvas.setAuthor(info.author)
    canvas.setTitle(info.title)
    canvas.setSubject(info.subject)
    canvas.setCreator(info.creator)
    canvas.setProducer(info.producer)
    canvas.setKeywords(list(info.keywords))
    canvas.setViewerPreference("DisplayDocTitle", "true")
    return canvas


class _BriefCanvas(Canvas):
    """A canvas whose timestamps are the build's: never the clock."""

    def __init__(self, out, stamp: _FixedTime, **kwargs):
        super().__init__(out, **kwargs)
        self._doc._timeStamp = stamp
        # reportlab seeded the document /ID from its own reading of SOURCE_DATE_EPOCH: seed it again from
        # this build's timestamp, so a published edition rebuilds to its bytes whatever the environment
        self._doc.signature = hashlib.md5(b"a reportlab document", usedforsecurity=False)
        self._doc.signature.update(ascii(stamp.t).encode("ascii"))
        self.setViewerPreference("DisplayDocTitle", "true")
        self.showOutline()


class _FixedTime:
    """Stands in for reportlab's TimeStamp, in UTC."""

    def __init__(self, moment: datetime):
        self.t = moment.timestamp()
        self.YMDhms = moment.timetuple()[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


def _page_labels(canvas: Canvas, labels: pm.PageLabels) -> None:
    canvas.addPageLabel(0, prefix=labels.cover)
    if labels.front_start:
        canvas.addPageLabel(labels.front_start - 1, "ROMAN_LOWER", 1)
    if labels.body_start:
        canvas.addPageLabel(labels.body_start - 1, "ARABIC", 1)


# The PDF structure type of each role of the page model: the tag its marked content carries, and the element
# the write stage makes of its node ("artifact" is none: not content).
STRUCTURE_TYPES: dict[str, str] = {
    "title": "H1", "heading-1": "H1", "heading-2": "H2", "paragraph": "P", "quote": "BlockQuote",
    "attribution": "P", "note": "Note", "label": "Lbl", "list-body": "LBody", "caption": "Caption",
    "figure": "Figure", "table-head": "TH", "table-cell": "TD", "list-item": "LI", "list": "L",
    "contents": "TOC", "contents-entry": "TOCI", "table": "Table", "table-row": "TR", "group": "Div",
}
_FURNITURE = "/Artifact <</Type /Pagination>> BDC"  # running heads, folios, leaders
_DECORATION = "/Artifact <</Type /Layout>> BDC"  # rules, grounds, a table's lines


class _Painter:
    def __init__(self, canvas: Canvas, marks: Marks | None):
        self.canvas, self.marks = canvas, marks
        self.origin = (0.0, 0.0)  # of the group being painted, on the page

    def _begin(self, node: pm.Node | None, artifact: str = _FURNITURE) -> None:
        """Open the marked content of a piece of node (None: an artifact) on this page."""
        marks = self.marks
        if marks is None:
            return
        if node is None:
            self.canvas._code.append(artifact)
            return
        mcid = len(marks.pages[-1])
        marks.pages[-1].append(node)
        self.canvas._code.append(f"/{STRUCTURE_TYPES[node.role]} <</MCID {mcid}>> BDC")

    def _end(self) -> None:
        if self.marks is not None:
            self.canvas._code.append("EMC")

    def items(self, items: list[pm.Item]) -> None:
        canvas = self.canvas
        for item in items:
            match item:
                case pm.Group(contents, at):
                    canvas.saveState()
                    origin = self.origin
                    if at is not None:
                        canvas.translate(*at)
                        self.origin = (origin[0] + at[0], origin[1] + at[1])
                    self.items(contents)
                    self.origin = origin
                    canvas.restoreState()
                case pm.Text():
                    self._begin(item.node)
                    self.text(item)
                    self._end()
                case pm.Rect(x, y, width, height, fill):
                    self._begin(None, _DECORATION)
                    canvas.setFillColor(Color(*fill))
                    canvas.rect(x, y, width, height, stroke=0, fill=1)
                    self._end()
                case pm.Rule(x0, y0, x1, y1, width, color):
                    self._begin(None, _DECORATION)
                    canvas.setStrokeColor(Color(*color))
                    canvas.setLineWidth(width)
                    canvas.line(x0, y0, x1, y1)
                    self._end()
                case pm.Grid(segments, width, color):
                    self._begin(None, _DECORATION)
                    self.grid(segments, width, color)
                    self._end()
                case pm.FillColor(color):
                    canvas.setFillColor(Color(*color))
                case pm.Graphic(svg, width, height, node):
                    self._begin(node, _DECORATION)
                    if node is not None and self.marks is not None:
                        x, y = self.origin
                        self.marks.boxes[id(node)] = (x, y, x + width, y + height)
                    draw_svg(canvas, svg, width, height)
                    self._end()
                case pm.FormUse(name, x, y, node):
                    self._begin(node)
                    canvas.saveState()
                    canvas.translate(x, y)
                    canvas.doForm(name)
                    canvas.restoreState()
                    self._end()
                case pm.Link():
                    self.link(item, item.node)
                case pm.Anchor(name, top):
                    canvas.bookmarkHorizontal(name, 0, top)
                case pm.OutlineEntry(title, key, level, closed):
                    canvas.addOutlineEntry(title, key, level=level, closed=closed)
                case _:
                    raise TypeError(f"cannot paint {type(item).__name__}")

    def grid(self, segments: list[pm.Box4], width: float, color: pm.RGB) -> None:
        canvas = self.canvas
        canvas.saveState()
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        if segments:
            canvas.setStrokeColor(Color(*color))
            canvas.setLineWidth(width)
        for segment in segments:
            canvas.line(*segment)
        canvas.restoreState()

    def link(self, link: pm.Link, node: pm.Node | None) -> None:
        if self.marks is not None and node is not None:
            self.marks.links[-1].append((node, link.label or link.href or ""))
        if link.href:
            self.canvas.linkURL(link.href, link.rect, relative=1, thickness=0)
        else:
            self.canvas.linkRect("", link.dest, link.rect, relative=1, thickness=0)

    def text(self, text: pm.Text) -> None:
        canvas = self.canvas
        canvas.setFillColorRGB(*text.color)
        state = _TextState()
        marking = self.marks is not None and text.node is not None
        for line in text.lines:
            ops = _TextOps(canvas, text.size, state, text.spaced)
            langs = {step.lang for step in line.steps if isinstance(step, pm.Show)} if marking else {None}
            # Runs of another language are marked inside the line; a line whose text is given whole (ActualText)
            # is marked whole, when all of it is in one (pdfium reads no marks nested in its ActualText).
            inside = line.actual_text is None and langs != {None}
            for step in line.steps:
                match step:
                    case pm.Spacing(tc, tw):
                        ops.spacing(tc, ops.tw if tw is None else tw)
                    case pm.Show(chars, font, x, prefix, lang):
                        if inside and lang is not None:
                            ops.mark(_lang_mark(lang))
                        ops.show(chars, font, x, prefix)
                        if inside and lang is not None:
                            ops.mark("EMC")
                    case pm.Glyph(char, font, x, advance, scale):
                        ops.glyph(char, font, x, advance, scale)
            code = ops.code(line.x, line.baseline)
            if line.actual_text is not None:
                actual = ("\ufeff" + line.actual_text).encode("utf-16-be").hex()
                code = f"/Span <</ActualText <{actual}>>> BDC {code} EMC"
                (whole,) = langs if len(langs) == 1 else (None,)
                if whole is not None:
                    code = f"{_lang_mark(whole)} {code} EMC"
            canvas._code.append(code)
            for link in line.links:
                self.link(link, link.node or text.node)


def _lang_mark(lang: str) -> str:
    return f"/Span <</Lang ({profile(lang).tag})>> BDC"


# -- text operators ---------------------------------------------------------------


class _TextState:
    """Tf, Tc and Tw as the PDF has them: they outlive a text object, so the
    lines of one block share them (None: not set yet in this block)."""

    def __init__(self):
        self.font: str | None = None
        self.tc: float | None = None
        self.tw: float | None = None


class _TextOps:
    """Builds one line's text object, tracking where the PDF pen is.

    pdfminer applies Tc between the glyphs of one TJ array but not after its
    last one, as the PDF spec has it; it does add Tc before a glyph that
    follows a number. So a TJ array that continues the line under the same
    Tc opens with a number (if only 0), which puts pdfminer's pen where a
    viewer's is; after a change of Tc the array opens with an absolute move
    (Td) instead. pdfplumber's positions then match what viewers draw."""

    def __init__(self, canvas: Canvas, size: float, state: _TextState, spaced: bool):
        self.doc, self.size, self.state, self.spaced = canvas._doc, size, state, spaced
        # per document: (font, subset, size) -> ("/F3+1", "/F3+1 10.5 Tf")
        self.names = canvas.__dict__.setdefault("_briefgen_subset_names", {})
        self.ops: list[str] = []
        self.array: list[str] = []
        self.pen = self.origin = 0.0
        self.glyph_tc: float | None = None  # Tc the last glyph was set with

    @property
    def tw(self) -> float:
        return self.state.tw or 0.0

    def spacing(self, tc: float, tw: float) -> None:
        state = self.state
        if tc != state.tc:
            self._flush()
            self.ops.append(f"{tc:.3f} Tc")
            state.tc = tc
        if tw != state.tw and self.spaced:
            self._flush()
            self.ops.append(f"{tw:.3f} Tw")
            state.tw = tw

    def show(self, text: str, font: str, x: float, prefix) -> None:
        """A glyph run from x. (The hot loop: a CJK line switches font subsets,
        256 glyphs each, a dozen times, so the subset switch is inlined.)"""
        ttf, array, state = pdfmetrics.getFont(font), self.array, self.state
        tc, tw = state.tc or 0.0, self.tw  # a line's steps open with its spacing: Tc is set
        start = 0
        for subset, chunk in ttf.splitString(text, self.doc):
            name, select = self.names.get((font, subset, self.size)) or self._name(ttf, font, subset)
            if name != state.font:
                self._flush()
                self.ops.append(select)
                state.font = name
            if array or x != self.pen or self.glyph_tc != tc:
                self._move(x)
            else:  # a new array right where the last one ended, same Tc
                array.append("0")
            array.append(f"<{chunk.hex()}>")
            end = start + len(chunk)
            x += prefix[end] - prefix[start] + tc * len(chunk)
            if tw:
                x += tw * text.count(" ", start, end)
            self.pen, start, self.glyph_tc = x, end, tc

    def glyph(self, char: str, font: str, x: float, advance: float, scale: float = 1.0) -> None:
        """One glyph outside the text runs (a hyphen, a dash stretched by Tz,
        which also scales TJ offsets: so it is placed, and left, by Td)."""
        ttf = pdfmetrics.getFont(font)
        [(subset, chunk)] = ttf.splitString(char, self.doc)
        self._select(ttf, font, subset)
        if scale != 1.0:
            self._flush()
            self.ops.append(f"{scale * 100:.2f} Tz")
            self.glyph_tc = None
        self._move(x)
        self.array.append(f"<{chunk.hex()}>")
        tc = self.state.tc or 0.0
        self.pen = x + (advance + tc) * scale
        self.glyph_tc = tc
        if scale != 1.0:
            self._flush()
            self.ops.append("100 Tz")
            self.glyph_tc = None

    def _name(self, ttf, font: str, subset: int) -> tuple[str, str]:
        """The PDF name of a font subset, and the operator selecting it."""
        name = ttf.getSubsetInternalName(subset, self.doc)
        self.names[font, subset, self.size] = name, f"{name} {self.size:g} Tf"
        return self.names[font, subset, self.size]

    def _select(self, ttf, font: str, subset: int) -> None:
        name, select = self.names.get((font, subset, self.size)) or self._name(ttf, font, subset)
        if name != self.state.font:
            self._flush()
            self.ops.append(select)
            self.state.font = name

    def _move(self, x: float) -> None:
        """Get the pen to x: a TJ offset, else Td (see the class docstring).
        The pen follows the rounded figures written, so rounding never
        accumulates."""
        opening = not self.array
        if not opening or (self.glyph_tc is not None and self.glyph_tc == self.state.tc):
            offset = round((self.pen - x) * 1000 / self.size, 1)
            if offset or opening:
                self.array.append(f"{offset:g}")
                self.pen -= offset * self.size / 1000
        else:
            move = round(x - self.origin, 2)
            if move:
                self.ops.append(f"{move:g} 0 Td")
                self.origin += move
            self.pen = self.origin

    def mark(self, operator: str) -> None:
        """A marked-content operator between the glyphs (a span of another language opens or closes)."""
        self._flush()
        self.ops.append(operator)

    def _flush(self) -> None:
        if self.array:
            self.ops.append(f"[{' '.join(self.array)}] TJ")
            self.array.clear()

    def code(self, x: float, y: float) -> str:
        self._flush()
        return f"BT 1 0 0 1 {x:.3f} {y:.3f} Tm {' '.join(self.ops)} ET"
