"""A line through dated figures (`points: [key, …]`), plotted by year."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import codes, numbers
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
    points = reader._refs(f, fields["points"], join(key, "points"), reader.indicators, "indicator",
                          LIMITS.chart_points)
    if not points or not reader.one_kind_of_unit(f, fields["points"], join(key, "points"), points):
        return None
    undated = [k for k in points if reader.indicators[k].calendar_year is None]
    if undated:
        f.error(codes.UNDATED_POINTS, fields["points"], join(key, "points"), f"{', '.join(undated)} has no year",
                "A line chart plots figures by year: give them `year:` or `assumed_year:`.")
        return None
    return {"indicators": points}


def compose(composer: PlotComposer, chart: Chart) -> Plot:
    lang = composer.lang
    indicators = sorted(composer.indicators(chart), key=lambda i: i.calendar_year or 0)  # the reader dates them all
    unit, size = numbers.chart_scale([i.quantity for i in indicators], lang)
    series = PlotSeries(indicators[0].label[lang], composer.values(indicators, size), composer.labels(indicators))
    years = tuple(str(i.calendar_year) for i in indicators)
    return Plot("line", lang, chart.title[lang], years, (series,), unit)


def draw(axes: Any, plot: Plot, slot: float, look: Theme) -> None:
    from ..typeset.charts import draw_lines

    draw_lines(axes, plot, slot, look)


SHAPE = Shape("line", "A line through dated figures, plotted by year.", {
    "points": Field(ListOf(Ref("indicator"), at_most=LIMITS.chart_points), "Dated figures (`year:` or "
                    "`assumed_year:`) of one kind of unit.", example=["a_2018", "a_2020", "a_2022"]),
})

KIND = Kind("line", SHAPE, read, compose, draw)
