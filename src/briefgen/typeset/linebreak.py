"""Line breaking and justification for one paragraph, independent of any PDF.

A paragraph is a string with one class letter per character (see chars.py)
and one natural advance per character. ``ParagraphMetrics`` turns it into per-gap
figures (gap k lies between characters k and k+1) and prefix sums, so that
the width, shrink and stretch of any candidate line cost next to nothing.

Breaking is a first fit with look-back, one line at a time: bisect for the
last character that fits when everything compressible is compressed, then
walk back over legal break points and keep the cheapest, with Knuth–Plass
style demerits (English adds the hyphenation points of the word straddling
the measure, with a penalty). Only a paragraph where that leaves a loose
line (a long number or word that would not fit a narrow measure) is set
again by total fit (Knuth–Plass over all its breaks), which spreads the
slack over the lines before. Chinese lines rarely have real choices (every
Han character is a break point and all are 1 em), so total fit everywhere
would cost far more time than it buys.

Remedies follow clreq: compress punctuation first (先挤进), and only then
push a character to the next line (后推出) and stretch.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, compress, pairwise, repeat
from operator import add, mul, sub

from ..languages import profile
from .chars import (
    LEAD_BLANK,
    NO_END_RE,
    NO_START_RE,
    NUMBER_UNIT_RE,
    TIED_SPACE_RE,
    TRAIL_BLANK,
    hyphen_points,
)

# pdfminer (and so pdfplumber) inserts a space wherever two glyph boxes are
# more than 3 pt apart; keep every gap we open below that.
MAX_GAP = 2.8
EPS = 1e-6
LINE_PENALTY = 10
HYPHEN_PENALTY = 50
LOOSE = (LINE_PENALTY + 101) ** 2  # demerits of a line stretched past ratio 1
SHORT_TAIL_SPREAD = 0.03  # em between characters a line may take on to spare the next a two-character end
SQUEEZE_FLOOR = 12  # the badness of any punctuation compression in Chinese (stretch ratio ≈ 0.5)
DOUBLE_HYPHEN_DEMERITS = 3000
FINAL_HYPHEN_DEMERITS = 5000  # a hyphen that leaves a word part alone on the last line

_LATIN_RUN = re.compile("[LN]{2,}")
_HAN_LATIN = re.compile("(?<=H)(?=L)|(?<=L)(?=H)")
_SPACE = re.compile("S")
_LETTERS = re.compile(r"[^\W\d_]+")
_INNER_DASH = re.compile(r"(?<=[^\W_])[—–](?=[^\W_])")
_PUNCT = re.compile("[" + re.escape(TRAIL_BLANK + LEAD_BLANK) + "]")


@dataclass(frozen=True)
class Line:
    first: int  # its first character's index in the paragraph
    last: int  # its last character's (inclusive)
    width: float  # the measure this line is set to
    hyphen: bool = False  # broken inside a word: draw a hyphen after its last character
    final: bool = False  # the paragraph's last line: not justified


class ParagraphMetrics:
    """Per-gap figures and prefix sums of one paragraph. Dense lists hold
    what every gap has (kern, flex); the rarer figures (compressible
    punctuation, Han–Latin gaps, line-end trims) are kept sparse."""

    def __init__(self, text: str, cls: str, widths: list[float], em: float,
                 lang: str, space_width: float, hyphen_width: float, hyphenate: bool = True):
        n = len(text)
        self.text, self.cls, self.w, self.em, self.lang = text, cls, widths, em, lang
        self.cjk = profile(lang).cjk  # the script mode: spacing, compression and justification follow it
        self.hyphen_width = hyphen_width
        self.hyphenate = hyphenate and profile(lang).hyphenate  # ragged text is not hyphenated
        self.kern = [0.0] * n  # natural adjustment of gap k
        self.squeeze: dict[int, float] = {}  # punctuation compression available at gap k
        self.hl_shrink: dict[int, float] = {}  # Han–Latin gap may shrink to ⅛ em
        self.hl_stretch: dict[int, float] = {}  # Han–Latin gap may grow to ½ em
        self.trim: dict[int, float] = {}  # dropped when a line ends after character k
        self.lead: dict[int, float] = {}  # dropped when a line (not the first) starts at k
        self.nobreak = bytearray(n)
        self._set_breaks()
        self._set_punctuation()
        self._set_han_latin()
        self._set_spaces(space_width)
        self.flex = self._flex_gaps()
        if self.cjk:  # even inter-character spacing, at most ¼ em
            self.flex_unit, self.flex_max = 0.1 * em, min(0.25 * em, MAX_GAP)
            # Last resort before a loose line: tighten by up to 1/20 em.
            self.flex_tighten = 0.05 * em
        else:  # word spaces between 0.8x and ½ em, 1 em on a lone loose line
            self.flex_unit, self.flex_max = 0.5 * space_width, max(0.5 * em - space_width, 0.0)
            self.flex_tighten = 0.0
        self.flex_limit = self.flex_max if self.cjk else max(em - space_width, self.flex_max)
        self._prefix_sums()

    # -- preparation -------------------------------------------------------

    def _forbid(self, start: int, stop: int) -> None:
        """No break at gaps start..stop-1."""
        if stop > start:
            self.nobreak[start:stop] = b"\x01" * (stop - start)

    def _set_breaks(self) -> None:
        text, cls, nobreak = self.text, self.cls, self.nobreak
        for m in NO_START_RE.finditer(text):
            nobreak[m.start() - 1] = 1
        for m in NO_END_RE.finditer(text):
            nobreak[m.start()] = 1
        for m in _LATIN_RUN.finditer(cls):  # Latin words and numbers
            self._forbid(m.start(), m.end() - 1)
            self._allow_after_dashes(m.start(), m.end())
        for m in NUMBER_UNIT_RE.finditer(text):  # 800亿, 2027年, ￥800
            self._forbid(m.start(), m.end() - 1)
        for m in TIED_SPACE_RE.finditer(text):  # 800 billion, RMB 1.5: a no-break space
            nobreak[m.start(m.lastindex or 0)] = 1
        for m in _SPACE.finditer(cls):  # break after a space, never before
            nobreak[m.start() - 1] = 1
        if text:
            nobreak[-1] = 0  # the paragraph's end (and any index -1 set above)

    def _allow_after_dashes(self, start: int, stop: int) -> None:
        """A line may break after a Latin em or en dash between two words or
        numbers (economy—and, 2023—2027), never before it."""
        text = self.text
        for m in _INNER_DASH.finditer(text, start, stop):
            self.nobreak[m.start()] = 0

    def _set_punctuation(self) -> None:
        """Full-width marks: line-end ½ em, adjacent pairs 2 em -> 1.5 em,
        and a single mark may give up its blank half mid-line when needed."""
        text, cls, w, em = self.text, self.cls, self.w, self.em
        half = em / 2
        marks = [k for k in (m.start() for m in _PUNCT.finditer(text))
                 if cls[k] == "P" and abs(w[k] - em) < EPS]
        for k in marks:
            if text[k] in TRAIL_BLANK:
                self.trim[k] = half
            elif k:  # an opening mark starting a continuation line sets flush left
                self.lead[k] = half
        paired = set()
        for k, j in pairwise(marks):
            if j == k + 1 and (text[k] in TRAIL_BLANK or text[j] in LEAD_BLANK):
                self.kern[k] -= half
                paired.add(k)
        for k in marks:
            if text[k] in TRAIL_BLANK and k + 1 < len(text) and k not in paired:
                self.squeeze[k] = self.squeeze.get(k, 0.0) + half
            elif text[k] in LEAD_BLANK and k > 0 and k - 1 not in paired:
                self.squeeze[k - 1] = self.squeeze.get(k - 1, 0.0) + half

    def _set_han_latin(self) -> None:
        """¼ em between Han and Latin letters or digits (⅛ to ½ em when
        justifying), kept under MAX_GAP so that extraction sees no space."""
        em = self.em
        natural = min(em / 4, MAX_GAP)
        shrink, stretch = max(natural - em / 8, 0.0), max(min(em / 2, MAX_GAP) - natural, 0.0)
        self.hl_gaps = [m.start() - 1 for m in _HAN_LATIN.finditer(self.cls)]
        for k in self.hl_gaps:
            self.kern[k] += natural
            self.hl_shrink[k], self.hl_stretch[k] = shrink, stretch

    def _set_spaces(self, space_width: float) -> None:
        """A line broken at a space keeps it as an invisible last glyph (so
        the break stays visible to the linter); its width does not count."""
        for m in _SPACE.finditer(self.cls):
            k = m.start()
            self.trim[k] = self.w[k]
            if not self.cjk:
                self.squeeze[k] = self.squeeze.get(k, 0.0) + 0.2 * space_width

    def _flex_gaps(self) -> bytes:
        """Gaps that take the even spacing: after a space, and in Chinese
        between two CJK characters. Latin words are never letterspaced."""
        cls, n = self.cls.encode("ascii"), len(self.cls)
        flex = int.from_bytes(cls.translate(_SPACE_MASK), "big")
        if self.cjk:  # as big-endian integers, byte k of X<<8 & X is cjk[k] & cjk[k+1]
            cjk = int.from_bytes(cls.translate(_CJK_MASK), "big")
            flex |= (cjk << 8) & cjk
        return flex.to_bytes(n, "big")

    def _latin_gaps(self) -> bytes:
        """Gaps inside a run of Latin-face characters (words, numbers, spaces)."""
        latin = int.from_bytes(self.cls.encode("ascii").translate(_LATIN_MASK), "big")
        return ((latin << 8) & latin).to_bytes(len(self.cls), "big")

    def _prefix_sums(self) -> None:
        w, kern, n = self.w, self.kern, len(self.w)
        natural = list(map(add, w, kern))
        shrink = list(map(mul, self.flex, repeat(self.flex_tighten)))
        for sparse in (self.squeeze, self.hl_shrink):
            for k, v in sparse.items():
                shrink[k] += v
        self.p_w = list(accumulate(w, initial=0.0))
        self.p_nat = list(accumulate(natural, initial=0.0))
        self.p_min = list(accumulate(map(sub, natural, shrink), initial=0.0))
        self.p_flex = list(accumulate(self.flex, initial=0))
        self.p_latin = list(accumulate(self._latin_gaps(), initial=0))
        self.squeeze_gaps = sorted(self.squeeze)
        self.kern_gaps = list(compress(range(n), kern))
        self._sums = {name: _SparseSum(getattr(self, name), gaps) for name, gaps in
                      (("squeeze", self.squeeze_gaps), ("hl_shrink", self.hl_gaps),
                       ("hl_stretch", self.hl_gaps))}

    # -- measuring ---------------------------------------------------------

    def natural(self, a: int, b: int, hyphen: bool = False) -> float:
        """Natural width of characters a..b set as one line."""
        width = self.p_nat[b + 1] - self.p_nat[a] - self.kern[b] - self.lead.get(a, 0.0)
        return width + self.hyphen_width if hyphen else width - self.trim.get(b, 0.0)

    def sum(self, name: str, a: int, b: int) -> float:
        """Total of a sparse per-gap figure over the gaps a..b-1."""
        return self._sums[name](a, b)

    def shrink(self, a: int, b: int) -> float:
        return self.sum("squeeze", a, b) + self.sum("hl_shrink", a, b)

    def stretch(self, a: int, b: int, per_flex: float) -> float:
        return self.sum("hl_stretch", a, b) + (self.p_flex[b] - self.p_flex[a]) * per_flex

    def tighten(self, a: int, b: int) -> float:
        return (self.p_flex[b] - self.p_flex[a]) * self.flex_tighten

    def minimum(self, a: int, b: int, hyphen: bool = False) -> float:
        return self.natural(a, b, hyphen) - self.shrink(a, b) - self.tighten(a, b)

    def last_fitting(self, a: int, measure: float) -> int:
        """The last character b such that a..b fits when fully compressed."""
        slack = self.em * 1.75  # bounds the line-edge corrections (trim, lead, kern)
        b = bisect_right(self.p_min, self.p_min[a] + measure + slack, lo=a + 1) - 2
        b = min(b, len(self.text) - 1)
        while b > a and self.minimum(a, b) > measure + EPS:
            b -= 1
        return b

    # -- choosing breaks ---------------------------------------------------

    def demerits(self, a: int, b: int, measure: float, hyphen: bool) -> float | None:
        """Knuth–Plass demerits of the line a..b, None if it cannot be set."""
        need = measure - self.natural(a, b, hyphen)
        if need < -EPS:
            room, tight = self.shrink(a, b), self.tighten(a, b)
            if -need > room + tight + EPS:
                return None
            if -need > room + EPS:  # tracking tightened: as bad as stretching
                badness = 1 + 100 * ((-need - room) / tight) ** 3
            elif self.cjk:  # compressing beats pushing a character (先挤进), but a
                # half-width mark mid-line reads as Latin: it costs a floor that a slightly
                # stretched line does not pay
                badness = SQUEEZE_FLOOR + 100 * (-need / room) ** 3
            else:
                badness = 100 * (-need / room) ** 3
        else:
            room = self.stretch(a, b, self.flex_unit)
            if need > self.stretch(a, b, self.flex_limit) + EPS:
                badness = 10_000.0 + need  # underfull, or tracked: a last resort
            else:
                badness = 100 * (need / room) ** 3 if room else 0.0
                badness += 1.0 if self.cjk and need > EPS else 0.0
        penalty = HYPHEN_PENALTY if hyphen else 0
        return (LINE_PENALTY + badness) ** 2 + penalty ** 2

    def hyphen_breaks(self, k: int) -> list[int]:
        """Hyphenation gaps of the English word around character k."""
        cls, text = self.cls, self.text
        start, stop = k, k
        while start > 0 and cls[start - 1] in "LN":
            start -= 1
        while stop < len(text) and cls[stop] in "LN":
            stop += 1
        gaps = []
        for m in _LETTERS.finditer(text, start, stop):
            gaps += [m.start() + p - 1 for p in hyphen_points(m.group())]
        return gaps

    def choose(self, a: int, end: int, measure: float, after_hyphen: bool) -> Line:
        """The best line starting at a, within characters a..end-1."""
        last = end - 1
        if self.minimum(a, last) <= measure + EPS:
            return Line(a, last, measure, final=end == len(self.text))
        b_hi = self.last_fitting(a, measure)
        best: tuple[float, int, bool] | None = None
        candidates = [(b, True) for b in self._hyphen_candidates(a, b_hi)]
        candidates += self._walk_back(a, b_hi, measure)
        for b, hyphen in candidates:
            d = self.demerits(a, b, measure, hyphen)
            if d is None:
                continue
            d += DOUBLE_HYPHEN_DEMERITS if hyphen and after_hyphen else 0
            d += FINAL_HYPHEN_DEMERITS if hyphen and self.minimum(b + 1, last) <= measure else 0
            if best is None or d < best[0]:
                best = (d, b, hyphen)
        if best is None:  # an unbreakable run longer than the measure
            return Line(a, max(b_hi, a), measure)
        return Line(a, best[1], measure, hyphen=best[2])

    def _hyphen_candidates(self, a: int, b_hi: int) -> list[int]:
        if not self.hyphenate or b_hi + 1 >= len(self.text) or not self.nobreak[b_hi]:
            return []
        return [k for k in self.hyphen_breaks(b_hi + 1) if a < k <= b_hi]

    def line_demerits(self, line: Line, after_hyphen: bool = False) -> float:
        if line.final:
            return 0.0
        d = self.demerits(line.first, line.last, line.width, line.hyphen)
        d = float("inf") if d is None else d
        return d + (DOUBLE_HYPHEN_DEMERITS if line.hyphen and after_hyphen else 0)

    def refit(self, a0: int, end: Line, measure) -> list[Line] | None:
        """Total fit of characters a0..end.last, ending with the line `end` does:
        Knuth–Plass over the legal breaks (and hyphenation points) inside."""
        nodes = [(b, False) for b in range(a0, end.last) if not self.nobreak[b]]
        if self.hyphenate:
            nodes += [(k, True) for m in _LETTERS.finditer(self.text, a0, end.last + 1)
                      for k in self.hyphen_breaks(m.start()) if a0 <= k < end.last]
            nodes.sort()
        nodes.append((end.last, end.hyphen))
        # best[i] = (break, demerits so far, back pointer, hyphen)
        best: list[tuple[int, float, int, bool]] = [(a0 - 1, 0.0, -1, False)]
        starts = [self.p_nat[a0]]  # natural position of each node's next line
        for b, hyphen in nodes:
            found = self._best_start(best, starts, b, hyphen, measure, end.final and b == end.last)
            if found is not None:
                best.append(found)
                starts.append(self.p_nat[b + 1])
        if best[-1][0] != end.last or best[-1][3] != end.hyphen:
            return None
        lines, i = [], len(best) - 1
        while i > 0:
            b, _, back, hyphen = best[i]
            a = best[back][0] + 1
            lines.append(Line(a, b, measure(a), hyphen, final=end.final and b == end.last))
            i = back
        return lines[::-1]

    def _best_start(self, best, starts, b: int, hyphen: bool, measure, last: bool):
        """The cheapest earlier node to start a line ending at b from."""
        end_position = self.p_nat[b + 1]
        top = None
        # lines under half the measure are never the best, but a last line
        shortest = 0.0 if last else 0.5 * measure(b)
        i = bisect_right(starts, end_position - shortest) - 1
        while i >= 0:
            prev, cost, _, prev_hyphen = best[i]
            a = prev + 1
            if self.minimum(a, b, hyphen) > measure(a) + EPS:
                break  # and any earlier start is longer still
            d: float | None
            if last:  # set ragged: only a hyphen before it costs
                d = FINAL_HYPHEN_DEMERITS if prev_hyphen else 0.0
            else:
                d = self.demerits(a, b, measure(a), hyphen)
            if d is not None:
                d += cost + (DOUBLE_HYPHEN_DEMERITS if hyphen and prev_hyphen else 0)
                if top is None or d < top[1]:
                    top = (b, d, i, hyphen)
            i -= 1
        return top

    def _walk_back(self, a: int, b_hi: int, measure: float) -> list[tuple[int, bool]]:
        """Legal breaks from b_hi back, up to the first that needs no shrink
        (any further back would only need more stretch)."""
        found = []
        nobreak = self.nobreak
        for b in range(b_hi, a - 1, -1):
            if nobreak[b]:
                continue
            found.append((b, False))
            if self.natural(a, b) <= measure + EPS:
                break
        return found


_CJK_MASK = bytes.maketrans(b"HPLNS", b"\x01\x01\x00\x00\x00")
_SPACE_MASK = bytes.maketrans(b"HPLNS", b"\x00\x00\x00\x00\x01")
_LATIN_MASK = bytes.maketrans(b"HPLNS", b"\x00\x00\x01\x01\x01")


class _SparseSum:
    """Range sums of a sparse per-gap figure: bisect into its sorted gaps."""

    def __init__(self, values: dict[int, float], gaps: list[int]):
        self.gaps = gaps
        self.cumulative = list(accumulate((values[k] for k in gaps), initial=0.0))

    def __call__(self, a: int, b: int) -> float:
        return self.cumulative[bisect_left(self.gaps, b)] - self.cumulative[bisect_left(self.gaps, a)]


def break_lines(p: ParagraphMetrics, start: int, end: int, width: float, indent: float) -> list[Line]:
    """Break characters start..end-1 into lines of the given measure; the
    first line is shortened by indent."""
    def measure(a: int) -> float:
        return width - indent if a == start else width

    lines: list[Line] = []
    a, hyphen = start, False
    while a < end:
        line = p.choose(a, end, measure(a), hyphen)
        lines.append(line)
        a, hyphen = line.last + 1, line.hyphen
    if lines and max(map(p.line_demerits, lines)) > LOOSE:
        refit = p.refit(start, lines[-1], measure)
        if refit and _total(p, refit) < _total(p, lines):
            lines = refit
    if p.cjk and end == len(p.text) and len(lines) > 1:
        _avoid_lone_character(p, lines)
    return lines


def _total(p: ParagraphMetrics, lines: list[Line]) -> float:
    total, after_hyphen = 0.0, False
    for line in lines:
        total += p.line_demerits(line, after_hyphen)
        after_hyphen = line.hyphen
    return total


def _avoid_lone_character(p: ParagraphMetrics, lines: list[Line]) -> None:
    """No last line of one Han character (孤字), nor of two where a small
    adjustment avoids it: pull it up by compressing the line before, else
    push one more character down to it (for two, only if the line before
    then stays within SHORT_TAIL_SPREAD of an em between its characters)."""
    tail, prev = lines[-1], lines[-2]
    han = p.cls[tail.first:tail.last + 1].rstrip("P")
    if han not in ("H", "HH"):
        return
    if p.minimum(prev.first, tail.last) <= prev.width + EPS:
        lines[-2:] = [Line(prev.first, tail.last, prev.width, final=True)]
        return
    spread = p.flex_max if han == "H" else SHORT_TAIL_SPREAD * p.em
    for b in range(prev.last - 1, prev.first, -1):
        if p.nobreak[b]:
            continue
        fills = p.natural(prev.first, b) + p.stretch(prev.first, b, spread) >= prev.width - EPS
        if fills and p.minimum(b + 1, tail.last) <= tail.width + EPS:
            lines[-2:] = [Line(prev.first, b, prev.width), Line(b + 1, tail.last, tail.width, final=True)]
        return


@dataclass(frozen=True)
class Spacing:
    """How a line is justified: even extra spacing on flex gaps plus
    per-gap extras (punctuation compression, Han–Latin gaps)."""
    flex: float
    extra: dict[int, float]
    offset: float = 0.0  # shift of the whole line (centre, right)
    track: float = 0.0  # last resort in Chinese: extra between the letters of Latin runs


def spacing(p: ParagraphMetrics, line: Line, align: str) -> Spacing:
    """Distribute a line's slack: compress punctuation, then Han–Latin gaps,
    then (last resort) tracking; or stretch Han–Latin gaps to ½ em, then
    spread the rest evenly."""
    a, b = line.first, line.last
    need = line.width - p.natural(a, b, line.hyphen)
    extra: dict[int, float] = {}
    if need < -EPS:
        rest = -need - _spread(p.squeeze, p.squeeze_gaps, a, b, -need, extra, sign=-1)
        rest -= _spread(p.hl_shrink, p.hl_gaps, a, b, rest, extra, sign=-1)
        flex = p.p_flex[b] - p.p_flex[a]
        return Spacing(-rest / flex if rest > EPS and flex else 0.0, extra)
    if align != "justify" or line.final:
        offset = {"center": need / 2, "right": need}.get(align, 0.0)
        return Spacing(0.0, extra, offset)
    rest = need - _spread(p.hl_stretch, p.hl_gaps, a, b, need, extra)
    flex = p.p_flex[b] - p.p_flex[a]
    per_gap = rest / flex if flex else 0.0
    if per_gap <= p.flex_limit + EPS:
        return Spacing(per_gap, extra)
    if not p.cjk:  # no rivers: leave the line ragged
        return Spacing(0.0, extra)
    # Chinese lines always fill the measure: track the Latin runs too
    rest -= flex * p.flex_limit
    inside = p.p_latin[b] - p.p_latin[a]
    return Spacing(p.flex_limit, extra, track=min(rest / inside, MAX_GAP) if inside else 0.0)


def _spread(values: dict[int, float], gaps: list[int], a: int, b: int, amount: float,
            extra: dict[int, float], sign: int = 1) -> float:
    """Use up to `amount` of the capacity in gaps a..b-1, proportionally;
    return how much was used."""
    inside = gaps[bisect_left(gaps, a):bisect_left(gaps, b)]
    total = sum(values[k] for k in inside)
    if total <= EPS:
        return 0.0
    used = min(amount, total)
    for k in inside:
        extra[k] = extra.get(k, 0.0) + sign * values[k] * used / total
    return used
