"""Grouped bars: `series:` names, and `groups:` each with a label and one indicator per series."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import numbers
from ..content.limits import LIMITS
from ..content.paths import join
from ..content.shapes import GROUPS, Field, ListOf, Shape, Text
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
    series = reader._list(f, fields["series"], join(key, "series"),
                          lambda f, n, p: f.text(n, p, LIMITS.chart_label), at_most=LIMITS.chart_series)
    groups = reader._list(f, fields["groups"], join(key, "groups"),
                          lambda f, n, p: reader.group(f, n, p, "bars", len(series or ())),
                          at_most=LIMITS.chart_points // max(len(series or ()), 1))
    if not series or not groups:
        return None
    bars = tuple(b for g in groups for b in g.bars)
    return {"groups": groups, "series": series} if reader.one_kind_of_unit(f, fields["groups"], key, bars) else None


def compose(composer: PlotComposer, chart: Chart) -> Plot:
    lang = composer.lang
    indicators = composer.indicators(chart)
    unit, size = numbers.chart_scale([i.quantity for i in indicators], lang)
    series = []
    for position, name in enumerate(chart.series):
        members = [composer.indicators_by_key[group.bars[position]] for group in chart.groups]
        series.append(PlotSeries(name[lang], composer.values(members, size), composer.labels(members)))
    categories = tuple(group.label[lang] for group in chart.groups)
    return Plot("grouped_bar", lang, chart.title[lang], categories, tuple(series), unit)


def draw(axes: Any, plot: Plot, slot: float, look: Theme) -> None:
    from ..typeset.charts import draw_bars

    draw_bars(axes, plot, slot, look)


SHAPE = Shape("grouped_bar", "Grouped bars: a bar per series in each group.", {
    "series": Field(ListOf(Text(LIMITS.chart_label), at_most=LIMITS.chart_series), "The series' names, one per bar "
                    "of a group.", example=[{"zh": "2018年", "en": "2018"}, {"zh": "2022年", "en": "2022"}]),
    "groups": Field(ListOf(GROUPS["bars"], at_most=LIMITS.chart_points), "The groups, each a label and one "
                    "indicator per series.",
                    example=[{"label": {"zh": "甲市", "en": "City A"}, "bars": ["a_2018", "a_2022"]}]),
})

KIND = Kind("grouped_bar", SHAPE, read, compose, draw)
