"""briefgen's paragraph typesetter: a reportlab Flowable with its own line
breaker (linebreak.py), drawing straight onto the canvas.

Rules, from W3C clreq and GB/T 15834 (see linebreak.py and chars.py):
per-script font runs; no prohibited mark at a line start or end; 2-em dashes,
ellipses, Latin words and numbers with their units never split; punctuation
compressed before a character is pushed; Chinese lines filled to the measure;
¼ em between Han and Latin letters or digits, as spacing, never a character.

English is justified with pyphen hyphenation rather than set ragged: a
brief reads as a block of justified columns, and in the parallel layout the
English column faces a justified Chinese one. Rivers come from loose lines,
so word spaces are bounded: 0.8x the space to ½ em normally (breaks are
chosen with Knuth–Plass demerits, hyphen candidates in every straddling
word, and total fit for any paragraph left with a loose line); a line that
still cannot be filled may open its spaces to 1 em, and beyond that is left
ragged rather than stretched into holes.

Copy/paste: spacing is Tc/Tw and TJ offsets, never a space glyph, and no
gap between two glyph boxes ever exceeds 2.8 pt, under pdfminer's 3 pt word
gap, so pdfplumber adds no space. poppler (pdftotext) starts a new word at a
gap over 0.1 em, so a line with a wider gap (Han–Latin spacing, loose
tracking) is wrapped in a marked-content span whose /ActualText is the
line's source text, which poppler returns instead of guessing spaces. So is
a line that ends in a hyphen of the source ("mid- to"), which poppler would
otherwise take for a hyphenation and join to the next line.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from ..languages import profile
from . import fonts
from .chars import CJK_DASHES, classify
from .linebreak import EPS, Line, Prepared, Spacing, break_lines, spacing

ASCENT, DESCENT = 0.88, 0.12  # the CJK em box around the baseline
WORD_GAP = 0.08  # em: wider gaps need /ActualText (poppler splits words at 0.1 em)


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None  # external link (http/https/mailto)
    dest: str | None = None  # internal destination name


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph is set. In Chinese, 'left' sets every line but the last
    to the full measure like 'justify' (all characters are one em, so a ragged
    edge would only show where a rule pushed a character); 'center' and
    'right' never stretch."""

    lang: str  # 'zh' or 'en'
    family: str = "serif"  # 'serif' | 'sans'
    size: float = 10.5
    leading: float | None = None  # None: 1.75 x size in Chinese, 1.4 x in English
    first_indent_em: float = 0.0
    align: str = "justify"  # 'justify' | 'left' | 'center' | 'right'
    color: tuple[float, float, float] = (0, 0, 0)
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False

    @property
    def line_height(self) -> float:
        return self.leading or self.size * profile(self.lang).leading

    @property
    def effective_align(self) -> str:
        """The alignment that governs stretching."""
        return "justify" if profile(self.lang).justify_left and self.align == "left" else self.align


class MissingGlyphError(ValueError):
    """A character that none of the brief's faces can draw (never set as tofu)."""


# -- fonts and widths -----------------------------------------------------------


class _Widths(dict):
    """Advance widths in points of one face at one size, filled on demand."""

    def __init__(self, name: str, size: float):
        super().__init__()
        face = pdfmetrics.getFont(name).face
        self._table, self._default, self._scale = face.charWidths, face.defaultWidth, size / 1000

    def __missing__(self, char: str) -> float:
        self[char] = width = self._table.get(ord(char), self._default) * self._scale
        return width


@cache
def _widths(name: str, size: float) -> _Widths:
    widths = _Widths(name, size)
    if name in _CJK_NAMES:
        widths.update(dict.fromkeys(CJK_DASHES, float(size)))  # drawn as full em boxes
    return widths


_CJK_NAMES = {f.name for key, f in fonts.FACES.items() if key[0] == "cjk"}


@cache
def _covered(name: str) -> frozenset[str]:
    return frozenset(map(chr, pdfmetrics.getFont(name).face.charToGlyph))


@cache
def _dash_geometry(name: str, char: str) -> tuple[float, float]:
    """(horizontal scale, advance in em) that make two dashes one unbroken
    2-em rule: Noto CJK's U+2014 is proportional and its ink stops short."""
    advance, ink_left, ink_right = fonts.ink_extent(name, char)
    scale = max(2.0 / (ink_right + advance - ink_left), 1.0) * 1.01
    return scale, advance


