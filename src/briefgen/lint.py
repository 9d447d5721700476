"""Check line breaking and justification of a produced PDF, from the PDF alone.

The linter reads characters with their positions (pdfplumber), never the
source text, and rebuilds lines and paragraphs geometrically:

* A *line* is a row of characters on one baseline, cut wherever two glyph
  boxes are more than one em apart (so facing columns become two lines).
* A *column* is a stack of lines of one size, each overlapping the one
  above horizontally and at most 2.5 em below it. Its left margin is its
  leftmost line start; its right margin is the right edge most lines share
  (the mode, within 0.5 pt; on a tie the rightmost), counting every line
  of the page in the same size from the same left margin. A column is
  running text only if that edge is shared by at least three lines and 25 %
  of them, no line runs more than an em past it, and the column is at least
  6 em wide: stacks of labels, folios, bullets, list items or contents
  entries are not checked.
* The column's leading is its most common baseline distance; a larger one
  (space between paragraphs) cuts the column into *runs*.
* A line is *full* when it reaches the right margin (within 0.5 pt).
  A line *wraps* onto the next one, i.e. both belong to one paragraph, when
  the next is not indented (by more than half an em) and the line is full
  or its run is a paragraph at all: at least half its lines but the last
  are full. A run of mostly short lines is a list or a table of contents,
  whose lines each end their own item.

A line's right edge is its last visible glyph's box, except that a
full-width stop or closing mark counts half an em: briefgen sets line-end
punctuation at ½ em (clreq), so its blank half hangs past the margin. In
the same way a line-start opening mark counts from its inked half.
A break at a space keeps the space as the line's last glyph (briefgen
always does), which is how a break between two words is told apart from a
word split without a hyphen.

Rules, at every wrap: the next line does not start with a
line-start-prohibited mark, this one does not end with a line-end-prohibited
mark; no Latin word is split except at a pyphen point with a hyphen; no
number is split from its unit or sign (in English across a space too:
800 | billion, RMB | 1.5, 1 | March); and a line that contains Chinese ends
within 0.5 pt of the right margin (Chinese is always justified in briefgen).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import codes
from .typeset.chars import (
    HANGING,
    LEAD_BLANK,
    NO_END,
    NO_START,
    NUMBER_HEAD_RE,
    NUMBER_TAIL_RE,
    TIED_SPACE_RE,
    TRAIL_BLANK,
    char_class,
    hyphen_points,
)

RULES = ("line_start", "line_end", "split_word", "split_number", "justify")
RULE_CODES = {"line_start": codes.LINE_START, "line_end": codes.LINE_END, "split_word": codes.SPLIT_WORD,
              "split_number": codes.SPLIT_NUMBER, "justify": codes.JUSTIFY}
TOLERANCE = 0.5  # pt, for the right margin
NARROWEST = 6  # em: a column narrower than this holds labels, not running text
SHARED = 0.25  # the share of a column's lines that must end on its right margin
RAGGED_LINES = 8  # a ragged column needs this many lines from its left edge on the page
RAGGED_MEASURE = 15  # em: and its widest line at least this wide
HYPHENS = ("-", "\u00ad")  # a hyphenated line ends in a hyphen, or a soft hyphen drawn as one (Typst's)
LEADER = "...."  # dots leading a contents entry to its page number
LIST_MARKERS = frozenset("•")  # a line that starts with one starts a list item: a paragraph of its own
ENUMERATOR = re.compile(r"[（(]\d{1,2}[）)]")  # so does a line that opens with （1）


@dataclass
class Offence:
    page: int
    y: float  # baseline, from the top of the page
    text: str
    rule: str
    x: float = 0.0  # the offending glyph's left edge: the line's first for line_start, else its last


MIDLINE_MARKS = frozenset("，、；：")  # sentence-internal marks: full width mid-line in the mainland style
HALF_WIDTH = 0.74  # em: a mark whose advance is under this has given up its blank half (¾ em: only a quarter)
ADJACENT = frozenset(LEAD_BLANK + TRAIL_BLANK)  # a mark before one of these shares an em and a half with it
LETTER_SPACED = 0.03  # em between Han characters: beyond it a line reads as spaced out
LOOSE_SPACE = 0.5  # em: a word space wider than this opens a hole


@dataclass
class Typography:
    """Figures of the running text's style, not rules (nothing here fails a lint): over the lines that wrap
    onto the next (a paragraph's last line is free to be short), as the typesetting issue measures them."""

    chinese_lines: int = 0  # wrapping lines holding Chinese
    midline_half_marks: int = 0  # of those: a ，、；： mid-line set narrower than ¾ em
    letter_spaced: int = 0  # of those: Han characters more than 3 % of an em apart (median)
    english_lines: int = 0  # wrapping lines without Chinese
    hyphenated: int = 0  # of those: ending in a hyphen within a word
    longest_hyphen_run: int = 0  # the most hyphenated lines in a row
    loose: int = 0  # of those: a word space over ½ em
    one_sided_white: float = 0.0  # pt of column height where one language's column has text, the other's none
    kern_pairs: int = 0  # pairs of letters, on any line, that the face kerns by 2 % of an em or more
    kerned: int = 0  # of those: drawn closer to kerned than to unkerned
    _run: int = 0

    def summary(self) -> str:
        def share(count: int, total: int) -> str:
            return f"{count} ({100 * count / total:.1f} %)" if total else "0"

        zh, en = self.chinese_lines, self.english_lines
        return (f"{zh} Chinese lines: mid-line half-width marks {share(self.midline_half_marks, zh)}, "
                f"letter-spaced {share(self.letter_spaced, zh)}; {en} English lines: "
                f"hyphenated {share(self.hyphenated, en)} (at most {self.longest_hyphen_run} in a row), "
                f"word space over ½ em {share(self.loose, en)}; kerning pairs drawn kerned "
                f"{share(self.kerned, self.kern_pairs)} of {self.kern_pairs}; "
                f"one-sided column white {self.one_sided_white:.0f} pt")


@dataclass
class LintReport:
    lines: int = 0  # lines checked
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RULES, 0))
    offences: list[Offence] = field(default_factory=list)
    justified_lines: int = 0  # non-final Chinese lines measured against their margin
    max_edge_error: float = 0.0  # pt, over those lines
    typography: Typography = field(default_factory=Typography)

    @property
    def ok(self) -> bool:
        return not any(self.counts.values())

    def add(self, line: _Line, rule: str) -> None:
        self.counts[rule] += 1
        glyph = line.visible[0] if rule == "line_start" else line.visible[-1]
        self.offences.append(Offence(line.page, round(line.y, 2), line.text, rule, round(glyph["x0"], 2)))


