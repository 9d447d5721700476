"""Bars: one per indicator, in the order given (`bars: [key, …]`), in one unit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import numbers
from ..content.limits import LIMITS
from ..content.paths import join
from ..content.shapes import Field, ListOf, Ref, Shape
from ..document import Plot, PlotSeries
from .kind import Kind

if TYPE_CHECKING:
    from yaml.nodes import Node

    from ..content.charts import ChartsReader
    from ..content.nodes import YamlFile
    from ..model import Chart
    from ..plots import PlotComposer
    from ..typeset.theme import Theme


def read(reader: ChartsReader, f: YamlFile, key: str, fields: dict[str, Node]) -> dict[str, Any] | None:
    bars = reader._refs(f, fields["bars"], join(key, "bars"), reader.indicators, "indicator", LIMITS.chart_points)
    if not bars or not reader.one_kind_of_unit(f, fields["bars"], join(key, "bars"), bars):
        return None
    return {"indicators": bars}


def compose(composer: PlotComposer, chart: Chart) -> Plot:
    indicators = composer.indicators(chart)
    unit, size = numbers.chart_scale([i.quantity for i in indicators], composer.lang)
    series = PlotSeries("", composer.values(indicators, size), composer.labels(indicators))
    return Plot("bar", composer.lang, chart.title[composer.lang], composer.categories(indicators), (series,), unit)


def draw(axes: Any, plot: Plot, slot: float, look: Theme) -> None:
    from ..typeset.charts import draw_bars

    draw_bars(axes, plot, slot, look)


SHAPE = Shape("bar", "Bars: one per indicator, in the order given, in one unit.", {
    "bars": Field(ListOf(Ref("indicator"), at_most=LIMITS.chart_points), "The figures, a bar each: of one kind of "
                  "unit (amounts of yuan, or rates).", example=["core_growth_5y", "gdp_growth_5y"]),
})

KIND = Kind("bar", SHAPE, read, compose, draw)
