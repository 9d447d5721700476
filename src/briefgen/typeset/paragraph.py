"""briefgen's paragraph typesetter: a box (flow.Box) with its own line breaker
(linebreak.py), laid out as lines of positioned glyph runs (pagemodel.Text).

Rules, from W3C clreq and GB/T 15834 (see linebreak.py and chars.py):
per-script font runs; no prohibited mark at a line start or end; 2-em dashes,
ellipses, Latin words and numbers with their units never split; punctuation
compressed before a character is pushed; Chinese lines filled to the measure;
¼ em between Han and Latin letters or digits, as spacing, never a character.

English is justified, with pyphen hyphenation (never in a proper name, a
number, an address), rather than set ragged: a brief reads as a block of
justified columns. Breaks are chosen by total fit over the whole paragraph
(linebreak.py): word spaces between 0.75x the space and ½ em, the letters
tracked by under 1 % of an em along with them, a hyphen costing as much as a
line with ½-em spaces, at most two in a row. A narrow English column (under
25 em, as in the parallel layout) is set ragged right, lightly hyphenated.
Chinese is set to a whole number of characters (字数对齐), so that lines of
Han characters need no spacing at all.

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

import hashlib
import itertools
import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from ..languages import cjk_lang, profile
from ..pdf import fonts
from ..pdf.fonts import Family, Script
from . import keptlines
from . import pagemodel as pm
from .chars import CJK_DASHES, classify
from .flow import Box
from .linebreak import EPS, Line, ParagraphMetrics, Spacing, break_lines, spacing

ASCENT, DESCENT = 0.88, 0.12  # the CJK em box around the baseline
GRID_ROLES = ("paragraph", "list-item", "note", "quote", "attribution")  # Chinese text that may keep to a grid
GRID_SNAP = 0.02  # em: a width this close under a whole number of characters holds them
GRID_FROM = 6  # characters: narrower measures (labels, cells) keep their width
WORD_GAP = 0.08  # em: wider gaps need /ActualText (poppler splits words at 0.1 em)


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None  # external link (http/https/mailto)
    dest: str | None = None  # internal destination name
    hyphenate: bool = True  # False: a proper name, never broken at a hyphen
    lang: str | None = None  # its language, where it is not the paragraph's (one half of a bilingual title)


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph is set. In Chinese, 'left' sets every line but the last
    to the full measure like 'justify' (all characters are one em, so a ragged
    edge would only show where a rule pushed a character); 'center' and
    'right' never stretch."""

    lang: str  # a language profile's key (languages.PROFILES)
    family: Family = "serif"
    size: float = 10.5
    leading: float | None = None  # None: 1.75 x size in Chinese, 1.4 x in English
    first_indent_em: float = 0.0
    align: str = "justify"  # 'justify' | 'left' | 'center' | 'right'
    color: tuple[float, float, float] = (0, 0, 0)
    space_before: float = 0.0
    space_after: float = 0.0
    ragged_below_em: float = 0.0  # justified Latin text on a measure narrower than this is set ragged right

    def alignment_at(self, measure: float) -> str:
        """The alignment that governs stretching on this measure: a narrow column of Latin text is set ragged
        right (justified, its few words a line would open holes), Chinese is always filled."""
        align = self.effective_align
        narrow = measure < self.ragged_below_em * self.size
        return "left" if align == "justify" and narrow and not profile(self.lang).cjk else align

    def measure_at(self, width: float) -> float:
        """The measure lines are set to in this width: Chinese text justified to a whole number of characters
        (字数对齐), so that a line of Han characters needs no spacing; the rest takes the width."""
        whole = math.floor(width / self.size + GRID_SNAP)
        if self.effective_align != "justify" or not profile(self.lang).cjk or whole < GRID_FROM:
            return width  # a label or a cell is not running text
        return whole * self.size

    @property
    def baseline_depth(self) -> float:
        """How far below a line's top its baseline stands (the CJK em box centred in the line)."""
        return (self.line_height - self.size) / 2 + ASCENT * self.size

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
        face = fonts.metrics(name)
        self._table, self._default, self._scale = face.widths, face.default_width, size / 1000

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
    return frozenset(map(chr, fonts.metrics(name).covered))


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
    lang: str | None = None  # a language other than the paragraph's (a name given in Chinese in English)


_SCRIPT_RUN = re.compile("[HP]+|[LNS]+")