@dataclass
class _Line:
    page: int
    y: float
    baseline: float
    size: float
    chars: list[dict]
    item_start: bool = False  # a list marker hangs to its left: the line starts a list item

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def visible(self) -> list[dict]:
        return [c for c in self.chars if not c["text"].isspace()]

    @property
    def left(self) -> float:
        first = self.visible[0]
        if first["text"] in LEAD_BLANK and _full_width(first):
            return first["x1"] - first["size"] / 2  # line-start opening mark set flush
        return first["x0"]

    @property
    def right(self) -> float:
        last = self.visible[-1]
        if last["text"] in TRAIL_BLANK and _full_width(last):
            return last["x0"] + last["size"] / 2  # line-end punctuation set at ½ em
        return last["x1"]

    @property
    def chinese(self) -> bool:
        return any(_class(c["text"]) in "HP" for c in self.visible)


def _class(text: str) -> str:
    """A glyph's class by its first character (a ligature's text, "fi", has two)."""
    return char_class(text[0]) if text else ""


def _full_width(char: dict) -> bool:
    return abs(char["x1"] - char["x0"] - char["size"]) < 0.05


def lint_pdf(path: str | Path) -> LintReport:
    import pdfplumber

    from .pdf.fonts import kerning_tables

    kerns = kerning_tables()
    report = LintReport()
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines = _lines(page.chars, number, page.height)
            report.lines += len(lines)
            for line in lines:
                _count_kerning(line, kerns, report.typography)
            report.typography.one_sided_white += _one_sided_white(lines, page.width)
            columns = _columns(lines)
            for column in columns:
                _check_column(column, _measure(column, columns), report)
    return report