class _Run(NamedTuple):
    start: int
    stop: int
    font: str
    cjk: bool  # Han and CJK punctuation in their own face: Tc takes the even spacing


_SCRIPT_RUN = re.compile("[HP]+|[LNS]+")


def _font_runs(text: str, cls: str, spans: Sequence[Span], bounds: list[int], family: str) -> list[_Run]:
    runs: list[_Run] = []
    for span, start, stop in zip(spans, bounds, bounds[1:]):
        for m in _SCRIPT_RUN.finditer(cls, start, stop):
            script = "cjk" if cls[m.start()] in "HP" else "latin"
            runs += _covered_runs(text, m.start(), m.end(), script, family, span)
    return runs


@cache
def _face_pair(script: str, family: str, bold: bool, italic: bool) -> tuple[str, str]:
    """The face for a script run, and the other script's face as a fallback."""
    other = "latin" if script == "cjk" else "cjk"
    return fonts.font_name(script, family, bold, italic), fonts.font_name(other, family, bold, italic)


def _covered_runs(text: str, start: int, stop: int, script: str, family: str, span: Span) -> list[_Run]:
    """Split a script run where its face lacks a glyph and the other face has it."""
    primary, other = _face_pair(script, family, span.bold, span.italic)
    missing = set(text[start:stop]) - _covered(primary)
    if not missing:
        return [_Run(start, stop, primary, script == "cjk")]
    lost = missing - _covered(other)
    if lost:
        raise MissingGlyphError("no glyph for " + ", ".join(f"U+{ord(c):04X} {c}" for c in sorted(lost)))
    runs, k = [], start
    while k < stop:
        use = other if text[k] in missing else primary
        j = k + 1
        while j < stop and (text[j] in missing) == (use == other):
            j += 1
        runs.append(_Run(k, j, use, script == "cjk" and use == primary))
        k = j
    return runs


# -- the prepared paragraph -------------------------------------------------------


class _Paragraph:
    """Everything about a paragraph that does not depend on the measure."""

    def __init__(self, spans: Sequence[Span], style: TextStyle):
        self.style = style
        self.spans = [s for s in spans if s.text]
        self.text = "".join(s.text for s in self.spans).translate(_WHITESPACE)
        self.bounds = [0]
        for s in self.spans:
            self.bounds.append(self.bounds[-1] + len(s.text))
        cls = classify(self.text, style.lang)
        self.runs = _font_runs(self.text, cls, self.spans, self.bounds, style.family)
        self.run_starts = [r.start for r in self.runs]
        widths: list[float] = []
        for r in self.runs:
            widths += map(_widths(r.font, style.size).__getitem__, self.text[r.start:r.stop])
        latin = _widths(fonts.font_name("latin", style.family), style.size)
        self.prep = Prepared(self.text, cls, widths, style.size, style.lang, space_width=latin[" "],
                             hyphen_width=latin["-"], hyphenate=style.effective_align == "justify")
        self.dashes = [m.start() for m in _DASH.finditer(self.text)]

    def run_at(self, k: int) -> _Run:
        return self.runs[bisect_left(self.run_starts, k + 1) - 1]


_WHITESPACE = str.maketrans("\t\n\r\f\v", "     ")
_DASH = re.compile(f"[{CJK_DASHES}]")


# -- the flowable ---------------------------------------------------------------


