"""Chart specs: five kinds, each checked against the indicators it draws."""

from __future__ import annotations

from collections.abc import Callable

from yaml.nodes import MappingNode, Node

from .. import derive
from ..languages import content_langs
from ..model import (
    CHART_KINDS,
    Chart,
    ChartGroup,
)
from ..numbers import YUAN_UNITS
from .base import ReaderBase
from .limits import LIMITS
from .nodes import YamlFile, join


class ChartsReader(ReaderBase):
    def _chart(self, f: YamlFile, key: str, node: Node) -> Chart | None:
        kind_node = next((v for k, v in node.value if k.value == "type"), None) \
            if isinstance(node, MappingNode) else None
        kind = f.choice(kind_node, join(key, "type"), CHART_KINDS) if kind_node else None
        body, read = CHART_SPECS[kind] if kind else ((), None)
        fields = f.mapping(node, key, required=("type", "title", *body))
        if fields is None or kind is None or read is None:
            return None
        title = f.text(fields["title"], join(key, "title"), LIMITS.line)
        parts = read(self, f, key, fields)
        return Chart(key, kind, title, **parts) if title and parts is not None else None

    def _chart_bar(self, f: YamlFile, key: str, fields: dict[str, Node]) -> dict | None:
        bars = self._refs(f, fields["bars"], join(key, "bars"), self.indicators, "indicator", LIMITS.chart_points)
        if not bars or not self._one_kind_of_unit(f, fields["bars"], join(key, "bars"), bars):
            return None
        return {"indicators": bars}

    def _chart_line(self, f: YamlFile, key: str, fields: dict[str, Node]) -> dict | None:
        points = self._refs(f, fields["points"], join(key, "points"), self.indicators, "indicator",
                            LIMITS.chart_points)
        if not points or not self._one_kind_of_unit(f, fields["points"], join(key, "points"), points):
            return None
        undated = [k for k in points if self.indicators[k].calendar_year is None]
        if undated:
            f.error(fields["points"], join(key, "points"), f"{', '.join(undated)} has no year",
                    "A line chart plots figures by year: give them `year:` or `assumed_year:`.")
            return None
        return {"indicators": points}

    def _chart_target_path(self, f: YamlFile, key: str, fields: dict[str, Node]) -> dict | None:
        start, end = (self._ref(f, fields[k], join(key, k), self.indicators, "indicator") for k in ("from", "to"))
        if start is None or end is None:
            return None
        try:
            derive.cagr(self.indicators[start], self.indicators[end])
        except derive.DerivationError as err:
            f.error(fields["to"], join(key, "to"), str(err),
                    "A target path runs from a dated figure to a later target.")
            return None
        return {"indicators": (start, end)}

    def _chart_grouped_bar(self, f: YamlFile, key: str, fields: dict[str, Node]) -> dict | None:
        series = self._list(f, fields["series"], join(key, "series"), lambda f, n, p: f.text(n, p, LIMITS.chart_label),
                            at_most=LIMITS.chart_series)
        groups = self._list(f, fields["groups"], join(key, "groups"),
                            lambda f, n, p: self._group(f, n, p, "bars", len(series or ())),
                            at_most=LIMITS.chart_points // max(len(series or ()), 1))
        if not series or not groups:
            return None
        bars = tuple(b for g in groups for b in g.bars)
        return {"groups": groups, "series": series} if self._one_kind_of_unit(f, fields["groups"], key, bars) else None

    def _chart_diagram(self, f: YamlFile, key: str, fields: dict[str, Node]) -> dict | None:
        groups = self._list(f, fields["groups"], join(key, "groups"), lambda f, n, p: self._group(f, n, p, "items"),
                            at_most=LIMITS.diagram_groups)
        if groups and self.capacity and not self._diagram_fits(f, fields["groups"], join(key, "groups"), groups):
            return None
        return {"groups": groups} if groups else None

    def _diagram_fits(self, f: YamlFile, node: Node, path: str, groups: tuple[ChartGroup, ...]) -> bool:
        assert self.capacity is not None  # asked only when the typesetter's capacity is known
        for lang in content_langs():
            columns = [(g.label[lang], [item[lang] for item in g.items]) for g in groups]
            if not self.capacity.diagram_fits(lang, columns):
                f.error(node, path, f"the diagram is taller than a page in {lang}",
                        "Shorten its items, or split it into two diagrams.")
                return False
        return True

    def _group(self, f: YamlFile, node: Node, path: str, members: str, count: int = 0) -> ChartGroup | None:
        fields = f.mapping(node, path, required=("label", members))
        if fields is None:
            return None
        label = self._title(f, fields["label"], join(path, "label"), LIMITS.chart_label)
        if members == "items":
            items = self._list(f, fields["items"], join(path, "items"),
                               lambda f, n, p: self._title(f, n, p, LIMITS.diagram_item), at_most=LIMITS.diagram_items)
            return ChartGroup(label, items=items) if label and items else None
        bars = self._refs(f, fields["bars"], join(path, "bars"), self.indicators, "indicator")
        if bars is not None and len(bars) != count:
            f.error(fields["bars"], join(path, "bars"), f"{len(bars)} bars for {count} series",
                    "Give one indicator per name in `series:`.")
            return None
        return ChartGroup(label, bars=bars) if label and bars else None

    def _one_kind_of_unit(self, f: YamlFile, node: Node, path: str, keys: tuple[str, ...]) -> bool:
        units = {self.indicators[k].quantity.unit for k in keys}
        if len({u in YUAN_UNITS for u in units}) > 1 or len(units - set(YUAN_UNITS)) > 1:
            f.error(node, path, f"these figures mix units ({' '.join(sorted(units))})",
                    "Chart figures of one kind together: amounts of yuan, or rates.")
            return False
        return True



# The chart kinds as the reader knows them: the keys each spec needs besides `type` and `title`, and how
# it is read. Every kind in model.CHART_KINDS has a line here, in plots.COMPOSERS and (but a diagram, which
# the typesetter draws itself) in typeset.charts' drawers; tests/test_registries.py holds them together.
CHART_SPECS: dict[str, tuple[tuple[str, ...], Callable[..., dict | None]]] = {
    "bar": (("bars",), ChartsReader._chart_bar),
    "line": (("points",), ChartsReader._chart_line),
    "target_path": (("from", "to"), ChartsReader._chart_target_path),
    "grouped_bar": (("series", "groups"), ChartsReader._chart_grouped_bar),
    "diagram": (("groups",), ChartsReader._chart_diagram),
}