def _lines(chars: list[dict], page: int, height: float) -> list[_Line]:
    rows: dict[float, list[dict]] = {}
    for c in chars:
        if c.get("upright", True) and c["text"]:
            rows.setdefault(round(c["matrix"][5], 1), []).append(c)
    lines = []
    for baseline, row in sorted(rows.items(), reverse=True):
        row.sort(key=lambda c: c["x0"])
        segment = [row[0]]
        for c in row[1:]:
            if c["x0"] - segment[-1]["x1"] > max(c["size"], segment[-1]["size"]):
                lines.append(_line(segment, page, height, baseline))
                segment = []
            segment.append(c)
        lines.append(_line(segment, page, height, baseline))
    lines = [line for line in lines if line.visible]
    for marker, line in itertools.pairwise(lines):
        line.item_start = marker.baseline == line.baseline and marker.text.strip() in LIST_MARKERS
    for line in lines:
        line.item_start |= bool(ENUMERATOR.match(line.text))
    return lines


def _line(chars: list[dict], page: int, height: float, baseline: float) -> _Line:
    size = Counter(round(c["size"], 2) for c in chars).most_common(1)[0][0]
    return _Line(page, height - baseline, baseline, size, chars)


def _columns(lines: list[_Line]) -> list[list[_Line]]:
    """Stack lines (top to bottom) under the nearest line above them."""
    columns: list[list[_Line]] = []
    for line in lines:
        above = [c for c in columns if _below(c[-1], line)]
        if above:
            max(above, key=lambda c: c[-1].baseline).append(line)
        else:
            columns.append([line])
    return columns


def _below(last: _Line, line: _Line) -> bool:
    gap = last.baseline - line.baseline
    return (abs(last.size - line.size) <= 0.1 and 0 < gap <= 2.5 * line.size
            and line.left < last.right and line.right > last.left)


def _runs(column: list[_Line]) -> list[list[_Line]]:
    gaps = [round(a.baseline - b.baseline, 1) for a, b in itertools.pairwise(column)]
    leading = Counter(gaps).most_common(1)[0][0] if gaps else 0.0
    runs = [[column[0]]]
    for line, gap in zip(column[1:], gaps):
        if abs(gap - leading) > 0.3:
            runs.append([])
        runs[-1].append(line)
    return runs


def _measure(column: list[_Line], columns: list[list[_Line]]) -> tuple[float, float, bool] | None:
    """The column's left and right margins, from every line of the page set
    in the same size from the same left margin (a section's text between two
    headings shares its measure with the rest), and whether it is set ragged
    right; None if not running text."""
    if 2 * sum(LEADER in line.text for line in column) >= len(column):
        return None  # contents entries: titles run into dot leaders, not to a margin
    left, size = _left(column), column[0].size
    peers = [line for c in columns if c[0].size == size and abs(_left(c) - left) < 0.5
             and _right(c) - _left(c) >= NARROWEST * size for line in c]
    if not peers:
        return None
    right, support = _common_edge([line.right for line in peers])
    if support >= max(3, SHARED * len(peers)) and _right(column) <= right + size:
        return left, right, False
    if _ragged(peers, left, size):
        return left, max(line.right for line in peers), True
    return None  # no shared edge, or lines run far past it: a list


def _ragged(peers: list[_Line], left: float, size: float) -> bool:
    """Running text set ragged right: many lines from one left edge, most of them reaching past two thirds of
    the widest, which is a measure of text (labels and lists are short and few)."""
    widest = max(line.right for line in peers) - left
    if len(peers) < RAGGED_LINES or widest < RAGGED_MEASURE * size:
        return False
    return sum(line.right - left >= 2 / 3 * widest for line in peers) >= 0.6 * len(peers)


def _left(column: list[_Line]) -> float:
    return min(line.left for line in column)


def _right(column: list[_Line]) -> float:
    return max(line.right for line in column)


