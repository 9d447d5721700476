"""Compose charts: a chart spec and its indicators → the Plot (or Diagram) of one language, by its kind
(briefgen.charts), with the labelling every kind shares.

Every number on a chart comes from the indicators and is labelled with the same
formatting as the text; the path to a target is computed, never typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from . import numbers
from .charts import KINDS
from .document import Diagram, Plot, PlotSeries
from .languages import profile, word
from .model import Chart, Indicator, chart_indicators


class PlotComposer:
    def __init__(self, indicators: dict[str, Indicator], lang: str):
        self.indicators_by_key = indicators  # the edition's: its figures as of its date
        self.lang = lang

    def plot(self, chart: Chart) -> Plot | Diagram:
        return KINDS[chart.kind].compose(self, chart)

    def indicators(self, chart: Chart) -> list[Indicator]:
        return [self.indicators_by_key[k] for k in chart_indicators(chart)]

    # -- what every kind labels alike --------------------------------------------

    def values(self, indicators: list[Indicator], size: Decimal) -> tuple[float, ...]:
        return tuple(float(numbers.in_scale(i.quantity, size)) for i in indicators)

    def labels(self, indicators: list[Indicator]) -> tuple[str, ...]:
        return tuple(numbers.quantity(i.quantity, self.lang) for i in indicators)

    def categories(self, indicators: list[Indicator]) -> tuple[str, ...]:
        """Bars differ by period (same label), by label (same period), or by both."""
        labels = {i.label[self.lang] for i in indicators}
        periods = {period(i, self.lang) for i in indicators}
        if len(labels) == 1:
            return tuple(period(i, self.lang) for i in indicators)
        if len(periods) == 1:
            return tuple(i.label[self.lang] for i in indicators)
        return tuple(self.category(i) for i in indicators)

    def category(self, indicator: Indicator) -> str:
        return profile(self.lang).category.format(label=indicator.label[self.lang], period=period(indicator, self.lang))



def shared_plot(plots: Sequence[Plot], indicators: list[Indicator]) -> Plot:
    """One chart for every language of a bilingual brief: the lead language's figures and scale, every
    label in each language (one line each), the unit named in each at that scale."""
    lead = plots[0]
    if all(p.series == lead.series or [s.values for s in p.series] == [s.values for s in lead.series]
           for p in plots):
        units = [p.y_label for p in plots]  # the same numbers: each language's own unit
    else:
        _, size = numbers.chart_scale([i.quantity for i in indicators], lead.lang)
        units = [lead.y_label, *(numbers.scale_name(size, p.lang) for p in plots[1:])]

    def each(texts: Sequence[str]) -> str:
        return "\n".join(dict.fromkeys(t for t in texts if t))  # a label written alike is written once

    series = tuple(PlotSeries(each([p.series[k].label for p in plots]), s.values,
                              tuple(each([p.series[k].value_labels[v] for p in plots])
                                    for v in range(len(s.value_labels))), s.style)
                   for k, s in enumerate(lead.series))
    categories = tuple(each(labels) for labels in zip(*(p.categories for p in plots)))
    return Plot(lead.kind, lead.lang, each([p.title for p in plots]), categories, series, each(units))


def alt_text(plot: Plot) -> str:
    """The chart said in words, from the figures it prints: its kind and title, then each series' labelled
    points ("Bar chart: … . GDP: 8.9%; …")."""
    lang = plot.lang
    sep, clause = word("list_sep", lang), word("clause_sep", lang)

    def points(series: PlotSeries) -> str:
        return sep.join(word("alt_point", lang, category=category, value=value)
                        for category, value in zip(plot.categories, series.value_labels) if value)

    said = [(s.label, points(s)) for s in plot.series]
    said = [(label, text) for label, text in said if text]
    data = said[0][1] if len(said) == 1 else clause.join(word("alt_series", lang, series=label, points=text)
                                                         for label, text in said)
    title = plot.title.rstrip("。.")
    return word("alt_chart", lang, kind=word(f"alt_kind_{plot.kind}", lang), title=title, data=data)


def period(indicator: Indicator, lang: str) -> str:
    """When a figure applies: "2018年", "2027年目标" / "2027 target", or the source's own words."""
    if indicator.year:
        return word("target", lang, year=indicator.year) if indicator.kind == "target" \
            else numbers.year(indicator.year, lang)
    assert indicator.period is not None  # a figure gives either a year or a period
    return indicator.period[lang]
