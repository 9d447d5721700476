"""Charts: a Plot drawn by matplotlib and kept as SVG, placed as a box (ChartBox).

matplotlib writes the chart as SVG with live <text> (svg.fonttype 'none'); the
painter turns that into vector shapes and text in the brief's embedded faces
(pdf/graphics.py), so its labels stay extractable. The SVG is what the chart
cache keeps: laying out a cached chart never imports matplotlib (whose import
dominates a warm build).

Chart text is set like body text, in per-script runs: the Latin sans face where it
has the glyph, the CJK sans face otherwise. matplotlib measures text with the same
fallback order (font.family = [Latin, CJK]), so its layout matches the runs.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import math
import re
import sys
from pathlib import Path

from briefgen.charts import KINDS
from briefgen.document import Plot, PlotSeries
from briefgen.languages import profile
from briefgen.pdf import fonts
from briefgen.typeset import pagemodel as pm
from briefgen.typeset.chartcache import ChartCache, chart_key, default_cache
from briefgen.typeset.flow import Box
from briefgen.typeset.theme import Theme

FONT_SIZE = 8.5  # pt; body text is larger, chart text must still read at 100 %
Y_TICKS = 5  # intervals on a value axis, at most
DASH = (0, (4, 2.5))
MAX_BAR_WIDTH = 42.0  # pt: two bars in a column would otherwise be slabs
_CJK = "\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef"
# A wrap unit: a Latin run (with one CJK character glued on, so "2027年" stays
# whole) or one CJK character, with any closing marks that may not start a line.
_WRAP_UNIT = re.compile(rf"\s*(?:[^\s{_CJK}]+[{_CJK}]?|[{_CJK}])[、，。：；！？）》」』”’]*")
_TICK_CHARS = "0123456789.,\N{MINUS SIGN}"


def chart_svg(plot: Plot, width: float, height: float, look: Theme, cache: ChartCache | None = None) -> str:
    """The chart as SVG of width × height pt in the theme's colours, from the cache when it has it."""
    cache = cache or default_cache()
    return cache.svg(chart_key_for(plot, width, height, look), lambda: render_svg(plot, width, height, look))


def chart_key_for(plot: Plot, width: float, height: float, look: Theme) -> str:
    return chart_key(plot, width, height, fonts=_font_digests(), style=_style_version(plot.kind, look))


class ChartBox(Box):
    role = "figure"

    def __init__(self, plot: Plot, width: float, height: float, look: Theme, cache: ChartCache | None = None):
        self.svg = chart_svg(plot, width, height, look, cache)
        self.width, self.height, self.lang = width, height, plot.lang

    def draw(self) -> list[pm.Item]:
        return [pm.Graphic(self.svg, self.width, self.height, self.node)]


# ---------------------------------------------------------------- faces and runs


_faces = fonts.sans_pair


def _font_digests() -> list[str]:
    return [fonts.digest(f) for bold in (False, True) for f in _faces(bold)]


def _style_version(kind: str, look: Theme) -> str:
    """The drawing code (this module and the kind's) and the theme's chart colours: any change to them
    invalidates cached charts."""
    return hashlib.sha256(_source(kind) + repr(sorted(look.chart_look().items())).encode()).hexdigest()


@functools.cache
def _source(kind: str) -> bytes:
    module = sys.modules[KINDS[kind].compose.__module__]
    return Path(__file__).read_bytes() + Path(str(module.__file__)).read_bytes()


def _face_for(char: str, bold: bool) -> str | None:
    return fonts.first_with(char, _faces(bold))


def _width(text: str, bold: bool = False) -> float:
    return sum(fonts.string_width(run, name, FONT_SIZE) for name, run in fonts.fallback_runs(text, _faces(bold))
               if name)


def _line_width(text: str) -> float:
    """The width of a label's widest line (a bilingual label has one a language)."""
    return max(_width(line) for line in text.split("\n"))


def _check_coverage(plot: Plot) -> None:
    """Refuse to draw a character no chart face has: it would print as a box."""
    texts = [plot.y_label, *plot.categories, _TICK_CHARS]
    texts += [t for s in plot.series for t in (s.label, *s.value_labels)]
    chars = {c for text in texts for c in text if c != "\n"}
    missing = sorted(c for c in chars if any(_face_for(c, bold) is None for bold in (False, True)))
    if missing:
        listed = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in missing)
        raise ValueError(f"chart {plot.title!r}: no chart font has {listed}")


# ---------------------------------------------------------------- Plot -> SVG


