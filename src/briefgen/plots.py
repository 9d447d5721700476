"""Compose charts: a chart spec and its indicators → the Plot (or Diagram) of one language, by its kind
(briefgen.charts), with the labelling every kind shares.

Every number on a chart comes from the indicators and is labelled with the same
formatting as the text; the path to a target is computed, never typed.
"""

from __future__ import annotations

from decimal import Decimal

from . import numbers
from .charts import KINDS
from .document import Diagram, Plot
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



def period(indicator: Indicator, lang: str) -> str:
    """When a figure applies: "2018年", "2027年目标" / "2027 target", or the source's own words."""
    if indicator.year:
        return word("target", lang, year=indicator.year) if indicator.kind == "target" \
            else numbers.year(indicator.year, lang)
    assert indicator.period is not None  # a figure gives either a year or a period
    return indicator.period[lang]
