"""Chart specs: the kinds of briefgen.charts, each checked against the indicators it draws."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node

from .. import codes
from ..languages import content_langs
from ..model import Chart, ChartGroup
from ..numbers import YUAN_UNITS
from .base import ReaderBase
from .limits import LIMITS
from .nodes import YamlFile, join
from .shapes import GROUPS, chart_shape


class ChartsReader(ReaderBase):
    def _chart(self, f: YamlFile, key: str, node: Node) -> Chart | None:
        from ..charts import KINDS  # the kinds read with this reader's helpers: imported once it exists

        kind_node = next((v for k, v in node.value if k.value == "type"), None) \
            if isinstance(node, MappingNode) else None
        kind = f.choice(kind_node, join(key, "type"), tuple(KINDS)) if kind_node else None
        fields = f.mapping(node, key, chart_shape(KINDS[kind].shape if kind else None))
        if fields is None or kind is None:
            return None
        title = f.text(fields["title"], join(key, "title"), LIMITS.line)
        alt = f.text(fields["alt"], join(key, "alt"), LIMITS.text) if "alt" in fields else None
        parts = KINDS[kind].read(self, f, key, fields)
        if not title or parts is None or ("alt" in fields and alt is None):
            return None
        return Chart(key, kind, title, alt=alt, **parts)

    def diagram_fits(self, f: YamlFile, node: Node, path: str, groups: tuple[ChartGroup, ...]) -> bool:
        assert self.capacity is not None  # asked only when the typesetter's capacity is known
        columns = {lang: [(g.label[lang], [item[lang] for item in g.items]) for g in groups]
                   for lang in content_langs()}
        if not self.capacity.diagram_fits(columns):
            f.error(codes.DIAGRAM_TOO_TALL,
                    node, path, "the diagram is taller than a page (alone in a language, or in all of them at once, "
                    "as the bilingual brief draws it)", "Shorten its items, or split it into two diagrams.")
            return False
        return True

    def group(self, f: YamlFile, node: Node, path: str, members: str, count: int = 0) -> ChartGroup | None:
        fields = f.mapping(node, path, GROUPS[members])
        if fields is None:
            return None
        label = self._title(f, fields["label"], join(path, "label"), LIMITS.chart_label)
        if members == "items":
            items = self._list(f, fields["items"], join(path, "items"),
                               lambda f, n, p: self._title(f, n, p, LIMITS.diagram_item), at_most=LIMITS.diagram_items)
            return ChartGroup(label, items=items) if label and items else None
        bars = self._refs(f, fields["bars"], join(path, "bars"), self.indicators, "indicator")
        if bars is not None and len(bars) != count:
            f.error(codes.BARS_FOR_SERIES, fields["bars"], join(path, "bars"), f"{len(bars)} bars for {count} series",
                    "Give one indicator per name in `series:`.")
            return None
        return ChartGroup(label, bars=bars) if label and bars else None

    def one_kind_of_unit(self, f: YamlFile, node: Node, path: str, keys: tuple[str, ...]) -> bool:
        units = {self.indicators[k].quantity.unit for k in keys}
        if len({u in YUAN_UNITS for u in units}) > 1 or len(units - set(YUAN_UNITS)) > 1:
            f.error(codes.MIXED_UNITS, node, path, f"these figures mix units ({' '.join(sorted(units))})",
                    "Chart figures of one kind together: amounts of yuan, or rates.")
            return False
        return True

