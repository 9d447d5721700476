"""The path to a target: a dated figure (`from:`), the target (`to:`), and the constant yearly growth
between them, computed (never typed) and drawn dashed as the editors' calculation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import derive, numbers
from ..content.paths import join
from ..content.shapes import Field, Ref, Shape
from ..document import Plot, PlotSeries
from ..languages import word
from .kind import Kind

if TYPE_CHECKING:
    from yaml.nodes import Node

    from ..content.charts import ChartsReader
    from ..content.nodes import YamlFile
    from ..model import Chart
    from ..plots import PlotComposer
    from ..typeset.theme import Theme


def read(reader: ChartsReader, f: YamlFile, key: str, fields: dict[str, Node]) -> dict[str, Any] | None:
    start, end = (reader._ref(f, fields[k], join(key, k), reader.indicators, "indicator") for k in ("from", "to"))
    if start is None or end is None:
        return None
    try:
        derive.cagr(reader.indicators[start], reader.indicators[end])
    except derive.DerivationError as err:
        f.error(err.code,
                fields["to"], join(key, "to"), str(err), "A target path runs from a dated figure to a later target.")
        return None
    return {"indicators": (start, end)}


def compose(composer: PlotComposer, chart: Chart) -> Plot:
    lang = composer.lang
    start, end = composer.indicators(chart)
    unit, size = numbers.chart_scale([start.quantity, end.quantity], lang)
    path = derive.growth_path(start, end)
    rate = numbers.quantity(derive.cagr(start, end), lang)
    blank = (None,) * (len(path) - 2)
    series = (
        PlotSeries(word("path", lang, rate=rate), tuple(float(v / size) for _, v in path), ("",) * len(path), "path"),
        PlotSeries(composer.category(start), (float(numbers.in_scale(start.quantity, size)), *blank, None),
                   (numbers.quantity(start.quantity, lang), *("",) * (len(path) - 1)), "actual"),
        PlotSeries(word("target", lang, year=end.calendar_year), (None, *blank,
                   float(numbers.in_scale(end.quantity, size))),
                   (*("",) * (len(path) - 1), numbers.quantity(end.quantity, lang)), "target"),
    )
    years = tuple(str(year) for year, _ in path)
    return Plot("target_path", lang, chart.title[lang], years, series, unit)


def draw(axes: Any, plot: Plot, slot: float, look: Theme) -> None:
    from ..typeset.charts import draw_lines

    draw_lines(axes, plot, slot, look, bold_labels=True, from_zero=True)  # its labels are the story


SHAPE = Shape("target_path", "The path to a target: a dated figure, the target, and the yearly growth between "
              "them, computed and drawn dashed.", {
                  "from": Field(Ref("indicator"), "The dated figure the path starts from.", example="dv_value_added"),
                  "to": Field(Ref("indicator"), "The target it runs to.", example="dv_target_2027"),
              })

KIND = Kind("target_path", SHAPE, read, compose, draw)