def render_svg(plot: Plot, width: float, height: float, look: Theme) -> str:
    """Draw the plot with matplotlib; the same Plot always gives the same bytes."""
    _check_coverage(plot)
    import matplotlib
    from matplotlib.figure import Figure  # no pyplot: no global figure state

    _register_with_matplotlib()
    with matplotlib.rc_context(_rc_params(look)):
        figure = Figure(figsize=(width / 72, height / 72), layout="constrained")
        axes = figure.add_subplot()
        slot = 0.85 * width / max(len(plot.categories), 1)  # pt per category, about
        _style_axes(axes, plot, slot)
        draw = KINDS[plot.kind].draw
        assert draw is not None, f"{plot.kind} is set by the typesetter, not drawn"
        draw(axes, plot, slot, look)
        _zero_line(axes, look)
        if len(plot.series) > 1:  # labels given outright: matplotlib would drop any that starts with "_"
            handles = [_series_handle(axes, index) for index in range(len(plot.series))]
            room = width - 4 * FONT_SIZE  # a label wider than the chart would be cut off: it is wrapped
            labels = [s.label if _line_width(s.label) <= room else _wrap(s.label, room) for s in plot.series]
            figure.legend(handles, labels, loc="outside upper right", ncols=_legend_columns(plot, width))
        out = io.StringIO()
        figure.savefig(out, format="svg", transparent=True, metadata={"Date": None})
    return out.getvalue()


def warm_up() -> None:
    """Import and set up what drawing a chart needs (a drawing process does it while the build checks)."""
    import matplotlib.figure  # noqa: F401

    _register_with_matplotlib()