class TextBlock(Flowable):
    """A paragraph set by briefgen's typesetter."""

    def __init__(self, spans: Sequence[Span], style: TextStyle):
        super().__init__()
        self._para = _Paragraph(spans, style)
        self._start, self._end = 0, len(self._para.text)
        self._head = self._tail = True  # holds the paragraph's first / last line
        self._measure: float | None = None
        self._lines: list[Line] = []
        self.style = style
        self.keepWithNext = style.keep_with_next

    @property
    def text(self) -> str:
        return self._para.text[self._start:self._end]

    @property
    def lines(self) -> list[Line]:
        return self._lines

    def _part(self, start: int, end: int, lines: list[Line], head: bool, tail: bool) -> TextBlock:
        part = TextBlock.__new__(TextBlock)
        Flowable.__init__(part)
        part._para, part._start, part._end, part._head, part._tail = self._para, start, end, head, tail
        part._measure, part._lines, part.style = self._measure, lines, self.style
        part.keepWithNext = self.keepWithNext and tail
        part.width, part.height = self.width, len(lines) * self.style.line_height
        return part

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._measure != availWidth:
            indent = self.style.first_indent_em * self.style.size if self._head else 0.0
            self._lines = break_lines(self._para.prep, self._start, self._end, availWidth, indent)
            self._measure = availWidth
        self.width, self.height = availWidth, len(self._lines) * self.style.line_height
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.style.space_before if self._head else 0.0

    def getSpaceAfter(self) -> float:
        return self.style.space_after if self._tail else 0.0

    def minWidth(self) -> float:
        """The widest piece that no line break can split."""
        prep, widest, a = self._para.prep, 0.0, self._start
        for m in re.finditer(b"\x00", bytes(prep.nobreak[self._start:self._end])):
            b = self._start + m.start()
            widest, a = max(widest, prep.natural(a, b)), b + 1
        return widest

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split between lines; never leave one line of a paragraph of three or
        more at a page foot (orphan) or head (widow)."""
        self.wrap(availWidth, availHeight)
        lines, count = self._lines, len(self._lines)
        fit = min(int((availHeight + EPS) // self.style.line_height), count - 1)
        if count - fit == 1:
            fit -= 1
        if fit < 2:
            return []
        cut = lines[fit].a
        head = self._part(self._start, cut, lines[:fit], self._head, False)
        if hasattr(self, "outline"):  # a heading's bookmark goes with its first line
            head.outline = self.outline
        return [head, self._part(cut, self._end, lines[fit:], False, self._tail)]

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        canvas.setFillColorRGB(*style.color)
        top = self.height - (style.line_height - style.size) / 2 - ASCENT * style.size
        state = _TextState()
        for index, line in enumerate(self._lines):
            _LineWriter(self._para, line, canvas).draw(top - index * style.line_height, state)


# -- drawing --------------------------------------------------------------------


class _LineWriter:
    """One line as one text object, positioned by Tc/Tw and TJ offsets."""

    def __init__(self, para: _Paragraph, line: Line, canvas):
        self.para, self.line, self.canvas = para, line, canvas
        self.style = para.style
        indent = para.style.first_indent_em * para.style.size if line.a == 0 else 0.0
        self.spacing: Spacing = spacing(para.prep, line, para.style.effective_align)
        self.x0 = indent + self.spacing.offset - para.prep.lead.get(line.a, 0.0)
        self.extras = sorted(self.spacing.extra.items())

    def x(self, k: int) -> float:
        """Where character k starts (k = b + 1: where the line ends), from the line's origin."""
        prep, a, b = self.para.prep, self.line.a, self.line.b
        gaps = min(k, b)  # the gap after b is the line break: no kern, no spacing
        natural = prep.p_nat[k] - prep.p_nat[a] - (prep.kern[b] if k > b else 0.0)
        extra = sum(v for g, v in self.extras if g < gaps)
        tracked = self.spacing.track * (prep.p_latin[gaps] - prep.p_latin[a])
        return natural + self.spacing.flex * (prep.p_flex[gaps] - prep.p_flex[a]) + tracked + extra

    def draw(self, baseline: float, state: _TextState) -> None:
        ops = _TextOps(self.canvas, self.para, state)
        flex, zh = self.spacing.flex, profile(self.style.lang).cjk
        for start, stop, run in self._chunks():
            ops.spacing((flex if run.cjk else self.spacing.track) if zh else 0.0, flex)
            if run.cjk and self.para.text[start] in CJK_DASHES:
                self._show_dash(ops, start, run)
            else:
                ops.show(start, stop, run.font, self.x(start))
        if self.line.hyphen:
            font = self.para.run_at(self.line.b).font
            ops.glyph("-", font, self.x(self.line.b + 1), _widths(font, self.style.size)["-"])
        code = ops.code(self.x0, baseline)
        source = self.para.text[self.line.a:self.line.b + 1] + ("-" if self.line.hyphen else "")
        if self._needs_actual_text(source):
            actual = ("\ufeff" + source).encode("utf-16-be").hex()
            code = f"/Span <</ActualText <{actual}>>> BDC {code} EMC"
        self.canvas._code.append(code)
        self._links(baseline)

    def _needs_actual_text(self, source: str) -> bool:
        """Would poppler guess wrong: a gap over WORD_GAP between two glyphs,
        or a hyphen of the source at the line's end?"""
        prep, a, b = self.para.prep, self.line.a, self.line.b
        gaps = prep.hl_gaps
        tracking = max(self.spacing.flex, self.spacing.track) if profile(self.style.lang).cjk else 0.0
        return (tracking > WORD_GAP * self.style.size or bisect_left(gaps, a) < bisect_left(gaps, b)
                or (source.endswith("- ") and not self.line.hyphen))

    def _chunks(self):
        """(start, stop, run) pieces that need no offset inside them."""
        a, b = self.line.a, self.line.b + 1
        prep = self.para.prep
        cuts = {g + 1 for g, _ in self.extras}
        kerns = prep.kern_gaps
        cuts.update(k + 1 for k in kerns[bisect_left(kerns, a):bisect_left(kerns, b)])
        dashes = self.para.dashes
        for k in dashes[bisect_left(dashes, a):bisect_left(dashes, b)]:
            cuts.update((k, k + 1))
        for run in self.para.runs[bisect_left(self.para.run_starts, a + 1) - 1:]:
            if run.start >= b:
                break
            lo, hi = max(run.start, a), min(run.stop, b)
            edges = [lo] + sorted(c for c in cuts if lo < c < hi) + [hi]
            for start, stop in itertools.pairwise(edges):
                yield start, stop, run

    def _show_dash(self, ops: _TextOps, k: int, run: _Run) -> None:
        """Stretch the dash so a pair joins; spread a run's overlap evenly."""
        text, size = self.para.text, self.style.size
        char = text[k]
        scale, advance = _dash_geometry(run.font, char)
        first = k
        while first > 0 and text[first - 1] == char:
            first -= 1
        last = k
        while last + 1 < len(text) and text[last + 1] == char:
            last += 1
        spare = size * (1 - advance * scale)
        shift = spare * ((k - first) / (last - first) if last > first else 0.5)
        ops.spacing(0.0, ops.tw)
        ops.glyph(char, run.font, self.x(k) + shift, advance * size, scale)

    def _links(self, baseline: float) -> None:
        para, a, b = self.para, self.line.a, self.line.b + 1
        size, pad = self.style.size, (self.style.line_height - self.style.size) / 2
        for span, start, stop in zip(para.spans, para.bounds, para.bounds[1:]):
            if not (span.href or span.dest) or stop <= a or start >= b:
                continue
            lo, hi = max(start, a), min(stop, b)
            rect = (self.x0 + self.x(lo), baseline - DESCENT * size - pad,
                    self.x0 + self.x(hi - 1) + para.prep.w[hi - 1], baseline + ASCENT * size + pad)
            if span.href:
                self.canvas.linkURL(span.href, rect, relative=1, thickness=0)
            else:
                self.canvas.linkRect("", span.dest, rect, relative=1, thickness=0)