def _font_runs(text: str, cls: str, spans: Sequence[Span], bounds: list[int], style: TextStyle) -> list[_Run]:
    runs: list[_Run] = []
    own = profile(style.lang)
    han = None if own.cjk else cjk_lang()  # Han in a Latin-script text: a name given in Chinese
    for span, start, stop in zip(spans, bounds, bounds[1:]):
        for m in _SCRIPT_RUN.finditer(cls, start, stop):
            script: Script = "cjk" if cls[m.start()] in "HP" else "latin"
            lang = span.lang if span.lang != style.lang else None
            if lang is None and script == "cjk" and "H" in cls[m.start():m.end()]:
                lang = han
            runs += [run._replace(lang=lang) if lang else run
                     for run in _covered_runs(text, m.start(), m.end(), script, style.family, span)]
    return runs


@cache
def _face_pair(script: Script, family: Family, bold: bool, italic: bool) -> tuple[str, str]:
    """The face for a script run, and the other script's face as a fallback."""
    other: Script = "latin" if script == "cjk" else "cjk"
    return fonts.font_name(script, family, bold, italic), fonts.font_name(other, family, bold, italic)


def _covered_runs(text: str, start: int, stop: int, script: Script, family: Family, span: Span) -> list[_Run]:
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


@lru_cache(maxsize=4096)
def _prepared(spans: tuple[Span, ...], style: TextStyle) -> _Paragraph:
    """One paragraph prepared once a process: the same text in the same style is measured when the content is
    checked (a table's cells), composed twice (a lead-in's look-ahead), or set again in another PDF of the
    build (forked workers inherit what the check prepared)."""
    return _Paragraph(spans, style)


class _Paragraph:
    """Everything about a paragraph that does not depend on the measure, and its lines for each measure it
    has been set to (they are immutable: every block of the paragraph shares them)."""

    def __init__(self, spans: Sequence[Span], style: TextStyle):
        self.style = style
        self.spans = [s for s in spans if s.text]
        self.text = "".join(s.text for s in self.spans).translate(_WHITESPACE)
        self.bounds = [0]
        for s in self.spans:
            self.bounds.append(self.bounds[-1] + len(s.text))
        cls = classify(self.text, style.lang)
        self.runs = _font_runs(self.text, cls, self.spans, self.bounds, style)
        self.run_starts = [r.start for r in self.runs]
        widths: list[float] = []
        for r in self.runs:
            widths += map(_widths(r.font, style.size).__getitem__, self.text[r.start:r.stop])
        latin = _widths(fonts.font_name("latin", style.family), style.size)
        self.prep = ParagraphMetrics(self.text, cls, widths, style.size, style.lang, space_width=latin[" "],
                                     hyphen_width=latin["-"], kerning=self._kerning())
        # (whether it hyphenates is decided where it is wrapped)
        self.prep.protect([(start, stop) for span, start, stop in zip(self.spans, self.bounds, self.bounds[1:])
                           if not span.hyphenate])
        self.dashes = [m.start() for m in _DASH.finditer(self.text)]
        self._lines: dict[tuple[int, int, float, float, bool], list[Line]] = {}
        self._identity = ""  # of its spans and style, for the kept lines: made when first needed
        self._set: dict[tuple[Line, str], _LineSetter] = {}  # each line as set, by alignment

    def lines(self, start: int, end: int, measure: float, indent: float, ragged: bool) -> list[Line]:
        key = (start, end, measure, indent, ragged)
        if key not in self._lines:
            self.prep.hyphenate = profile(self.style.lang).hyphenate  # ragged too, lightly: a hyphen costs as
            # much as a line 8 em short
            self._lines[key] = self._broken(start, end, measure, indent, ragged)
        return self._lines[key]

    def _broken(self, start: int, end: int, measure: float, indent: float, ragged: bool) -> list[Line]:
        """Its lines, from the bundle of kept lines of the document being set, if there is one."""
        def search() -> list[Line]:
            return break_lines(self.prep, start, end, measure, indent, ragged)

        bundle = keptlines.current()
        if bundle is None:
            return search()
        if not self._identity:
            self._identity = hashlib.sha256(repr((self.spans, self.style)).encode()).hexdigest()
        key = keptlines.paragraph_key(self._identity, start, end, measure, indent, ragged, self.prep.hyphenate)
        return bundle.lines(key, search)

    def set_line(self, line: Line, align: str, baseline: float) -> pm.TextLine:
        """The line's glyph runs at this baseline; its runs are worked out once a process (a watch sets a
        brief again after each edit: most of its lines have not changed)."""
        key = (line, align)
        if key not in self._set:
            self._set[key] = _LineSetter(self, line, align)
        return self._set[key].set(baseline)

    def _kerning(self) -> dict[int, float]:
        """The fonts' pair adjustments inside each run (gap k: between characters k and k + 1)."""
        text, scale, kerns = self.text, self.style.size / 1000, {}
        for run in self.runs:
            table = fonts.kerning(run.font)
            if table:
                for k in range(run.start, run.stop - 1):
                    value = table.get(text[k:k + 2])
                    if value:
                        kerns[k] = value * scale
        return kerns

    def run_at(self, k: int) -> _Run:
        return self.runs[bisect_left(self.run_starts, k + 1) - 1]


