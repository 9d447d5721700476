"""Line breaking and justification for one paragraph, independent of any PDF.

A paragraph is a string with one class letter per character (see chars.py)
and one natural advance per character. ``ParagraphMetrics`` turns it into
per-gap figures (gap k lies between characters k and k+1) and prefix sums,
so that the width and the stretch and shrink of any candidate line cost next
to nothing.

Breaks are chosen by total fit (Knuth–Plass) over every legal break and
hyphenation point of the paragraph. The clreq rules are hard constraints:
a break is legal or it is not (chars.py, ``_set_breaks``). The house style
is costs. A line takes its slack from a fixed order of sources, and its
badness grows as it reaches into dearer ones:

- stretch: a line-end mark keeps its blank half (free); even spacing, up to
  3 % of an em between Chinese characters or word spaces up to ½ em; the
  ¼-em Han–Latin gaps, up to ½ em;
- shrink: word spaces down to 0.8x; Han–Latin gaps down to ⅛ em.

So sentence-internal marks stay full width mid-line (全角式): compression
happens at line ends and between adjacent marks only. As in TeX, a
paragraph that cannot be set so is set again in an emergency pass, which
may also spread Chinese to ¼ em or word spaces to 1 em, squeeze a mid-line
mark, tighten by 1/20 em, leave a line short (set ragged) or, for a word
longer than the measure, overfull. Both passes cost hyphens, two hyphens in
a row (never three), a hyphen before the last line, and a Chinese last line
of one or two characters. Text that is not justified is costed by how
short its lines fall (ragged right).

``spacing`` then spends each line's slack in the same order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, compress, pairwise
from operator import add

from ..languages import profile
from .chars import (
    HANGING,
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
SPREAD = 0.03  # em between Chinese characters: the most the house style spreads a line

# Badness (100 at a stretch ratio of 1) and demerits, as in Knuth and Plass.
LINE_PENALTY = 10
HYPHEN_PENALTY = 1000
HAN_LATIN_COST = 20  # the ¼-em Han–Latin gap varies only where spacing alone cannot set the line
EMERGENCY_COST = 1000  # spacing beyond the house style's
MILD_SQUEEZE = 0.5  # of a mid-line mark's blank half that it may give up in the house style (to ¾ em)
MILD_SQUEEZE_COST = 50
SQUEEZE_COST = 2500  # a half-width mark mid-line
TIGHTEN_COST = 5000
UNDERFULL_COST = 100_000  # a line left short
OVERFULL_COST = 1_000_000  # a word longer than the measure
DOUBLE_HYPHEN_DEMERITS = 10_000
FINAL_HYPHEN_DEMERITS = 3 * HYPHEN_PENALTY ** 2  # a hyphen that leaves a word part alone on the last line
TOO_LONG = -1.0  # badness's answer for a line that cannot shrink enough
MAX_HYPHEN_RUN = 2  # hyphenated lines in a row
LONE_DEMERITS = 1e12  # a Chinese last line of one character (孤字)
SHORT_TAIL_DEMERITS = {"H": LONE_DEMERITS, "HH": 15_000}  # of one or two characters
RUNT = 4  # characters: an English last line this short ("2).") reads as a fragment
RUNT_DEMERITS = 100_000
TRACK_UNIT = 0.005  # em between the letters of an English line at stretch ratio 1 (under 1 % at most)
RAGGED_ROOM = 4.0  # em short of the measure that costs a ragged line badness 100

HANG_COST = 60

_LATIN_RUN = re.compile("[LN]{2,}")
_HAN_LATIN = re.compile("(?<=H)(?=L)|(?<=L)(?=H)")
_SPACE = re.compile("S")
_LETTERS = re.compile(r"[^\W\d_]+")
_INNER_DASH = re.compile(r"(?<=[^\W_])[—–](?=[^\W_])")
_PUNCT = re.compile("[" + re.escape(TRAIL_BLANK + LEAD_BLANK) + "]")
# Latin runs that are never hyphenated: addresses and anything with a digit
_UNHYPHENATED = re.compile(r"\S*(?:://|www\.|@|\d)\S*")


@dataclass(frozen=True)
class Line:
    first: int  # its first character's index in the paragraph
    last: int  # its last character's (inclusive)
    width: float  # the measure this line is set to
    hyphen: bool = False  # broken inside a word: draw a hyphen after its last character
    final: bool = False  # the paragraph's last line: not justified


class ParagraphMetrics:
    """Per-gap figures of one paragraph and their prefix sums, so that the
    natural width, and what each source of stretch and shrink can give, of
    any candidate line are a few subtractions."""

    def __init__(self, text: str, cls: str, widths: list[float], em: float,
                 lang: str, space_width: float, hyphen_width: float, hyphenate: bool = True,
                 kerning: dict[int, float] | None = None):
        n = len(text)
        self.text, self.cls, self.w, self.em, self.lang = text, cls, widths, em, lang
        self.cjk = profile(lang).cjk  # the script mode: spacing, compression and justification follow it
        self.hyphen_width = hyphen_width
        self.hyphenate = hyphenate and profile(lang).hyphenate  # ragged text is not hyphenated
        self.kern = [0.0] * n  # natural adjustment of gap k: the font's kerning, then spacing rules
        for k, value in (kerning or {}).items():
            self.kern[k] = value
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
        if self.cjk:  # even spacing between characters: up to 3 % of an em, ¼ em in an emergency
            self.unit = self.spread = SPREAD * em
            self.flex_limit = min(0.25 * em, MAX_GAP)
            self.space_shrink, self.tighten_unit, self.track_unit = 0.0, 0.05 * em, 0.0
        else:  # word spaces between 0.75x and ½ em, 1 em in an emergency
            self.unit, self.spread = 0.5 * space_width, max(0.5 * em - space_width, 0.0)
            self.flex_limit = max(em - space_width, self.spread)
            self.space_shrink, self.tighten_unit = 0.25 * space_width, 0.0
            self.track_unit = TRACK_UNIT * em  # and the letters, a little, along with the spaces
        self.most = self.spread / self.unit if self.unit else 0.0  # the stretch ratio the house style allows
        # a line-end mark may keep its blank half: the line then ends short of the margin by as much
        self.give = {k: v for k, v in self.trim.items() if cls[k] == "P"}
        # ... or hang its ink half past the margin (a pause mark; 允许标点溢出边界)
        self.hang = {k: v for k, v in self.give.items() if text[k] in HANGING}
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
        w, kern, flex = self.w, self.kern, self.flex
        self.p_w = list(accumulate(w, initial=0.0))
        self.p_nat = list(accumulate(map(add, w, kern), initial=0.0))
        self.p_flex = list(accumulate(flex, initial=0))
        self.p_latin = list(accumulate(self._latin_gaps(), initial=0))
        self.p_hls, self.p_hlk = self._prefix(self.hl_stretch), self._prefix(self.hl_shrink)
        self.p_sq = self._prefix(self.squeeze)
        self.squeeze_gaps = sorted(self.squeeze)
        self.kern_gaps = list(compress(range(len(w)), kern))
        self._bounds: dict[bool, tuple[list[float], list[float]]] = {}
        self.protected = bytearray()

    def _prefix(self, values: dict[int, float]) -> list[float]:
        """Prefix sums of a sparse per-gap figure."""
        if not values:
            return [0.0] * (len(self.w) + 1)
        dense = [0.0] * len(self.w)
        for k, v in values.items():
            dense[k] = v
        return list(accumulate(dense, initial=0.0))

    # -- measuring ---------------------------------------------------------

    def natural(self, a: int, b: int, hyphen: bool = False) -> float:
        """Natural width of characters a..b set as one line."""
        width = self.p_nat[b + 1] - self.p_nat[a] - self.kern[b] - self.lead.get(a, 0.0)
        return width + self.hyphen_width if hyphen else width - self.trim.get(b, 0.0)

    def minimum(self, a: int, b: int, hyphen: bool = False, emergency: bool = True) -> float:
        """The width of a..b with everything compressible compressed (in an emergency, mid-line marks too)."""
        flex = self.p_flex[b] - self.p_flex[a]
        shrink = self.shrink_room(a, b, flex) + self.p_hlk[b] - self.p_hlk[a]
        marks = self.p_sq[b] - self.p_sq[a]
        shrink += marks + flex * self.tighten_unit if emergency else MILD_SQUEEZE * marks
        shrink += 0.0 if hyphen else self.hang.get(b, 0.0)
        return self.natural(a, b, hyphen) - shrink

    def bounds(self, emergency: bool) -> tuple[list[float], list[float]]:
        """Prefix sums of each gap's least and greatest width in a pass: a line a..b is within a few ems of
        p_lo[b + 1] - p_lo[a] at its narrowest and of p_hi[b + 1] - p_hi[a] at its widest."""
        if emergency not in self._bounds:
            self._bounds[emergency] = self._make_bounds(emergency)
        return self._bounds[emergency]

    def _make_bounds(self, emergency: bool) -> tuple[list[float], list[float]]:
        spread = self.flex_limit if emergency else self.spread
        shrink = {"flex": self.space_shrink + (self.tighten_unit if emergency else 0.0), "latin": self.track_unit,
                  "hlk": 1.0, "sq": 1.0 if emergency else MILD_SQUEEZE}
        stretch = {"flex": spread, "latin": self.track_unit * self.most, "hls": 1.0}
        return self._combine(shrink, -1.0), self._combine(stretch, 1.0)

    def _combine(self, weights: dict[str, float], sign: float) -> list[float]:
        """p_nat plus (or minus) the weighted prefix sums that are not all zero."""
        total = self.p_nat
        for name, weight in weights.items():
            prefix = getattr(self, "p_" + name)
            if weight and prefix[-1]:
                weight *= sign
                total = [t + weight * x for t, x in zip(total, prefix)]
        return total

    def badness(self, a: int, b: int, measure: float, hyphen: bool, emergency: bool,
                ragged: bool) -> float | None:
        """How far the line a..b is from its natural setting, by the dearest source of slack it must use;
        None if the pass cannot set it, TOO_LONG if it cannot because it is too long (so is any longer)."""
        need = measure - self.natural(a, b, hyphen)
        flex = self.p_flex[b] - self.p_flex[a]
        if need < -EPS:
            bad = self._shrink_badness(a, b, -need, flex, hyphen, emergency)
            return TOO_LONG if bad is None and not hyphen else bad
        if not hyphen:
            need -= self.give.get(b, 0.0)
        if need <= EPS:
            return 0.0
        if ragged:
            return _cube(need, RAGGED_ROOM * self.em)
        room = self.stretch_room(a, b, flex)
        first = self.most * room
        if need <= first + EPS:
            return _cube(need, room)
        base = _cube(first, room)
        need -= first
        han_latin = self.p_hls[b] - self.p_hls[a]
        if need <= han_latin + EPS:
            return base + HAN_LATIN_COST + _cube(need, han_latin)
        if emergency and flex and need <= flex * (self.flex_limit - self.spread) + EPS:
            return EMERGENCY_COST + _cube(first + need, room)
        return None

    def stretch_room(self, a: int, b: int, flex: int) -> float:
        """What the line a..b stretches by at ratio 1: its flex gaps and, in English, its letters."""
        return flex * self.unit + (self.p_latin[b] - self.p_latin[a]) * self.track_unit

    def shrink_room(self, a: int, b: int, flex: int) -> float:
        """What its word spaces and letters give up at most."""
        return flex * self.space_shrink + (self.p_latin[b] - self.p_latin[a]) * self.track_unit

    def _shrink_badness(self, a: int, b: int, need: float, flex: int, hyphen: bool,
                        emergency: bool) -> float | None:
        spaces = self.shrink_room(a, b, flex)
        if need <= spaces + EPS:
            return _cube(need, spaces)
        need -= spaces
        base = 100.0 if spaces else 0.0
        han_latin = self.p_hlk[b] - self.p_hlk[a]
        if need <= han_latin + EPS:
            return base + HAN_LATIN_COST + _cube(need, han_latin)
        need -= han_latin
        marks = self.p_sq[b] - self.p_sq[a]
        if need <= MILD_SQUEEZE * marks + EPS:  # each mid-line mark keeps at least ¾ em
            return base + MILD_SQUEEZE_COST + _cube(need, MILD_SQUEEZE * marks)
        need -= MILD_SQUEEZE * marks
        hang = 0.0 if hyphen else self.hang.get(b, 0.0)
        if need <= hang + EPS:
            return base + HANG_COST + _cube(need, hang)
        if not emergency:
            return None
        need -= hang
        marks *= 1 - MILD_SQUEEZE
        if need <= marks + EPS:
            return SQUEEZE_COST + _cube(need, marks)
        need -= marks
        tight = flex * self.tighten_unit
        if need <= tight + EPS:
            return TIGHTEN_COST + _cube(need, tight)
        return None

    def short_tail(self, a: int, b: int) -> float:
        """Demerits of a last line a..b of one or two Han characters (孤字, and its near relation), or in
        English of a runt of a few characters."""
        if self.cjk:
            return SHORT_TAIL_DEMERITS.get(self.cls[a:b + 1].rstrip("P"), 0.0)
        return RUNT_DEMERITS if len(self.text[a:b + 1].strip()) <= RUNT else 0.0

    # -- where lines may end -------------------------------------------------

    def hyphen_breaks(self, start: int, stop: int) -> list[int]:
        """The gaps in characters start..stop-1 after which a word may be hyphenated."""
        text = self.text
        gaps = []
        for run in _LATIN_RUN.finditer(self.cls, start, stop):
            if _UNHYPHENATED.fullmatch(text, run.start(), run.end()):
                continue
            for m in _LETTERS.finditer(text, run.start(), run.end()):
                gaps += [m.start() + p - 1 for p in hyphen_points(m.group())]
        protected = self.protected
        return [k for k in gaps if not protected or not protected[k]]

    def protect(self, ranges: list[tuple[int, int]]) -> None:
        """Never hyphenate inside these character ranges (proper names)."""
        if ranges:
            self.protected = bytearray(len(self.text))
            for start, stop in ranges:
                self.protected[start:stop] = b"\x01" * (stop - start)


def _cube(x: float, room: float) -> float:
    return 100 * (x / room) ** 3 if room > EPS else 0.0


_CJK_MASK = bytes.maketrans(b"HPLNS", b"\x01\x01\x00\x00\x00")
_SPACE_MASK = bytes.maketrans(b"HPLNS", b"\x00\x00\x00\x00\x01")
_LATIN_MASK = bytes.maketrans(b"HPLNS", b"\x00\x00\x01\x01\x01")


def break_lines(p: ParagraphMetrics, start: int, end: int, width: float, indent: float,
                ragged: bool = False) -> list[Line]:
    """Break characters start..end-1 into lines of the given measure, the
    first shortened by indent: the house style's pass, else the emergency's."""
    if end <= start:
        return []
    if p.minimum(start, end - 1, emergency=False) <= width - indent + EPS:  # one line holds it all
        return [Line(start, end - 1, width - indent, final=end == len(p.text))]
    fit = _TotalFit(p, start, end, width, indent, ragged)
    lines = fit.run(emergency=False) or fit.run(emergency=True)
    assert lines, "the emergency pass sets every paragraph"
    return lines


class _TotalFit:
    """Knuth–Plass over the paragraph's break nodes, one pass at a time. A node is a character a line may
    end with (and whether it ends in a hyphen there); its states are the number of hyphenated lines in a
    row that end on it, each with the cheapest way there."""

    def __init__(self, p: ParagraphMetrics, start: int, end: int, width: float, indent: float, ragged: bool):
        self.p, self.start, self.end, self.width, self.indent, self.ragged = p, start, end, width, indent, ragged
        nobreak = p.nobreak
        nodes = [(b, False) for b in range(start, end - 1) if not nobreak[b]]
        if p.hyphenate:
            nodes += [(k, True) for k in p.hyphen_breaks(start, end) if start <= k < end - 1]
            nodes.sort()
        nodes.append((end - 1, False))
        self.nodes = self.house_nodes = nodes
        self.final = end == len(p.text)
        # the corrections at a line's edges, which the prefix bounds leave out: at most this much narrower
        # (line-end trim, kern and hang, line-start lead) or wider (a pair's kern, a hyphen, a kept blank half)
        self.narrower, self.wider = 2.25 * p.em, p.em + p.hyphen_width

    def measure(self, a: int) -> float:
        return self.width - self.indent if a == self.start else self.width

    def _with_forced_breaks(self, nodes: list[tuple[int, bool]]) -> list[tuple[int, bool]]:
        """The nodes, and in an emergency a break at every character of a word or number longer than the
        measure (drawn without a hyphen: there is no better place)."""
        p, forced, previous = self.p, [], self.start - 1
        for b, _ in nodes:
            if b - previous > 1 and p.minimum(previous + 1, b) > self.width + EPS:
                forced += [(k, False) for k in range(previous + 1, b)]
            previous = b
        return sorted(nodes + forced) if forced else nodes

    def run(self, emergency: bool) -> list[Line] | None:
        self.nodes = self._with_forced_breaks(self.house_nodes) if emergency else self.house_nodes
        p, nodes, ragged = self.p, self.nodes, self.ragged
        last = len(nodes) - 1
        p_lo, p_hi = p.bounds(emergency)
        ends_lo = [p_lo[b + 1] for b, _ in nodes]
        ends_hi = [p_hi[b + 1] for b, _ in nodes]
        best: list[dict[int, tuple[float, int, int]]] = [{} for _ in nodes]
        badness, push, narrower, wider = p.badness, self._push, self.narrower, self.wider
        for i in range(-1, last):
            states = {0: (0.0, -1, 0)} if i < 0 else best[i]
            if not states:
                continue
            a = self.start if i < 0 else nodes[i][0] + 1
            measure = self.measure(a)
            hi = bisect_right(ends_lo, p_lo[a] + measure + narrower, lo=i + 1)
            lo = i + 1 if ragged else bisect_left(ends_hi, p_hi[a] + measure - wider, lo=i + 1, hi=hi)
            pushed = False
            for j in range(lo, min(hi, last)):
                b, hyphen = nodes[j]
                bad = badness(a, b, measure, hyphen, emergency, ragged)
                if bad is TOO_LONG:
                    break  # and every later end is longer still
                if bad is not None:
                    demerits = (LINE_PENALTY + bad) ** 2 + (HYPHEN_PENALTY ** 2 if hyphen else 0)
                    pushed |= push(best[j], states, i, demerits, hyphen)
            if hi > last and p.minimum(a, nodes[last][0], emergency=emergency) <= measure + EPS:
                tail = p.short_tail(a, nodes[last][0]) if i >= 0 and self.final else 0.0
                if emergency or tail < LONE_DEMERITS:  # one character alone: only if nothing else can be done
                    pushed |= self._push(best[last], states, i, tail, False, final=True)
            if not pushed and emergency:
                j, demerits = self._fallback(i, a, measure, min(hi, last + 1))
                self._push(best[j], states, i, demerits, False, final=j == last)
        if not best[last]:
            return None
        return self._lines(best)

    @staticmethod
    def _push(into: dict[int, tuple[float, int, int]], states: dict[int, tuple[float, int, int]], i: int,
              demerits: float, hyphen: bool, final: bool = False) -> bool:
        """Offer the line from node i (in each of its states) to the node it ends on."""
        pushed = False
        for run, (cost, _, _) in states.items():
            state = run + 1 if hyphen else 0
            if state > MAX_HYPHEN_RUN:
                continue
            total = cost + demerits
            if run and hyphen:
                total += DOUBLE_HYPHEN_DEMERITS
            elif run and final:
                total += FINAL_HYPHEN_DEMERITS
            held = into.get(state)
            if held is None or total < held[0]:
                into[state] = (total, i, run)
            pushed = True
        return pushed

    def _fallback(self, i: int, a: int, measure: float, hi: int) -> tuple[int, float]:
        """When no line from node i can be set: the longest that is not too long, left short; else the
        shortest, overfull (a word longer than the measure). Never at a hyphen: a hyphen run may be full."""
        p, nodes = self.p, self.nodes
        unhyphenated = [j for j in range(i + 1, len(nodes)) if not nodes[j][1]]
        for j in reversed([j for j in unhyphenated if j < hi]):
            if p.minimum(a, nodes[j][0]) <= measure + EPS:
                return j, (LINE_PENALTY + UNDERFULL_COST) ** 2
        return unhyphenated[0], (LINE_PENALTY + OVERFULL_COST) ** 2

    def _lines(self, best: list[dict[int, tuple[float, int, int]]]) -> list[Line]:
        nodes, last = self.nodes, len(self.nodes) - 1
        state = min(best[last], key=lambda s: best[last][s][0])
        lines, j = [], last
        while j >= 0:
            _, i, previous = best[j][state]
            b, hyphen = nodes[j]
            a = self.start if i < 0 else nodes[i][0] + 1
            lines.append(Line(a, b, self.measure(a), hyphen and j < last, final=j == last and self.final))
            j, state = i, previous
        return lines[::-1]


@dataclass(frozen=True)
class Spacing:
    """How a line is justified: even extra spacing on flex gaps plus
    per-gap extras (Han–Latin gaps, punctuation compression)."""
    flex: float
    extra: dict[int, float]
    offset: float = 0.0  # shift of the whole line (centre, right)
    track: float = 0.0  # last resort in Chinese: extra between the letters of Latin runs


def spacing(p: ParagraphMetrics, line: Line, align: str) -> Spacing:
    """Spend a line's slack in the order its badness priced it (ParagraphMetrics.badness)."""
    a, b = line.first, line.last
    need = line.width - p.natural(a, b, line.hyphen)
    flex = p.p_flex[b] - p.p_flex[a]
    extra: dict[int, float] = {}
    if need < -EPS:
        room = p.shrink_room(a, b, flex)
        ratio = min(-need / room, 1.0) if room > EPS else 0.0
        rest = -need - ratio * room
        rest -= _spread(p.hl_shrink, p.hl_gaps, a, b, rest, extra, sign=-1)
        rest -= _spread(p.squeeze, p.squeeze_gaps, a, b, rest, extra, sign=-1, scale=MILD_SQUEEZE)
        rest -= min(rest, 0.0 if line.hyphen else p.hang.get(b, 0.0))  # the line ends past the measure
        rest -= _spread(p.squeeze, p.squeeze_gaps, a, b, rest, extra, sign=-1, scale=1 - MILD_SQUEEZE)
        tighten = rest / flex if flex else 0.0
        return Spacing(-ratio * p.space_shrink - tighten, extra, track=-ratio * p.track_unit)
    if align != "justify" or line.final:
        offset = {"center": need / 2, "right": need}.get(align, 0.0)
        return Spacing(0.0, extra, offset)
    if not line.hyphen:
        need = max(need - p.give.get(b, 0.0), 0.0)
    room = p.stretch_room(a, b, flex)
    ratio = min(need / room, p.most) if room > EPS else 0.0
    rest = need - ratio * room
    rest -= _spread(p.hl_stretch, p.hl_gaps, a, b, rest, extra)
    per_gap = ratio * p.unit + (rest / flex if flex else 0.0)
    track = ratio * p.track_unit
    if rest <= EPS or per_gap <= p.flex_limit + EPS:
        return Spacing(per_gap, extra, track=track)
    if not p.cjk:  # no rivers: leave the line ragged
        return Spacing(0.0, extra)
    # Chinese lines always fill the measure: track the Latin runs too
    rest -= flex * (p.flex_limit - ratio * p.unit)
    inside = p.p_latin[b] - p.p_latin[a]
    return Spacing(p.flex_limit, extra, track=min(rest / inside, MAX_GAP) if inside else 0.0)


def _spread(values: dict[int, float], gaps: list[int], a: int, b: int, amount: float,
            extra: dict[int, float], sign: int = 1, scale: float = 1.0) -> float:
    """Use up to `amount` of the capacity (scaled) in gaps a..b-1, proportionally; return how much was used."""
    inside = gaps[bisect_left(gaps, a):bisect_left(gaps, b)]
    total = scale * sum(values[k] for k in inside)
    if total <= EPS or amount <= EPS:
        return 0.0
    used = min(amount, total)
    for k in inside:
        extra[k] = extra.get(k, 0.0) + sign * scale * values[k] * used / total
    return used