@functools.cache
def _register_with_matplotlib() -> None:
    """Make the shipped files known to matplotlib under the faces' reportlab names."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    for bold in (False, True):
        for regular, f in zip(_faces(False), _faces(bold)):
            entry = font_manager.ttfFontProperty(FT2Font(str(fonts.font_path(f))))
            font_manager.fontManager.ttflist.append(dataclasses.replace(entry, name=regular.name))


def _rc_params(look: Theme) -> dict:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "briefgen",  # fixed clip-path ids
        "font.family": [f.name for f in _faces(False)],
        "font.size": FONT_SIZE,
        "text.parse_math": False,  # a "$" in a label is a dollar
        "text.color": look.chart_text,
        "axes.titlesize": FONT_SIZE,
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.spines.left": False,
        "axes.spines.bottom": False,  # the one dark horizontal line is zero: _zero_line
        "axes.edgecolor": look.chart_axis,
        "axes.linewidth": 0.6,
        "axes.axisbelow": True,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": look.chart_grid,
        "grid.linewidth": 0.5,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "xtick.major.pad": 6,  # clear of a value label set below a low point
        "xtick.color": look.chart_text,
        "ytick.color": look.chart_text,
        "legend.frameon": False,
        "legend.fontsize": FONT_SIZE,
        "legend.handlelength": 2.4,  # long enough to show a dash
    }


def _style_axes(axes, plot: Plot, slot: float) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axes.set_xticks(range(len(plot.categories)), [_wrap(c, slot) for c in plot.categories])
    axes.set_xlim(-0.6, len(plot.categories) - 0.4)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: _tick_text(value, plot.lang)))
    # As many ticks whatever the axes' height (its labels' wrapping differs between languages), so the charts of
    # one spec in two languages tick at the same fractions of their scale: the scales differ by a power of ten.
    axes.yaxis.set_major_locator(MaxNLocator(nbins=Y_TICKS, steps=[1, 2, 2.5, 5, 10]))
    axes.set_title(plot.y_label)  # the unit, read before the numbers, not rotated


def _series_label(index: int) -> str:
    """matplotlib's own label for a series: the legend's text comes from the plot, never from here."""
    return f"series-{index}"


def _series_handle(axes, index: int):
    handles, labels = axes.get_legend_handles_labels()
    return handles[labels.index(_series_label(index))]


def _legend_columns(plot: Plot, width: float) -> int:
    """One row if it fits, else as many columns as fit: matplotlib would clip the rest."""
    items = [_line_width(s.label) + 4 * FONT_SIZE for s in plot.series]  # + handle and spacing
    return len(items) if sum(items) <= width else max(1, int(width // max(items)))


def _tick_text(value: float, lang: str) -> str:
    text = f"{value:,.12g}" if profile(lang).group_digits else f"{value:.12g}"
    return text.replace("-", "\N{MINUS SIGN}")


def _wrap(label: str, max_width: float) -> str:
    """Break a category label into lines that fit its slot, keeping the breaks it has."""
    return "\n".join(_wrap_line(line, max_width) for line in label.split("\n"))


def _wrap_line(label: str, max_width: float) -> str:
    """Lines that fit max_width, as even as they come."""
    lines = _fill(label, max_width)
    for width in range(math.ceil(_width(label) / len(lines)), math.ceil(max_width)):
        balanced = _fill(label, width)
        if len(balanced) <= len(lines):
            return "\n".join(balanced)
    return "\n".join(lines)


def _fill(label: str, max_width: float) -> list[str]:
    """Greedy lines of at most max_width, never broken inside a word or number."""
    lines = [""]
    for unit in _WRAP_UNIT.findall(label.strip()):
        if lines[-1] and _width(lines[-1] + unit) > max_width:
            lines.append(unit.lstrip())
        else:
            lines[-1] += unit
    return lines


def _colors(plot: Plot, look: Theme) -> list[str]:
    """Palette colours in series order; a derived path is always neutral."""
    data = iter(look.chart_palette)
    return [look.chart_path if s.style == "path" else next(data) for s in plot.series]


def _tint(color: str, amount: float = 0.7) -> tuple[float, float, float]:
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount


def draw_bars(axes, plot: Plot, slot: float, look: Theme) -> None:
    """Bars, a group of them per category when there are several series, each labelled with its value."""
    group_width = 0.7 if len(plot.series) > 1 else 0.55
    bar_width = min(group_width / len(plot.series), MAX_BAR_WIDTH / slot)
    for i, (series, color) in enumerate(zip(plot.series, _colors(plot, look))):
        offset = (i - (len(plot.series) - 1) / 2) * bar_width
        present = [(x, v, label) for x, (v, label) in enumerate(_points(series)) if v is not None]
        xs, values, labels = zip(*present) if present else ((), (), ())
        bars = axes.bar(
            [x + offset for x in xs], values, bar_width * 0.92, label=_series_label(i), **_bar_style(series, color)
        )
        axes.bar_label(bars, labels=labels, padding=2)
    axes.margins(y=0.12)  # headroom for the value labels


def _zero_line(axes, look: Theme) -> None:
    low, high = axes.get_ylim()
    if low <= 0 <= high:
        axes.axhline(0, color=look.chart_axis, linewidth=0.6)


def _bar_style(series: PlotSeries, color: str) -> dict:
    if series.style == "actual":
        return {"color": color}
    return {"facecolor": _tint(color), "edgecolor": color, "linestyle": "--", "linewidth": 0.9}


def draw_lines(axes, plot: Plot, slot: float, look: Theme, bold_labels: bool = False, from_zero: bool = False
               ) -> None:
    """A line per series through its points, labelled; from_zero: a level read against zero, not a zoomed-in
    slope (unless a value is negative)."""
    bold = bold_labels
    for i, (series, color) in enumerate(zip(plot.series, _colors(plot, look))):
        values = [float("nan") if v is None else v for v in series.values]
        axes.plot(range(len(values)), values, label=_series_label(i), **_line_style(series, color))
        for x, (value, label) in enumerate(_points(series)):
            if label and value is not None:
                below = _label_below(plot, x, value)
                axes.annotate(
                    label,
                    (x, value),
                    xytext=(0, -7 if below else 7),
                    textcoords="offset points",
                    ha="center",
                    va="top" if below else "bottom",
                    fontweight="bold" if bold else "normal",
                )
    axes.margins(y=0.18)  # room for labels above or below the extreme points
    if from_zero and all(v is None or v >= 0 for s in plot.series for v in s.values):
        axes.set_ylim(bottom=0)


def _label_below(plot: Plot, x: int, value: float) -> bool:
    """Below a point the lines through it rise from, so no line crosses its label."""
    neighbours = [
        neighbour
        for s in plot.series
        if s.values[x] == value
        for n in (x - 1, x + 1)
        if 0 <= n < len(s.values) and (neighbour := s.values[n]) is not None
    ]
    return bool(neighbours) and value < sum(neighbours) / len(neighbours)


def _line_style(series: PlotSeries, color: str) -> dict:
    common = {"color": color, "marker": "o", "clip_on": False}
    if series.style == "actual":
        return {**common, "linewidth": 1.8, "markersize": 5}
    if series.style == "target":
        return {
            **common,
            "linestyle": DASH,
            "linewidth": 1.4,
            "markersize": 6,
            "markerfacecolor": "white",
            "markeredgewidth": 1.6,
        }
    return {**common, "linestyle": DASH, "linewidth": 1.4, "markersize": 2.5, "zorder": 1.9}  # under data


def _points(series: PlotSeries) -> list[tuple[float | None, str]]:
    labels = series.value_labels or ("",) * len(series.values)
    return list(zip(series.values, labels))