_WHITESPACE = str.maketrans("\t\n\r\f\v", "     ")
_DASH = re.compile(f"[{CJK_DASHES}]")


# -- the box ------------------------------------------------------------------


class TextBlock(Box):
    """A paragraph set by briefgen's typesetter."""

    role: pm.Role

    def __init__(self, spans: Sequence[Span], style: TextStyle, role: pm.Role = "paragraph"):
        self._para = _prepared(tuple(spans), style)
        self._start, self._end = 0, len(self._para.text)
        self._head = self._tail = True  # holds the paragraph's first / last line
        self._measure: float | None = None
        self._align = style.effective_align  # on the measure last wrapped to
        self._lines: list[Line] = []
        self.style = style
        self.role, self.lang = role, style.lang
        self.node = None if role == "artifact" else pm.Node(role, style.lang)
        self.width = self.height = 0.0

    @property
    def text(self) -> str:
        return self._para.text[self._start:self._end]

    @property
    def lines(self) -> list[Line]:
        return self._lines

    def _part(self, start: int, end: int, lines: list[Line], head: bool, tail: bool) -> TextBlock:
        part = TextBlock.__new__(TextBlock)
        part._para, part._start, part._end, part._head, part._tail = self._para, start, end, head, tail
        part._measure, part._lines, part.style, part._align = self._measure, lines, self.style, self._align
        part.role, part.lang, part.outline, part.aliases, part.floats = self.role, self.lang, None, (), False
        part.node = self.node  # one paragraph, wherever its parts are set
        part.width, part.height = self.width, len(lines) * self.style.line_height
        return part

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._measure != avail_width:
            indent = self.style.first_indent_em * self.style.size if self._head else 0.0
            self._align = self.style.alignment_at(avail_width)
            measure = self.style.measure_at(avail_width)
            self._lines = self._para.lines(self._start, self._end, measure, indent, self._align != "justify")
            self._measure = avail_width
        self.width, self.height = avail_width, len(self._lines) * self.style.line_height
        return self.width, self.height

    def grid_line(self) -> tuple[float, float] | None:
        if self.role not in GRID_ROLES or not profile(self.style.lang).cjk:
            return None
        return self.style.line_height, self.style.baseline_depth

    def space_before(self) -> float:
        return self.style.space_before if self._head else 0.0

    def space_after(self) -> float:
        return self.style.space_after if self._tail else 0.0

    def split(self, avail_width: float, avail_height: float) -> list[Box]:
        """Split between lines; never leave one line of a paragraph of three or
        more at a page foot (orphan) or head (widow)."""
        self.wrap(avail_width, avail_height)
        lines, count = self._lines, len(self._lines)
        fit = min(int((avail_height + EPS) // self.style.line_height), count - 1)
        if count - fit == 1:
            fit -= 1
        if fit < 2:
            return []
        cut = lines[fit].first
        head = self._part(self._start, cut, lines[:fit], self._head, False)
        head.outline = self.outline  # a heading's bookmark goes with its first line
        return [head, self._part(cut, self._end, lines[fit:], False, self._tail)]

    def natural_width(self) -> float:
        """The width of the text set on one line, unstretched."""
        prep = self._para.prep
        return prep.natural(self._start, self._end - 1) if self._end > self._start else 0.0

    def last_line_end(self) -> tuple[float, float]:
        """Where the last line's text ends, and its baseline, in the block's coordinates (once wrapped)."""
        style, line = self.style, self._lines[-1]
        setter = _LineSetter(self._para, line, self._align)
        top = self.height - style.baseline_depth
        return setter.x0 + setter.x(line.last + 1), top - (len(self._lines) - 1) * style.line_height

    def draw(self) -> list[pm.Item]:
        style = self.style
        top = self.height - style.baseline_depth
        lines = [self._para.set_line(line, self._align, top - index * style.line_height)
                 for index, line in enumerate(self._lines)]
        return [pm.Text(lines, style.size, style.color, style.lang, self.role, " " in self._para.text, self.node)]


# -- setting a line -------------------------------------------------------------


class _LineSetter:
    """One line as glyph runs positioned by Tc/Tw and explicit offsets (pagemodel.TextLine)."""

    def __init__(self, para: _Paragraph, line: Line, align: str):
        self.para, self.line = para, line
        self.style = para.style
        indent = para.style.first_indent_em * para.style.size if line.first == 0 else 0.0
        self.spacing: Spacing = spacing(para.prep, line, align)
        self.x0 = indent + self.spacing.offset - para.prep.lead.get(line.first, 0.0)
        self.extras = sorted(self.spacing.extra.items())
        self._steps: tuple[list[pm.Step], str | None] | None = None  # what set() makes, at any baseline

    def x(self, k: int) -> float:
        """Where character k starts (k = b + 1: where the line ends), from the line's origin."""
        prep, a, b = self.para.prep, self.line.first, self.line.last
        gaps = min(k, b)  # the gap after b is the line break: no kern, no spacing
        natural = prep.p_nat[k] - prep.p_nat[a] - (prep.kern[b] if k > b else 0.0)
        extra = sum(v for g, v in self.extras if g < gaps)
        tracked = self.spacing.track * (prep.p_latin[gaps] - prep.p_latin[a])
        return natural + self.spacing.flex * (prep.p_flex[gaps] - prep.p_flex[a]) + tracked + extra

    def set(self, baseline: float) -> pm.TextLine:
        if self._steps is None:
            self._steps = self._runs()
        steps, actual = self._steps
        return pm.TextLine(self.x0, baseline, steps, actual, self._links(baseline))

    def _runs(self) -> tuple[list[pm.Step], str | None]:
        steps: list[pm.Step] = []
        flex, zh = self.spacing.flex, profile(self.style.lang).cjk
        text, p_w = self.para.text, self.para.prep.p_w
        for start, stop, run in self._chunks():
            char_space = flex if run.cjk and zh else 0.0 if run.cjk else self.spacing.track
            steps.append(pm.Spacing(char_space, flex))
            if run.cjk and text[start] in CJK_DASHES:
                steps += self._dash(start, run)
            else:
                steps.append(pm.Show(text[start:stop], run.font, self.x(start), p_w[start:stop + 1], run.lang))
        if self.line.hyphen:
            font = self.para.run_at(self.line.last).font
            steps.append(pm.Glyph("-", font, self.x(self.line.last + 1), _widths(font, self.style.size)["-"]))
        source = text[self.line.first:self.line.last + 1] + ("-" if self.line.hyphen else "")
        return steps, source if self._needs_actual_text(source) else None

    def _needs_actual_text(self, source: str) -> bool:
        """Would poppler guess wrong: a gap over WORD_GAP between two glyphs,
        or a hyphen of the source at the line's end?"""
        prep, a, b = self.para.prep, self.line.first, self.line.last
        gaps = prep.hl_gaps
        tracking = max(self.spacing.flex, self.spacing.track) if profile(self.style.lang).cjk else 0.0
        return (tracking > WORD_GAP * self.style.size or bisect_left(gaps, a) < bisect_left(gaps, b)
                or (source.endswith("- ") and not self.line.hyphen))

    def _chunks(self):
        """(start, stop, run) pieces that need no offset inside them."""
        a, b = self.line.first, self.line.last + 1
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

    def _dash(self, k: int, run: _Run) -> list[pm.Step]:
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
        return [pm.Spacing(0.0, None), pm.Glyph(char, run.font, self.x(k) + shift, advance * size, scale)]

    def _links(self, baseline: float) -> list[pm.Link]:
        para, a, b = self.para, self.line.first, self.line.last + 1
        size, pad = self.style.size, (self.style.line_height - self.style.size) / 2
        links = []
        for span, start, stop in zip(para.spans, para.bounds, para.bounds[1:]):
            if not (span.href or span.dest) or stop <= a or start >= b:
                continue
            lo, hi = max(start, a), min(stop, b)
            rect = (self.x0 + self.x(lo), baseline - DESCENT * size - pad,
                    self.x0 + self.x(hi - 1) + para.prep.w[hi - 1], baseline + ASCENT * size + pad)
            links.append(pm.Link(rect, span.href, span.dest, span.text.strip()))
        return links
