"""Compose charts: a chart spec and its indicators → the Plot (or Diagram) of one language.

Every number on a chart comes from the indicators and is labelled with the same
formatting as the text; the path to a target is computed, never typed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from . import derive, numbers
from .document import Diagram, DiagramGroup, Plot, PlotSeries
from .languages import profile, word
from .model import Chart, Indicator, chart_indicators


class PlotComposer:
    def __init__(self, indicators: dict[str, Indicator], lang: str):
        self.indicators_by_key = indicators  # the edition's: its figures as of its date
        self.lang = lang

    def plot(self, chart: Chart) -> Plot | Diagram:
        return COMPOSERS[chart.kind](self, chart)

    def indicators(self, chart: Chart) -> list[Indicator]:
        return [self.indicators_by_key[k] for k in chart_indicators(chart)]

    # -- kinds ------------------------------------------------------------------

    def _bar(self, chart: Chart) -> Plot:
        indicators = self.indicators(chart)
        unit, size = numbers.chart_scale([i.quantity for i in indicators], self.lang)
        series = PlotSeries("", self._values(indicators, size), self._labels(indicators))
        return Plot("bar", self.lang, chart.title[self.lang], self._categories(indicators), (series,), unit)

    def _line(self, chart: Chart) -> Plot:
        indicators = sorted(self.indicators(chart), key=lambda i: i.calendar_year or 0)  # the reader dates them all
        unit, size = numbers.chart_scale([i.quantity for i in indicators], self.lang)
        series = PlotSeries(indicators[0].label[self.lang], self._values(indicators, size), self._labels(indicators))
        years = tuple(str(i.calendar_year) for i in indicators)
        return Plot("line", self.lang, chart.title[self.lang], years, (series,), unit)

    def _grouped_bar(self, chart: Chart) -> Plot:
        indicators = self.indicators(chart)
        unit, size = numbers.chart_scale([i.quantity for i in indicators], self.lang)
        series = []
        for position, name in enumerate(chart.series):
            members = [self.indicators_by_key[group.bars[position]] for group in chart.groups]
            series.append(PlotSeries(name[self.lang], self._values(members, size), self._labels(members)))
        categories = tuple(group.label[self.lang] for group in chart.groups)
        return Plot("grouped_bar", self.lang, chart.title[self.lang], categories, tuple(series), unit)

    def _target_path(self, chart: Chart) -> Plot:
        start, end = self.indicators(chart)
        unit, size = numbers.chart_scale([start.quantity, end.quantity], self.lang)
        path = derive.growth_path(start, end)
        rate = numbers.quantity(derive.cagr(start, end), self.lang)
        blank = (None,) * (len(path) - 2)
        series = (
            PlotSeries(word("path", self.lang, rate=rate), tuple(float(v / size) for _, v in path),
                       ("",) * len(path), "path"),
            PlotSeries(self._category(start), (float(numbers.in_scale(start.quantity, size)), *blank, None),
                       (numbers.quantity(start.quantity, self.lang), *("",) * (len(path) - 1)), "actual"),
            PlotSeries(word("target", self.lang, year=end.calendar_year), (None, *blank,
                       float(numbers.in_scale(end.quantity, size))),
                       (*("",) * (len(path) - 1), numbers.quantity(end.quantity, self.lang)), "target"),
        )
        years = tuple(str(year) for year, _ in path)
        return Plot("target_path", self.lang, chart.title[self.lang], years, series, unit)

    def _diagram(self, chart: Chart) -> Diagram:
        groups = tuple(DiagramGroup(g.label[self.lang], tuple(item[self.lang] for item in g.items))
                       for g in chart.groups)
        return Diagram(self.lang, chart.title[self.lang], groups)

    # -- labels -------------------------------------------------------------------

    def _values(self, indicators: list[Indicator], size: Decimal) -> tuple[float, ...]:
        return tuple(float(numbers.in_scale(i.quantity, size)) for i in indicators)

    def _labels(self, indicators: list[Indicator]) -> tuple[str, ...]:
        return tuple(numbers.quantity(i.quantity, self.lang) for i in indicators)

    def _categories(self, indicators: list[Indicator]) -> tuple[str, ...]:
        """Bars differ by period (same label), by label (same period), or by both."""
        labels = {i.label[self.lang] for i in indicators}
        periods = {period(i, self.lang) for i in indicators}
        if len(labels) == 1:
            return tuple(period(i, self.lang) for i in indicators)
        if len(periods) == 1:
            return tuple(i.label[self.lang] for i in indicators)
        return tuple(self._category(i) for i in indicators)

    def _category(self, indicator: Indicator) -> str:
        return profile(self.lang).category.format(label=indicator.label[self.lang], period=period(indicator, self.lang))



COMPOSERS: dict[str, Callable[[PlotComposer, Chart], Plot | Diagram]] = {
    "bar": PlotComposer._bar,
    "grouped_bar": PlotComposer._grouped_bar,
    "line": PlotComposer._line,
    "target_path": PlotComposer._target_path,
    "diagram": PlotComposer._diagram,
}

def period(indicator: Indicator, lang: str) -> str:
    """When a figure applies: "2018年", "2027年目标" / "2027 target", or the source's own words."""
    if indicator.year:
        return word("target", lang, year=indicator.year) if indicator.kind == "target" \
            else numbers.year(indicator.year, lang)
    assert indicator.period is not None  # a figure gives either a year or a period
    return indicator.period[lang]