# per document: (font, subset, size) -> ("/F3+1", "/F3+1 10.5 Tf")
_SUBSET_NAMES: WeakKeyDictionary = WeakKeyDictionary()


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

    def __init__(self, canvas, para: _Paragraph, state: _TextState):
        self.doc, self.size, self.state = canvas._doc, para.style.size, state
        self.text, self.p_w = para.text, para.prep.p_w
        self.names = _SUBSET_NAMES.setdefault(self.doc, {})
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
        if tw != state.tw and " " in self.text:
            self._flush()
            self.ops.append(f"{tw:.3f} Tw")
            state.tw = tw

    def show(self, start: int, stop: int, font: str, x: float) -> None:
        """The paragraph's characters start..stop-1, from x. (The hot loop:
        a CJK line switches font subsets, 256 glyphs each, a dozen times, so
        the subset switch is inlined.)"""
        ttf, text, p_w, array, state = pdfmetrics.getFont(font), self.text, self.p_w, self.array, self.state
        tc, tw = state.tc, self.tw
        for subset, chunk in ttf.splitString(text[start:stop], self.doc):
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
            x += p_w[end] - p_w[start] + tc * len(chunk)
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
        self.pen = x + (advance + self.state.tc) * scale
        self.glyph_tc = self.state.tc
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

    def _flush(self) -> None:
        if self.array:
            self.ops.append(f"[{' '.join(self.array)}] TJ")
            self.array.clear()

    def code(self, x: float, y: float) -> str:
        self._flush()
        return f"BT 1 0 0 1 {x:.3f} {y:.3f} Tm {' '.join(self.ops)} ET"