def _check_column(column: list[_Line], margins: tuple[float, float, bool] | None, report: LintReport) -> None:
    if margins is None:
        return  # not running text
    left, right, ragged = margins
    for run in _runs(column):
        full = [line.right >= right - TOLERANCE for line in run]
        if ragged:  # a ragged line wraps if the next line's first word would not have fitted on it
            full = [_next_word_too_long(line, after, right) for line, after in itertools.pairwise(run)] + [True]
        paragraph = 2 * sum(full[:-1]) >= len(run) - 1
        for k, (line, after) in enumerate(itertools.pairwise(run)):
            new_paragraph = after.left > left + 0.5 * line.size or after.item_start
            if new_paragraph or not (full[k] or paragraph):
                continue  # the line ends its paragraph, or the stack is a list
            _check_edges(line, after, report)
            _check_joint(line, after, report)
            if not ragged:
                _check_justified(line, right, report)
            _measure_style(line, after, report.typography)
        report.typography._run = 0  # a hyphen run ends with its paragraph run


def _next_word_too_long(line: _Line, after: _Line, right: float) -> bool:
    word = after.text.lstrip().split(" ", 1)[0]
    glyphs = after.visible[:len(word)]
    width = glyphs[-1]["x1"] - glyphs[0]["x0"] if glyphs else 0.0
    return line.right + 0.25 * line.size + width > right - TOLERANCE


def _check_edges(line: _Line, after: _Line, report: LintReport) -> None:
    if after.visible[0]["text"] in NO_START:
        report.add(after, "line_start")
    if line.visible[-1]["text"] in NO_END:
        report.add(line, "line_end")


def _check_joint(line: _Line, after: _Line, report: LintReport) -> None:
    """A word or number carried over from `line` to the line `after` it."""
    tail, head = line.text.rstrip(), after.text.lstrip()
    if line.chars[-1]["text"].isspace():  # broken at a space: only ties matter
        # (each alternative of TIED_SPACE_RE captures its space, so lastindex is always set)
        if any(m.start(m.lastindex or 0) == len(tail) for m in TIED_SPACE_RE.finditer(f"{tail} {head[:12]}")):
            report.add(line, "split_number")
        return
    if NUMBER_TAIL_RE.search(tail) and NUMBER_HEAD_RE.match(head):
        report.add(line, "split_number")
    elif _split_word(tail, head):
        report.add(line, "split_word")


def _split_word(tail: str, head: str) -> bool:
    """A Latin word carried over without a hyphen, or hyphenated where pyphen has no point."""
    if not _latin(head[0]):
        return False
    hyphenated = tail.endswith(HYPHENS) and len(tail) > 1 and _latin(tail[-2])
    return _latin(tail[-1]) or (hyphenated and not _hyphenation_point(tail[:-1], head))


def _latin(c: str) -> bool:
    return c.isalnum() and _class(c) == "L"


def _hyphenation_point(tail: str, head: str) -> bool:
    left = _letters(tail[::-1])[::-1]
    right = _letters(head)
    return len(left) in hyphen_points(left + right)


def _letters(text: str) -> str:
    n = 0
    while n < len(text) and text[n].isalpha():
        n += 1
    return text[:n]


def _check_justified(line: _Line, right: float, report: LintReport) -> None:
    if not line.chinese:
        return
    error = abs(line.right - right)
    last = line.visible[-1]
    if last["text"] in TRAIL_BLANK and _full_width(last):
        # the margin may fall in the mark's blank half (kept, or partly), or for a pause mark at its ink (hung)
        earliest = last["x0"] if last["text"] in HANGING else line.right
        if earliest - TOLERANCE <= right <= last["x1"] + TOLERANCE:
            error = 0.0
    report.justified_lines += 1
    report.max_edge_error = max(report.max_edge_error, error)
    if error > TOLERANCE:
        report.add(line, "justify")


def _common_edge(edges: list[float]) -> tuple[float, int]:
    """The edge most lines share (within the tolerance; the rightmost on a
    tie), and how many share it."""
    def support(edge: float) -> int:
        return sum(abs(e - edge) <= TOLERANCE for e in edges)

    edge = max(edges, key=lambda e: (support(e), e))
    return edge, support(edge)


def _measure_style(line: _Line, after: _Line, figures: Typography) -> None:
    chars = sorted(line.visible, key=lambda c: c["x0"])
    pairs = list(itertools.pairwise(chars))
    if line.chinese:
        figures.chinese_lines += 1
        if any(a["text"] in MIDLINE_MARKS and b["text"] not in ADJACENT and b["x0"] - a["x0"] < HALF_WIDTH * a["size"]
               for a, b in pairs):
            figures.midline_half_marks += 1
        gaps = sorted((b["x0"] - a["x0"] - a["size"]) / a["size"] for a, b in pairs
                      if _class(a["text"]) == "H" and _class(b["text"]) == "H")
        if gaps and gaps[len(gaps) // 2] > LETTER_SPACED:
            figures.letter_spaced += 1
        return
    figures.english_lines += 1
    tail = line.text.rstrip()
    if line.chars[-1]["text"] != " " and tail.endswith(HYPHENS) and len(tail) > 1 and _latin(tail[-2]) \
            and _latin(after.text.lstrip()[:1] or " "):
        figures.hyphenated += 1
        figures._run += 1
        figures.longest_hyphen_run = max(figures.longest_hyphen_run, figures._run)
    else:
        figures._run = 0
    if any(a["x0"] - b["x1"] > LOOSE_SPACE * line.size for b, a in _word_gaps(line.chars)):
        figures.loose += 1


BODY_SIZES = (9.8, 11.6)  # pt: running text (captions, labels, figures and headings are other sizes)
COLUMN_LINES = 5  # lines each language needs on a page for it to be a page of two columns
COLUMN_GAP = 14.0  # pt: white inside one column shorter than this is its own spacing (between paragraphs)


def _one_sided_white(lines: list[_Line], page_width: float) -> float:
    """On a page with running text in two languages side by side, the height where one column has text and
    the other has none, between the top and the bottom of the text (a Chinese line is the left column's)."""
    narrow = [line for line in lines if BODY_SIZES[0] <= line.size <= BODY_SIZES[1]
              and line.right - line.left < 0.6 * page_width]
    sides = [[line for line in narrow if line.chinese], [line for line in narrow if not line.chinese]]
    if min(map(len, sides)) < COLUMN_LINES:
        return 0.0  # not a page of two columns (a cover's masthead, a caption pair)
    covered = [_covered(side) for side in sides]
    top = min(start for side in covered for start, _ in side)
    bottom = max(stop for side in covered for _, stop in side)
    left, right = covered
    return sum(1.0 for y in range(int(top), int(bottom)) if _inside(left, y + 0.5) != _inside(right, y + 0.5))


def _covered(lines: list[_Line]) -> list[tuple[float, float]]:
    """The vertical spans (from the page top) a column's lines cover, white under COLUMN_GAP bridged."""
    spans: list[tuple[float, float]] = []
    for line in sorted(lines, key=lambda line: line.y):
        start, stop = line.y - line.size, line.y + 0.3 * line.size
        if spans and start - spans[-1][1] <= COLUMN_GAP:
            spans[-1] = (spans[-1][0], max(stop, spans[-1][1]))
        else:
            spans.append((start, stop))
    return spans


def _inside(spans: list[tuple[float, float]], y: float) -> bool:
    return any(start <= y < stop for start, stop in spans)


KERN_VISIBLE = 20  # 1/1000 em: smaller pair adjustments are not told apart from a line's tracking


def _count_kerning(line: _Line, tables: dict[str, dict[str, float]], figures: Typography) -> None:
    """Pairs the font kerns, and whether they were: the gap between the two glyph boxes is nearer the
    font's adjustment than nothing."""
    chars = sorted(line.visible, key=lambda c: c["x0"])
    for a, b in itertools.pairwise(chars):
        face = a["fontname"].split("+")[-1]
        value = tables.get(face, {}).get(a["text"] + b["text"])
        if not value or abs(value) < KERN_VISIBLE or b["fontname"] != a["fontname"]:
            continue
        figures.kern_pairs += 1
        kern, gap = value * a["size"] / 1000, b["x0"] - a["x1"]
        figures.kerned += abs(gap - kern) < abs(gap)


def _word_gaps(chars: list[dict]) -> list[tuple[dict, dict]]:
    """(last glyph of a word, first glyph of the next) at each word space of the line."""
    gaps = []
    for k, c in enumerate(chars):
        if c["text"] == " " and 0 < k < len(chars) - 1 and not chars[k - 1]["text"].isspace() \
                and not chars[k + 1]["text"].isspace():
            gaps.append((chars[k - 1], chars[k + 1]))
    return gaps
